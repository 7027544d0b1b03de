#include "llmp/dialects/openai.hpp"

#include <doctest/doctest.h>

using llmp::Json;
namespace canonical = llmp::canonical;
namespace openai = llmp::dialects::openai;
using canonical::ErrorType;

TEST_CASE("openai decode_error: every flavour of error body")
{
    SUBCASE("OpenAI 429, rate limited, retry-after-ms before retry-after")
    {
        auto e = openai::decode_error(
            429, {{"Retry-After", "3"}, {"retry-after-ms", "1500"}},
            R"({"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}})");
        CHECK(e.status == 429);
        CHECK(e.type == ErrorType::rate_limit);
        CHECK(e.message == "Rate limit reached for requests");
        REQUIRE(e.retry_after_s.has_value());
        CHECK(*e.retry_after_s == doctest::Approx(1.5));
    }
    SUBCASE("OpenAI 429, out of quota")
    {
        auto e = openai::decode_error(
            429, {{"retry-after", "20"}},
            R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})");
        CHECK(e.type == ErrorType::quota);
        CHECK(e.message == "You exceeded your current quota");
        REQUIRE(e.retry_after_s.has_value());
        CHECK(*e.retry_after_s == doctest::Approx(20.0));
    }
    SUBCASE("Mistral's flat error")
    {
        auto e = openai::decode_error(
            400, {}, R"({"object":"error","message":"Tool call id was abc but must be a-z, A-Z, 0-9, with a length of 9.","type":"invalid_request_message_error","param":null,"code":null})");
        CHECK(e.status == 400);
        CHECK(e.type == ErrorType::invalid_request);
        CHECK(e.message == "Tool call id was abc but must be a-z, A-Z, 0-9, with a length of 9.");
        CHECK_FALSE(e.retry_after_s.has_value());
    }
    SUBCASE("a bare error string (Ollama)")
    {
        auto e = openai::decode_error(404, {}, R"({"error":"model \"llama9\" not found, try pulling it first"})");
        CHECK(e.type == ErrorType::not_found);
        CHECK(e.message == "model \"llama9\" not found, try pulling it first");
    }
    SUBCASE("OpenRouter's numeric code")
    {
        auto e = openai::decode_error(402, {}, R"({"error":{"code":402,"message":"Insufficient credits","metadata":{}}})");
        CHECK(e.status == 402);
        CHECK(e.type == ErrorType::quota);
        CHECK(e.message == "Insufficient credits");
    }
    SUBCASE("a numeric code inside a 200 says the real status")
    {
        auto e = openai::decode_error(200, {}, R"({"error":{"code":502,"message":"Provider down"}})");
        CHECK(e.status == 502);
        CHECK(e.type == ErrorType::server);
    }
    SUBCASE("llama.cpp context overflow")
    {
        auto e = openai::decode_error(400, {}, R"j({"error":{"code":400,"message":"request (4476 tokens) exceeds the available context size (4096 tokens)","type":"exceed_context_size_error","n_prompt_tokens":4476,"n_ctx":4096}})j");
        CHECK(e.status == 400);
        CHECK(e.type == ErrorType::invalid_request);
        CHECK(e.message == "request (4476 tokens) exceeds the available context size (4096 tokens)");
    }
    SUBCASE("DeepSeek 503 overloaded")
    {
        auto e = openai::decode_error(503, {}, R"({"error":{"message":"Server overloaded","type":"service_unavailable_error"}})");
        CHECK(e.type == ErrorType::overloaded);
    }
    SUBCASE("FastAPI's detail")
    {
        auto e = openai::decode_error(401, {}, R"({"detail":"Invalid API key"})");
        CHECK(e.type == ErrorType::authentication);
        CHECK(e.message == "Invalid API key");
    }
    SUBCASE("not JSON: the start of the body")
    {
        auto e = openai::decode_error(502, {}, "  <html><body>Bad Gateway</body></html>\n");
        CHECK(e.status == 502);
        CHECK(e.type == ErrorType::server);
        CHECK(e.message == "<html><body>Bad Gateway</body></html>");
    }
    SUBCASE("a long body is cut on a character boundary")
    {
        std::string body = std::string(199, 'x') + "é and more";
        auto e = openai::decode_error(500, {}, body);
        CHECK(e.message == std::string(199, 'x'));
    }
    SUBCASE("nothing at all")
    {
        auto e = openai::decode_error(504, {}, "");
        CHECK(e.type == ErrorType::timeout);
        CHECK(e.message == "upstream returned HTTP 504");
    }
    SUBCASE("retry hints that cannot be read are ignored")
    {
        CHECK_FALSE(openai::decode_error(429, {{"retry-after", "soon"}}, "").retry_after_s.has_value());
        CHECK_FALSE(openai::decode_error(429, {{"retry-after-ms", "-5"}}, "").retry_after_s.has_value());
        auto fallback = openai::decode_error(429, {{"retry-after-ms", "x"}, {"RETRY-AFTER", " 2.5 "}}, "");
        REQUIRE(fallback.retry_after_s.has_value());
        CHECK(*fallback.retry_after_s == doctest::Approx(2.5));
        CHECK(openai::decode_error(429, {}, "").type == ErrorType::rate_limit);
    }
}

