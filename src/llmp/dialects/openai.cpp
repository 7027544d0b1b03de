// The OpenAI words every direction shares: usage objects and finish reasons. The codecs live in
// dialects/openai/ (request, response, stream, errors).
#include "llmp/dialects/openai.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace llmp::dialects::openai {

namespace {
// No answer is this long: anything above is nonsense, and the cap keeps the sums below from
// overflowing.
constexpr int64_t k_max_tokens = 1'000'000'000'000'000;

int64_t integer_at(const Json& object, const char* key)
{
    if (!object.is_object()) return 0;
    auto it = object.find(key);
    if (it == object.end() || !it->is_number()) return 0;
    if (it->is_number_float()) {
        double value = it->get<double>();
        if (!(value > 0)) return 0;  // negative or NaN
        return value >= double(k_max_tokens) ? k_max_tokens : static_cast<int64_t>(value);
    }
    if (it->is_number_unsigned())
        return static_cast<int64_t>(std::min<uint64_t>(it->get<uint64_t>(), k_max_tokens));
    return std::clamp<int64_t>(it->get<int64_t>(), 0, k_max_tokens);
}

// Canonical usage may come from any dialect's decoder; a sum must not overflow whatever it says.
int64_t sum(int64_t a, int64_t b)
{
    int64_t total = 0;
    if (__builtin_add_overflow(a, b, &total)) return std::numeric_limits<int64_t>::max();
    return total;
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

Json usage_json(const canonical::Usage& usage)
{
    int64_t prompt = sum(sum(usage.input, usage.cached_input), usage.cache_write);
    Json details = {{"cached_tokens", usage.cached_input}};
    // A 2026 field; older SDKs choke on nothing, but say it only when there is something to say.
    if (usage.cache_write != 0) details["cache_write_tokens"] = usage.cache_write;
    return Json{{"prompt_tokens", prompt},
                {"completion_tokens", usage.output},
                {"total_tokens", sum(prompt, usage.output)},
                {"prompt_tokens_details", std::move(details)},
                {"completion_tokens_details", {{"reasoning_tokens", usage.reasoning}}}};
}

canonical::FinishReason finish_from(std::string_view finish_reason)
{
    using canonical::FinishReason;
    if (finish_reason == "length" || finish_reason == "model_length")  // Mistral
        return FinishReason::length;
    if (finish_reason == "tool_calls" || finish_reason == "function_call")  // legacy functions
        return FinishReason::tool_calls;
    if (finish_reason == "content_filter") return FinishReason::content_filter;
    // Mistral and OpenRouter say "error", DeepSeek "insufficient_system_resource": the answer
    // was cut short by the provider, not finished (§9.2).
    if (finish_reason == "error" || finish_reason == "insufficient_system_resource")
        return FinishReason::error;
    return FinishReason::stop;
}

const char* finish_reason_name(canonical::FinishReason finish)
{
    switch (finish) {
    case canonical::FinishReason::stop: return "stop";
    case canonical::FinishReason::length: return "length";
    case canonical::FinishReason::tool_calls: return "tool_calls";
    case canonical::FinishReason::content_filter: return "content_filter";
    // OpenAI has no word for it; Mistral's "error" is what OpenAI clients of Mistral already see.
    case canonical::FinishReason::error: return "error";
    }
    return "stop";
}

std::string dump(const Json& value)
{
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

} // namespace llmp::dialects::openai
