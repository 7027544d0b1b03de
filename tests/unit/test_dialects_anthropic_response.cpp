#include "llmp/dialects/anthropic.hpp"

#include <doctest/doctest.h>

#include <string>

using llmp::Json;
using llmp::canonical::FinishReason;
using llmp::canonical::Part;
using llmp::canonical::Response;
namespace anthropic = llmp::dialects::anthropic;

namespace {

// providers.md §3.2
const char* const k_example = R"({"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
 "content":[{"type":"text","text":"Let me check."},
   {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
 "stop_reason":"tool_use","stop_sequence":null,
 "usage":{"input_tokens":310,"output_tokens":42,"cache_creation_input_tokens":0,
   "cache_read_input_tokens":1200,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},
   "service_tier":"standard"}})";

std::string usage_text(const llmp::canonical::Usage& u)
{
    return "in=" + std::to_string(u.input) + " cached=" + std::to_string(u.cached_input) +
           " write=" + std::to_string(u.cache_write) + " out=" + std::to_string(u.output) +
           " reasoning=" + std::to_string(u.reasoning) + (u.known ? " known" : " unknown");
}

Part text(const std::string& t)
{
    return Part::make_text(t);
}

Part tool_call(const std::string& id, const std::string& name, const std::string& arguments)
{
    Part p;
    p.kind = Part::Kind::tool_call;
    p.id = id;
    p.name = name;
    p.arguments = arguments;
    return p;
}

} // namespace

TEST_CASE("anthropic decode_response: the reference example")
{
    auto response = anthropic::decode_response(Json::parse(k_example));
    REQUIRE(response.has_value());
    CHECK(response->id == "msg_01");
    CHECK(response->model == "claude-sonnet-4-5");
    REQUIRE(response->content.size() == 2);
    CHECK(response->content[0].kind == Part::Kind::text);
    CHECK(response->content[0].text == "Let me check.");
    CHECK(response->content[1].kind == Part::Kind::tool_call);
    CHECK(response->content[1].id == "toolu_01");
    CHECK(response->content[1].name == "get_weather");
    CHECK(response->content[1].arguments == R"({"city":"Paris"})");
    CHECK(response->finish == FinishReason::tool_calls);
    CHECK(response->stop_sequence == "");
    CHECK(usage_text(response->usage) == "in=310 cached=1200 write=0 out=42 reasoning=0 known");
    CHECK(response->usage.prompt_total() == 1510);
}

TEST_CASE("anthropic decode_response: thinking, stop sequences, unknown blocks")
{
    auto response = anthropic::decode_response(Json::parse(R"({"id":"msg_2","model":"claude-opus-4-1",
        "content":[{"type":"thinking","thinking":"Hmm.","signature":"EqQB"},{"type":"redacted_thinking","data":"xyz"},
          {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}},
          {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
          {"type":"text","text":"Done"},{"type":"tool_use","id":"toolu_2","name":"f"}],
        "stop_reason":"stop_sequence","stop_sequence":"END",
        "usage":{"input_tokens":5,"output_tokens":30,"cache_creation_input_tokens":100,"cache_read_input_tokens":null,
          "output_tokens_details":{"thinking_tokens":20}}})"));
    REQUIRE(response.has_value());
    REQUIRE(response->content.size() == 4);
    CHECK(response->content[0].kind == Part::Kind::thinking);
    CHECK(response->content[0].text == "Hmm.");
    CHECK(response->content[0].signature == "EqQB");
    CHECK(response->content[1].kind == Part::Kind::redacted_thinking);
    CHECK(response->content[1].data == "xyz");
    CHECK(response->content[2].text == "Done");
    CHECK(response->content[3].arguments == "{}");
    CHECK(response->finish == FinishReason::stop);
    CHECK(response->stop_sequence == "END");
    CHECK(usage_text(response->usage) == "in=5 cached=0 write=100 out=30 reasoning=20 known");
}

TEST_CASE("anthropic decode_response: tolerates what it does not know")
{
    auto bare = anthropic::decode_response(Json::parse(R"({"content":"oops","usage":[]})"));
    REQUIRE(bare.has_value());
    CHECK(bare->content.empty());
    CHECK(bare->finish == FinishReason::stop);
    CHECK_FALSE(bare->usage.known);
    auto refused = anthropic::decode_response(Json::parse("[1]"));
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == llmp::ErrorCode::upstream);
    CHECK(refused.error().message == "anthropic response: expected a JSON object");
}

TEST_CASE("anthropic usage normalisation")
{
    CHECK(usage_text(anthropic::usage_from(Json::parse(R"({"input_tokens":10,"output_tokens":3})"))) ==
          "in=10 cached=0 write=0 out=3 reasoning=0 known");
    CHECK(usage_text(anthropic::usage_from(Json::parse(
              R"({"input_tokens":-4,"output_tokens":3,"cache_read_input_tokens":"7","output_tokens_details":{"thinking_tokens":9}})"))) ==
          "in=0 cached=0 write=0 out=3 reasoning=3 known");
    CHECK(usage_text(anthropic::usage_from(Json(nullptr))) == "in=0 cached=0 write=0 out=0 reasoning=0 unknown");
}

