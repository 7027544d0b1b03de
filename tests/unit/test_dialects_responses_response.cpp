#include "llmp/dialects/responses.hpp"
#include "llmp/dialects/responses/items.hpp"

#include <doctest/doctest.h>

using llmp::Json;
namespace canonical = llmp::canonical;
namespace responses = llmp::dialects::responses;
using canonical::FinishReason;
using canonical::Part;

namespace
{

// §3's object, as an OpenAI Responses upstream answers.
const char* k_upstream = R"({"id":"resp_67cc","object":"response","created_at":1741476542,
 "status":"completed","error":null,"incomplete_details":null,"model":"gpt-5.4",
 "output":[
  {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Looking it up."}],"encrypted_content":"gAAAAAB1"},
  {"type":"message","id":"msg_1","status":"completed","role":"assistant",
   "content":[{"type":"output_text","text":"It is 18°C.","annotations":[],"logprobs":[]}]},
  {"type":"web_search_call","id":"ws_1","status":"completed"},
  {"type":"function_call","id":"fc_1","call_id":"call_A","name":"get_weather","arguments":"{\"city\":\"Paris\"}","status":"completed"},
  {"type":"custom_tool_call","id":"ctc_1","call_id":"call_B","name":"apply_patch","input":"*** Begin Patch","status":"completed"},
  {"type":"function_call","id":"fc_2","call_id":"call_C","namespace":"clock","name":"sleep","arguments":"{}","status":"completed"}],
 "usage":{"input_tokens":36,"input_tokens_details":{"cached_tokens":10,"cache_write_tokens":2},
  "output_tokens":87,"output_tokens_details":{"reasoning_tokens":20},"total_tokens":123}})";

Part text(const char* value) { return Part::make_text(value); }

Part tool_call(const char* id, const char* name, const char* arguments)
{
    Part part;
    part.kind = Part::Kind::tool_call;
    part.id = id;
    part.name = name;
    part.arguments = arguments;
    return part;
}

}  // namespace

TEST_CASE("responses response decode: a Responses upstream's object")
{
    auto response = responses::decode_response(Json::parse(k_upstream));
    REQUIRE(response);
    CHECK(response->id == "resp_67cc");
    CHECK(response->model == "gpt-5.4");
    CHECK(response->created == 1741476542);
    REQUIRE(response->content.size() == 5);
    CHECK(response->content[0].kind == Part::Kind::thinking);
    CHECK(response->content[0].text == "Looking it up.");
    CHECK(response->content[0].signature == "gAAAAAB1");  // OpenAI's blob, for the way back
    CHECK(response->content[1].text == "It is 18°C.");
    CHECK(response->content[2].id == "call_A");
    CHECK(response->content[2].arguments == R"({"city":"Paris"})");
    CHECK(response->content[3].name == "apply_patch");
    CHECK(Json::parse(response->content[3].arguments) == Json{{"input", "*** Begin Patch"}});
    CHECK(response->content[4].name == "clock__sleep");
    CHECK(response->finish == FinishReason::tool_calls);
    CHECK(response->usage.known);
    CHECK(response->usage.input == 24);
    CHECK(response->usage.cached_input == 10);
    CHECK(response->usage.cache_write == 2);
    CHECK(response->usage.output == 87);
    CHECK(response->usage.reasoning == 20);
}

TEST_CASE("responses response decode: status and incomplete_details give the finish reason")
{
    Json body = {{"id", "resp_1"}, {"output", Json::array()}, {"status", "completed"}};
    CHECK(responses::decode_response(body)->finish == FinishReason::stop);
    body["status"] = "incomplete";
    body["incomplete_details"] = {{"reason", "max_output_tokens"}};
    CHECK(responses::decode_response(body)->finish == FinishReason::length);
    body["incomplete_details"] = {{"reason", "content_filter"}};
    CHECK(responses::decode_response(body)->finish == FinishReason::content_filter);
    body["status"] = "failed";
    body["error"] = {{"code", "server_error"}, {"message", "boom"}};
    auto failed = responses::decode_response(body);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().message == "upstream error: boom");
    CHECK_FALSE(responses::decode_response(Json::array()));
}

