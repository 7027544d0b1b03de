// Whole (non-streamed) chat completions (§2.2): an OpenAI-compatible upstream's answer →
// canonical, and canonical → the chat.completion an OpenAI client expects.
#include "llmp/dialects/openai.hpp"

#include "llmp/canonical/tool_ids.hpp"
#include "llmp/core/clock.hpp"
#include "llmp/core/ids.hpp"

namespace llmp::dialects::openai {

namespace {

using canonical::Part;

Part thinking_part(std::string text)
{
    Part part;
    part.kind = Part::Kind::thinking;
    part.text = std::move(text);
    return part;
}

// Mistral's reasoning models answer with content parts, thinking among them:
// [{"type":"thinking","thinking":[{"type":"text","text":"..."}]}, {"type":"text","text":"..."}].
void read_content_parts(const Json& content, std::vector<Part>& out)
{
    for (const auto& item : content) {
        std::string type = json::string_at(item, "type");
        if (type == "text") {
            std::string text = json::string_at(item, "text");
            if (!text.empty()) out.push_back(Part::make_text(std::move(text)));
        } else if (type == "thinking" && item.contains("thinking")) {
            const Json& thinking = item["thinking"];
            std::string text = thinking.is_string() ? thinking.get<std::string>() : std::string();
            if (thinking.is_array())
                for (const auto& piece : thinking) text += json::string_at(piece, "text");
            if (!text.empty()) out.push_back(thinking_part(std::move(text)));
        }
    }
}

std::string arguments_of(const Json& function)
{
    auto it = function.find("arguments");
    if (it == function.end()) return "";
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object()) return dump(*it);  // some servers send the object itself
    return "";
}

Part tool_call_of(const Json& function, std::string id)
{
    Part part;
    part.kind = Part::Kind::tool_call;
    // Ollama and some llama.cpp builds leave the id out; other dialects need one.
    part.id = id.empty() ? canonical::new_tool_call_id() : std::move(id);
    part.name = json::string_at(function, "name");
    part.arguments = arguments_of(function);
    return part;
}

void read_message(const Json& message, std::vector<Part>& out)
{
    // Reasoning came first, so it goes first: DeepSeek, llama.cpp and older vLLM call it
    // reasoning_content; Ollama, OpenRouter and newer vLLM reasoning.
    std::string reasoning = json::string_at(message, "reasoning_content");
    if (reasoning.empty()) reasoning = json::string_at(message, "reasoning");
    if (!reasoning.empty()) out.push_back(thinking_part(std::move(reasoning)));

    bool has_text = false;
    if (auto content = message.find("content"); content != message.end()) {
        if (content->is_string() && !content->get<std::string>().empty()) {
            out.push_back(Part::make_text(content->get<std::string>()));
            has_text = true;
        } else if (content->is_array()) {
            size_t before = out.size();
            read_content_parts(*content, out);
            has_text = out.size() != before;
        }
    }
    // A refusal is the model's answer, in a field only OpenAI clients know; other dialects'
    // clients get it as text. The finish reason stays what the upstream said it was.
    std::string refusal = json::string_at(message, "refusal");
    if (!refusal.empty() && !has_text) out.push_back(Part::make_text(std::move(refusal)));

    if (auto calls = message.find("tool_calls"); calls != message.end() && calls->is_array()) {
        for (const auto& call : *calls) {
            if (!call.is_object() || !call.contains("function") || !call["function"].is_object())
                continue;
            out.push_back(tool_call_of(call["function"], json::string_at(call, "id")));
        }
    }
    if (auto call = message.find("function_call"); call != message.end() && call->is_object())
        out.push_back(tool_call_of(*call, ""));  // legacy functions: no id at all
}

// The choice we asked for: index 0, or the first there is.
const Json* first_choice(const Json& choices)
{
    if (!choices.is_array() || choices.empty()) return nullptr;
    for (const auto& choice : choices)
        if (choice.is_object() && choice.contains("index") && choice["index"] == 0) return &choice;
    return choices[0].is_object() ? &choices[0] : nullptr;
}

bool has_tool_call(const std::vector<Part>& parts)
{
    for (const auto& part : parts)
        if (part.kind == Part::Kind::tool_call) return true;
    return false;
}

} // namespace

Result<canonical::Response> decode_response(const Json& body)
{
    if (!body.is_object())
        return fail(ErrorCode::upstream, "upstream response: expected a JSON object");
    if (auto error = body.find("error"); error != body.end() && !error->is_null()) {
        std::string message = error->is_string() ? error->get<std::string>()
                                                 : json::string_at(*error, "message");
        return fail(ErrorCode::upstream,
                    "upstream error: " + (message.empty() ? std::string("no message") : message));
    }
    canonical::Response response;
    response.id = json::string_at(body, "id");
    response.model = json::string_at(body, "model");
    if (auto created = body.find("created"); created != body.end() && created->is_number_integer())
        response.created = created->get<int64_t>();

    // Azure's content filter can leave `choices` empty: an answer with nothing in it.
    auto choices = body.find("choices");
    const Json* choice = choices == body.end() ? nullptr : first_choice(*choices);
    if (choice) {
        if (auto message = choice->find("message");
            message != choice->end() && message->is_object())
            read_message(*message, response.content);
        response.finish = finish_from(json::string_at(*choice, "finish_reason"));
        // Ollama says "stop" after calling tools; a client must know to run them.
        if (response.finish == canonical::FinishReason::stop && has_tool_call(response.content))
            response.finish = canonical::FinishReason::tool_calls;
        // vLLM names the stop string that matched.
        response.stop_sequence = json::string_at(*choice, "stop_reason");
    }
    if (auto usage = body.find("usage"); usage != body.end()) response.usage = usage_from(*usage);
    return response;
}

Json encode_response(const canonical::Response& response)
{
    std::string text;
    std::string thinking;
    bool has_text = false;
    Json tool_calls = Json::array();
    for (const Part& part : response.content) {
        if (part.kind == Part::Kind::text) {
            text += part.text;
            has_text = true;
        } else if (part.kind == Part::Kind::thinking) {
            thinking += part.text;
        } else if (part.kind == Part::Kind::tool_call) {
            // The id carries a Gemini thought signature, if any, for the client to echo.
            tool_calls.push_back(
                {{"id", canonical::pack_tool_id(part.id, part.signature)},
                 {"type", "function"},
                 {"function", {{"name", part.name}, {"arguments", part.arguments}}}});
        }
    }
    Json message = {{"role", "assistant"}};
    message["content"] = has_text || tool_calls.empty() ? Json(text) : Json(nullptr);
    message["refusal"] = nullptr;
    // Not OpenAI's (it has no reasoning text in chat completions) but what DeepSeek-style
    // clients read, and harmless to the others.
    if (!thinking.empty()) message["reasoning_content"] = thinking;
    if (!tool_calls.empty()) message["tool_calls"] = std::move(tool_calls);

    std::string id = response.id.starts_with("chatcmpl-") ? response.id
        : response.id.empty()                             ? ids::random_id("chatcmpl-", 24)
                                                          : "chatcmpl-" + response.id;
    return Json{{"id", std::move(id)},
                {"object", "chat.completion"},
                {"created", response.created != 0 ? response.created : clock::unix_seconds()},
                {"model", response.model},
                {"choices",
                 Json::array({{{"index", 0},
                               {"message", std::move(message)},
                               {"logprobs", nullptr},
                               {"finish_reason", finish_reason_name(response.finish)}}})},
                {"usage", usage_json(response.usage)}};
}

} // namespace llmp::dialects::openai
