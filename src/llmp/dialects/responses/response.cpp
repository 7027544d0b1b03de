// Whole (non-streamed) responses (§3): a Responses upstream's object → canonical, and canonical
// → the response object a Responses client expects, with the request's parameters echoed.
#include "llmp/dialects/responses.hpp"

#include "llmp/canonical/tool_ids.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/dialects/responses/items.hpp"

#include <algorithm>

namespace llmp::dialects::responses
{

namespace
{

using canonical::Part;

int64_t count_at(const Json& object, const char* key)
{
    if (!object.is_object()) return 0;
    auto it = object.find(key);
    if (it == object.end() || !it->is_number()) return 0;
    if (it->is_number_integer()) return std::max<int64_t>(0, it->get<int64_t>());
    // A count written as a float; out of range is nonsense, and casting it would be undefined.
    double value = it->get<double>();
    return value >= 0 && value < 9e18 ? static_cast<int64_t>(value) : 0;
}

const Json& member(const Json& object, const char* key)
{
    static const Json k_null = nullptr;
    if (!object.is_object()) return k_null;
    auto it = object.find(key);
    return it == object.end() ? k_null : *it;
}

// The texts of a reasoning item: its summary, or the raw reasoning text when there is none.
std::string reasoning_text(const Json& item)
{
    std::string text;
    for (const char* key : {"summary", "content"}) {
        const Json& pieces = member(item, key);
        if (!pieces.is_array()) continue;
        for (const auto& piece : pieces) {
            std::string part = json::string_at(piece, "text");
            if (part.empty()) continue;
            if (!text.empty()) text += "\n\n";
            text += part;
        }
        if (!text.empty()) break;
    }
    return text;
}

// A reasoning item → thinking. An llmp blob gives back another provider's signature; OpenAI's
// own blob rides as the signature, so a client of another dialect that echoes its thinking
// block lets request_encode hand it back to OpenAI.
void read_reasoning(const Json& item, std::vector<Part>& out)
{
    Part thinking;
    thinking.kind = Part::Kind::thinking;
    thinking.text = reasoning_text(item);
    std::string blob = json::string_at(item, "encrypted_content");
    std::optional<Part> sealed = open_reasoning(blob);
    if (sealed && sealed->kind == Part::Kind::redacted_thinking) {
        if (!thinking.text.empty()) out.push_back(std::move(thinking));
        out.push_back(std::move(*sealed));
        return;
    }
    thinking.signature = sealed ? sealed->signature : blob;
    if (!thinking.text.empty() || !thinking.signature.empty()) out.push_back(std::move(thinking));
}

void read_message(const Json& item, std::vector<Part>& out)
{
    const Json& content = member(item, "content");
    if (content.is_string() && !content.get<std::string>().empty()) {
        out.push_back(Part::make_text(content.get<std::string>()));
        return;
    }
    if (!content.is_array()) return;
    for (const auto& part : content) {
        std::string type = json::string_at(part, "type");
        std::string text
            = type == "refusal" ? json::string_at(part, "refusal") : json::string_at(part, "text");
        if ((type == "output_text" || type == "refusal") && !text.empty())
            out.push_back(Part::make_text(std::move(text)));
    }
}

void read_call(const Json& item, bool custom, std::vector<Part>& out)
{
    Part call;
    call.kind = Part::Kind::tool_call;
    call.id = json::string_at(item, "call_id");
    if (call.id.empty()) call.id = canonical::new_tool_call_id();
    call.name = json::string_at(item, "name");
    if (std::string space = json::string_at(item, "namespace"); !space.empty())
        call.name = space + "__" + call.name;
    if (custom) {
        call.arguments = openai::dump(Json{{"input", json::string_at(item, "input")}});
    } else {
        const Json& arguments = member(item, "arguments");
        call.arguments = arguments.is_string() ? arguments.get<std::string>()
            : arguments.is_object()            ? openai::dump(arguments)
                                               : std::string();
    }
    out.push_back(std::move(call));
}

canonical::FinishReason finish_of(const Json& body, const std::vector<Part>& content)
{
    using canonical::FinishReason;
    std::string status = json::string_at(body, "status");
    if (status == "failed" || status == "cancelled") return FinishReason::error;
    if (status == "incomplete") {
        std::string reason = json::string_at(member(body, "incomplete_details"), "reason");
        return reason == "content_filter" ? FinishReason::content_filter : FinishReason::length;
    }
    for (const auto& part : content)
        if (part.kind == Part::Kind::tool_call) return FinishReason::tool_calls;
    return FinishReason::stop;
}

// The output items of a canonical answer, in order: consecutive text parts make one message.
Json output_items(const canonical::Response& response, const Json& echo, const Outcome& outcome)
{
    Json output = Json::array();
    std::string text;
    bool in_message = false;
    auto close_message = [&] {
        if (in_message) output.push_back(message_item(new_id("msg_"), text, "completed"));
        in_message = false;
        text.clear();
    };
    for (const Part& part : response.content) {
        if (part.kind == Part::Kind::text) {
            text += part.text;
            in_message = true;
            continue;
        }
        close_message();
        if (part.kind == Part::Kind::thinking || part.kind == Part::Kind::redacted_thinking)
            output.push_back(reasoning_item(new_id("rs_"), part));
        else if (part.kind == Part::Kind::tool_call)
            output.push_back(call_item(new_id("fc_"), part, echo, "completed"));
    }
    close_message();
    // A cut-off answer ends in a cut-off item (§6.2).
    if (outcome.status == "incomplete" && !output.empty() && output.back().contains("status"))
        output.back()["status"] = "incomplete";
    return output;
}

}  // namespace

canonical::Usage usage_from(const Json& usage)
{
    canonical::Usage out;
    if (!usage.is_object()) return out;
    // A Chat-shaped usage (an OpenAI-compatible server behind the openai-responses kind).
    if (!usage.contains("input_tokens") && usage.contains("prompt_tokens"))
        return openai::usage_from(usage);
    if (!usage.contains("input_tokens") && !usage.contains("output_tokens")) return out;
    const Json& input_details = member(usage, "input_tokens_details");
    out.cached_input = count_at(input_details, "cached_tokens");
    out.cache_write = count_at(input_details, "cache_write_tokens");
    // input_tokens counts the cached tokens too; canonical input does not.
    out.input = std::max<int64_t>(
        0, count_at(usage, "input_tokens") - out.cached_input - out.cache_write);
    out.output = count_at(usage, "output_tokens");
    out.reasoning = count_at(member(usage, "output_tokens_details"), "reasoning_tokens");
    out.known = true;
    return out;
}

Json usage_json(const canonical::Usage& usage)
{
    int64_t input = usage.prompt_total();
    return Json{
        {"input_tokens", input},
        {"input_tokens_details",
         {{"cached_tokens", usage.cached_input}, {"cache_write_tokens", usage.cache_write}}},
        {"output_tokens", usage.output},
        {"output_tokens_details", {{"reasoning_tokens", usage.reasoning}}},
        {"total_tokens", input + usage.output}};
}

Result<canonical::Response> decode_response(const Json& body)
{
    if (!body.is_object())
        return fail(ErrorCode::upstream, "upstream response: expected a JSON object");
    canonical::Response response;
    response.id = json::string_at(body, "id");
    response.model = json::string_at(body, "model");
    response.created = count_at(body, "created_at");
    const Json& output = member(body, "output");
    if (output.is_array()) {
        for (const auto& item : output) {
            std::string type = json::string_at(item, "type");
            if (type == "message")
                read_message(item, response.content);
            else if (type == "reasoning")
                read_reasoning(item, response.content);
            else if (type == "function_call")
                read_call(item, false, response.content);
            else if (type == "custom_tool_call")
                read_call(item, true, response.content);
            // Hosted tools' items (web_search_call, ...) are OpenAI's doing; the message that
            // follows them says what came of it.
        }
    }
    const Json& error = member(body, "error");
    if (json::string_at(body, "status") == "failed"
        || (error.is_object() && response.content.empty())) {
        std::string message
            = error.is_string() ? error.get<std::string>() : json::string_at(error, "message");
        return fail(ErrorCode::upstream,
                    "upstream error: " + (message.empty() ? std::string("no message") : message));
    }
    response.finish = finish_of(body, response.content);
    response.usage = usage_from(member(body, "usage"));
    return response;
}

Json echo_of(const Json& request_body)
{
    Json echo = Json::object();
    if (!request_body.is_object()) return echo;
    // As the client wrote them; response_object puts OpenAI's defaults where they are missing.
    for (const char* key :
         {"background", "instructions", "max_output_tokens", "max_tool_calls", "metadata",
          "parallel_tool_calls", "previous_response_id", "prompt_cache_key", "safety_identifier",
          "service_tier", "store", "temperature", "tool_choice", "tools", "top_logprobs", "top_p",
          "truncation", "user"}) {
        const Json& value = member(request_body, key);
        if (!value.is_null()) echo[key] = value;
    }
    // Codex declares some tools in an input item instead of `tools`: the encoders need them
    // to tell custom and namespaced tools' calls, and OpenAI does not echo them.
    if (const Json& input = member(request_body, "input"); input.is_array()) {
        Json additional = Json::array();
        for (const auto& item : input)
            if (json::string_at(item, "type") == "additional_tools"
                && member(item, "tools").is_array())
                for (const auto& tool : item["tools"]) additional.push_back(tool);
        if (!additional.empty()) echo["additional_tools"] = std::move(additional);
    }
    // OpenAI answers with both keys of `reasoning` and a format in `text`, whatever was sent.
    const Json& reasoning = member(request_body, "reasoning");
    echo["reasoning"]
        = {{"effort", member(reasoning, "effort")}, {"summary", member(reasoning, "summary")}};
    Json text
        = member(request_body, "text").is_object() ? member(request_body, "text") : Json::object();
    if (member(text, "format").is_null()) text["format"] = {{"type", "text"}};
    echo["text"] = std::move(text);
    return echo;
}

Json encode_response(const canonical::Response& response, const Json& echo)
{
    ResponseFields fields;
    fields.id = response.id.starts_with("resp_") ? response.id : new_id("resp_");
    fields.created_at = response.created;
    fields.model = response.model;
    fields.outcome = outcome_of(response.finish);
    fields.output = output_items(response, echo, fields.outcome);
    // Usage always, zeros when unknown: Codex and the AI SDK read it from every answer.
    fields.usage = response.usage;
    if (fields.outcome.status == "failed") {
        fields.error_code = "server_error";
        fields.error_message = "the upstream failed to finish the response";
    }
    return response_object(fields, echo);
}

Json encode_response(const canonical::Response& response)
{
    return encode_response(response, Json::object());
}

}  // namespace llmp::dialects::responses
