#include "llmp/dialects/gemini.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <iomanip>
#include <sstream>

using llmp::canonical::ErrorType;
using llmp::upstream::Headers;
namespace gemini = llmp::dialects::gemini;

TEST_CASE("gemini error: the providers.md §4.4 example (429 with RetryInfo)")
{
    auto e = gemini::decode_error(429, {}, R"({"error":{"code":429,
        "message":"You exceeded your current quota, please check your plan and billing details.",
        "status":"RESOURCE_EXHAUSTED","details":[
        {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests",
          "quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier","quotaDimensions":{"model":"gemini-2.5-flash"},"quotaValue":"10"}]},
        {"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Learn more","url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]},
        {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}})");
    CHECK(e.status == 429);
    CHECK(e.type == ErrorType::rate_limit);
    CHECK(e.message == "You exceeded your current quota, please check your plan and billing details.");
    REQUIRE(e.retry_after_s.has_value());
    CHECK(*e.retry_after_s == 37.0);
}

TEST_CASE("gemini error: fractional retry delays")
{
    auto e = gemini::decode_error(429, {}, R"({"error":{"code":429,"message":"m","status":"RESOURCE_EXHAUSTED",
        "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.5s"}]}})");
    REQUIRE(e.retry_after_s.has_value());
    CHECK(*e.retry_after_s == 1.5);

    for (const char* delay : {"\"37\"", "\"s\"", "\"-3s\"", "\"abc s\"", "37"}) {
        CAPTURE(delay);
        std::string body = std::string(R"({"error":{"code":429,"message":"m","details":[{"@type":)") +
                           R"("type.googleapis.com/google.rpc.RetryInfo","retryDelay":)" + delay + "}]}}";
        CHECK_FALSE(gemini::decode_error(429, {}, body).retry_after_s.has_value());
    }
}

TEST_CASE("gemini error: wrapped in a JSON array")
{
    auto e = gemini::decode_error(
        503, {}, R"([{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}])");
    CHECK(e.status == 503);
    CHECK(e.type == ErrorType::overloaded);
    CHECK(e.message == "The model is overloaded. Please try again later.");
    CHECK_FALSE(e.retry_after_s.has_value());
}

TEST_CASE("gemini error: google.rpc status names")
{
    struct Case {
        int status;
        const char* rpc;
        ErrorType expected;
    };
    for (const Case& c : {
             Case{400, "INVALID_ARGUMENT", ErrorType::invalid_request},
             Case{400, "FAILED_PRECONDITION", ErrorType::invalid_request},
             Case{400, "OUT_OF_RANGE", ErrorType::invalid_request},
             Case{401, "UNAUTHENTICATED", ErrorType::authentication},
             Case{403, "PERMISSION_DENIED", ErrorType::permission},
             Case{404, "NOT_FOUND", ErrorType::not_found},
             Case{429, "RESOURCE_EXHAUSTED", ErrorType::rate_limit},
             Case{503, "UNAVAILABLE", ErrorType::overloaded},
             Case{504, "DEADLINE_EXCEEDED", ErrorType::timeout},
             Case{500, "INTERNAL", ErrorType::server},
             // The name wins over a status that says otherwise (a proxy in between, a 200 stream).
             Case{500, "RESOURCE_EXHAUSTED", ErrorType::rate_limit},
             Case{500, "DEADLINE_EXCEEDED", ErrorType::timeout},
             // Unknown or absent names fall back on the HTTP status.
             Case{409, "ABORTED", ErrorType::invalid_request},
             Case{502, "", ErrorType::server},
             Case{503, "SOMETHING_NEW", ErrorType::overloaded},
             Case{401, "", ErrorType::authentication},
         }) {
        CAPTURE(c.rpc);
        CAPTURE(c.status);
        std::string body = std::string(R"({"error":{"code":)") + std::to_string(c.status) +
                           R"(,"message":"m","status":")" + c.rpc + R"("}})";
        auto e = gemini::decode_error(c.status, {}, body);
        CHECK(e.type == c.expected);
        CHECK(e.status == c.status);
        CHECK(e.message == "m");
    }
}

