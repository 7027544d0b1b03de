#include "llmp/dialects/openai.hpp"

#include <doctest/doctest.h>

using llmp::Json;
namespace canonical = llmp::canonical;
namespace openai = llmp::dialects::openai;
using canonical::FinishReason;
using canonical::Part;

namespace {

// §2.2's example response.
const char* k_fixture = R"({"id":"chatcmpl-123","object":"chat.completion","created":1694268190,"model":"gpt-4o-mini",
 "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
   "tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather",
   "arguments":"{\"city\":\"Paris\"}"}}],"annotations":[]},
   "logprobs":null,"finish_reason":"tool_calls"}],
 "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,
   "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
   "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0}},
 "service_tier":"default","system_fingerprint":"fp_x"})";

Json with_choice(const char* message, const char* finish_reason)
{
    return Json::parse(std::string(R"({"id":"x","model":"m","choices":[{"index":0,"message":)") + message
                       + R"(,"finish_reason":)" + finish_reason + "}]}");
}

Part call(std::string id, std::string name, std::string arguments, std::string signature = "")
{
    Part p;
    p.kind = Part::Kind::tool_call;
    p.id = std::move(id);
    p.name = std::move(name);
    p.arguments = std::move(arguments);
    p.signature = std::move(signature);
    return p;
}

Part thinking(std::string text)
{
    Part p;
    p.kind = Part::Kind::thinking;
    p.text = std::move(text);
    return p;
}

} // namespace

TEST_CASE("openai decode_response: the reference response, field by field")
{
    auto r = openai::decode_response(Json::parse(k_fixture));
    REQUIRE(r);
    CHECK(r->id == "chatcmpl-123");
    CHECK(r->model == "gpt-4o-mini");
    CHECK(r->created == 1694268190);
    REQUIRE(r->content.size() == 1);
    CHECK(r->content[0].kind == Part::Kind::tool_call);
    CHECK(r->content[0].id == "call_abc");
    CHECK(r->content[0].name == "get_weather");
    CHECK(r->content[0].arguments == R"({"city":"Paris"})");
    CHECK(r->finish == FinishReason::tool_calls);
    CHECK(r->stop_sequence == "");
    CHECK(r->usage.known);
    CHECK(r->usage.input == 82);
    CHECK(r->usage.cached_input == 0);
    CHECK(r->usage.cache_write == 0);
    CHECK(r->usage.output == 17);
    CHECK(r->usage.reasoning == 0);
}

