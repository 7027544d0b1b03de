#include "llmp/dialects/anthropic.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <string>

using llmp::canonical::ErrorType;
using llmp::canonical::UpstreamError;
using llmp::upstream::Headers;
namespace anthropic = llmp::dialects::anthropic;

namespace {

std::string body_for(const std::string& type, const std::string& message)
{
    return R"({"type":"error","error":{"type":")" + type + R"(","message":")" + message + R"("},"request_id":"req_1"})";
}

UpstreamError error_of(ErrorType type, int status, const std::string& message,
                       std::optional<double> retry_after = std::nullopt)
{
    UpstreamError e;
    e.type = type;
    e.status = status;
    e.message = message;
    e.retry_after_s = retry_after;
    return e;
}

std::string http_date(std::chrono::system_clock::time_point when)
{
    std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buffer;
}

} // namespace

TEST_CASE("anthropic decode_error: error.type decides the canonical type")
{
    struct Row {
        const char* type;
        int status;
        ErrorType expected;
    };
    const Row rows[] = {
        {"invalid_request_error", 400, ErrorType::invalid_request},
        {"authentication_error", 401, ErrorType::authentication},
        {"billing_error", 402, ErrorType::quota},
        {"permission_error", 403, ErrorType::permission},
        {"not_found_error", 404, ErrorType::not_found},
        {"request_too_large", 413, ErrorType::too_large},
        {"rate_limit_error", 429, ErrorType::rate_limit},
        {"api_error", 500, ErrorType::server},
        {"timeout_error", 504, ErrorType::timeout},
        {"overloaded_error", 529, ErrorType::overloaded},
        // The type wins over the status: a gateway may rewrite the status.
        {"overloaded_error", 500, ErrorType::overloaded},
        // An unknown type falls back on the status.
        {"brand_new_error", 429, ErrorType::rate_limit},
        {"brand_new_error", 529, ErrorType::overloaded},
        {"brand_new_error", 418, ErrorType::invalid_request},
    };
    for (const auto& row : rows) {
        CAPTURE(row.type);
        CAPTURE(row.status);
        UpstreamError e = anthropic::decode_error(row.status, {}, body_for(row.type, "it failed"));
        CHECK(e.type == row.expected);
        CHECK(e.status == row.status);
        CHECK(e.message == "it failed");
        CHECK_FALSE(e.retry_after_s.has_value());
    }
}

TEST_CASE("anthropic decode_error: bodies that are not Anthropic's")
{
    SUBCASE("HTML from a proxy in between")
    {
        UpstreamError e = anthropic::decode_error(502, {}, "  <html><body>Bad Gateway</body></html>\n");
        CHECK(e.type == ErrorType::server);
        CHECK(e.status == 502);
        CHECK(e.message == "<html><body>Bad Gateway</body></html>");
    }
    SUBCASE("empty body")
    {
        UpstreamError e = anthropic::decode_error(529, {}, "");
        CHECK(e.type == ErrorType::overloaded);
        CHECK(e.message == "anthropic upstream answered HTTP 529");
    }
    SUBCASE("a long body is cut, not inside a UTF-8 character")
    {
        std::string body = std::string(299, 'x') + "é" + std::string(100, 'y');
        UpstreamError e = anthropic::decode_error(500, {}, body);
        CHECK(e.message == std::string(299, 'x') + "...");
    }
    SUBCASE("other JSON shapes")
    {
        CHECK(anthropic::decode_error(503, {}, R"({"error":"upstream unavailable"})").message == "upstream unavailable");
        CHECK(anthropic::decode_error(503, {}, R"({"error":"upstream unavailable"})").type == ErrorType::overloaded);
        CHECK(anthropic::decode_error(400, {}, R"({"message":"bad"})").message == "bad");
        CHECK(anthropic::decode_error(401, {}, R"({"error":{"type":5}})").message == "anthropic upstream answered HTTP 401");
        CHECK(anthropic::decode_error(401, {}, R"({"error":{"type":5}})").type == ErrorType::authentication);
        CHECK(anthropic::decode_error(500, {}, "[1,2]").message == "[1,2]");
    }
}

