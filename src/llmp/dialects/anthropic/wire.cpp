// The small pieces of Anthropic vocabulary that the request, response and stream codecs share:
// usage buckets, stop reasons and message ids.
#include "llmp/dialects/anthropic.hpp"

#include "llmp/core/ids.hpp"

#include <algorithm>

namespace llmp::dialects::anthropic {

namespace {
// Upstream numbers are not trusted: a missing, null, negative or non-integer count reads as 0.
int64_t count_at(const Json& object, const char* key)
{
    if (!object.is_object()) return 0;
    auto it = object.find(key);
    if (it == object.end() || !it->is_number()) return 0;
    if (it->is_number_unsigned())
        return int64_t(std::min<uint64_t>(it->get<uint64_t>(), INT64_MAX));
    if (it->is_number_integer()) return std::max<int64_t>(0, it->get<int64_t>());
    double value = it->get<double>();
    return value > 0 && value < 9.0e18 ? int64_t(value) : 0;
}
} // namespace

canonical::Usage usage_from(const Json& usage)
{
    canonical::Usage out;
    if (!usage.is_object()) return out;
    out.known = true;
    out.input = count_at(usage, "input_tokens");
    out.cached_input = count_at(usage, "cache_read_input_tokens");
    out.cache_write = count_at(usage, "cache_creation_input_tokens");
    out.output = count_at(usage, "output_tokens");
    if (auto it = usage.find("output_tokens_details"); it != usage.end())
        out.reasoning = std::min(count_at(*it, "thinking_tokens"), out.output);
    return out;
}

Json usage_json(const canonical::Usage& usage)
{
    return Json{{"input_tokens", usage.input},
                {"output_tokens", usage.output},
                {"cache_creation_input_tokens", usage.cache_write},
                {"cache_read_input_tokens", usage.cached_input}};
}

canonical::FinishReason finish_from_stop_reason(std::string_view stop_reason)
{
    using canonical::FinishReason;
    if (stop_reason == "max_tokens" || stop_reason == "model_context_window_exceeded")
        return FinishReason::length;
    if (stop_reason == "tool_use") return FinishReason::tool_calls;
    if (stop_reason == "refusal") return FinishReason::content_filter;
    // end_turn, stop_sequence, pause_turn (a long server-tool turn), and anything new.
    return FinishReason::stop;
}

std::string stop_reason_for(canonical::FinishReason finish, const std::string& stop_sequence,
                            bool has_tool_calls)
{
    using canonical::FinishReason;
    switch (finish) {
    case FinishReason::length: return "max_tokens";
    case FinishReason::tool_calls: return "tool_use";
    case FinishReason::content_filter: return "refusal";
    case FinishReason::stop:
    case FinishReason::error: break;
    }
    if (has_tool_calls) return "tool_use";
    if (!stop_sequence.empty()) return "stop_sequence";
    return "end_turn";
}

std::string message_id(const std::string& id)
{
    if (id.empty()) return ids::random_id("msg_");
    if (id.starts_with("msg_")) return id;
    return "msg_" + id;
}

} // namespace llmp::dialects::anthropic
