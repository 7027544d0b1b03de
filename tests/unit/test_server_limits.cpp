#include "llmp/server/limits.hpp"

#include <doctest/doctest.h>

using namespace llmp;
using namespace llmp::server;

namespace {

std::string nested(size_t depth, char open = '[', char close = ']')
{
    return std::string(depth, open) + std::string(depth, close);
}

std::string depth_error(const std::string& text, int max_depth = 512)
{
    auto checked = limits::check_json_depth(text, max_depth);
    return checked ? "" : checked.error().message;
}

std::string field_of(const std::string& text)
{
    try {
        Json ignored = Json::parse(text);
    } catch (const Json::exception& e) {
        return limits::json_error_field(text, e);
    }
    return "no error";
}

} // namespace

TEST_CASE("limits: check_json_depth")
{
    const std::string too_deep = "request body is JSON nested deeper than 512 levels";
    SUBCASE("at the limit passes, one more fails") {
        CHECK(depth_error(nested(512)) == "");
        CHECK(depth_error(nested(513)) == too_deep);
        CHECK(depth_error(nested(300, '{', '}') + nested(300)) == "");
    }
    SUBCASE("objects and arrays mixed") {
        std::string text;
        for (int i = 0; i < 300; ++i) text += R"({"a":[)";
        CHECK(depth_error(text) == too_deep);
    }
    SUBCASE("many siblings are not depth") {
        std::string text = "[";
        for (int i = 0; i < 10'000; ++i) text += "[1],";
        text += "[]]";
        CHECK(depth_error(text) == "");
    }
    SUBCASE("100,000 deep") { CHECK(depth_error(nested(100'000)) == too_deep); }
    SUBCASE("many shallow brackets inside strings are text") {
        std::string pairs;
        for (int i = 0; i < 1000; ++i) pairs += "[] {} ";
        CHECK(depth_error("[\"" + pairs + "\", \"" + std::string(1000, ']') + "\"]") == "");
    }
    SUBCASE("JSON inside a string nests below the string") {
        CHECK(depth_error("[\"" + std::string(600, '[') + "\"]") == too_deep);
        CHECK(depth_error(nested(300, '{', '}').substr(0, 300) + "\"" + std::string(300, '[') + "\"") == too_deep);
    }
    SUBCASE("brackets written as \\u escapes count") {
        std::string escaped;
        for (int i = 0; i < 600; ++i) escaped += "\\u005B";
        CHECK(depth_error("[\"" + escaped + "\"]") == too_deep);
        std::string other;
        for (int i = 0; i < 600; ++i) other += "\\u0041";
        CHECK(depth_error("[\"" + other + "\"]") == "");
    }
    SUBCASE("an escaped quote does not end the string") {
        // Were the string to end at \", its 300 brackets would stay open around the next 300.
        CHECK(depth_error("[\"\\\"" + std::string(300, '[') + "\"" + std::string(300, '[')) == "");
    }
    SUBCASE("the name of what is checked") {
        auto checked = limits::check_json_depth(nested(20), 10, "the upstream's answer");
        REQUIRE_FALSE(checked);
        CHECK(checked.error().code == ErrorCode::invalid_input);
        CHECK(checked.error().message == "the upstream's answer is JSON nested deeper than 10 levels");
    }
}

TEST_CASE("limits: parse_bounded")
{
    CHECK(limits::parse_bounded(R"({"a":[1,2]})")["a"][1] == 2);
    CHECK(limits::parse_bounded(nested(1000)).is_discarded());
    CHECK(limits::parse_bounded("{").is_discarded());
}

TEST_CASE("limits: json_error_field names the member whose value is wrong")
{
    CHECK(field_of(R"({"model":"m","max_tokens":1e400})") == " (at 'max_tokens')");
    CHECK(field_of(R"({"max_tokens": -1e999, "x": 1})") == " (at 'max_tokens')");
    CHECK(field_of(R"({"model":tru})") == " (at 'model')");
    CHECK(field_of("{\"content\":\"caf\xFF\"}") == " (at 'content')");
    CHECK(field_of(R"([1,2,)") == "");
    CHECK(field_of(R"({"a":[1,)") == "");
}

TEST_CASE("limits: body allowance and breach messages")
{
    CHECK(limits::body_allowance_ms(10'000, 0) == 10'000);
    CHECK(limits::body_allowance_ms(10'000, 64 * 1024) == 11'000);
    CHECK(limits::body_allowance_ms(10'000, 32 << 20) == 10'000 + 512'000);

    using limits::Breach;
    using limits::Phase;
    limits::BreachSettings settings{65536, 1000, 20};
    SUBCASE("statuses") {
        CHECK(limits::status_for(Breach::line_too_long, Phase::request_line) == 414);
        CHECK(limits::status_for(Breach::line_too_long, Phase::headers) == 431);
        CHECK(limits::status_for(Breach::head_too_large, Phase::headers) == 431);
        CHECK(limits::status_for(Breach::too_many_headers, Phase::headers) == 431);
        CHECK(limits::status_for(Breach::body_too_large, Phase::body) == 413);
        CHECK(limits::status_for(Breach::too_slow, Phase::request_line) == 408);
        CHECK(limits::status_for(Breach::too_many_connections, Phase::request_line) == 503);
    }
    SUBCASE("messages") {
        CHECK(limits::message_for(Breach::too_slow, Phase::headers, settings)
              == "request headers did not arrive within 1000 ms (server.request_timeout_ms)");
        CHECK(limits::message_for(Breach::too_slow, Phase::body, settings)
              == "request body arrived too slowly: it gets 1000 ms (server.request_timeout_ms) plus one second "
                 "per 65536 bytes");
        CHECK(limits::message_for(Breach::body_too_large, Phase::body, settings)
              == "request body is larger than the limit of 65536 bytes (server.max_body_bytes)");
        CHECK(limits::message_for(Breach::line_too_long, Phase::request_line, settings)
              == "request line is longer than 8192 bytes");
        CHECK(limits::message_for(Breach::too_many_connections, Phase::request_line, settings)
              == "too many open connections (server.max_connections = 20); retry shortly");
        CHECK(limits::code_for(Breach::too_slow, Phase::headers) == "request_timeout");
    }
}
