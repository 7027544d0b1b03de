// OpenAI's Responses API (shared/reference/responses-api.md), as an upstream of the
// openai-responses kind: POST /v1/responses (and /responses, for a base URL without /v1), JSON or
// typed SSE events (§4: response.created, output items with their part/delta/done events,
// response.completed; never [DONE]). Errors use the Chat Completions envelope (§5), so the
// faults are answered by the OpenAI fake's code.
#include "fake_upstream/json_read.hpp"
#include "fake_upstream/openai.hpp"
#include "fake_upstream/reply.hpp"
#include "fake_upstream/routes.hpp"
#include "fake_upstream/scenario.hpp"
#include "fake_upstream/sse.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmp::test::fake_upstream {
namespace {

constexpr std::int64_t k_created = 1700000000;
constexpr const char* k_response_id = "resp_fake_1";
constexpr const char* k_message_id = "msg_fake_1";
constexpr const char* k_reasoning_id = "rs_fake_1";
constexpr const char* k_call_item_id = "fc_fake_1";
constexpr const char* k_call_id = "call_fake_1";
constexpr const char* k_encrypted_reasoning = "enc-fake-1";

// Different from the Chat fake's numbers, so a test can tell which endpoint answered.
constexpr int k_input_tokens = 24; // includes k_cached_tokens
constexpr int k_cached_tokens = 6;
constexpr int k_output_tokens = 11;
constexpr int k_reasoning_tokens = 4; // part of k_output_tokens, with "[think]" only

// What the request asked for, as a Responses object repeats it.
struct Request {
    std::string model;
    Json echo = Json::object();
    bool custom_tool = false; // the first tool is `custom`: its call is a custom_tool_call
};

Json usage_json(bool think)
{
    return {{"input_tokens", k_input_tokens},
            {"input_tokens_details", {{"cached_tokens", k_cached_tokens}}},
            {"output_tokens", k_output_tokens},
            {"output_tokens_details", {{"reasoning_tokens", think ? k_reasoning_tokens : 0}}},
            {"total_tokens", k_input_tokens + k_output_tokens}};
}

std::string tool_arguments()
{
    return R"({"city":")" + std::string(k_tool_city) + R"("})";
}

// The last user message with text, the first tool, and the last tool output (§2.2: `input` is
// a string or items; a message may omit its type).
Conversation read_conversation(const Json& body)
{
    Conversation conversation;
    if (const Json* input = member(body, "input"); input != nullptr && input->is_string())
        conversation.last_user_text = input->get<std::string>();
    if (const Json* items = array_member(body, "input")) {
        for (const Json& item : *items) {
            const std::string type = string_member(item, "type", "message");
            if (type == "message" && string_member(item, "role") == "user") {
                const Json* content = member(item, "content");
                std::string text = content != nullptr ? text_of(*content) : "";
                if (!text.empty()) conversation.last_user_text = std::move(text);
            } else if (type == "function_call_output" || type == "custom_tool_call_output") {
                const Json* output = member(item, "output");
                conversation.tool_result = output != nullptr ? text_of(*output) : "";
            }
        }
    }
    if (const Json* tools = array_member(body, "tools"); tools != nullptr && !tools->empty())
        conversation.first_tool = string_member((*tools)[0], "name");
    return conversation;
}

Request read_request(const Json& body)
{
    Request request;
    request.model = string_member(body, "model");
    for (const char* key :
         {"instructions", "max_output_tokens", "parallel_tool_calls", "previous_response_id",
          "reasoning", "store", "temperature", "text", "tool_choice", "tools", "top_p", "metadata"})
        if (const Json* value = member(body, key)) request.echo[key] = *value;
    if (const Json* tools = array_member(body, "tools"); tools != nullptr && !tools->empty())
        request.custom_tool = string_member((*tools)[0], "type") == "custom";
    return request;
}

// §3: the required keys (null when unknown) and the request's parameters echoed.
Json response_object(const Request& request, const std::string& status, Json output, Json usage)
{
    Json object = {{"id", k_response_id},
                   {"object", "response"},
                   {"created_at", k_created},
                   {"status", status},
                   {"completed_at", status == "completed" ? Json(k_created + 1) : Json(nullptr)},
                   {"error", nullptr},
                   {"incomplete_details", nullptr},
                   {"instructions", nullptr},
                   {"max_output_tokens", nullptr},
                   {"model", request.model},
                   {"output", std::move(output)},
                   {"parallel_tool_calls", true},
                   {"previous_response_id", nullptr},
                   {"reasoning", {{"effort", nullptr}, {"summary", nullptr}}},
                   {"store", true},
                   {"temperature", 1.0},
                   {"text", {{"format", {{"type", "text"}}}}},
                   {"tool_choice", "auto"},
                   {"tools", Json::array()},
                   {"top_p", 1.0},
                   {"truncation", "disabled"},
                   {"usage", std::move(usage)},
                   {"user", nullptr},
                   {"metadata", Json::object()}};
    for (const auto& [key, value] : request.echo.items()) object[key] = value;
    return object;
}

// `fields` plus `extra`: item events share their item_id / output_index / index fields.
Json with(Json fields, const Json& extra)
{
    for (const auto& [key, value] : extra.items()) fields[key] = value;
    return fields;
}

Json text_part(const std::string& text)
{
    return {{"type", "output_text"},
            {"annotations", Json::array()},
            {"logprobs", Json::array()},
            {"text", text}};
}

Json summary_part(std::string_view text)
{
    return {{"type", "summary_text"}, {"text", std::string(text)}};
}

Json reasoning_item(bool done)
{
    return {{"id", k_reasoning_id},
            {"type", "reasoning"},
            {"encrypted_content", k_encrypted_reasoning},
            {"summary", done ? Json::array({summary_part(k_thinking_text)}) : Json::array()}};
}

Json message_item(const std::string& text, bool done)
{
    return {{"id", k_message_id},
            {"type", "message"},
            {"status", done ? "completed" : "in_progress"},
            {"content", done ? Json::array({text_part(text)}) : Json::array()},
            {"role", "assistant"}};
}

Json call_item(const Plan& plan, bool custom, bool done)
{
    Json item = {{"id", k_call_item_id},
                 {"type", custom ? "custom_tool_call" : "function_call"},
                 {"status", done ? "completed" : "in_progress"}};
    if (custom)
        item["input"] = done ? std::string(k_tool_city) : "";
    else
        item["arguments"] = done ? tool_arguments() : "";
    item["call_id"] = k_call_id;
    item["name"] = plan.tool_name;
    return item;
}

Json output_items(const Plan& plan, bool custom)
{
    Json output = Json::array();
    if (plan.think) output.push_back(reasoning_item(true));
    if (plan.answer == Answer::tool_call)
        output.push_back(call_item(plan, custom, true));
    else
        output.push_back(message_item(plan.text, true));
    return output;
}

// Named events numbered from 0, as OpenAI sends them (§4.1).
class EventFrames {
  public:
    void add(const std::string& type, Json fields)
    {
        Json data = {{"type", type}, {"sequence_number", m_sequence++}};
        for (const auto& [key, value] : fields.items()) data[key] = value;
        m_frames.push_back(named_frame(type, data));
    }
    std::vector<std::string> take() { return std::move(m_frames); }