TEST_CASE("openai decode_response: what compatible servers add")
{
    SUBCASE("DeepSeek: reasoning_content first, cache hits")
    {
        Json body = with_choice(R"({"role":"assistant","reasoning_content":"Think.","content":"Answer."})", R"("stop")");
        body["usage"] = Json::parse(R"({"prompt_tokens":20,"completion_tokens":9,"prompt_cache_hit_tokens":8,
            "completion_tokens_details":{"reasoning_tokens":4}})");
        auto r = openai::decode_response(body);
        REQUIRE(r);
        REQUIRE(r->content.size() == 2);
        CHECK(r->content[0].kind == Part::Kind::thinking);
        CHECK(r->content[0].text == "Think.");
        CHECK(r->content[1].kind == Part::Kind::text);
        CHECK(r->content[1].text == "Answer.");
        CHECK(r->finish == FinishReason::stop);
        CHECK(r->usage.input == 12);
        CHECK(r->usage.cached_input == 8);
        CHECK(r->usage.output == 9);
        CHECK(r->usage.reasoning == 4);
    }
    SUBCASE("Ollama: reasoning, a call without id, and stop after calling tools")
    {
        auto r = openai::decode_response(with_choice(
            R"({"role":"assistant","reasoning":"Hm.","content":"","tool_calls":[{"function":{"name":"f","arguments":{"a":1}}}]})",
            R"("stop")"));
        REQUIRE(r);
        REQUIRE(r->content.size() == 2);
        CHECK(r->content[0].kind == Part::Kind::thinking);
        CHECK(r->content[0].text == "Hm.");
        CHECK(r->content[1].kind == Part::Kind::tool_call);
        CHECK(r->content[1].id.starts_with("call_"));
        CHECK(r->content[1].id.size() == 29);
        CHECK(r->content[1].name == "f");
        CHECK(r->content[1].arguments == R"({"a":1})");
        CHECK(r->finish == FinishReason::tool_calls);
        CHECK_FALSE(r->usage.known);
    }
    SUBCASE("Mistral: thinking content parts")
    {
        auto r = openai::decode_response(with_choice(
            R"({"role":"assistant","content":[{"type":"thinking","thinking":[{"type":"text","text":"Step 1."}]},{"type":"text","text":"Done."}]})",
            R"("stop")"));
        REQUIRE(r);
        REQUIRE(r->content.size() == 2);
        CHECK(r->content[0].kind == Part::Kind::thinking);
        CHECK(r->content[0].text == "Step 1.");
        CHECK(r->content[1].text == "Done.");
    }
    SUBCASE("a refusal is text; the finish stays as said")
    {
        auto r = openai::decode_response(
            with_choice(R"({"role":"assistant","content":null,"refusal":"I can't help with that."})", R"("content_filter")"));
        REQUIRE(r);
        REQUIRE(r->content.size() == 1);
        CHECK(r->content[0].kind == Part::Kind::text);
        CHECK(r->content[0].text == "I can't help with that.");
        CHECK(r->finish == FinishReason::content_filter);
    }
    SUBCASE("legacy function_call")
    {
        auto r = openai::decode_response(with_choice(
            R"({"role":"assistant","content":null,"function_call":{"name":"g","arguments":"{}"}})", R"("function_call")"));
        REQUIRE(r);
        REQUIRE(r->content.size() == 1);
        CHECK(r->content[0].name == "g");
        CHECK(r->content[0].id.starts_with("call_"));
        CHECK(r->finish == FinishReason::tool_calls);
    }
    SUBCASE("vLLM names the stop string")
    {
        Json body = with_choice(R"({"role":"assistant","content":"a"})", R"("stop")");
        body["choices"][0]["stop_reason"] = "END";
        auto r = openai::decode_response(body);
        REQUIRE(r);
        CHECK(r->stop_sequence == "END");
    }
    SUBCASE("Azure: empty choices")
    {
        auto r = openai::decode_response(Json::parse(R"({"id":"chatcmpl-9","model":"m","choices":[],"prompt_filter_results":[]})"));
        REQUIRE(r);
        CHECK(r->id == "chatcmpl-9");
        CHECK(r->content.empty());
        CHECK(r->finish == FinishReason::stop);
    }
    SUBCASE("choice 0 is the one, wherever it is")
    {
        auto r = openai::decode_response(Json::parse(R"({"choices":[
            {"index":1,"message":{"content":"second"},"finish_reason":"stop"},
            {"index":0,"message":{"content":"first"},"finish_reason":"length"}]})"));
        REQUIRE(r);
        REQUIRE(r->content.size() == 1);
        CHECK(r->content[0].text == "first");
        CHECK(r->finish == FinishReason::length);
    }
    SUBCASE("wrong types are ignored, not fatal")
    {
        auto r = openai::decode_response(Json::parse(
            R"({"id":5,"created":"now","choices":[{"index":0,"message":{"content":7,"tool_calls":[3,{"function":"x"}]},"finish_reason":9}],"usage":"none"})"));
        REQUIRE(r);
        CHECK(r->id == "");
        CHECK(r->created == 0);
        CHECK(r->content.empty());
        CHECK(r->finish == FinishReason::stop);
        CHECK_FALSE(r->usage.known);
    }
}

TEST_CASE("openai finish reasons of every server (§9.2)")
{
    auto finish_of = [](const char* reason) {
        auto r = openai::decode_response(with_choice(R"({"role":"assistant","content":"x"})", reason));
        REQUIRE(r);
        return r->finish;
    };
    CHECK(finish_of(R"("stop")") == FinishReason::stop);
    CHECK(finish_of(R"("length")") == FinishReason::length);
    CHECK(finish_of(R"("model_length")") == FinishReason::length);
    CHECK(finish_of(R"("tool_calls")") == FinishReason::tool_calls);
    CHECK(finish_of(R"("function_call")") == FinishReason::tool_calls);
    CHECK(finish_of(R"("content_filter")") == FinishReason::content_filter);
    CHECK(finish_of(R"("error")") == FinishReason::error);
    CHECK(finish_of(R"("insufficient_system_resource")") == FinishReason::error);
    CHECK(finish_of(R"("eos")") == FinishReason::stop);
    CHECK(finish_of("null") == FinishReason::stop);
}

TEST_CASE("openai decode_response: an upstream error or garbage is an upstream failure")
{
    auto error = openai::decode_response(Json::parse(R"({"error":{"message":"overloaded","type":"server_error"}})"));
    REQUIRE_FALSE(error);
    CHECK(error.error().code == llmp::ErrorCode::upstream);
    CHECK(error.error().message == "upstream error: overloaded");
    auto garbage = openai::decode_response(Json::array());
    REQUIRE_FALSE(garbage);
    CHECK(garbage.error().code == llmp::ErrorCode::upstream);
    CHECK(garbage.error().message == "upstream response: expected a JSON object");
}

