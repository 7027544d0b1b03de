// Where each kind expects each operation, and how it wants to be authenticated
// (reference/providers.md §2–§7).
#include "llmp/providers/provider.hpp"

namespace llmp::providers {

namespace {

// A model name as one URL path segment: every byte outside RFC 3986's unreserved set
// (A-Z a-z 0-9 - . _ ~) is percent-encoded, `/` included, so a name can never add a segment,
// a query or a fragment. (".." and "." are refused before routing, router/model_name.hpp.)
std::string path_segment(std::string_view model)
{
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(model.size());
    for (unsigned char c : model) {
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 0xF];
        }
    }
    return out;
}

// Azure: the /openai/v1/ API takes the deployment as `model` like OpenAI; the classic one puts
// the deployment in the path and needs api-version.
bool azure_v1_style(const config::Provider& settings)
{
    return settings.base_url.find("/openai/v1") != std::string::npos;
}

std::string azure_deployment_path(const config::Provider& settings, const std::string& model,
                                  const char* operation)
{
    return "/openai/deployments/" + path_segment(model) + "/" + operation + "?api-version=" + settings.api_version;
}

} // namespace

std::string path_for(const config::Provider& settings, Operation operation,
                     const std::string& model, bool stream)
{
    using config::ProviderKind;
    switch (settings.dialect()) {
    case config::Dialect::openai:
        if (settings.kind == ProviderKind::azure && !azure_v1_style(settings)) {
            if (operation == Operation::chat) return azure_deployment_path(settings, model, "chat/completions");
            if (operation == Operation::embeddings) return azure_deployment_path(settings, model, "embeddings");
            return "";
        }
        if (operation == Operation::chat) return "/chat/completions";
        if (operation == Operation::embeddings) return "/embeddings";
        return "";
    case config::Dialect::anthropic:
        if (operation == Operation::chat) return "/v1/messages";
        if (operation == Operation::count_tokens) return "/v1/messages/count_tokens";
        return "";
    case config::Dialect::gemini:
        if (operation == Operation::chat)
            return "/models/" + path_segment(model)
                + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        if (operation == Operation::embeddings) return "/models/" + path_segment(model) + ":batchEmbedContents";
        return "";
    case config::Dialect::cohere:
        if (operation == Operation::chat) return "/v2/chat";
        return "";
    case config::Dialect::responses:
        if (operation == Operation::chat) return "/responses";
        if (operation == Operation::embeddings) return "/embeddings";
        return "";
    }
    return "";
}

upstream::Headers auth_headers(const config::Provider& settings)
{
    upstream::Headers headers;
    std::string key = settings.api_key ? settings.api_key->value : std::string();
    switch (settings.dialect()) {
    case config::Dialect::openai:
        if (key.empty()) break;
        if (settings.kind == config::ProviderKind::azure) headers.emplace_back("api-key", key);
        else headers.emplace_back("Authorization", "Bearer " + key);
        break;
    case config::Dialect::anthropic:
        if (!key.empty()) headers.emplace_back("x-api-key", key);
        headers.emplace_back("anthropic-version", "2023-06-01");
        break;
    case config::Dialect::gemini:
        if (!key.empty()) headers.emplace_back("x-goog-api-key", key);
        break;
    case config::Dialect::cohere:
    case config::Dialect::responses:
        if (!key.empty()) headers.emplace_back("Authorization", "Bearer " + key);
        break;
    }
    for (const auto& [name, value] : settings.headers) headers.emplace_back(name, value);
    headers.emplace_back("Accept", "application/json, text/event-stream");
    return headers;
}

} // namespace llmp::providers