TEST_CASE("responses response decode: an llmp blob gives back a signature or redacted data")
{
    Part redacted;
    redacted.kind = Part::Kind::redacted_thinking;
    redacted.data = "opaque";
    Json body = {{"status", "completed"},
                 {"output",
                  Json::array({{{"type", "reasoning"},
                                {"summary", Json::array()},
                                {"encrypted_content", responses::seal_reasoning(redacted)}}})}};
    auto response = responses::decode_response(body);
    REQUIRE(response);
    REQUIRE(response->content.size() == 1);
    CHECK(response->content[0].kind == Part::Kind::redacted_thinking);
    CHECK(response->content[0].data == "opaque");
}

TEST_CASE("responses response encode: items, ids, echo and usage")
{
    canonical::Response response;
    response.model = "claude-sonnet-4-5";
    response.created = 1700000000;
    Part thinking;
    thinking.kind = Part::Kind::thinking;
    thinking.text = "Let me think.";
    thinking.signature = "EqQBsig";
    response.content = {thinking,
                        text("It is "),
                        text("18°C."),
                        tool_call("toolu_1", "get_weather", R"({"city":"Paris"})"),
                        tool_call("toolu_2", "apply_patch", R"({"input":"*** Begin Patch"})"),
                        tool_call("toolu_3", "clock__sleep", "{}")};
    response.finish = FinishReason::tool_calls;
    response.usage = {.input = 24,
                      .cached_input = 10,
                      .cache_write = 2,
                      .output = 87,
                      .reasoning = 20,
                      .known = true};

    Json request_body = Json::parse(R"({"model":"sonnet","input":"hi","instructions":"be brief",
      "tools":[{"type":"function","name":"get_weather"},{"type":"custom","name":"apply_patch"},
               {"type":"namespace","name":"clock","tools":[{"type":"function","name":"sleep"}]}],
      "store":false,"temperature":0.5,"metadata":{"k":"v"},"reasoning":{"effort":"low"},"include":["x"]})");
    Json object = responses::encode_response(response, responses::echo_of(request_body));

    CHECK(object["id"].get<std::string>().starts_with("resp_"));
    CHECK(object["object"] == "response");
    CHECK(object["created_at"] == 1700000000);
    CHECK(object["status"] == "completed");
    CHECK(object["completed_at"].is_number_integer());
    CHECK(object["error"].is_null());
    CHECK(object["incomplete_details"].is_null());
    CHECK(object["model"] == "claude-sonnet-4-5");
    // Echoed as sent, OpenAI's defaults for the rest.
    CHECK(object["instructions"] == "be brief");
    CHECK(object["store"] == false);
    CHECK(object["temperature"] == 0.5);
    CHECK(object["top_p"] == 1.0);
    CHECK(object["metadata"] == Json{{"k", "v"}});
    CHECK(object["reasoning"] == Json{{"effort", "low"}, {"summary", nullptr}});
    CHECK(object["text"] == Json{{"format", {{"type", "text"}}}});
    CHECK(object["tool_choice"] == "auto");
    CHECK(object["parallel_tool_calls"] == true);
    CHECK(object["previous_response_id"].is_null());
    CHECK(object["tools"].size() == 3);
    CHECK_FALSE(object.contains("include"));
    CHECK_FALSE(object.contains("output_text"));  // SDK-only (§3)
    for (const char* key : {"id", "object", "created_at", "error", "incomplete_details",
                            "instructions", "model", "tools", "output", "parallel_tool_calls",
                            "metadata", "tool_choice", "temperature", "top_p"})
        CHECK_MESSAGE(object.contains(key), key);

    const Json& output = object["output"];
    REQUIRE(output.size() == 5);
    CHECK(output[0]["type"] == "reasoning");
    CHECK(output[0]["id"].get<std::string>().starts_with("rs_"));
    CHECK(output[0]["summary"]
          == Json::parse(R"([{"type":"summary_text","text":"Let me think."}])"));
    auto sealed = responses::open_reasoning(output[0]["encrypted_content"].get<std::string>());
    REQUIRE(sealed);
    CHECK(sealed->signature == "EqQBsig");
    // The two text parts are one message.
    CHECK(output[1]["type"] == "message");
    CHECK(output[1]["id"].get<std::string>().starts_with("msg_"));
    CHECK(output[1]["role"] == "assistant");
    CHECK(output[1]["status"] == "completed");
    CHECK(output[1]["content"]
          == Json::parse(
              R"([{"type":"output_text","text":"It is 18°C.","annotations":[],"logprobs":[]}])"));
    CHECK(output[2]["type"] == "function_call");
    CHECK(output[2]["id"].get<std::string>().starts_with("fc_"));
    CHECK(output[2]["call_id"] == "toolu_1");
    CHECK(output[2]["name"] == "get_weather");
    CHECK(output[2]["arguments"] == R"({"city":"Paris"})");
    CHECK(output[2]["status"] == "completed");
    // A custom tool's call comes back as custom_tool_call with the raw input.
    CHECK(output[3]["type"] == "custom_tool_call");
    CHECK(output[3]["call_id"] == "toolu_2");
    CHECK(output[3]["input"] == "*** Begin Patch");
    CHECK_FALSE(output[3].contains("arguments"));
    // A namespaced tool's call gets its namespace back.
    CHECK(output[4]["namespace"] == "clock");
    CHECK(output[4]["name"] == "sleep");

    CHECK(object["usage"] == Json::parse(R"({"input_tokens":36,
      "input_tokens_details":{"cached_tokens":10,"cache_write_tokens":2},
      "output_tokens":87,"output_tokens_details":{"reasoning_tokens":20},"total_tokens":123})"));
}

