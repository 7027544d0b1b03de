#include "llmp/config/kinds.hpp"

namespace llmp::config {

const std::vector<KindInfo>& all_kinds()
{
    using K = ProviderKind;
    using D = Dialect;
    static const std::vector<KindInfo> k_kinds = {
        {K::openai, "openai", D::openai, "https://api.openai.com/v1", "OPENAI_API_KEY", false},
        {K::azure, "azure", D::openai, "", "AZURE_OPENAI_API_KEY", true},
        {K::anthropic, "anthropic", D::anthropic, "https://api.anthropic.com", "ANTHROPIC_API_KEY", true},
        {K::gemini, "gemini", D::gemini, "https://generativelanguage.googleapis.com/v1beta", "GEMINI_API_KEY", true},
        {K::cohere, "cohere", D::cohere, "https://api.cohere.com", "COHERE_API_KEY", true},
        {K::mock, "mock", D::openai, "", "", false},
        {K::mistral, "mistral", D::openai, "https://api.mistral.ai/v1", "MISTRAL_API_KEY", true},
        {K::groq, "groq", D::openai, "https://api.groq.com/openai/v1", "GROQ_API_KEY", true},
        {K::deepseek, "deepseek", D::openai, "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", true},
        {K::openrouter, "openrouter", D::openai, "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", true},
        {K::together, "together", D::openai, "https://api.together.xyz/v1", "TOGETHER_API_KEY", true},
        {K::ollama, "ollama", D::openai, "http://127.0.0.1:11434/v1", "", false},
        {K::lmstudio, "lmstudio", D::openai, "http://127.0.0.1:1234/v1", "", false},
        {K::vllm, "vllm", D::openai, "http://127.0.0.1:8000/v1", "", false},
        {K::llamacpp, "llamacpp", D::openai, "http://127.0.0.1:8080/v1", "", false},
        // Models that exist only behind OpenAI's Responses endpoint (codex and pro models).
        {K::openai_responses, "openai-responses", D::responses, "https://api.openai.com/v1", "OPENAI_API_KEY", true},
    };
    return k_kinds;
}

const KindInfo& kind_info(ProviderKind kind)
{
    for (const auto& info : all_kinds())
        if (info.kind == kind) return info;
    return all_kinds().front();
}

const KindInfo* find_kind(std::string_view name)
{
    for (const auto& info : all_kinds())
        if (name == info.name) return &info;
    return nullptr;
}

std::vector<std::string> kind_names()
{
    std::vector<std::string> names;
    for (const auto& info : all_kinds()) names.emplace_back(info.name);
    return names;
}

const char* dialect_name(Dialect dialect)
{
    switch (dialect) {
    case Dialect::openai: return "openai";
    case Dialect::anthropic: return "anthropic";
    case Dialect::gemini: return "gemini";
    case Dialect::cohere: return "cohere";
    case Dialect::responses: return "responses";
    }
    return "openai";
}

} // namespace llmp::config