TEST_CASE("openai encode_error: the mapping table")
{
    struct Row {
        ErrorType type;
        int upstream_status;
        int status;
        const char* type_name;
        const char* code;  // nullptr = JSON null
    };
    const Row rows[] = {
        {ErrorType::invalid_request, 422, 400, "invalid_request_error", nullptr},
        {ErrorType::authentication, 401, 401, "authentication_error", nullptr},
        {ErrorType::permission, 403, 403, "permission_error", nullptr},
        {ErrorType::not_found, 404, 404, "not_found_error", nullptr},
        {ErrorType::too_large, 413, 413, "invalid_request_error", "request_too_large"},
        {ErrorType::rate_limit, 429, 429, "rate_limit_error", "rate_limit_exceeded"},
        {ErrorType::quota, 402, 429, "insufficient_quota", "insufficient_quota"},
        {ErrorType::overloaded, 529, 503, "server_error", nullptr},
        {ErrorType::timeout, 408, 504, "server_error", "upstream_timeout"},
        {ErrorType::server, 502, 502, "server_error", nullptr},
        {ErrorType::server, 500, 500, "server_error", nullptr},
        {ErrorType::server, 200, 500, "server_error", nullptr},
    };
    for (const auto& row : rows) {
        CAPTURE(canonical::error_type_name(row.type));
        CAPTURE(row.upstream_status);
        canonical::UpstreamError error{row.upstream_status, row.type, "it broke", std::nullopt};
        auto wire = openai::encode_error(error);
        CHECK(wire.status == row.status);
        Json code = row.code ? Json(row.code) : Json(nullptr);
        CHECK(wire.body
              == R"({"error":{"message":"it broke","type":")" + std::string(row.type_name)
                  + R"(","param":null,"code":)" + code.dump() + "}}");
        CHECK(wire.headers.empty());
    }
}

TEST_CASE("openai encode_error: retry-after in whole seconds, rounded up; a message always")
{
    canonical::UpstreamError error{429, ErrorType::rate_limit, "", 1.2};
    auto wire = openai::encode_error(error);
    CHECK(wire.body
          == R"({"error":{"message":"upstream returned HTTP 429","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}})");
    REQUIRE(wire.headers.size() == 1);
    CHECK(wire.headers[0].first == "retry-after");
    CHECK(wire.headers[0].second == "2");

    error.retry_after_s = 3.0;
    CHECK(openai::encode_error(error).headers[0].second == "3");
    error.retry_after_s = 0.0;
    CHECK(openai::encode_error(error).headers[0].second == "0");
}

TEST_CASE("openai errors: decode then encode keeps what a client needs")
{
    auto upstream = openai::decode_error(529, {{"retry-after", "7"}}, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
    auto wire = openai::encode_error(upstream);
    CHECK(wire.status == 503);
    CHECK(wire.body == R"({"error":{"message":"Overloaded","type":"server_error","param":null,"code":null}})");
    REQUIRE(wire.headers.size() == 1);
    CHECK(wire.headers[0].second == "7");
}

TEST_CASE("openai error_type_from: words before statuses")
{
    CHECK(openai::error_type_from(429, "insufficient_quota", "") == ErrorType::quota);
    CHECK(openai::error_type_from(429, "", "insufficient_quota") == ErrorType::quota);
    CHECK(openai::error_type_from(429, "tokens", "") == ErrorType::rate_limit);
    CHECK(openai::error_type_from(500, "", "rate_limit_exceeded") == ErrorType::rate_limit);
    CHECK(openai::error_type_from(500, "rate_limit_error", "") == ErrorType::rate_limit);
    CHECK(openai::error_type_from(400, "invalid_request_error", "context_length_exceeded") == ErrorType::invalid_request);
    CHECK(openai::error_type_from(503, "", "") == ErrorType::overloaded);
}