TEST_CASE("anthropic decode_error: retry hints")
{
    auto retry = [](Headers headers) {
        return anthropic::decode_error(429, headers, body_for("rate_limit_error", "slow")).retry_after_s;
    };
    CHECK(retry({{"retry-after", "7"}}) == 7.0);
    CHECK(retry({{"Retry-After", " 2.5 "}}) == 2.5);
    CHECK(retry({{"retry-after-ms", "1500"}}) == 1.5);
    CHECK(retry({{"retry-after", "30"}, {"Retry-After-Ms", "250"}}) == 0.25);  // ms wins
    CHECK_FALSE(retry({{"retry-after", "0"}}).has_value());
    CHECK_FALSE(retry({{"retry-after", "-3"}}).has_value());
    CHECK_FALSE(retry({{"retry-after", "soon"}}).has_value());
    CHECK_FALSE(retry({{"x-other", "5"}}).has_value());
    CHECK(retry({{"retry-after-ms", "oops"}, {"retry-after", "4"}}) == 4.0);

    auto now = std::chrono::system_clock::now();
    auto later = retry({{"retry-after", http_date(now + std::chrono::seconds(120))}});
    REQUIRE(later.has_value());
    CHECK(*later > 100);
    CHECK(*later <= 121);
    CHECK_FALSE(retry({{"retry-after", http_date(now - std::chrono::seconds(120))}}).has_value());
}

TEST_CASE("anthropic encode_error: status and type by canonical type")
{
    struct Row {
        ErrorType type;
        int upstream_status;
        int status;
        const char* wire_type;
    };
    const Row rows[] = {
        {ErrorType::invalid_request, 422, 400, "invalid_request_error"},
        {ErrorType::authentication, 401, 401, "authentication_error"},
        {ErrorType::permission, 403, 403, "permission_error"},
        {ErrorType::not_found, 404, 404, "not_found_error"},
        {ErrorType::too_large, 413, 413, "request_too_large"},
        {ErrorType::rate_limit, 429, 429, "rate_limit_error"},
        {ErrorType::overloaded, 503, 529, "overloaded_error"},
        {ErrorType::timeout, 408, 504, "timeout_error"},
        {ErrorType::server, 500, 500, "api_error"},
        {ErrorType::server, 502, 502, "api_error"},
        {ErrorType::server, 503, 503, "api_error"},
        {ErrorType::server, 501, 500, "api_error"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.wire_type);
        CAPTURE(row.upstream_status);
        auto wire = anthropic::encode_error(error_of(row.type, row.upstream_status, "went wrong"));
        CHECK(wire.status == row.status);
        CHECK(wire.body == std::string(R"({"type":"error","error":{"type":")") + row.wire_type +
                               R"(","message":"went wrong"}})");
        CHECK(wire.headers.empty());
        CHECK(anthropic::wire_status(row.type) == (row.type == ErrorType::server ? 500 : row.status));
        CHECK(std::string(anthropic::wire_error_type(row.type)) == row.wire_type);
    }
}

TEST_CASE("anthropic encode_error: quota, retry-after, empty messages")
{
    auto quota = anthropic::encode_error(error_of(ErrorType::quota, 402, "credit balance too low"));
    CHECK(quota.status == 429);
    CHECK(quota.body == R"({"type":"error","error":{"type":"rate_limit_error","message":"quota exhausted: credit balance too low"}})");
    auto said = anthropic::encode_error(error_of(ErrorType::quota, 429, "You exceeded your current Quota"));
    CHECK(said.body == R"({"type":"error","error":{"type":"rate_limit_error","message":"You exceeded your current Quota"}})");

    auto limited = anthropic::encode_error(error_of(ErrorType::rate_limit, 429, "slow down", 1.2));
    CHECK(limited.headers == Headers{{"retry-after", "2"}});
    auto whole = anthropic::encode_error(error_of(ErrorType::overloaded, 529, "Overloaded", 30.0));
    CHECK(whole.headers == Headers{{"retry-after", "30"}});
    auto tiny = anthropic::encode_error(error_of(ErrorType::overloaded, 529, "Overloaded", 0.001));
    CHECK(tiny.headers == Headers{{"retry-after", "1"}});
    CHECK(anthropic::encode_error(error_of(ErrorType::rate_limit, 429, "x", 0.0)).headers.empty());

    auto empty = anthropic::encode_error(error_of(ErrorType::timeout, 504, ""));
    CHECK(empty.body == R"({"type":"error","error":{"type":"timeout_error","message":"upstream error: timeout"}})");
}

TEST_CASE("anthropic errors round-trip through the wire")
{
    for (ErrorType type : {ErrorType::invalid_request, ErrorType::authentication, ErrorType::permission,
                           ErrorType::not_found, ErrorType::too_large, ErrorType::rate_limit, ErrorType::overloaded,
                           ErrorType::timeout, ErrorType::server}) {
        CAPTURE(llmp::canonical::error_type_name(type));
        auto wire = anthropic::encode_error(error_of(type, 500, "m", 3.0));
        UpstreamError back = anthropic::decode_error(wire.status, wire.headers, wire.body);
        CHECK(back.type == type);
        CHECK(back.message == "m");
        CHECK(back.retry_after_s == 3.0);
    }
}
