// canonical → the body for a Responses upstream (the openai-responses kind, §2 and §6.4), for
// clients of other dialects. Nothing is stored at OpenAI (`store:false`): the proxy holds no
// upstream state, so every request carries the whole conversation.
#include "llmp/dialects/responses.hpp"

#include "llmp/canonical/reasoning.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/dialects/responses/fields.hpp"
#include "llmp/dialects/responses/items.hpp"

#include <set>

namespace llmp::dialects::responses
{

namespace
{

using canonical::Part;
using canonical::Role;

std::string image_url_of(const Part& part)
{
    if (!part.url.empty()) return part.url;
    return "data:" + part.media_type + ";base64," + part.data;
}

Json input_part(const Part& part, const char* text_type)
{
    if (part.kind == Part::Kind::image)
        return Json{{"type", "input_image"}, {"image_url", image_url_of(part)}, {"detail", "auto"}};
    return Json{{"type", text_type}, {"text", part.text}};
}

// The names of the freeform tools: their calls and results travel as custom_tool_call items.
std::set<std::string> freeform_names(const canonical::Request& request)
{
    std::set<std::string> names;
    for (const auto& tool : request.tools)
        if (tool.freeform) names.insert(tool.name);
    return names;
}

// A tool result's output: a plain string when it is all text, else input_text/input_image
// parts (function_call_output takes both).
Json result_output(const Part& result)
{
    bool text_only = true;
    std::string text;
    for (const Part& piece : result.content) {
        if (piece.kind == Part::Kind::text)
            text += piece.text;
        else if (piece.kind == Part::Kind::image)
            text_only = false;
    }
    if (text_only) return text;
    Json parts = Json::array();
    for (const Part& piece : result.content)
        if (piece.kind == Part::Kind::text || piece.kind == Part::Kind::image)
            parts.push_back(input_part(piece, "input_text"));
    return parts;
}

struct Encoding {
    std::set<std::string> freeform;
    std::set<std::string> freeform_calls;  // call ids whose result is a custom_tool_call_output
    Json input = Json::array();
};

// Thinking goes back to OpenAI only as OpenAI's own encrypted reasoning (a client of another
// dialect echoing what decode_response gave it); any other provider's signature would be
// refused, and unsigned reasoning text has no item OpenAI accepts without an id.
void reasoning_item(const Part& part, Encoding& encoding)
{
    if (part.kind != Part::Kind::thinking || !part.signature.starts_with("gAAAA")) return;
    Json summary = Json::array();
    if (!part.text.empty()) summary.push_back({{"type", "summary_text"}, {"text", part.text}});
    encoding.input.push_back({{"type", "reasoning"},
                              {"summary", std::move(summary)},
                              {"encrypted_content", part.signature}});
}

void assistant_items(const canonical::Message& message, Encoding& encoding)
{
    Json content = Json::array();
    auto flush = [&] {
        if (content.empty()) return;
        encoding.input.push_back(
            {{"type", "message"}, {"role", "assistant"}, {"content", std::move(content)}});
        content = Json::array();
    };
    for (const Part& part : message.parts) {
        if (part.kind == Part::Kind::text) {
            content.push_back({{"type", "output_text"}, {"text", part.text}});
            continue;
        }
        flush();
        if (part.kind == Part::Kind::thinking || part.kind == Part::Kind::redacted_thinking) {
            reasoning_item(part, encoding);
        } else if (part.kind == Part::Kind::tool_call) {
            if (encoding.freeform.contains(part.name)) {
                encoding.freeform_calls.insert(part.id);
                encoding.input.push_back({{"type", "custom_tool_call"},
                                          {"call_id", part.id},
                                          {"name", part.name},
                                          {"input", custom_input(part.arguments)}});
            } else {
                encoding.input.push_back(
                    {{"type", "function_call"},
                     {"call_id", part.id},
                     {"name", part.name},
                     {"arguments", part.arguments.empty() ? "{}" : part.arguments}});
            }
        }
    }
    flush();
}

// User, tool and system turns: tool results become output items, ahead of whatever else the
// turn says; the rest is one message.
void other_items(const canonical::Message& message, Encoding& encoding)
{
    Json content = Json::array();
    for (const Part& part : message.parts) {
        if (part.kind == Part::Kind::tool_result) {
            bool custom = encoding.freeform_calls.contains(part.id);
            encoding.input.push_back(
                {{"type", custom ? "custom_tool_call_output" : "function_call_output"},
                 {"call_id", part.id},
                 {"output", result_output(part)}});
        } else if (part.kind == Part::Kind::text || part.kind == Part::Kind::image) {
            content.push_back(input_part(part, "input_text"));
        }
    }
    if (content.empty()) return;
    // A system message in mid-conversation keeps its place as a developer message, the name
    // OpenAI's current models give instructions.
    const char* role = message.role == Role::system ? "developer" : "user";
    encoding.input.push_back(
        {{"type", "message"}, {"role", role}, {"content", std::move(content)}});
}

Json tools_json(const std::vector<canonical::Tool>& tools)
{
    Json out = Json::array();
    for (const auto& tool : tools) {
        if (tool.freeform) {
            Json custom = {{"type", "custom"}, {"name", tool.name}};
            if (!tool.description.empty()) custom["description"] = tool.description;
            out.push_back(std::move(custom));
            continue;
        }
        Json function = {{"type", "function"}, {"name", tool.name}};
        if (!tool.description.empty()) function["description"] = tool.description;
        function["parameters"] = tool.parameters.is_object() && !tool.parameters.empty()
            ? tool.parameters
            : Json{{"type", "object"}, {"properties", Json::object()}};
        // Responses defaults `strict` to true, which refuses most hand-written schemas; the
        // other dialects mean "not strict" when they say nothing.
        function["strict"] = tool.strict.value_or(false);
        out.push_back(std::move(function));
    }
    return out;
}

Json tool_choice_json(const canonical::ToolChoice& choice, const std::set<std::string>& freeform)
{
    using Mode = canonical::ToolChoice::Mode;
    switch (choice.mode) {
    case Mode::auto_: return "auto";
    case Mode::none: return "none";
    case Mode::required: return "required";
    case Mode::named:
        return Json{{"type", freeform.contains(choice.name) ? "custom" : "function"},
                    {"name", choice.name}};
    case Mode::unset: break;
    }
    return nullptr;
}

Json format_json(const canonical::ResponseFormat& format)
{
    using Kind = canonical::ResponseFormat::Kind;
    if (format.kind == Kind::json_object) return Json{{"type", "json_object"}};
    // Flat, unlike Chat's (§2.5); OpenAI requires a name, other dialects have none to give.
    Json out = {{"type", "json_schema"}, {"name", format.name.empty() ? "response" : format.name}};
    out["schema"] = format.schema.is_object() ? format.schema : Json::object();
    if (format.strict) out["strict"] = *format.strict;
    return out;
}

}  // namespace

Result<Json> encode_request(const canonical::Request& request)
{
    Json body = {{"model", request.model}};
    std::string instructions;
    for (const Part& part : request.system) {
        if (part.kind != Part::Kind::text || part.text.empty()) continue;
        if (!instructions.empty()) instructions += "\n\n";
        instructions += part.text;
    }
    if (!instructions.empty()) body["instructions"] = instructions;

    Encoding encoding;
    encoding.freeform = freeform_names(request);
    for (const auto& message : request.messages) {
        if (message.role == Role::assistant)
            assistant_items(message, encoding);
        else
            other_items(message, encoding);
    }
    body["input"] = std::move(encoding.input);

    if (!request.tools.empty()) {
        body["tools"] = tools_json(request.tools);
        if (request.tool_choice.mode != canonical::ToolChoice::Mode::unset)
            body["tool_choice"] = tool_choice_json(request.tool_choice, encoding.freeform);
        if (request.parallel_tool_calls) body["parallel_tool_calls"] = *request.parallel_tool_calls;
    }
    if (request.temperature) body["temperature"] = *request.temperature;
    if (request.top_p) body["top_p"] = *request.top_p;
    // Responses has no stop sequences, top_k or seed: they are dropped, as OpenAI's own
    // Responses clients never send them.
    if (request.max_tokens) body["max_output_tokens"] = *request.max_tokens;
    if (request.response_format.kind != canonical::ResponseFormat::Kind::text)
        body["text"] = {{"format", format_json(request.response_format)}};
    if (request.reasoning) {
        const auto& reasoning = *request.reasoning;
        std::string effort = !reasoning.effort.empty() ? reasoning.effort
            : reasoning.budget_tokens ? canonical::effort_for_budget(*reasoning.budget_tokens)
                                      : std::string("medium");
        Json settings = {{"effort", effort}};
        if (reasoning.include_thoughts) settings["summary"] = "auto";
        body["reasoning"] = std::move(settings);
        // The encrypted reasoning comes back so a client can hand it in again next turn.
        body["include"] = Json::array({"reasoning.encrypted_content"});
    }
    if (!request.user.empty()) body["user"] = request.user;
    body["store"] = false;
    if (request.stream) body["stream"] = true;
    return body;
}

}  // namespace llmp::dialects::responses
