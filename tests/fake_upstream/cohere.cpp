// The Cohere v2 chat wire format (providers.md §7): POST /v2/chat behind a Bearer token,
// streamed when body.stream is true as named SSE events ("event: <type>" plus a data object
// that repeats the type), ended by message-end and "data: [DONE]".
#include "fake_upstream/json_read.hpp"
#include "fake_upstream/reply.hpp"
#include "fake_upstream/routes.hpp"
#include "fake_upstream/scenario.hpp"
#include "fake_upstream/sse.hpp"

#include <vector>

namespace llmp::test::fake_upstream {
namespace {

constexpr const char* k_response_id = "fake-cohere-1";
constexpr const char* k_call_id = "call_fake_1";
constexpr const char* k_tool_plan = "I will look up the weather in Paris.";

constexpr int k_input_tokens = 13;
constexpr int k_output_tokens = 8;

void reply_message(httplib::Response& response, int status, const std::string& message)
{
    reply_json(response, status, {{"message", message}});
}

bool reply_fault(httplib::Response& response, Fault fault)
{
    switch (fault) {
    case Fault::none:
        return false;
    case Fault::rate_limited:
        response.set_header("retry-after", "7");
        reply_message(response, 429,
                      "You are using a Trial key, which is limited to 20 API calls / minute "
                      "(fake upstream).");
        return true;
    case Fault::overloaded:
        reply_message(response, 503, "service unavailable, please try again later");
        return true;
    case Fault::server_error:
        reply_message(response, 500,
                      "internal server error, this has been reported to our developers");
        return true;
    case Fault::bad_json:
        reply_bad_json(response);
        return true;
    }
    return false;
}

// A tool message's content: a string, or text and document items.
std::string tool_content_text(const Json& content)
{
    if (!content.is_array()) return text_of(content);
    std::string text;
    for (const Json& item : content) {
        if (const Json* document = member(item, "document"); document != nullptr) {
            const Json* data = member(*document, "data");
            if (data != nullptr)
                text += data->is_string() ? data->get<std::string>() : data->dump();
        } else {
            text += string_member(item, "text");
        }
    }
    return text;
}

Conversation read_conversation(const Json& body)
{
    Conversation conversation;
    if (const Json* messages = array_member(body, "messages")) {
        for (const Json& message : *messages) {
            const std::string role = string_member(message, "role");
            const Json* content = member(message, "content");
            if (role == "user" && content != nullptr) {
                std::string text = text_of(*content);
                if (!text.empty()) conversation.last_user_text = std::move(text);
            } else if (role == "tool") {
                conversation.tool_result = content != nullptr ? tool_content_text(*content) : "";
            }
        }
    }
    if (const Json* tools = array_member(body, "tools"); tools != nullptr && !tools->empty()) {
        if (const Json* function = member((*tools)[0], "function"))
            conversation.first_tool = string_member(*function, "name");
    }
    return conversation;
}

Json usage_json()
{
    return {
        {"billed_units", {{"input_tokens", k_input_tokens}, {"output_tokens", k_output_tokens}}},
        {"tokens", {{"input_tokens", k_input_tokens}, {"output_tokens", k_output_tokens}}},
        {"cached_tokens", 0}};
}

std::string tool_arguments()
{
    return R"({"city":")" + std::string(k_tool_city) + R"("})";
}

const char* finish_reason(const Plan& plan)
{
    return plan.answer == Answer::tool_call ? "TOOL_CALL" : "COMPLETE";
}

Json chat_body(const Plan& plan)
{
    Json message = {{"role", "assistant"}};
    if (plan.answer == Answer::tool_call) {
        if (plan.think)
            message["content"] =
                Json::array({{{"type", "thinking"}, {"thinking", k_thinking_text}}});
        message["tool_plan"] = k_tool_plan;
        message["tool_calls"] = Json::array(
            {{{"id", k_call_id},
              {"type", "function"},
              {"function", {{"name", plan.tool_name}, {"arguments", tool_arguments()}}}}});
    } else {
        Json content = Json::array();
        if (plan.think) content.push_back({{"type", "thinking"}, {"thinking", k_thinking_text}});
        content.push_back({{"type", "text"}, {"text", plan.text}});
        message["content"] = std::move(content);
    }
    return {{"id", k_response_id},
            {"message", std::move(message)},
            {"finish_reason", finish_reason(plan)},
            {"usage", usage_json()}};
}

std::string event(const std::string& type, Json data)
{
    Json framed = {{"type", type}};
    for (auto& [key, value] : data.items()) framed[key] = value;
    return named_frame(type, framed);
}

Json message_delta(Json message)
{
    return {{"delta", {{"message", std::move(message)}}}};
}

std::string content_event(const std::string& type, int index, Json content)
{
    Json data = {{"index", index}};
    data["delta"] = {{"message", {{"content", std::move(content)}}}};
    return event(type, std::move(data));
}

std::vector<std::string> stream_frames(const Plan& plan)
{
    std::vector<std::string> frames;
    Json start = {{"id", k_response_id}};
    start["delta"] = {{"message",
                       {{"role", "assistant"},
                        {"content", Json::array()},
                        {"tool_plan", ""},
                        {"tool_calls", Json::array()},
                        {"citations", Json::array()}}}};
    frames.push_back(event("message-start", std::move(start)));

    int index = 0;
    if (plan.think) {
        frames.push_back(
            content_event("content-start", index, {{"type", "thinking"}, {"thinking", ""}}));
        for (const std::string& piece : split_pieces(k_thinking_text))
            frames.push_back(content_event("content-delta", index, {{"thinking", piece}}));
        frames.push_back(event("content-end", {{"index", index}}));
        ++index;
    }

    std::vector<std::string> deltas;
    if (plan.answer == Answer::tool_call) {
        for (const std::string& piece : split_pieces(k_tool_plan))
            frames.push_back(event("tool-plan-delta", message_delta({{"tool_plan", piece}})));
        Json call_start = {{"index", 0}};
        call_start["delta"] = {{"message",
                                {{"tool_calls",
                                  {{"id", k_call_id},
                                   {"type", "function"},
                                   {"function", {{"name", plan.tool_name}, {"arguments", ""}}}}}}}};
        frames.push_back(event("tool-call-start", std::move(call_start)));
        const std::string arguments = tool_arguments();
        const size_t cut = arguments.find(':') + 1;
        for (const std::string& piece : {arguments.substr(0, cut), arguments.substr(cut)}) {
            Json fragment = {{"index", 0}};
            fragment["delta"] = {
                {"message", {{"tool_calls", {{"function", {{"arguments", piece}}}}}}}};
            deltas.push_back(event("tool-call-delta", std::move(fragment)));
        }
    } else {
        frames.push_back(content_event("content-start", index, {{"type", "text"}, {"text", ""}}));
        for (const std::string& piece : split_pieces(plan.text))
            deltas.push_back(content_event("content-delta", index, {{"text", piece}}));
    }

    if (plan.midstream) {
        frames.push_back(deltas.front());
        frames.push_back(
            event("message-end", {{"delta", {{"finish_reason", "ERROR"}, {"error", "boom"}}}}));
        return frames;
    }
    frames.insert(frames.end(), deltas.begin(), deltas.end());
    if (plan.answer == Answer::tool_call)
        frames.push_back(event("tool-call-end", {{"index", 0}}));
    else
        frames.push_back(event("content-end", {{"index", index}}));
    frames.push_back(
        event("message-end",
              {{"delta", {{"finish_reason", finish_reason(plan)}, {"usage", usage_json()}}}}));
    frames.push_back(done_frame());
    return frames;
}

void handle_chat(const httplib::Request& request, httplib::Response& response)
{
    if (bearer_token(request).empty()) {
        reply_message(response, 401, "invalid api token");
        return;
    }
    const std::optional<Json> body = parse_object(request.body);
    if (!body) {
        reply_message(response, 400, "invalid request: the body is not valid JSON");
        return;
    }
    if (string_member(*body, "model").empty()) {
        reply_message(response, 400, "invalid request: model must be provided");
        return;
    }
    const Plan plan = plan_reply(read_conversation(*body), "cohere");
    if (reply_fault(response, plan.fault)) return;
    if (is_true(*body, "stream")) {
        send_stream(response, stream_frames(plan), plan.pace);
        return;
    }
    pause_before_reply(plan);
    reply_json(response, 200, chat_body(plan));
}

} // namespace

void add_cohere_routes(Routes& routes)
{
    routes.post("/v2/chat", handle_chat);
}

} // namespace llmp::test::fake_upstream
