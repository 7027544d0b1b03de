#include "llmp/dialects/openai.hpp"

#include <doctest/doctest.h>

#include <cstdint>

using llmp::Json;
namespace openai = llmp::dialects::openai;

TEST_CASE("openai usage normalisation")
{
    SUBCASE("cached tokens are a subset of prompt tokens")
    {
        auto u = openai::usage_from(Json::parse(R"({"prompt_tokens":100,"completion_tokens":40,
            "prompt_tokens_details":{"cached_tokens":30},"completion_tokens_details":{"reasoning_tokens":12}})"));
        CHECK(u.known);
        CHECK(u.input == 70);
        CHECK(u.cached_input == 30);
        CHECK(u.cache_write == 0);
        CHECK(u.output == 40);
        CHECK(u.reasoning == 12);
        CHECK(u.prompt_total() == 100);
    }
    SUBCASE("cache writes (2026 spec)")
    {
        auto u = openai::usage_from(Json::parse(R"({"prompt_tokens":100,"completion_tokens":1,
            "prompt_tokens_details":{"cached_tokens":10,"cache_write_tokens":50}})"));
        CHECK(u.input == 40);
        CHECK(u.cached_input == 10);
        CHECK(u.cache_write == 50);
    }
    SUBCASE("DeepSeek cache hits")
    {
        auto u = openai::usage_from(Json::parse(
            R"({"prompt_tokens":20,"completion_tokens":5,"prompt_cache_hit_tokens":8,"prompt_cache_miss_tokens":12})"));
        CHECK(u.input == 12);
        CHECK(u.cached_input == 8);
    }
    SUBCASE("absurd sizes are capped, so sums cannot overflow")
    {
        auto u = openai::usage_from(Json::parse(
            R"({"prompt_tokens":1e300,"completion_tokens":18446744073709551615})"));
        CHECK(u.input == 1'000'000'000'000'000);
        CHECK(u.output == 1'000'000'000'000'000);
        llmp::canonical::Usage huge{INT64_MAX, INT64_MAX, 0, INT64_MAX, 0, true};
        auto json = openai::usage_json(huge);
        CHECK(json["prompt_tokens"] == INT64_MAX);
        CHECK(json["total_tokens"] == INT64_MAX);
    }
    SUBCASE("null usage is unknown")
    {
        CHECK_FALSE(openai::usage_from(Json(nullptr)).known);
    }
    SUBCASE("nonsense is clamped, not trusted")
    {
        auto u = openai::usage_from(Json::parse(
            R"({"prompt_tokens":5,"completion_tokens":-3,"prompt_tokens_details":{"cached_tokens":9}})"));
        CHECK(u.input == 0);
        CHECK(u.cached_input == 5);
        CHECK(u.output == 0);
    }
}

TEST_CASE("openai error body has all four keys")
{
    auto body = Json::parse(openai::error_body("bad", "invalid_request_error", ""));
    CHECK(body.dump() == R"({"error":{"message":"bad","type":"invalid_request_error","param":null,"code":null}})");
    auto coded = Json::parse(openai::error_body("slow", "server_error", "upstream_timeout"));
    CHECK(coded["error"]["code"] == "upstream_timeout");
}

TEST_CASE("openai error messages from upstream bodies of every flavour")
{
    CHECK(openai::error_message_from(R"({"error":{"message":"m1","type":"x"}})") == "m1");
    CHECK(openai::error_message_from(R"({"error":"m2"})") == "m2");
    CHECK(openai::error_message_from(R"({"object":"error","message":"m3"})") == "m3");
    CHECK(openai::error_message_from("<html>") == "");
}

TEST_CASE("openai usage_json: every input bucket in prompt_tokens")
{
    SUBCASE("cache writes are said only when there are some")
    {
        llmp::canonical::Usage u{10, 20, 5, 30, 12, true};
        CHECK(openai::usage_json(u).dump()
              == R"({"prompt_tokens":35,"completion_tokens":30,"total_tokens":65,)"
                 R"("prompt_tokens_details":{"cached_tokens":20,"cache_write_tokens":5},)"
                 R"("completion_tokens_details":{"reasoning_tokens":12}})");
        llmp::canonical::Usage plain{9, 0, 0, 12, 0, true};
        CHECK(openai::usage_json(plain).dump()
              == R"({"prompt_tokens":9,"completion_tokens":12,"total_tokens":21,)"
                 R"("prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}})");
    }
    SUBCASE("and back")
    {
        llmp::canonical::Usage u{10, 20, 5, 30, 12, true};
        auto back = openai::usage_from(openai::usage_json(u));
        CHECK(back.input == 10);
        CHECK(back.cached_input == 20);
        CHECK(back.cache_write == 5);
        CHECK(back.output == 30);
        CHECK(back.reasoning == 12);
    }
}

TEST_CASE("openai dump never throws on invalid UTF-8")
{
    Json value = std::string("a\xff b");
    CHECK(openai::dump(value) == "\"a\xEF\xBF\xBD b\"");
    CHECK(openai::error_body(std::string("bad \xC3"), "server_error", "")
          == "{\"error\":{\"message\":\"bad \xEF\xBF\xBD\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
}