TEST_CASE("anthropic stop reasons")
{
    CHECK(anthropic::finish_from_stop_reason("end_turn") == FinishReason::stop);
    CHECK(anthropic::finish_from_stop_reason("stop_sequence") == FinishReason::stop);
    CHECK(anthropic::finish_from_stop_reason("pause_turn") == FinishReason::stop);
    CHECK(anthropic::finish_from_stop_reason("max_tokens") == FinishReason::length);
    CHECK(anthropic::finish_from_stop_reason("model_context_window_exceeded") == FinishReason::length);
    CHECK(anthropic::finish_from_stop_reason("tool_use") == FinishReason::tool_calls);
    CHECK(anthropic::finish_from_stop_reason("refusal") == FinishReason::content_filter);
    CHECK(anthropic::finish_from_stop_reason("") == FinishReason::stop);
    CHECK(anthropic::finish_from_stop_reason("something_new") == FinishReason::stop);

    CHECK(anthropic::stop_reason_for(FinishReason::stop, "", false) == "end_turn");
    CHECK(anthropic::stop_reason_for(FinishReason::stop, "END", false) == "stop_sequence");
    CHECK(anthropic::stop_reason_for(FinishReason::stop, "", true) == "tool_use");
    CHECK(anthropic::stop_reason_for(FinishReason::length, "", true) == "max_tokens");
    CHECK(anthropic::stop_reason_for(FinishReason::tool_calls, "", false) == "tool_use");
    CHECK(anthropic::stop_reason_for(FinishReason::content_filter, "", false) == "refusal");
    CHECK(anthropic::stop_reason_for(FinishReason::error, "", false) == "end_turn");
}

TEST_CASE("anthropic message ids")
{
    CHECK(anthropic::message_id("msg_01") == "msg_01");
    CHECK(anthropic::message_id("chatcmpl-9") == "msg_chatcmpl-9");
    std::string fresh = anthropic::message_id("");
    CHECK(fresh.starts_with("msg_"));
    CHECK(fresh.size() > 10);
}

TEST_CASE("anthropic encode_response: the reference shape")
{
    Response r;
    r.id = "msg_01";
    r.model = "claude-sonnet-4-5";
    r.content = {text("Let me check."), tool_call("toolu_01", "get_weather", R"({"city": "Paris"})")};
    r.finish = FinishReason::tool_calls;
    r.usage = {310, 1200, 0, 42, 0, true};
    CHECK(anthropic::encode_response(r).dump() ==
          Json::parse(R"({"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
            "content":[{"type":"text","text":"Let me check."},
              {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
            "stop_reason":"tool_use","stop_sequence":null,
            "usage":{"input_tokens":310,"output_tokens":42,"cache_creation_input_tokens":0,"cache_read_input_tokens":1200}})")
              .dump());
}

TEST_CASE("anthropic encode_response: from another provider's answer")
{
    Part thinking;
    thinking.kind = Part::Kind::thinking;
    thinking.text = "Reasoning.";
    Part redacted;
    redacted.kind = Part::Kind::redacted_thinking;
    redacted.data = "abc";
    Response r;
    r.id = "chatcmpl-42";
    r.model = "gpt-4o";
    r.content = {thinking, redacted, text(""), text("Hi"), tool_call("call_1", "f", "not json"),
                 tool_call("call_2", "g", ""), tool_call("call_3", "h", "[1]")};
    r.finish = FinishReason::stop;  // Gemini-style: tool calls with a plain stop
    r.usage = {70, 30, 5, 12, 4, true};
    CHECK(anthropic::encode_response(r).dump() ==
          R"({"id":"msg_chatcmpl-42","type":"message","role":"assistant","model":"gpt-4o","content":[)"
          R"({"type":"thinking","thinking":"Reasoning.","signature":""},{"type":"redacted_thinking","data":"abc"},)"
          R"({"type":"text","text":"Hi"},{"type":"tool_use","id":"call_1","name":"f","input":{"_raw":"not json"}},)"
          R"({"type":"tool_use","id":"call_2","name":"g","input":{}},{"type":"tool_use","id":"call_3","name":"h","input":{"_raw":"[1]"}}],)"
          R"("stop_reason":"tool_use","stop_sequence":null,)"
          R"("usage":{"input_tokens":70,"output_tokens":12,"cache_creation_input_tokens":5,"cache_read_input_tokens":30}})");
}

TEST_CASE("anthropic encode_response: stop sequence and length")
{
    Response r;
    r.id = "msg_x";
    r.model = "m";
    r.content = {text("a")};
    r.stop_sequence = "END";
    Json body = anthropic::encode_response(r);
    CHECK(body["stop_reason"] == "stop_sequence");
    CHECK(body["stop_sequence"] == "END");
    r.finish = FinishReason::length;
    body = anthropic::encode_response(r);
    CHECK(body["stop_reason"] == "max_tokens");
    CHECK(body["stop_sequence"].is_null());
}

TEST_CASE("anthropic responses round-trip")
{
    Json example = Json::parse(k_example);
    auto response = anthropic::decode_response(example);
    REQUIRE(response.has_value());
    Json again = anthropic::encode_response(*response);
    // What an Anthropic client reads comes back unchanged; the optional breakdowns
    // (cache_creation, service_tier) are not carried.
    example["usage"].erase("cache_creation");
    example["usage"].erase("service_tier");
    CHECK(again.dump() == example.dump());
}
