// Whole (non-streamed) Anthropic messages both ways (§3.2): an upstream's answer → canonical,
// and canonical → the body an Anthropic client expects.
#include "llmp/dialects/anthropic.hpp"

#include "llmp/canonical/tool_ids.hpp"

#include <algorithm>

namespace llmp::dialects::anthropic {

namespace {

using canonical::Part;

// One content block of an upstream answer, or nothing for blocks with no canonical meaning
// (server_tool_use, web_search_tool_result ...: Anthropic ran them itself).
std::optional<Part> decode_block(const Json& block)
{
    std::string type = json::string_at(block, "type");
    Part part;
    if (type == "text") {
        part.text = json::string_at(block, "text");
    } else if (type == "thinking") {
        part.kind = Part::Kind::thinking;
        part.text = json::string_at(block, "thinking");
        part.signature = json::string_at(block, "signature");
    } else if (type == "redacted_thinking") {
        part.kind = Part::Kind::redacted_thinking;
        part.data = json::string_at(block, "data");
    } else if (type == "tool_use") {
        part.kind = Part::Kind::tool_call;
        part.id = json::string_at(block, "id");
        part.name = json::string_at(block, "name");
        auto input = block.find("input");
        part.arguments = input != block.end() && !input->is_null() ? dump(*input) : "{}";
    } else {
        return std::nullopt;
    }
    return part;
}

// Tool-call arguments are JSON text and Anthropic clients want an object. Text that is not a
// JSON object (a model that produced broken JSON through another provider) is kept under
// "_raw" instead of being replaced by {}: the client, or the model on the next turn, can still
// see what was produced.
Json tool_input(const std::string& arguments)
{
    if (arguments.find_first_not_of(" \t\r\n") == std::string::npos) return Json::object();
    Json input = json::parse(arguments);
    if (!input.is_discarded() && input.is_object()) return input;
    return Json{{"_raw", arguments}};
}

} // namespace

Result<canonical::Response> decode_response(const Json& body)
{
    if (!body.is_object())
        return fail(ErrorCode::upstream, "anthropic response: expected a JSON object");
    canonical::Response response;
    response.id = json::string_at(body, "id");
    response.model = json::string_at(body, "model");
    if (auto content = body.find("content"); content != body.end() && content->is_array())
        for (const Json& block : *content)
            if (auto part = decode_block(block)) response.content.push_back(std::move(*part));
    response.finish = finish_from_stop_reason(json::string_at(body, "stop_reason"));
    response.stop_sequence = json::string_at(body, "stop_sequence");
    if (auto usage = body.find("usage"); usage != body.end()) response.usage = usage_from(*usage);
    return response;
}

Json encode_response(const canonical::Response& response)
{
    Json content = Json::array();
    bool has_tool_calls = false;
    for (const Part& part : response.content) {
        switch (part.kind) {
        case Part::Kind::text:
            if (!part.text.empty()) content.push_back({{"type", "text"}, {"text", part.text}});
            break;
        case Part::Kind::thinking:
            content.push_back(
                {{"type", "thinking"}, {"thinking", part.text}, {"signature", part.signature}});
            break;
        case Part::Kind::redacted_thinking:
            content.push_back({{"type", "redacted_thinking"}, {"data", part.data}});
            break;
        case Part::Kind::tool_call:
            has_tool_calls = true;
            content.push_back({{"type", "tool_use"},
                               {"id", part.id.empty() ? canonical::new_tool_call_id() : part.id},
                               {"name", part.name},
                               {"input", tool_input(part.arguments)}});
            break;
        case Part::Kind::image:
        case Part::Kind::tool_result: break;  // not something an assistant answer holds
        }
    }
    std::string stop_reason =
        stop_reason_for(response.finish, response.stop_sequence, has_tool_calls);
    bool by_sequence = stop_reason == "stop_sequence";
    return Json{{"id", message_id(response.id)},
                {"type", "message"},
                {"role", "assistant"},
                {"model", response.model},
                {"content", std::move(content)},
                {"stop_reason", stop_reason},
                {"stop_sequence", by_sequence ? Json(response.stop_sequence) : Json(nullptr)},
                {"usage", usage_json(response.usage)}};
}

} // namespace llmp::dialects::anthropic
