// Bugs the fuzz targets (tests/fuzz) and the review for them found, each as a plain unit test
// of the fixed behaviour. The crashing inputs themselves are in tests/fuzz/regressions/.
#include "llmp/canonical/json.hpp"
#include "llmp/canonical/tool_ids.hpp"
#include "llmp/config/loader.hpp"
#include "llmp/dialects/anthropic.hpp"
#include "llmp/dialects/gemini.hpp"
#include "llmp/dialects/openai.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using llmp::Json;
namespace json = llmp::json;
namespace anthropic = llmp::dialects::anthropic;
namespace gemini = llmp::dialects::gemini;
namespace openai = llmp::dialects::openai;

namespace {

// `levels` arrays, one inside the other: "[[[...]]]".
std::string nested(size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

// Deep enough to overflow the stack of a recursive copy, dump() or even parse.
constexpr size_t k_deep = 100'000;

} // namespace

TEST_CASE("fuzz finding: JSON nested deeper than the limit is refused, not recursed into")
{
    SUBCASE("parse")
    {
        CHECK(!json::parse(nested(json::k_max_depth)).is_discarded());
        CHECK(json::parse(nested(json::k_max_depth + 1)).is_discarded());
        CHECK(json::too_deep(nested(k_deep)));
        CHECK(json::parse(nested(k_deep)).is_discarded());
        // Brackets inside strings are text, not nesting.
        std::string brackets(1000, '[');
        CHECK(json::parse("[\"" + brackets + "\\\"{\"]") == Json::array({brackets + "\"{"}));
    }
    SUBCASE("tool-call arguments, a string the encoders parse")
    {
        llmp::canonical::Request request;
        request.model = "m";
        llmp::canonical::Part call;
        call.kind = llmp::canonical::Part::Kind::tool_call;
        call.id = "call_1";
        call.name = "f";
        call.arguments = "{\"a\":" + nested(k_deep) + "}";
        request.messages.push_back({llmp::canonical::Role::assistant, {call}});
        auto to_gemini = gemini::encode_request(request);
        REQUIRE(!to_gemini);
        CHECK(to_gemini.error().message == "messages[0].content[0].arguments: not valid JSON");
        auto to_anthropic = anthropic::encode_request(request);
        REQUIRE(!to_anthropic);
        CHECK(to_anthropic.error().message
              == "messages[0].content[0].arguments: tool call arguments are not valid JSON");
    }
    SUBCASE("stream events, which the decoders parse")
    {
        auto decoder = anthropic::make_stream_decoder();
        std::vector<llmp::canonical::StreamEvent> events;
        decoder->on_event({"content_block_start",
                           R"({"type":"content_block_start","index":0,"content_block":)"
                               R"({"type":"tool_use","id":"t","name":"f","input":{"a":)"
                               + nested(k_deep) + "}}}",
                           ""},
                          events);
        REQUIRE(events.size() == 1);
        CHECK(events[0].text == "anthropic upstream sent an unreadable content_block_start event");
    }
}

TEST_CASE("fuzz finding: an OpenAI integer above INT64_MAX is refused, not wrapped")
{
    auto decode_error = [](const std::string& fields) {
        auto r = openai::decode_request(Json::parse(
            R"({"model":"m","messages":[{"role":"user","content":"hi"}],)" + fields + "}"));
        REQUIRE(!r);
        return r.error().message;
    };
    SUBCASE("seed") { CHECK(decode_error(R"("seed":9223372036854775808)") == "seed: out of range"); }
    SUBCASE("top_k") { CHECK(decode_error(R"("top_k":18446744073709551615)") == "top_k: out of range"); }
    SUBCASE("max_tokens")
    {
        CHECK(decode_error(R"("max_tokens":18446744073709551615)") == "max_tokens: out of range");
    }
    SUBCASE("the largest that fits")
    {
        auto r = openai::decode_request(Json::parse(
            R"({"model":"m","messages":[{"role":"user","content":"hi"}],"seed":9223372036854775807})"));
        REQUIRE(r);
        CHECK(r->seed == 9223372036854775807);
    }
}

TEST_CASE("fuzz finding: a path the file system refuses is a config error, not an exception")
{
    std::string long_path = "/" + std::string(5000, 'a');  // longer than PATH_MAX
    SUBCASE("ca_file")
    {
        auto r = llmp::config::load_string(
            "[providers.local]\nkind = \"openai\"\nca_file = \"" + long_path + "\"\n", "config.toml");
        REQUIRE(!r);
        REQUIRE(r.error().size() == 1);
        CHECK(r.error()[0].str()
              == "config.toml:3: providers.local.ca_file: cannot use " + long_path
                  + ": File name too long");
    }
    SUBCASE("a missing ca_file is still just missing")
    {
        auto r = llmp::config::load_string(
            "[providers.local]\nkind = \"openai\"\nca_file = \"/etc/passwd/ca.pem\"\n", "config.toml");
        REQUIRE(!r);
        CHECK(r.error()[0].str()
              == "config.toml:3: providers.local.ca_file: file not found: /etc/passwd/ca.pem");
    }
    SUBCASE("--config")
    {
        auto r = llmp::config::locate(long_path);
        REQUIRE(!r);
        CHECK(r.error().message
              == "cannot use config file " + long_path + ": File name too long (from --config)");
    }
}

TEST_CASE("fuzz finding: a tool-call id whose signature is not UTF-8 keeps it as part of the id")
{
    // "Roo" is base64url for the bytes "F\x8a", not UTF-8: Gemini's body could not be written.
    auto unpacked = llmp::canonical::unpack_tool_id("call_1__sig_Roo");
    CHECK(unpacked.id == "call_1__sig_Roo");
    CHECK(unpacked.signature.empty());
    // Real signatures still travel in the id.
    auto round_trip = llmp::canonical::unpack_tool_id(llmp::canonical::pack_tool_id("call_1", "EjQK\u00e9"));
    CHECK(round_trip.id == "call_1");
    CHECK(round_trip.signature == "EjQK\u00e9");
    auto request = openai::decode_request(Json::parse(R"({"model":"m","messages":[
        {"role":"assistant","tool_calls":[{"id":"call_1__sig_Roo","type":"function",
            "function":{"name":"f","arguments":"{}"}}]}]})"));
    REQUIRE(request);
    llmp::canonical::unpack_tool_ids(*request);
    auto body = gemini::encode_request(*request);
    REQUIRE(body);
    CHECK_NOTHROW(body->dump());
}

