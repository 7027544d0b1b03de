#include "llmp/dialects/cohere.hpp"

#include "support/stream_feed.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace canonical = llmp::canonical;
namespace cohere = llmp::dialects::cohere;
using llmp::upstream::SseEvent;
using llmp::upstream::SseParser;
using Kind = canonical::StreamEvent::Kind;

namespace {
// One line per canonical event, every field that matters for its kind.
std::string describe(const canonical::StreamEvent& e)
{
    switch (e.kind) {
    case Kind::start: return "start id=" + e.id;
    case Kind::text: return "text " + e.text;
    case Kind::thinking: return "thinking " + e.text;
    case Kind::tool_call_start:
        return "tool_call_start " + std::to_string(e.index) + " id=" + e.id + " name=" + e.name;
    case Kind::tool_call_arguments: return "tool_call_arguments " + std::to_string(e.index) + " " + e.text;
    case Kind::finish: return "finish " + std::to_string(static_cast<int>(e.finish));
    case Kind::usage:
        return "usage in=" + std::to_string(e.usage.input) + " cached=" + std::to_string(e.usage.cached_input)
            + " write=" + std::to_string(e.usage.cache_write) + " out=" + std::to_string(e.usage.output)
            + " reasoning=" + std::to_string(e.usage.reasoning);
    case Kind::end: return "end";
    case Kind::error:
        return "error " + std::to_string(e.error_status) + " " + e.error_type + " " + e.text;
    default: return "other " + std::to_string(static_cast<int>(e.kind));
    }
}

// Feeds `text` through an SseParser `piece` bytes at a time (0 = all at once).
std::vector<std::string> decode(const std::string& text, size_t piece = 0)
{
    auto decoder = cohere::make_stream_decoder();
    auto events = llmp::test::feed_in_pieces(*decoder, text, piece);
    std::vector<std::string> lines;
    for (const auto& e : events) lines.push_back(describe(e));
    return lines;
}

using llmp::test::with_crlf;

const std::string k_stream =
    "event: message-start\n"
    "data: {\"id\":\"c-9\",\"type\":\"message-start\",\"delta\":{\"message\":{\"role\":\"assistant\",\"content\":[],\"tool_plan\":\"\",\"tool_calls\":[],\"citations\":[]}}}\n\n"
    "event: content-start\n"
    "data: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n"
    "event: content-delta\n"
    "data: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Gr\xC3\xBC\xC3\x9F\"}}}}\n\n"
    "event: content-delta\n"
    "data: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\" dich \xE2\x9C\x93\"}}}}\n\n"
    "data: {\"type\":\"content-end\",\"index\":0}\n\n"
    ": keep-alive\n\n"
    "data: {\"type\":\"tool-plan-delta\",\"delta\":{\"message\":{\"tool_plan\":\"I will check.\"}}}\n\n"
    "data: {\"type\":\"tool-call-start\",\"index\":1,\"delta\":{\"message\":{\"tool_calls\":{\"id\":\"get_weather_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}}}}\n\n"
    "data: {\"type\":\"tool-call-delta\",\"index\":1,\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":\"{\\\"city\\\":\"}}}}}\n\n"
    "data: {\"type\":\"tool-call-delta\",\"index\":1,\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}}}}\n\n"
    "data: {\"type\":\"tool-call-end\",\"index\":1}\n\n"
    "data: {\"type\":\"tool-call-start\",\"index\":2,\"delta\":{\"message\":{\"tool_calls\":{\"id\":\"now_2\",\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":\"{}\"}}}}}\n\n"
    "data: {\"type\":\"tool-call-end\",\"index\":2}\n\n"
    "event: message-end\n"
    "data: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"TOOL_CALL\",\"usage\":{\"billed_units\":{\"input_tokens\":10,\"output_tokens\":5},\"tokens\":{\"input_tokens\":120,\"output_tokens\":30},\"cached_tokens\":20}}}\n\n"
    "data: [DONE]\n\n";
} // namespace

TEST_CASE("cohere stream: events, whatever the split")
{
    const std::vector<std::string> expected = {
        "start id=c-9",
        "text Gr\xC3\xBC\xC3\x9F",
        "text  dich \xE2\x9C\x93",
        "thinking I will check.",
        "tool_call_start 0 id=get_weather_1 name=get_weather",
        "tool_call_arguments 0 {\"city\":",
        "tool_call_arguments 0 \"Paris\"}",
        "tool_call_start 1 id=now_2 name=now",
        "tool_call_arguments 1 {}",
        "finish 2",  // FinishReason::tool_calls
        "usage in=100 cached=20 write=0 out=30 reasoning=0",
        "end",
    };
    REQUIRE(static_cast<int>(canonical::FinishReason::tool_calls) == 2);
    CHECK(decode(k_stream) == expected);
    for (size_t piece : {1, 2, 3, 5, 7, 11, 64}) {
        CAPTURE(piece);
        CHECK(decode(k_stream, piece) == expected);
        CHECK(decode(with_crlf(k_stream), piece) == expected);
    }
}

TEST_CASE("cohere stream: thinking, event names and what follows the end")
{
    std::string text =
        "event: content-delta\n"
        "data: {\"delta\":{\"message\":{\"content\":{\"thinking\":\"hmm\"}}}}\n\n"
        "data: {\"type\":\"content-delta\",\"delta\":{\"message\":{\"content\":{\"text\":\"ok\"}}}}\n\n"
        "data: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"MAX_TOKENS\"}}\n\n"
        "data: {\"type\":\"content-delta\",\"delta\":{\"message\":{\"content\":{\"text\":\"late\"}}}}\n\n";
    CHECK(decode(text) == std::vector<std::string>{"start id=", "thinking hmm", "text ok", "finish 1", "end"});
}

TEST_CASE("cohere stream: errors")
{
    std::string begin = "data: {\"id\":\"c-1\",\"type\":\"message-start\"}\n\n"
                        "data: {\"type\":\"content-delta\",\"delta\":{\"message\":{\"content\":{\"text\":\"a\"}}}}\n\n";
    SUBCASE("the body ends before message-end")
    {
        CHECK(decode(begin) == std::vector<std::string>{"start id=c-1", "text a",
                                                        "error 502 server upstream closed the stream early"});
    }
    SUBCASE("[DONE] before message-end")
    {
        CHECK(decode(begin + "data: [DONE]\n\ndata: {\"type\":\"message-end\"}\n\n")
              == std::vector<std::string>{"start id=c-1", "text a",
                                          "error 502 server upstream closed the stream early"});
    }
    SUBCASE("message-end with an error")
    {
        CHECK(decode(begin + "data: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"ERROR\",\"error\":\"model crashed\"}}\n\n")
              == std::vector<std::string>{"start id=c-1", "text a", "error 500 server model crashed"});
    }
    SUBCASE("an error object in the stream")
    {
        CHECK(decode(begin + "data: {\"message\":\"internal error\"}\n\n")
              == std::vector<std::string>{"start id=c-1", "text a", "error 500 server internal error"});
        CHECK(decode(begin + "data: {\"error\":{\"message\":\"overloaded\"}}\n\ndata: {\"type\":\"message-end\"}\n\n")
              == std::vector<std::string>{"start id=c-1", "text a", "error 500 server overloaded"});
    }
    SUBCASE("garbage data is skipped")
    {
        CHECK(decode(begin + "data: {not json\n\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\"}}\n\n")
              == std::vector<std::string>{"start id=c-1", "text a", "finish 0", "end"});
    }
}
