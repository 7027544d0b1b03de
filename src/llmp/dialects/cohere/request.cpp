// Canonical request → Cohere v2 chat body (reference/providers.md §7, §9.1).
#include "llmp/dialects/cohere.hpp"

#include "llmp/canonical/reasoning_models.hpp"

#include <string>
#include <vector>

namespace llmp::dialects::cohere {

namespace {
using canonical::Part;

std::string content_path(size_t message, size_t part)
{
    return "messages[" + std::to_string(message) + "].content[" + std::to_string(part) + "]";
}

// providers.md documents no image content for Cohere, so images are refused rather than
// guessed at. (The cohere-python SDK has an `image_url` content part; enabling it waits for the
// reference to confirm it.)
std::unexpected<Error> image_refused(const std::string& path)
{
    return fail(ErrorCode::invalid_input, path + ": images are not supported by Cohere upstreams");
}

std::string joined(const std::vector<std::string>& texts)
{
    std::string out;
    for (const auto& text : texts) {
        if (!out.empty()) out += "\n\n";
        out += text;
    }
    return out;
}

// One text is sent as a plain string, as in Cohere's examples; several keep their boundaries
// as text content items.
Json text_content(const std::vector<std::string>& texts)
{
    if (texts.size() == 1) return texts.front();
    Json items = Json::array();
    for (const auto& text : texts) items.push_back({{"type", "text"}, {"text", text}});
    return items;
}

Result<Json> tool_message(const Part& result, const std::string& path)
{
    std::vector<std::string> texts;
    for (size_t k = 0; k < result.content.size(); ++k) {
        const Part& piece = result.content[k];
        if (piece.kind == Part::Kind::image)
            return image_refused(path + ".content[" + std::to_string(k) + "]");
        if (piece.kind == Part::Kind::text) texts.push_back(piece.text);
    }
    // Cohere's tool message has no error flag: the result text has to say so itself.
    return Json{{"role", "tool"}, {"tool_call_id", result.id}, {"content", joined(texts)}};
}

// A user or tool message: each tool result becomes a Cohere tool message (those must follow
// the assistant's calls directly, so they go first); the text that remains becomes one user
// message.
Result<void> append_user_turn(const canonical::Message& message, size_t index, Json& out)
{
    std::vector<std::string> texts;
    for (size_t j = 0; j < message.parts.size(); ++j) {
        const Part& part = message.parts[j];
        switch (part.kind) {
        case Part::Kind::text: texts.push_back(part.text); break;
        case Part::Kind::image: return image_refused(content_path(index, j));
        case Part::Kind::tool_result:
            out.push_back(LLMP_TRY(tool_message(part, content_path(index, j))));
            break;
        default: break;  // thinking in a user turn has no meaning upstream
        }
    }
    if (!texts.empty()) out.push_back({{"role", "user"}, {"content", text_content(texts)}});
    return {};
}

// An assistant turn; null when nothing in it can be sent (thinking only).
Result<Json> assistant_message(const canonical::Message& message, size_t index)
{
    std::vector<std::string> texts;
    std::vector<std::string> thoughts;
    Json calls = Json::array();
    for (size_t j = 0; j < message.parts.size(); ++j) {
        const Part& part = message.parts[j];
        switch (part.kind) {
        case Part::Kind::text: texts.push_back(part.text); break;
        case Part::Kind::thinking: thoughts.push_back(part.text); break;
        case Part::Kind::image: return image_refused(content_path(index, j));
        case Part::Kind::tool_call:
            calls.push_back({{"id", part.id},
                             {"type", "function"},
                             {"function",
                              {{"name", part.name},
                               {"arguments", part.arguments.empty() ? "{}" : part.arguments}}}});
            break;
        default: break;  // redacted thinking cannot be replayed to Cohere
        }
    }
    if (!calls.empty()) {
        // Cohere's own tool-calling turns carry the words before the calls as `tool_plan`, not
        // `content`, so the turn's text goes there. Without text, the thinking goes there:
        // decode_response turns a tool_plan into thinking, and this gives it back on the next
        // turn. Otherwise thinking is dropped: Cohere takes no reasoning from the client.
        Json turn = {{"role", "assistant"}};
        std::string plan = joined(texts.empty() ? thoughts : texts);
        if (!plan.empty()) turn["tool_plan"] = plan;
        turn["tool_calls"] = std::move(calls);
        return turn;
    }
    if (texts.empty()) return Json(nullptr);
    return Json{{"role", "assistant"}, {"content", text_content(texts)}};
}

Result<Json> encode_messages(const canonical::Request& request)
{
    Json out = Json::array();
    std::vector<std::string> system;
    for (const Part& part : request.system)
        if (part.kind == Part::Kind::text) system.push_back(part.text);
    if (!system.empty()) out.push_back({{"role", "system"}, {"content", joined(system)}});
    for (size_t i = 0; i < request.messages.size(); ++i) {
        const canonical::Message& message = request.messages[i];
        if (message.role == canonical::Role::assistant) {
            Json turn = LLMP_TRY(assistant_message(message, i));
            if (!turn.is_null()) out.push_back(std::move(turn));
        } else if (message.role == canonical::Role::system) {
            // Cohere v2 has a system role (§7): mid-conversation instructions stay in place.
            std::vector<std::string> texts;
            for (const Part& part : message.parts)
                if (part.kind == Part::Kind::text && !part.text.empty())
                    texts.push_back(part.text);
            if (!texts.empty()) out.push_back({{"role", "system"}, {"content", joined(texts)}});
        } else {
            LLMP_TRY(append_user_turn(message, i, out));
        }
    }
    return out;
}

Json encode_tool(const canonical::Tool& tool)
{
    Json function = {{"name", tool.name}};
    if (!tool.description.empty()) function["description"] = tool.description;
    if (tool.parameters.is_object()) function["parameters"] = tool.parameters;
    return {{"type", "function"}, {"function", std::move(function)}};
}

// Cohere's `thinking` object ({"type":"enabled"|"disabled","token_budget"}), as in the
// cohere-python SDK's types/thinking.py; providers.md §7 only names the field. Only reasoning
// models take it (reasoning_models.cpp); null for the others.
Json encode_thinking(const std::string& model, const canonical::Reasoning& reasoning)
{
    auto family = canonical::reasoning_family(canonical::Vendor::cohere, model);
    auto budget = canonical::thinking_budget(family, reasoning);
    if (!budget) return Json();
    if (*budget <= 0) return {{"type", "disabled"}};
    return {{"type", "enabled"}, {"token_budget", *budget}};
}
} // namespace

Result<Json> encode_request(const canonical::Request& request)
{
    Json body = {{"model", request.model}};
    body["messages"] = LLMP_TRY(encode_messages(request));
    if (!request.tools.empty()) {
        Json tools = Json::array();
        for (const auto& tool : request.tools) tools.push_back(encode_tool(tool));
        body["tools"] = std::move(tools);
    }
    switch (request.tool_choice.mode) {
    case canonical::ToolChoice::Mode::required: body["tool_choice"] = "REQUIRED"; break;
    case canonical::ToolChoice::Mode::none: body["tool_choice"] = "NONE"; break;
    case canonical::ToolChoice::Mode::named:
        return fail(ErrorCode::invalid_input,
                    "tool_choice: Cohere upstreams cannot force a specific tool");
    default: break;  // auto is Cohere's default
    }
    const auto& format = request.response_format;
    if (format.kind == canonical::ResponseFormat::Kind::json_object) {
        body["response_format"] = {{"type", "json_object"}};
    } else if (format.kind == canonical::ResponseFormat::Kind::json_schema) {
        body["response_format"] = {{"type", "json_object"}, {"json_schema", format.schema}};
    }
    if (request.max_tokens) body["max_tokens"] = *request.max_tokens;
    if (!request.stop.empty()) body["stop_sequences"] = request.stop;
    if (request.temperature) body["temperature"] = *request.temperature;
    if (request.top_p) body["p"] = *request.top_p;
    if (request.top_k) body["k"] = *request.top_k;
    if (request.seed) body["seed"] = *request.seed;
    if (request.reasoning)
        if (Json thinking = encode_thinking(request.model, *request.reasoning); !thinking.is_null())
            body["thinking"] = std::move(thinking);
    // user and parallel_tool_calls have no Cohere field and are dropped.
    if (request.stream) body["stream"] = true;
    return body;
}

} // namespace llmp::dialects::cohere
