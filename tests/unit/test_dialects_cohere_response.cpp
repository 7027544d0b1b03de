#include "llmp/dialects/cohere.hpp"

#include <doctest/doctest.h>

using llmp::Json;
namespace canonical = llmp::canonical;
namespace cohere = llmp::dialects::cohere;
using Kind = canonical::Part::Kind;

TEST_CASE("cohere response: content, tool plan, tool calls, usage")
{
    auto body = Json::parse(R"({
        "id":"c-123","finish_reason":"TOOL_CALL",
        "message":{"role":"assistant",
          "content":[{"type":"thinking","thinking":"Paris is in France."},
                     {"type":"text","text":"Checking."},{"type":"citation","text":"ignored"}],
          "tool_plan":"I will look up the weather.",
          "tool_calls":[{"id":"get_weather_7","type":"function",
                         "function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                        {"id":"now_1","type":"function","function":{"name":"now","arguments":{"tz":"CET"}}}],
          "citations":[]},
        "usage":{"billed_units":{"input_tokens":90,"output_tokens":30},
                 "tokens":{"input_tokens":120,"output_tokens":31},"cached_tokens":20}})");
    auto response = cohere::decode_response(body);
    REQUIRE(response.has_value());
    CHECK(response->id == "c-123");
    CHECK(response->finish == canonical::FinishReason::tool_calls);
    REQUIRE(response->content.size() == 5);
    CHECK(response->content[0].kind == Kind::thinking);
    CHECK(response->content[0].text == "Paris is in France.");
    CHECK(response->content[1].kind == Kind::thinking);
    CHECK(response->content[1].text == "I will look up the weather.");
    CHECK(response->content[2].kind == Kind::text);
    CHECK(response->content[2].text == "Checking.");
    CHECK(response->content[3].kind == Kind::tool_call);
    CHECK(response->content[3].id == "get_weather_7");
    CHECK(response->content[3].name == "get_weather");
    CHECK(response->content[3].arguments == R"({"city":"Paris"})");
    CHECK(response->content[4].id == "now_1");
    CHECK(response->content[4].arguments == R"({"tz":"CET"})");
    CHECK(response->usage.known);
    CHECK(response->usage.input == 100);
    CHECK(response->usage.cached_input == 20);
    CHECK(response->usage.cache_write == 0);
    CHECK(response->usage.output == 31);
    CHECK(response->usage.reasoning == 0);
}

TEST_CASE("cohere response: finish reasons")
{
    using canonical::FinishReason;
    CHECK(cohere::finish_reason_from("COMPLETE") == FinishReason::stop);
    CHECK(cohere::finish_reason_from("STOP_SEQUENCE") == FinishReason::stop);
    CHECK(cohere::finish_reason_from("MAX_TOKENS") == FinishReason::length);
    CHECK(cohere::finish_reason_from("TOOL_CALL") == FinishReason::tool_calls);
    CHECK(cohere::finish_reason_from("ERROR") == FinishReason::error);
    CHECK(cohere::finish_reason_from("TIMEOUT") == FinishReason::error);
    CHECK(cohere::finish_reason_from("SOMETHING_NEW") == FinishReason::stop);
}

TEST_CASE("cohere usage buckets")
{
    SUBCASE("billed units stand in when tokens are absent")
    {
        auto u = cohere::usage_from(Json::parse(R"({"billed_units":{"input_tokens":12.0,"output_tokens":4.0}})"));
        CHECK(u.known);
        CHECK(u.input == 12);
        CHECK(u.cached_input == 0);
        CHECK(u.output == 4);
    }
    SUBCASE("cached tokens beyond the input are clamped")
    {
        auto u = cohere::usage_from(Json::parse(R"({"tokens":{"input_tokens":5,"output_tokens":-2},"cached_tokens":9})"));
        CHECK(u.input == 0);
        CHECK(u.cached_input == 5);
        CHECK(u.output == 0);
    }
    SUBCASE("no counts at all is unknown")
    {
        CHECK_FALSE(cohere::usage_from(Json::parse(R"({"cached_tokens":3})")).known);
        CHECK_FALSE(cohere::usage_from(Json(nullptr)).known);
    }
}

TEST_CASE("cohere response: odd bodies")
{
    SUBCASE("not an object")
    {
        auto response = cohere::decode_response(Json::parse("[1]"));
        REQUIRE_FALSE(response.has_value());
        CHECK(response.error().code == llmp::ErrorCode::upstream);
        CHECK(response.error().message == "Cohere response is not a JSON object");
    }
    SUBCASE("wrong types are skipped, not thrown")
    {
        auto response = cohere::decode_response(Json::parse(
            R"({"id":7,"finish_reason":"MAX_TOKENS","message":{"content":"text?","tool_calls":[{"function":{"name":1}}]},"usage":[]})"));
        REQUIRE(response.has_value());
        CHECK(response->id == "");
        CHECK(response->finish == canonical::FinishReason::length);
        REQUIRE(response->content.size() == 1);
        CHECK(response->content[0].kind == Kind::tool_call);
        CHECK(response->content[0].id.rfind("call_", 0) == 0);
        CHECK(response->content[0].name == "");
        CHECK_FALSE(response->usage.known);
    }
}
