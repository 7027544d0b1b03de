// Provider kinds: what `kind = "..."` may say, and what each implies — the wire format
// (dialect) spoken upstream, the default base URL, and the standard key variable. Presets
// (mistral, groq, ollama, ...) are the openai dialect with their own defaults, so a config
// needs only a key, or nothing at all for a local server.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llmp::config {

// `responses` is OpenAI's Responses API (reference/responses-api.md): a client dialect on
// /v1/responses, and an upstream dialect for the openai-responses kind.
enum class Dialect { openai, anthropic, gemini, cohere, responses };

enum class ProviderKind {
    openai, azure, anthropic, gemini, cohere, mock,
    mistral, groq, deepseek, openrouter, together,
    ollama, lmstudio, vllm, llamacpp, openai_responses,
};

struct KindInfo {
    ProviderKind kind;
    const char* name;
    Dialect dialect;
    const char* default_base_url;  // "" = base_url is required (azure) or unused (mock)
    const char* key_env;           // standard key variable; "" = none (local servers, mock)
    bool key_required;             // a provider of this kind cannot work without a key
};

const std::vector<KindInfo>& all_kinds();
const KindInfo& kind_info(ProviderKind kind);
const KindInfo* find_kind(std::string_view name);
std::vector<std::string> kind_names();

const char* dialect_name(Dialect dialect);

} // namespace llmp::config