TEST_CASE("responses response encode: a cut-off answer is incomplete, a failed one failed")
{
    canonical::Response response;
    response.id = "resp_keep";
    response.content = {text("Once upon")};
    response.finish = FinishReason::length;
    Json object = responses::encode_response(response);
    CHECK(object["id"] == "resp_keep");
    CHECK(object["status"] == "incomplete");
    CHECK(object["incomplete_details"] == Json{{"reason", "max_output_tokens"}});
    CHECK(object["completed_at"].is_null());
    CHECK(object["output"][0]["status"] == "incomplete");
    // Usage is always there, zeros when unknown, with both detail objects (Codex needs them).
    CHECK(object["usage"]["input_tokens_details"]["cached_tokens"] == 0);
    CHECK(object["usage"]["output_tokens_details"]["reasoning_tokens"] == 0);

    response.finish = FinishReason::content_filter;
    CHECK(responses::encode_response(response)["incomplete_details"]["reason"] == "content_filter");

    response.finish = FinishReason::error;
    object = responses::encode_response(response);
    CHECK(object["status"] == "failed");
    CHECK(object["error"]["code"] == "server_error");
}

TEST_CASE("responses response: a canonical answer survives encode then decode")
{
    canonical::Response response;
    response.model = "m";
    Part redacted;
    redacted.kind = Part::Kind::redacted_thinking;
    redacted.data = "opaque";
    response.content = {redacted, text("hi"), tool_call("call_1", "f", R"({"a":1})")};
    response.finish = FinishReason::tool_calls;
    response.usage = {.input = 5, .output = 3, .known = true};
    auto back = responses::decode_response(responses::encode_response(response));
    REQUIRE(back);
    REQUIRE(back->content.size() == 3);
    CHECK(back->content[0].kind == Part::Kind::redacted_thinking);
    CHECK(back->content[0].data == "opaque");
    CHECK(back->content[1].text == "hi");
    CHECK(back->content[2].id == "call_1");
    CHECK(back->finish == FinishReason::tool_calls);
    CHECK(back->usage.input == 5);
    CHECK(back->usage.output == 3);
}

