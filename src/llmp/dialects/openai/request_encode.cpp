// canonical → the body for an OpenAI-compatible upstream (§2.1, §5), for clients of other
// dialects (an Anthropic SDK in front of Ollama, say). The body sticks to what nearly every
// compatible server understands, since the same bytes go to OpenAI, Groq, DeepSeek, vLLM,
// llama.cpp and Ollama alike.
#include "llmp/dialects/openai.hpp"

#include "llmp/canonical/reasoning_models.hpp"

namespace llmp::dialects::openai {

namespace {

using canonical::Part;

std::unexpected<Error> cannot(const std::string& path, const std::string& what)
{
    return fail(ErrorCode::invalid_input, path + ": " + what);
}

std::string at(const std::string& path, size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

std::string image_url_of(const Part& part)
{
    if (!part.url.empty()) return part.url;
    return "data:" + part.media_type + ";base64," + part.data;
}

// A tool result's content: OpenAI tool messages take text only.
Result<std::string> tool_result_text(const Part& result, const std::string& path)
{
    std::string text;
    for (size_t k = 0; k < result.content.size(); ++k) {
        const Part& piece = result.content[k];
        if (piece.kind == Part::Kind::text)
            text += piece.text;
        else if (piece.kind == Part::Kind::image)
            return cannot(at(path + ".content", k),
                          "an OpenAI-compatible upstream takes only text in a tool result");
    }
    // No field says "this call failed"; the text itself has to say it, as it usually does.
    return text;
}

Json tool_message(const Part& result, std::string content)
{
    return Json{{"role", "tool"}, {"tool_call_id", result.id}, {"content", std::move(content)}};
}

// A user turn: one text part goes as a plain string (every server takes that); anything else as
// an array of text and image_url parts.
Json user_message(const std::vector<const Part*>& parts)
{
    if (parts.size() == 1 && parts[0]->kind == Part::Kind::text)
        return Json{{"role", "user"}, {"content", parts[0]->text}};
    Json content = Json::array();
    for (const Part* part : parts) {
        if (part->kind == Part::Kind::text)
            content.push_back({{"type", "text"}, {"text", part->text}});
        else
            content.push_back(
                {{"type", "image_url"}, {"image_url", {{"url", image_url_of(*part)}}}});
    }
    return Json{{"role", "user"}, {"content", std::move(content)}};
}

// Thinking is not sent back: chat completions has no standard field for it, and the servers
// that emit reasoning_content (DeepSeek) refuse or ignore it in history.
Json assistant_message(const canonical::Message& message)
{
    std::string text;
    bool has_text = false;
    Json tool_calls = Json::array();
    for (const Part& part : message.parts) {
        if (part.kind == Part::Kind::text) {
            text += part.text;
            has_text = true;
        } else if (part.kind == Part::Kind::tool_call) {
            // Compatible servers parse the arguments; "" is not JSON, "{}" means no arguments.
            tool_calls.push_back(
                {{"id", part.id},
                 {"type", "function"},
                 {"function",
                  {{"name", part.name},
                   {"arguments", part.arguments.empty() ? "{}" : part.arguments}}}});
        }
    }
    Json out = {{"role", "assistant"}};
    // content null is how OpenAI writes "only tool calls"; an empty turn still needs a string.
    out["content"] = has_text || tool_calls.empty() ? Json(text) : Json(nullptr);
    if (!tool_calls.empty()) out["tool_calls"] = std::move(tool_calls);
    return out;
}

// Text parts joined by blank lines; other kinds have no place in a system message.
std::string system_text(const std::vector<Part>& parts)
{
    std::string text;
    for (const Part& part : parts) {
        if (part.kind != Part::Kind::text) continue;
        if (!text.empty()) text += "\n\n";
        text += part.text;
    }
    return text;
}

Result<Json> encode_messages(const canonical::Request& request)
{
    Json messages = Json::array();
    // One system message: several in a row are fine for OpenAI but not for every chat template
    // behind a compatible server.
    if (!request.system.empty())
        messages.push_back({{"role", "system"}, {"content", system_text(request.system)}});

    for (size_t i = 0; i < request.messages.size(); ++i) {
        const canonical::Message& message = request.messages[i];
        std::string path = at("messages", i);
        if (message.role == canonical::Role::assistant) {
            messages.push_back(assistant_message(message));
            continue;
        }
        if (message.role == canonical::Role::system) {
            // Instructions given mid-conversation stay where they were given.
            if (std::string text = system_text(message.parts); !text.empty())
                messages.push_back({{"role", "system"}, {"content", std::move(text)}});
            continue;
        }
        // User and tool turns: each tool result is its own tool message, ahead of whatever
        // else the turn says (dialects that put results in a user turn put them first, too).
        std::vector<const Part*> rest;
        for (size_t j = 0; j < message.parts.size(); ++j) {
            const Part& part = message.parts[j];
            if (part.kind == Part::Kind::tool_result) {
                std::string text = LLMP_TRY(tool_result_text(part, at(path + ".content", j)));
                messages.push_back(tool_message(part, std::move(text)));
            } else if (part.kind == Part::Kind::text || part.kind == Part::Kind::image) {
                rest.push_back(&part);
            }
        }
        if (!rest.empty()) messages.push_back(user_message(rest));
    }
    return messages;
}

Json tools_json(const std::vector<canonical::Tool>& tools)
{
    Json out = Json::array();
    for (const auto& tool : tools) {
        Json function = {{"name", tool.name}};
        if (!tool.description.empty()) function["description"] = tool.description;
        // Some servers insist on an object schema; {} says nothing, this says "no arguments".
        function["parameters"] = tool.parameters.is_object() && !tool.parameters.empty()
            ? tool.parameters
            : Json{{"type", "object"}, {"properties", Json::object()}};
        if (tool.strict) function["strict"] = *tool.strict;
        out.push_back({{"type", "function"}, {"function", std::move(function)}});
    }
    return out;
}

Json tool_choice_json(const canonical::ToolChoice& choice)
{
    using Mode = canonical::ToolChoice::Mode;
    switch (choice.mode) {
    case Mode::auto_: return "auto";
    case Mode::none: return "none";
    case Mode::required: return "required";
    case Mode::named: return Json{{"type", "function"}, {"function", {{"name", choice.name}}}};
    case Mode::unset: break;
    }
    return nullptr;
}

Json response_format_json(const canonical::ResponseFormat& format)
{
    using Kind = canonical::ResponseFormat::Kind;
    if (format.kind == Kind::json_object) return Json{{"type", "json_object"}};
    // OpenAI requires a name; other dialects have none to give.
    Json schema = {{"name", format.name.empty() ? "response" : format.name}};
    if (!format.schema.is_null()) schema["schema"] = format.schema;
    if (format.strict) schema["strict"] = *format.strict;
    return Json{{"type", "json_schema"}, {"json_schema", std::move(schema)}};
}

} // namespace

Result<Json> encode_request(const canonical::Request& request)
{
    Json body = {{"model", request.model}};
    body["messages"] = LLMP_TRY(encode_messages(request));
    if (!request.tools.empty()) {
        body["tools"] = tools_json(request.tools);
        // OpenAI rejects both fields in a request without tools.
        if (request.tool_choice.mode != canonical::ToolChoice::Mode::unset)
            body["tool_choice"] = tool_choice_json(request.tool_choice);
        if (request.parallel_tool_calls) body["parallel_tool_calls"] = *request.parallel_tool_calls;
    }
    if (request.temperature) body["temperature"] = *request.temperature;
    if (request.top_p) body["top_p"] = *request.top_p;
    // top_k is not OpenAI's: OpenAI itself rejects unknown fields, so it is dropped.
    // max_tokens, not max_completion_tokens: most compatible servers (Ollama, Mistral, Groq,
    // llama.cpp, older vLLM) only know the old name. OpenAI's reasoning models refuse it, so
    // whoever calls one of those must rename it to max_completion_tokens.
    if (request.max_tokens) body["max_tokens"] = *request.max_tokens;
    if (!request.stop.empty()) body["stop"] = request.stop;
    if (request.seed) body["seed"] = *request.seed;
    if (request.response_format.kind != canonical::ResponseFormat::Kind::text)
        body["response_format"] = response_format_json(request.response_format);
    // Only a word the model knows (nearest to the request); nothing for models that do not
    // reason, which refuse the field.
    if (request.reasoning) {
        auto family = canonical::reasoning_family(canonical::Vendor::openai, request.model);
        if (auto word = canonical::effort_word(family, *request.reasoning))
            body["reasoning_effort"] = *word;
    }
    if (!request.user.empty()) body["user"] = request.user;
    if (request.stream) {
        // Always ask for usage: the proxy needs it for the ledger whatever the client wanted;
        // the client's own stream encoder decides whether the client sees it.
        body["stream"] = true;
        body["stream_options"] = {{"include_usage", true}};
    }
    return body;
}

} // namespace llmp::dialects::openai