  private:
    std::vector<std::string> m_frames;
    int m_sequence = 0;
};

std::vector<std::string> stream_frames(const Plan& plan, const Request& request)
{
    EventFrames events;
    const Json opening = response_object(request, "in_progress", Json::array(), nullptr);
    events.add("response.created", {{"response", opening}});
    events.add("response.in_progress", {{"response", opening}});

    int index = 0;
    if (plan.think) {
        Json at = {{"item_id", k_reasoning_id}, {"output_index", index}, {"summary_index", 0}};
        events.add("response.output_item.added",
                   {{"output_index", index}, {"item", reasoning_item(false)}});
        events.add("response.reasoning_summary_part.added", with(at, {{"part", summary_part("")}}));
        for (const std::string& piece : split_pieces(k_thinking_text))
            events.add("response.reasoning_summary_text.delta", with(at, {{"delta", piece}}));
        events.add("response.reasoning_summary_text.done",
                   with(at, {{"text", std::string(k_thinking_text)}}));
        events.add("response.reasoning_summary_part.done",
                   with(at, {{"part", summary_part(k_thinking_text)}}));
        events.add("response.output_item.done",
                   {{"output_index", index}, {"item", reasoning_item(true)}});
        ++index;
    }

    // The item's first delta is where [midstream] cuts in.
    const bool custom = request.custom_tool;
    std::vector<std::pair<std::string, Json>> deltas;
    Json at = {{"output_index", index}};
    if (plan.answer == Answer::tool_call) {
        events.add("response.output_item.added",
                   {{"output_index", index}, {"item", call_item(plan, custom, false)}});
        at = {{"item_id", k_call_item_id}, {"output_index", index}};
        if (custom) {
            for (const std::string& piece : split_pieces(k_tool_city))
                deltas.push_back(
                    {"response.custom_tool_call_input.delta", with(at, {{"delta", piece}})});
        } else {
            const std::string arguments = tool_arguments();
            const size_t cut = arguments.find(':') + 1;
            for (const std::string& piece : {arguments.substr(0, cut), arguments.substr(cut)})
                deltas.push_back(
                    {"response.function_call_arguments.delta", with(at, {{"delta", piece}})});
        }
    } else {
        events.add("response.output_item.added",
                   {{"output_index", index}, {"item", message_item("", false)}});
        at = {{"item_id", k_message_id}, {"output_index", index}, {"content_index", 0}};
        events.add("response.content_part.added", with(at, {{"part", text_part("")}}));
        for (const std::string& piece : split_pieces(plan.text))
            deltas.push_back({"response.output_text.delta", with(at, {{"delta", piece},
                                                                      {"logprobs", Json::array()},
                                                                      {"obfuscation", "fake"}})});
    }

    if (plan.midstream) {
        // §4.6, as recorded: a nested `error` event, then response.failed, then the end.
        events.add(deltas.front().first, deltas.front().second);
        events.add("error", {{"error",
                              {{"type", "server_error"},
                               {"code", "server_error"},
                               {"message", "boom"},
                               {"param", nullptr}}}});
        Json failed = response_object(request, "failed", Json::array(), nullptr);
        failed["error"] = {{"code", "server_error"}, {"message", "boom"}};
        events.add("response.failed", {{"response", failed}});
        return events.take();
    }
    for (auto& [type, fields] : deltas) events.add(type, std::move(fields));

    if (plan.answer == Answer::tool_call && custom) {
        events.add("response.custom_tool_call_input.done",
                   with(at, {{"input", std::string(k_tool_city)}}));
    } else if (plan.answer == Answer::tool_call) {
        events.add("response.function_call_arguments.done",
                   with(at, {{"name", plan.tool_name}, {"arguments", tool_arguments()}}));
    } else {
        events.add("response.output_text.done",
                   with(at, {{"text", plan.text}, {"logprobs", Json::array()}}));
        events.add("response.content_part.done", with(at, {{"part", text_part(plan.text)}}));
    }
    Json output = output_items(plan, custom);
    events.add("response.output_item.done", {{"output_index", index}, {"item", output.back()}});
    events.add("response.completed",
               {{"response", response_object(request, "completed", std::move(output),
                                             usage_json(plan.think))}});
    return events.take();
}

void handle_responses(const httplib::Request& http_request, httplib::Response& response)
{
    const std::optional<Json> body = parse_object(http_request.body);
    if (!body) {
        reply_json(response, 400,
                   openai_error_body("We could not parse the JSON body of your request.",
                                     "invalid_request_error", nullptr));
        return;
    }
    const Request request = read_request(*body);
    if (request.model.empty()) {
        Json error = openai_error_body("Missing required parameter: 'model'.",
                                       "invalid_request_error", "missing_required_parameter");
        error["error"]["param"] = "model";
        reply_json(response, 400, error);
        return;
    }
    // A stateless upstream (store:false, as llmp should send): no earlier response is known.
    if (const std::string previous = string_member(*body, "previous_response_id");
        !previous.empty()) {
        Json error = openai_error_body("Previous response with id '" + previous + "' not found.",
                                       "invalid_request_error", "previous_response_not_found");
        error["error"]["param"] = "previous_response_id";
        reply_json(response, 400, error);
        return;
    }
    const Plan plan = plan_reply(read_conversation(*body), "responses");
    if (reply_openai_fault(response, plan.fault)) return;

    response.set_header("x-request-id", "req_fake_responses");
    if (is_true(*body, "stream")) {
        send_stream(response, stream_frames(plan, request), plan.pace);
        return;
    }
    pause_before_reply(plan);
    reply_json(response, 200,
               response_object(request, "completed", output_items(plan, request.custom_tool),
                               usage_json(plan.think)));
}

} // namespace

void add_responses_routes(Routes& routes)
{
    routes.post("/v1/responses", handle_responses);
    routes.post("/responses", handle_responses);
}

} // namespace llmp::test::fake_upstream