TEST_CASE("responses usage: from the wire and to it")
{
    CHECK_FALSE(responses::usage_from(Json(nullptr)).known);
    CHECK_FALSE(responses::usage_from(Json::object()).known);
    auto usage = responses::usage_from(Json::parse(R"({"input_tokens":12,"output_tokens":3})"));
    CHECK(usage.known);
    CHECK(usage.input == 12);
    CHECK(usage.output == 3);
    // A Chat-shaped usage from a compatible server behind the openai-responses kind.
    auto chat = responses::usage_from(
        Json::parse(R"({"prompt_tokens":7,"completion_tokens":2,"total_tokens":9})"));
    CHECK(chat.input == 7);
    CHECK(chat.output == 2);
    // Never more cached than input.
    auto odd = responses::usage_from(Json::parse(
        R"({"input_tokens":2,"input_tokens_details":{"cached_tokens":5},"output_tokens":1})"));
    CHECK(odd.input == 0);
    CHECK(responses::usage_json(canonical::Usage{}) == Json::parse(R"({"input_tokens":0,
      "input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},"output_tokens":0,
      "output_tokens_details":{"reasoning_tokens":0},"total_tokens":0})"));
}

TEST_CASE("responses echo_of: what the response repeats")
{
    CHECK(responses::echo_of(Json("not an object")) == Json::object());
    Json echo
        = responses::echo_of(Json::parse(R"({"model":"m","input":"hi","text":{"verbosity":"low"},
      "tool_choice":"required","max_output_tokens":100,"stream":true,"top_p":null})"));
    CHECK(echo["text"] == Json{{"verbosity", "low"}, {"format", {{"type", "text"}}}});
    CHECK(echo["tool_choice"] == "required");
    CHECK(echo["max_output_tokens"] == 100);
    CHECK(echo["reasoning"] == Json{{"effort", nullptr}, {"summary", nullptr}});
    CHECK_FALSE(echo.contains("stream"));
    CHECK_FALSE(echo.contains("input"));
    CHECK_FALSE(echo.contains("top_p"));
}

TEST_CASE("responses errors: Chat's envelope")
{
    canonical::UpstreamError error;
    error.status = 429;
    error.type = canonical::ErrorType::rate_limit;
    error.message = "slow down";
    error.retry_after_s = 1.5;
    auto wire = responses::encode_error(error);
    CHECK(wire.status == 429);
    CHECK(
        Json::parse(wire.body)
        == Json::parse(
            R"({"error":{"message":"slow down","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}})"));
    REQUIRE(wire.headers.size() == 1);
    CHECK(wire.headers[0].second == "2");

    auto decoded = responses::decode_error(
        429, {},
        R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})");
    CHECK(decoded.type == canonical::ErrorType::quota);
    CHECK(decoded.message == "You exceeded your current quota");
}

TEST_CASE("responses errors: param and code of a request refusal")
{
    auto fault
        = responses::request_fault("tools[8].type: Unsupported tool type 'web_search' for model "
                                   "'m': built-in tools need an OpenAI Responses upstream.");
    CHECK(fault.param == "tools[8].type");
    CHECK(fault.code == "unsupported_parameter");
    fault = responses::request_fault(
        "previous_response_id: Previous response with id 'resp_7' not found.");
    CHECK(fault.param == "previous_response_id");
    CHECK(fault.code == "previous_response_not_found");
    fault = responses::request_fault(
        "input[0].content[1].type: unsupported content type \"input_audio\"");
    CHECK(fault.param == "input[0].content[1].type");
    CHECK(fault.code.empty());
    fault = responses::request_fault("request body: expected a JSON object");
    CHECK(fault.param.empty());
    CHECK(responses::request_fault("no colon here").param.empty());
}

TEST_CASE("responses response decode: no upstream object of any shape makes it throw")
{
    Json body = Json::parse(k_upstream);
    Json flat = body.flatten();
    const Json replacements[] = {nullptr, 7, -1, 1e300, "x", true, Json::array(), Json::object()};
    for (const auto& [pointer, value] : flat.items()) {
        Json::json_pointer at(pointer);
        while (!at.empty()) {
            for (const auto& replacement : replacements) {
                Json mutated = body;
                mutated[at] = replacement;
                CHECK_NOTHROW({
                    auto response = responses::decode_response(mutated);
                    if (response) (void)responses::encode_response(*response, mutated);
                });
            }
            at.pop_back();
        }
    }
}
