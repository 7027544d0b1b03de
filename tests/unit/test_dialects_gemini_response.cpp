#include "llmp/dialects/gemini.hpp"

#include <doctest/doctest.h>

using llmp::Json;
using llmp::canonical::FinishReason;
using llmp::canonical::Part;
using llmp::canonical::Response;
namespace gemini = llmp::dialects::gemini;

namespace {

Response decoded(const char* body)
{
    auto response = gemini::decode_response(Json::parse(body));
    REQUIRE_MESSAGE(response.has_value(), response.error().message);
    return *response;
}

bool generated_id(const std::string& id)
{
    return id.starts_with("call_") && id.size() == 29 &&
           id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               std::string::npos;
}

} // namespace

TEST_CASE("gemini response: the providers.md §4.2 example")
{
    Response r = decoded(R"({"candidates":[{"content":{"role":"model","parts":[
        {"text":"thinking…","thought":true},
        {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"EjQK…"}]},
       "finishReason":"STOP","index":0,"safetyRatings":[]}],
     "usageMetadata":{"promptTokenCount":120,"candidatesTokenCount":15,"thoughtsTokenCount":80,
       "cachedContentTokenCount":0,"toolUsePromptTokenCount":0,"totalTokenCount":215},
     "modelVersion":"gemini-2.5-flash","responseId":"abc"})");

    CHECK(r.id == "abc");
    CHECK(r.model == "gemini-2.5-flash");
    CHECK(r.created == 0);
    REQUIRE(r.content.size() == 2);
    CHECK(r.content[0].kind == Part::Kind::thinking);
    CHECK(r.content[0].text == "thinking…");
    CHECK(r.content[0].signature == "");
    CHECK(r.content[1].kind == Part::Kind::tool_call);
    CHECK(generated_id(r.content[1].id));
    CHECK(r.content[1].name == "get_weather");
    CHECK(r.content[1].arguments == R"({"city":"Paris"})");
    CHECK(r.content[1].signature == "EjQK…");
    // STOP with a functionCall part is a tool-calling turn.
    CHECK(r.finish == FinishReason::tool_calls);
    CHECK(r.usage.known);
    CHECK(r.usage.input == 120);
    CHECK(r.usage.cached_input == 0);
    CHECK(r.usage.cache_write == 0);
    CHECK(r.usage.output == 95);
    CHECK(r.usage.reasoning == 80);
}

TEST_CASE("gemini response: text, in order, with ids and signatures kept")
{
    Response r = decoded(R"({"candidates":[{"content":{"role":"model","parts":[
        {"text":"Hello"},
        {"text":", world","thoughtSignature":"sig-text"},
        {"functionCall":{"id":"fc-7","name":"f","args":{}}},
        {"functionCall":{"name":"g"}},
        {"executableCode":{"language":"PYTHON","code":"1"}},
        {"text":""},
        {"text":"","thought":true,"thoughtSignature":"sig-thought"}]},
       "finishReason":"STOP"}],"responseId":"r1","modelVersion":"m"})");
    REQUIRE(r.content.size() == 5);
    CHECK(r.content[0].kind == Part::Kind::text);
    CHECK(r.content[0].text == "Hello");
    CHECK(r.content[1].kind == Part::Kind::text);
    CHECK(r.content[1].text == ", world");
    CHECK(r.content[1].signature == "sig-text");
    CHECK(r.content[2].id == "fc-7");
    CHECK(r.content[2].arguments == "{}");
    CHECK(r.content[2].signature == "");
    CHECK(r.content[3].name == "g");
    CHECK(r.content[3].arguments == "{}");  // no args at all
    CHECK(generated_id(r.content[3].id));
    CHECK(r.content[3].id != r.content[1].id);
    CHECK(r.content[4].kind == Part::Kind::thinking);
    CHECK(r.content[4].text == "");
    CHECK(r.content[4].signature == "sig-thought");
    CHECK(r.finish == FinishReason::tool_calls);
    CHECK_FALSE(r.usage.known);
}

TEST_CASE("gemini response: plain text ends with stop")
{
    Response r = decoded(R"({"candidates":[{"content":{"parts":[{"text":"Hi"}]},"finishReason":"STOP"}]})");
    REQUIRE(r.content.size() == 1);
    CHECK(r.content[0].text == "Hi");
    CHECK(r.finish == FinishReason::stop);
}

TEST_CASE("gemini response: a call cut short by the token limit stays length")
{
    Response r = decoded(
        R"({"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{}}}]},"finishReason":"MAX_TOKENS"}]})");
    CHECK(r.finish == FinishReason::length);
}