TEST_CASE("fuzz finding: a Gemini retry-after date past 2262 does not overflow")
{
    auto error = gemini::decode_error(429, {{"retry-after", "Wed, 21 Oct 2715 07:28:00 GMT"}},
                                      R"({"error":{"code":429,"message":"slow down"}})");
    REQUIRE(error.retry_after_s);
    CHECK(*error.retry_after_s > 2e10);  // some 690 years
}

TEST_CASE("fuzz finding: anthropic content after the stop reason is not passed on")
{
    auto decoder = anthropic::make_stream_decoder();
    std::vector<llmp::canonical::StreamEvent> events;
    auto feed = [&](const std::string& type, const std::string& data) {
        decoder->on_event({type, data, ""}, events);
    };
    feed("message_start", R"({"type":"message_start","message":{"id":"msg_1","model":"m"}})");
    feed("content_block_start",
         R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":"Hi"}})");
    feed("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn"}})");
    feed("content_block_delta",
         R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"late"}})");
    feed("content_block_start",
         R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t","name":"f"}})");
    feed("message_stop", R"({"type":"message_stop"})");
    using Kind = llmp::canonical::StreamEvent::Kind;
    std::vector<Kind> kinds;
    for (const auto& e : events) kinds.push_back(e.kind);
    CHECK(kinds == std::vector<Kind>{Kind::start, Kind::text, Kind::finish, Kind::end});
}
