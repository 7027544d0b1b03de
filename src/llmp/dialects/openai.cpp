#include "llmp/dialects/openai.hpp"

#include <algorithm>

namespace llmp::dialects::openai {

namespace {
int64_t integer_at(const Json& object, const char* key)
{
    if (!object.is_object()) return 0;
    auto it = object.find(key);
    if (it == object.end() || !it->is_number()) return 0;
    return std::max<int64_t>(0, it->get<int64_t>());
}
} // namespace

canonical::Usage usage_from(const Json& usage)
{
    canonical::Usage out;
    if (!usage.is_object()) return out;
    out.known = true;
    int64_t prompt = integer_at(usage, "prompt_tokens");
    int64_t cached = 0;
    int64_t cache_write = 0;
    if (auto it = usage.find("prompt_tokens_details"); it != usage.end()) {
        cached = integer_at(*it, "cached_tokens");
        cache_write = integer_at(*it, "cache_write_tokens");
    }
    if (cached == 0) cached = integer_at(usage, "prompt_cache_hit_tokens");  // DeepSeek
    cached = std::min(cached, prompt);
    cache_write = std::min(cache_write, prompt - cached);
    out.cached_input = cached;
    out.cache_write = cache_write;
    out.input = prompt - cached - cache_write;
    out.output = integer_at(usage, "completion_tokens");
    if (auto it = usage.find("completion_tokens_details"); it != usage.end())
        out.reasoning = std::min(integer_at(*it, "reasoning_tokens"), out.output);
    return out;
}

std::string error_body(const std::string& message, const std::string& type,
                       const std::string& code)
{
    Json body = {{"error",
                  {{"message", message},
                   {"type", type},
                   {"param", nullptr},
                   {"code", code.empty() ? Json(nullptr) : Json(code)}}}};
    return body.dump();
}

std::string error_message_from(const std::string& body)
{
    Json parsed = Json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return "";
    if (auto it = parsed.find("error"); it != parsed.end()) {
        if (it->is_string()) return it->get<std::string>();
        if (it->is_object()) {
            auto message = it->find("message");
            if (message != it->end() && message->is_string()) return message->get<std::string>();
        }
    }
    if (auto it = parsed.find("message"); it != parsed.end() && it->is_string())
        return it->get<std::string>();
    return "";
}

} // namespace llmp::dialects::openai