TEST_CASE("openai encode_response: §2.2 exactly")
{
    SUBCASE("thinking, text and two calls, one with a Gemini signature")
    {
        canonical::Response r;
        r.id = "msg_01";
        r.model = "claude-x";
        r.created = 1700000000;
        r.content = {thinking("Plan."), Part::make_text("Hello "), Part::make_text("world"),
                     call("toolu_1", "get_weather", R"({"city":"Paris"})", "sig"),
                     call("toolu_2", "get_time", "{}")};
        r.finish = FinishReason::tool_calls;
        r.usage = {10, 20, 5, 30, 12, true};
        CHECK(openai::encode_response(r).dump()
              == R"({"id":"chatcmpl-msg_01","object":"chat.completion","created":1700000000,"model":"claude-x",)"
                 R"("choices":[{"index":0,"message":{"role":"assistant","content":"Hello world","refusal":null,)"
                 R"("reasoning_content":"Plan.","tool_calls":[)"
                 R"({"id":"toolu_1__sig_c2ln","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},)"
                 R"({"id":"toolu_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},)"
                 R"("logprobs":null,"finish_reason":"tool_calls"}],)"
                 R"("usage":{"prompt_tokens":35,"completion_tokens":30,"total_tokens":65,)"
                 R"("prompt_tokens_details":{"cached_tokens":20,"cache_write_tokens":5},)"
                 R"("completion_tokens_details":{"reasoning_tokens":12}}})");
    }
    SUBCASE("the reference response comes back in OpenAI's own shape")
    {
        auto decoded = openai::decode_response(Json::parse(k_fixture));
        REQUIRE(decoded);
        CHECK(openai::encode_response(*decoded).dump()
              == R"({"id":"chatcmpl-123","object":"chat.completion","created":1694268190,"model":"gpt-4o-mini",)"
                 R"("choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,)"
                 R"("tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},)"
                 R"("logprobs":null,"finish_reason":"tool_calls"}],)"
                 R"("usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,)"
                 R"("prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}})");
    }
    SUBCASE("nothing said is an empty string; length; a fresh id and time when none")
    {
        canonical::Response r;
        r.finish = FinishReason::length;
        Json body = openai::encode_response(r);
        CHECK(body["choices"][0]["message"].dump() == R"({"role":"assistant","content":"","refusal":null})");
        CHECK(body["choices"][0]["finish_reason"] == "length");
        std::string id = body["id"].get<std::string>();
        CHECK(id.starts_with("chatcmpl-"));
        CHECK(id.size() == 33);
        CHECK(body["created"].get<int64_t>() > 1'700'000'000);
    }
    SUBCASE("finish names")
    {
        CHECK(std::string(openai::finish_reason_name(FinishReason::stop)) == "stop");
        CHECK(std::string(openai::finish_reason_name(FinishReason::length)) == "length");
        CHECK(std::string(openai::finish_reason_name(FinishReason::tool_calls)) == "tool_calls");
        CHECK(std::string(openai::finish_reason_name(FinishReason::content_filter)) == "content_filter");
        CHECK(std::string(openai::finish_reason_name(FinishReason::error)) == "error");
    }
}

TEST_CASE("openai response round trip: decode(encode(x)) == x")
{
    canonical::Response x;
    x.id = "chatcmpl-42";
    x.model = "deepseek-reasoner";
    x.created = 1750000000;
    x.content = {thinking("First, the weather."), Part::make_text("Let me check."),
                 call("call_1", "get_weather", R"({"city":"Paris"})"), call("call_2", "get_time", "{}")};
    x.finish = FinishReason::tool_calls;
    x.usage = {100, 50, 7, 40, 15, true};

    auto back = openai::decode_response(openai::encode_response(x));
    REQUIRE(back);
    CHECK(back->id == x.id);
    CHECK(back->model == x.model);
    CHECK(back->created == x.created);
    REQUIRE(back->content.size() == x.content.size());
    for (size_t i = 0; i < x.content.size(); ++i) {
        CAPTURE(i);
        CHECK(back->content[i].kind == x.content[i].kind);
        CHECK(back->content[i].text == x.content[i].text);
        CHECK(back->content[i].id == x.content[i].id);
        CHECK(back->content[i].name == x.content[i].name);
        CHECK(back->content[i].arguments == x.content[i].arguments);
    }
    CHECK(back->finish == x.finish);
    CHECK(back->usage.input == 100);
    CHECK(back->usage.cached_input == 50);
    CHECK(back->usage.cache_write == 7);
    CHECK(back->usage.output == 40);
    CHECK(back->usage.reasoning == 15);
    CHECK(back->usage.known);
}
