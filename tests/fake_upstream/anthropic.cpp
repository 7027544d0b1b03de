#include "fake_upstream/anthropic.hpp"

#include "fake_upstream/json_read.hpp"
#include "fake_upstream/reply.hpp"
#include "fake_upstream/routes.hpp"
#include "fake_upstream/scenario.hpp"
#include "fake_upstream/sse.hpp"

#include <vector>

namespace llmp::test::fake_upstream {
namespace {

constexpr const char* k_message_id = "msg_fake_1";
constexpr const char* k_tool_use_id = "toolu_fake_1";
constexpr const char* k_request_id = "req_fake_anthropic";
constexpr const char* k_thinking_signature = "sig-think";

constexpr int k_input_tokens = 11;
constexpr int k_cache_read_tokens = 4;
constexpr int k_cache_creation_tokens = 2;
constexpr int k_output_tokens = 9;
constexpr int k_thinking_tokens = 5; // part of k_output_tokens, reported with "[think]"
constexpr int k_count_tokens = k_input_tokens + k_cache_read_tokens + k_cache_creation_tokens;

Json error_body(const std::string& type, const std::string& message)
{
    return {{"type", "error"},
            {"error", {{"type", type}, {"message", message}}},
            {"request_id", k_request_id}};
}

void reply_error(httplib::Response& response, int status, const std::string& type,
                 const std::string& message)
{
    response.set_header("request-id", k_request_id);
    reply_json(response, status, error_body(type, message));
}

bool reply_fault(httplib::Response& response, Fault fault)
{
    switch (fault) {
    case Fault::none:
        return false;
    case Fault::rate_limited:
        response.set_header("retry-after", "7");
        reply_error(response, 429, "rate_limit_error",
                    "Number of request tokens has exceeded your per-minute rate limit (fake "
                    "upstream).");
        return true;
    case Fault::overloaded:
        reply_error(response, 529, "overloaded_error", "Overloaded");
        return true;
    case Fault::server_error:
        reply_error(response, 500, "api_error", "Internal server error");
        return true;
    case Fault::bad_json:
        reply_bad_json(response);
        return true;
    }
    return false;
}

Conversation read_conversation(const Json& body)
{
    Conversation conversation;
    if (const Json* messages = array_member(body, "messages")) {
        for (const Json& message : *messages) {
            if (string_member(message, "role") != "user") continue;
            const Json* content = member(message, "content");
            if (content == nullptr) continue;
            std::string text = text_of(*content);
            if (!text.empty()) conversation.last_user_text = std::move(text);
            if (!content->is_array()) continue;
            for (const Json& block : *content) {
                if (string_member(block, "type") != "tool_result") continue;
                const Json* result = member(block, "content");
                conversation.tool_result = result != nullptr ? text_of(*result) : "";
            }
        }
    }
    if (const Json* tools = array_member(body, "tools"); tools != nullptr && !tools->empty())
        conversation.first_tool = string_member((*tools)[0], "name");
    return conversation;
}

// Whether usage breaks cache writes down by lifetime (the non-streamed reply does).
enum class CacheDetails { no, yes };

// Usage as the non-streamed reply and the final message_delta report it.
Json usage_json(bool think, CacheDetails cache_details)
{
    Json usage = {{"input_tokens", k_input_tokens},
                  {"cache_creation_input_tokens", k_cache_creation_tokens},
                  {"cache_read_input_tokens", k_cache_read_tokens}};
    if (cache_details == CacheDetails::yes)
        usage["cache_creation"] = {{"ephemeral_5m_input_tokens", k_cache_creation_tokens},
                                   {"ephemeral_1h_input_tokens", 0}};
    usage["output_tokens"] = k_output_tokens;
    if (think) usage["output_tokens_details"] = {{"thinking_tokens", k_thinking_tokens}};
    return usage;
}

Json tool_input()
{
    return {{"city", k_tool_city}};
}

Json message_body(const Plan& plan, const std::string& model)
{
    Json content = Json::array();
    if (plan.think)
        content.push_back({{"type", "thinking"},
                           {"thinking", k_thinking_text},
                           {"signature", k_thinking_signature}});
    if (plan.answer == Answer::tool_call)
        content.push_back({{"type", "tool_use"},
                           {"id", k_tool_use_id},
                           {"name", plan.tool_name},
                           {"input", tool_input()}});
    else
        content.push_back({{"type", "text"}, {"text", plan.text}});

    Json usage = usage_json(plan.think, CacheDetails::yes);
    usage["service_tier"] = "standard";
    return {{"id", k_message_id},
            {"type", "message"},
            {"role", "assistant"},
            {"model", model},
            {"content", std::move(content)},
            {"stop_reason", plan.answer == Answer::tool_call ? "tool_use" : "end_turn"},
            {"stop_sequence", nullptr},
            {"usage", std::move(usage)}};
}

std::string event(const std::string& type, Json data)
{
    Json framed = {{"type", type}};
    for (auto& [key, value] : data.items()) framed[key] = value;
    return named_frame(type, framed);
}

std::string block_delta(int index, Json delta)
{
    return event("content_block_delta", {{"index", index}, {"delta", std::move(delta)}});
}

std::vector<std::string> stream_frames(const Plan& plan, const std::string& model)
{
    std::vector<std::string> frames;
    frames.push_back(
        event("message_start", {{"message",
                                 {{"id", k_message_id},
                                  {"type", "message"},
                                  {"role", "assistant"},
                                  {"model", model},
                                  {"content", Json::array()},
                                  {"stop_reason", nullptr},
                                  {"stop_sequence", nullptr},
                                  {"usage",
                                   {{"input_tokens", k_input_tokens},
                                    {"cache_creation_input_tokens", k_cache_creation_tokens},
                                    {"cache_read_input_tokens", k_cache_read_tokens},
                                    {"output_tokens", 1}}}}}}));
    frames.push_back("event: ping\ndata: {\"type\": \"ping\"}\n\n");

    int index = 0;
    if (plan.think) {
        frames.push_back(event(
            "content_block_start",
            {{"index", index},
             {"content_block", {{"type", "thinking"}, {"thinking", ""}, {"signature", ""}}}}));
        for (const std::string& piece : split_pieces(k_thinking_text))
            frames.push_back(block_delta(index, {{"type", "thinking_delta"}, {"thinking", piece}}));
        frames.push_back(
            block_delta(index, {{"type", "signature_delta"}, {"signature", k_thinking_signature}}));
        frames.push_back(event("content_block_stop", {{"index", index}}));
        ++index;
    }

    std::vector<std::string> deltas;
    if (plan.answer == Answer::tool_call) {
        frames.push_back(event("content_block_start", {{"index", index},
                                                       {"content_block",
                                                        {{"type", "tool_use"},
                                                         {"id", k_tool_use_id},
                                                         {"name", plan.tool_name},
                                                         {"input", Json::object()}}}}));
        const std::string city(k_tool_city);
        for (const std::string& piece :
             {std::string(), "{\"city\": \"" + city.substr(0, 2), city.substr(2) + "\"}"})
            deltas.push_back(
                block_delta(index, {{"type", "input_json_delta"}, {"partial_json", piece}}));
    } else {
        frames.push_back(
            event("content_block_start",
                  {{"index", index}, {"content_block", {{"type", "text"}, {"text", ""}}}}));
        for (const std::string& piece : split_pieces(plan.text))
            deltas.push_back(block_delta(index, {{"type", "text_delta"}, {"text", piece}}));
    }

    if (plan.midstream) {
        // Some content first: for a tool call, past the empty opening partial_json.
        const size_t keep = plan.answer == Answer::tool_call ? 2 : 1;
        frames.insert(frames.end(), deltas.begin(), deltas.begin() + keep);
        frames.push_back(
            event("error", {{"error", {{"type", "overloaded_error"}, {"message", "Overloaded"}}}}));
        return frames;
    }
    frames.insert(frames.end(), deltas.begin(), deltas.end());
    frames.push_back(event("content_block_stop", {{"index", index}}));
    frames.push_back(
        event("message_delta",
              {{"delta",
                {{"stop_reason", plan.answer == Answer::tool_call ? "tool_use" : "end_turn"},
                 {"stop_sequence", nullptr}}},
               {"usage", usage_json(plan.think, CacheDetails::no)}}));
    frames.push_back(event("message_stop", Json::object()));
    return frames;
}

// Parses the body and checks what every Messages endpoint needs. Empty when a reply was written.
std::optional<Json> read_body(const httplib::Request& request, httplib::Response& response)
{
    if (!anthropic_auth_ok(request, response)) return std::nullopt;
    std::optional<Json> body = parse_object(request.body);
    if (!body) {
        reply_error(response, 400, "invalid_request_error", "The request body is not valid JSON.");
        return std::nullopt;
    }
    if (string_member(*body, "model").empty()) {
        reply_error(response, 400, "invalid_request_error", "model: Field required");
        return std::nullopt;
    }
    return body;
}

void handle_messages(const httplib::Request& request, httplib::Response& response)
{
    const std::optional<Json> body = read_body(request, response);
    if (!body) return;
    const Json* max_tokens = member(*body, "max_tokens");
    if (max_tokens == nullptr || !max_tokens->is_number_integer()) {
        reply_error(response, 400, "invalid_request_error", "max_tokens: Field required");
        return;
    }
    const std::string model = string_member(*body, "model");
    const Plan plan = plan_reply(read_conversation(*body), "anthropic");
    if (reply_fault(response, plan.fault)) return;

    response.set_header("request-id", k_request_id);
    if (is_true(*body, "stream")) {
        send_stream(response, stream_frames(plan, model), plan.pace);
        return;
    }
    pause_before_reply(plan);
    reply_json(response, 200, message_body(plan, model));
}

void handle_count_tokens(const httplib::Request& request, httplib::Response& response)
{
    const std::optional<Json> body = read_body(request, response);
    if (!body) return;
    if (reply_fault(response, plan_reply(read_conversation(*body), "anthropic").fault)) return;
    response.set_header("request-id", k_request_id);
    reply_json(response, 200, {{"input_tokens", k_count_tokens}});
}

} // namespace

bool anthropic_auth_ok(const httplib::Request& request, httplib::Response& response)
{
    if (request.get_header_value("x-api-key").empty()) {
        reply_error(response, 401, "authentication_error", "x-api-key header is required");
        return false;
    }
    if (request.get_header_value("anthropic-version") != "2023-06-01") {
        reply_error(response, 401, "authentication_error",
                    "anthropic-version header must be 2023-06-01");
        return false;
    }
    return true;
}

void add_anthropic_routes(Routes& routes)
{
    routes.post("/v1/messages", handle_messages);
    routes.post("/v1/messages/count_tokens", handle_count_tokens);
}

} // namespace llmp::test::fake_upstream
