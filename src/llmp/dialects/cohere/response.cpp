// Cohere v2 chat response → canonical response, and the usage and finish-reason readers the
// stream decoder shares (reference/providers.md §7, §9.2, §9.3).
#include "llmp/dialects/cohere.hpp"

#include "llmp/canonical/tool_ids.hpp"

#include <algorithm>
#include <cmath>

namespace llmp::dialects::cohere {

namespace {
// Token counts as non-negative integers; billed_units are floats in Cohere's schema.
int64_t count_at(const Json& object, const char* key)
{
    if (!object.is_object()) return 0;
    auto it = object.find(key);
    if (it == object.end() || !it->is_number()) return 0;
    double value = it->get<double>();
    if (!std::isfinite(value) || value <= 0) return 0;
    return static_cast<int64_t>(std::llround(std::min(value, 1e15)));  // nonsense stays finite
}

const Json* object_at(const Json& object, const char* key)
{
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it != object.end() && it->is_object() ? &*it : nullptr;
}

canonical::Part tool_call_from(const Json& call)
{
    canonical::Part part;
    part.kind = canonical::Part::Kind::tool_call;
    part.id = json::string_at(call, "id");
    if (part.id.empty()) part.id = canonical::new_tool_call_id();
    if (const Json* function = object_at(call, "function")) {
        part.name = json::string_at(*function, "name");
        auto arguments = function->find("arguments");
        if (arguments != function->end()) {
            // A string per §7; an object is tolerated and serialised.
            if (arguments->is_string()) part.arguments = arguments->get<std::string>();
            else if (arguments->is_object()) part.arguments = arguments->dump();
        }
    }
    return part;
}
} // namespace

canonical::Usage usage_from(const Json& usage)
{
    canonical::Usage out;
    // `tokens` are what the model processed; `billed_units` only stand in when it is absent.
    const Json* tokens = object_at(usage, "tokens");
    if (!tokens) tokens = object_at(usage, "billed_units");
    if (!tokens) return out;
    out.known = true;
    int64_t input = count_at(*tokens, "input_tokens");
    // cached_tokens is read as a subset of input_tokens, as OpenAI's cached_tokens is
    // [UNVERIFIED for Cohere]; clamping keeps the buckets sane if it is not.
    int64_t cached = std::min(count_at(usage, "cached_tokens"), input);
    out.cached_input = cached;
    out.input = input - cached;
    out.output = count_at(*tokens, "output_tokens");
    return out;
}

canonical::FinishReason finish_reason_from(std::string_view reason)
{
    using canonical::FinishReason;
    if (reason == "MAX_TOKENS") return FinishReason::length;
    if (reason == "TOOL_CALL") return FinishReason::tool_calls;
    if (reason == "ERROR" || reason == "TIMEOUT") return FinishReason::error;
    return FinishReason::stop;  // COMPLETE, STOP_SEQUENCE and values added later
}

Result<canonical::Response> decode_response(const Json& body)
{
    if (!body.is_object()) return fail(ErrorCode::upstream, "Cohere response is not a JSON object");
    canonical::Response response;
    response.id = json::string_at(body, "id");
    response.finish = finish_reason_from(json::string_at(body, "finish_reason"));
    if (const Json* usage = object_at(body, "usage")) response.usage = usage_from(*usage);

    const Json* message = object_at(body, "message");
    if (!message) return response;
    // Thinking first, then text, then calls: the order Anthropic-style clients need to replay
    // a turn. tool_plan is the model's reasoning about which tools to call, not an answer to the
    // user, so it is thinking too.
    std::vector<canonical::Part> thinking;
    std::vector<canonical::Part> text;
    if (auto content = message->find("content"); content != message->end() && content->is_array()) {
        for (const Json& item : *content) {
            std::string type = json::string_at(item, "type");
            if (type == "text") {
                text.push_back(canonical::Part::make_text(json::string_at(item, "text")));
            } else if (type == "thinking") {
                canonical::Part part;
                part.kind = canonical::Part::Kind::thinking;
                part.text = json::string_at(item, "thinking");
                thinking.push_back(std::move(part));
            }
        }
    }
    if (std::string plan = json::string_at(*message, "tool_plan"); !plan.empty()) {
        canonical::Part part;
        part.kind = canonical::Part::Kind::thinking;
        part.text = std::move(plan);
        thinking.push_back(std::move(part));
    }
    for (auto& part : thinking) response.content.push_back(std::move(part));
    for (auto& part : text) response.content.push_back(std::move(part));
    if (auto calls = message->find("tool_calls"); calls != message->end() && calls->is_array())
        for (const Json& call : *calls) response.content.push_back(tool_call_from(call));
    return response;
}

} // namespace llmp::dialects::cohere