TEST_CASE("gemini response: usage buckets")
{
    SUBCASE("promptTokenCount includes the cached tokens; tool-use prompt tokens are input")
    {
        auto u = gemini::usage_from(Json::parse(R"({"promptTokenCount":1000,"cachedContentTokenCount":600,
            "toolUsePromptTokenCount":50,"candidatesTokenCount":20,"thoughtsTokenCount":30,"totalTokenCount":1100})"));
        CHECK(u.known);
        CHECK(u.input == 450);
        CHECK(u.cached_input == 600);
        CHECK(u.cache_write == 0);
        CHECK(u.output == 50);
        CHECK(u.reasoning == 30);
        CHECK(u.prompt_total() == 1050);
    }
    SUBCASE("missing counts are zero")
    {
        auto u = gemini::usage_from(Json::parse(R"({"promptTokenCount":7})"));
        CHECK(u.known);
        CHECK(u.input == 7);
        CHECK(u.output == 0);
        CHECK(u.reasoning == 0);
    }
    SUBCASE("nonsense is clamped")
    {
        auto u = gemini::usage_from(Json::parse(
            R"({"promptTokenCount":5,"cachedContentTokenCount":9,"candidatesTokenCount":-4,"thoughtsTokenCount":"x"})"));
        CHECK(u.input == 0);
        CHECK(u.cached_input == 5);
        CHECK(u.output == 0);
        CHECK(u.reasoning == 0);
    }
    SUBCASE("floats are truncated; absurd numbers are zero")
    {
        auto u = gemini::usage_from(Json::parse(
            R"({"promptTokenCount":12.9,"candidatesTokenCount":1e300,"thoughtsTokenCount":18446744073709551615})"));
        CHECK(u.input == 12);
        CHECK(u.output == 0);
        CHECK(u.reasoning == 0);
    }
    SUBCASE("not an object: unknown")
    {
        CHECK_FALSE(gemini::usage_from(Json(nullptr)).known);
        CHECK_FALSE(gemini::usage_from(Json::array()).known);
    }
}

TEST_CASE("gemini finish reasons (§9.2)")
{
    struct Case {
        const char* reason;
        FinishReason expected;
    };
    for (const Case& c : {
             Case{"STOP", FinishReason::stop},
             Case{"MAX_TOKENS", FinishReason::length},
             Case{"SAFETY", FinishReason::content_filter},
             Case{"RECITATION", FinishReason::content_filter},
             Case{"BLOCKLIST", FinishReason::content_filter},
             Case{"PROHIBITED_CONTENT", FinishReason::content_filter},
             Case{"SPII", FinishReason::content_filter},
             Case{"IMAGE_SAFETY", FinishReason::content_filter},
             Case{"IMAGE_PROHIBITED_CONTENT", FinishReason::content_filter},
             Case{"IMAGE_RECITATION", FinishReason::content_filter},
             Case{"IMAGE_OTHER", FinishReason::content_filter},
             Case{"NO_IMAGE", FinishReason::stop},
             Case{"LANGUAGE", FinishReason::stop},
             Case{"OTHER", FinishReason::stop},
             Case{"FINISH_REASON_UNSPECIFIED", FinishReason::stop},
             Case{"MALFORMED_FUNCTION_CALL", FinishReason::stop},
             Case{"UNEXPECTED_TOOL_CALL", FinishReason::stop},
             Case{"TOO_MANY_TOOL_CALLS", FinishReason::stop},
             Case{"SOMETHING_NEW", FinishReason::stop},
             Case{"", FinishReason::stop},
         }) {
        CAPTURE(c.reason);
        CHECK(gemini::finish_reason_from(c.reason) == c.expected);
    }
}

TEST_CASE("gemini response: a blocked prompt")
{
    Response r = decoded(R"({"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},
        "usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.5-pro","responseId":"b1"})");
    CHECK(r.content.empty());
    CHECK(r.finish == FinishReason::content_filter);
    CHECK(r.id == "b1");
    CHECK(r.usage.input == 9);
    CHECK(r.usage.output == 0);

    Response empty = decoded(R"({"candidates":[],"responseId":"e1"})");
    CHECK(empty.content.empty());
    CHECK(empty.finish == FinishReason::stop);
}

TEST_CASE("gemini response: a safety stop keeps what came before")
{
    Response r = decoded(R"({"candidates":[{"content":{"parts":[{"text":"Part"}]},"finishReason":"SAFETY"}]})");
    REQUIRE(r.content.size() == 1);
    CHECK(r.finish == FinishReason::content_filter);
}

TEST_CASE("gemini response: odd shapes are tolerated, non-objects refused")
{
    for (const char* body : {R"({"candidates":[{"content":{"parts":"x"}}]})",
                             R"({"candidates":[{"content":[]}]})", R"({"candidates":[7]})",
                             R"({"candidates":[{"content":{"parts":[1,null,{"text":5},{"functionCall":"f"}]}}]})",
                             R"({"candidates":{"a":1},"usageMetadata":[]})"}) {
        CAPTURE(body);
        Response r = decoded(body);
        CHECK(r.content.empty());
        CHECK(r.finish == FinishReason::stop);
    }
    auto refused = gemini::decode_response(Json::parse("[1]"));
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == llmp::ErrorCode::upstream);
    CHECK(refused.error().message == "Gemini response is not a JSON object");
}