TEST_CASE("gemini error: an invalid API key is an authentication failure")
{
    auto e = gemini::decode_error(400, {}, R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",
        "status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",
        "reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}}]}})");
    CHECK(e.status == 400);
    CHECK(e.type == ErrorType::authentication);
    CHECK(e.message == "API key not valid. Please pass a valid API key.");
}

TEST_CASE("gemini error: retry hints from headers")
{
    const char* with_retry_info = R"({"error":{"code":429,"message":"m","status":"RESOURCE_EXHAUSTED",
        "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}})";
    SUBCASE("retry-after in seconds wins over RetryInfo")
    {
        auto e = gemini::decode_error(429, Headers{{"Retry-After", "12"}}, with_retry_info);
        REQUIRE(e.retry_after_s.has_value());
        CHECK(*e.retry_after_s == 12.0);
    }
    SUBCASE("retry-after-ms wins over retry-after, in any order")
    {
        auto e = gemini::decode_error(
            429, Headers{{"retry-after", "12"}, {"x-other", "1"}, {"RETRY-AFTER-MS", "1500"}}, with_retry_info);
        REQUIRE(e.retry_after_s.has_value());
        CHECK(*e.retry_after_s == 1.5);
    }
    SUBCASE("an unreadable header falls back on RetryInfo")
    {
        auto e = gemini::decode_error(429, Headers{{"retry-after", "soon"}}, with_retry_info);
        REQUIRE(e.retry_after_s.has_value());
        CHECK(*e.retry_after_s == 37.0);
    }
    SUBCASE("an HTTP date")
    {
        std::time_t in_two_minutes = std::chrono::system_clock::to_time_t(
            std::chrono::system_clock::now() + std::chrono::seconds(120));
        std::tm tm{};
        gmtime_r(&in_two_minutes, &tm);
        std::ostringstream date;
        date << std::put_time(&tm, "%a, %d %b %Y %H:%M:%S GMT");
        auto e = gemini::decode_error(503, Headers{{"retry-after", date.str()}}, "");
        REQUIRE(e.retry_after_s.has_value());
        CHECK(*e.retry_after_s > 110.0);
        CHECK(*e.retry_after_s <= 120.0);

        auto past = gemini::decode_error(503, Headers{{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}}, "");
        CHECK_FALSE(past.retry_after_s.has_value());
    }
}

TEST_CASE("gemini error: bodies that are not Gemini's")
{
    SUBCASE("HTML from a proxy")
    {
        auto e = gemini::decode_error(502, {}, "  <html><body>Bad Gateway</body></html>\n");
        CHECK(e.status == 502);
        CHECK(e.type == ErrorType::server);
        CHECK(e.message == "<html><body>Bad Gateway</body></html>");
    }
    SUBCASE("an empty body")
    {
        auto e = gemini::decode_error(500, {}, "");
        CHECK(e.type == ErrorType::server);
        CHECK(e.message == "upstream returned HTTP 500");
    }
    SUBCASE("a long body is cut at 500 bytes, on a character boundary")
    {
        std::string body = std::string(499, 'a') + "é" + std::string(100, 'b');
        auto e = gemini::decode_error(500, {}, body);
        CHECK(e.message == std::string(499, 'a'));
        auto plain = gemini::decode_error(500, {}, std::string(600, 'c'));
        CHECK(plain.message == std::string(500, 'c'));
    }
    SUBCASE("an error string")
    {
        auto e = gemini::decode_error(404, {}, R"({"error":"model not found"})");
        CHECK(e.type == ErrorType::not_found);
        CHECK(e.message == "model not found");
    }
    SUBCASE("JSON without a message keeps the body")
    {
        auto e = gemini::decode_error(500, {}, R"({"error":{"code":500}})");
        CHECK(e.message == R"({"error":{"code":500}})");
        CHECK(e.type == ErrorType::server);
    }
}
