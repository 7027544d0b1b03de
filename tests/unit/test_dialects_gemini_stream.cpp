#include "llmp/dialects/gemini.hpp"

#include "support/stream_feed.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using llmp::canonical::StreamEvent;
using llmp::upstream::SseEvent;
using llmp::upstream::SseParser;
namespace gemini = llmp::dialects::gemini;

namespace {

const char* finish_name(llmp::canonical::FinishReason finish)
{
    using F = llmp::canonical::FinishReason;
    switch (finish) {
    case F::stop: return "stop";
    case F::length: return "length";
    case F::tool_calls: return "tool_calls";
    case F::content_filter: return "content_filter";
    case F::error: return "error";
    }
    return "?";
}

// One line per event with every field the kind uses, so a sequence compares exactly.
std::string render(const StreamEvent& e)
{
    using K = StreamEvent::Kind;
    switch (e.kind) {
    case K::start: return "start id=" + e.id + " model=" + e.model;
    case K::text: return "text " + e.text;
    case K::thinking: return "thinking " + e.text;
    case K::thinking_signature: return "thinking_signature " + e.text;
    case K::redacted_thinking: return "redacted_thinking " + e.text;
    case K::tool_call_start:
        return "tool_call_start " + std::to_string(e.index) + " id=" + e.id + " name=" + e.name +
               " signature=" + e.signature;
    case K::tool_call_arguments: return "tool_call_arguments " + std::to_string(e.index) + " " + e.text;
    case K::finish: return std::string("finish ") + finish_name(e.finish);
    case K::usage:
        return "usage input=" + std::to_string(e.usage.input) +
               " cached=" + std::to_string(e.usage.cached_input) +
               " output=" + std::to_string(e.usage.output) +
               " reasoning=" + std::to_string(e.usage.reasoning);
    case K::end: return "end";
    case K::error:
        return "error " + std::to_string(e.error_status) + " " + e.error_type + " " + e.text;
    }
    return "?";
}

// The upstream body through the SSE parser in pieces of `piece` bytes, then the decoder.
std::vector<std::string> decode(const std::string& body, size_t piece)
{
    auto decoder = gemini::make_stream_decoder();
    auto events = llmp::test::feed_in_pieces(*decoder, body, piece);
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(render(e));
    return out;
}

std::string crlf(const std::string& text) { return llmp::test::with_crlf(text); }

// A thinking model's tool-calling answer as Gemini streams it: thought summaries, text with a
// multi-byte character, two whole function calls (the second without an id), partial usage
// on an early chunk and the totals on the last.
const std::string k_stream =
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Thinking about Zürich\",\"thought\":true}],"
    "\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":40,\"totalTokenCount\":40},"
    "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"resp-1\"}\n\n"
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\",\"thought\":true,\"thoughtSignature\":\"sig-A\"}],"
    "\"role\":\"model\"},\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"resp-1\"}\n\n"
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello, \"},{\"text\":\"wörld €\"}],"
    "\"role\":\"model\"},\"index\":0}],\"responseId\":\"resp-1\"}\n\n"
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"id\":\"fc-1\",\"name\":\"get_weather\","
    "\"args\":{\"city\":\"Zürich\"}},\"thoughtSignature\":\"sig-B\"},{\"functionCall\":{\"id\":\"fc-2\","
    "\"name\":\"get_time\",\"args\":{}}}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
    "\"usageMetadata\":{\"promptTokenCount\":40,\"cachedContentTokenCount\":10,\"candidatesTokenCount\":12,"
    "\"thoughtsTokenCount\":30,\"totalTokenCount\":82},\"responseId\":\"resp-1\"}\n\n";

const std::vector<std::string> k_events = {
    "start id=resp-1 model=gemini-2.5-flash",
    "thinking Thinking about Zürich",
    "thinking_signature sig-A",
    "text Hello, ",
    "text wörld €",
    "tool_call_start 0 id=fc-1 name=get_weather signature=sig-B",
    "tool_call_arguments 0 {\"city\":\"Zürich\"}",
    "tool_call_start 1 id=fc-2 name=get_time signature=",
    "tool_call_arguments 1 {}",
    "finish tool_calls",
    "usage input=30 cached=10 output=42 reasoning=30",
    "end",
};

} // namespace

TEST_CASE("gemini stream: text, thoughts, calls and usage, whatever the split")
{
    for (size_t piece : {size_t(1), size_t(2), size_t(3), size_t(4), size_t(7), size_t(64), k_stream.size()}) {
        CAPTURE(piece);
        CHECK(decode(k_stream, piece) == k_events);
        CHECK(decode(crlf(k_stream), piece) == k_events);
    }
}

TEST_CASE("gemini stream: split right inside \"data:\" and inside a multi-byte character")
{
    size_t in_data = k_stream.find("data:", 10) + 2;
    size_t in_umlaut = k_stream.find("ü") + 1;  // between the two bytes of ü
    for (size_t cut : {in_data, in_umlaut}) {
        CAPTURE(cut);
        auto decoder = gemini::make_stream_decoder();
        std::vector<StreamEvent> events;
        SseParser parser([&](SseEvent&& e) {
            decoder->on_event(e, events);
            return true;
        });
        parser.feed(std::string_view(k_stream).substr(0, cut));
        parser.feed(std::string_view(k_stream).substr(cut));
        parser.finish();
        decoder->on_end(events);
        std::vector<std::string> rendered;
        for (const auto& e : events) rendered.push_back(render(e));
        CHECK(rendered == k_events);
    }
}

TEST_CASE("gemini stream: a plain answer")
{
    std::string body =
        "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}],\"responseId\":\"r\",\"modelVersion\":\"m\"}\n\n"
        "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" there\"}]},\"finishReason\":\"STOP\"}],"
        "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2}}\n\n";
    CHECK(decode(body, 5) == std::vector<std::string>{
                                 "start id=r model=m",
                                 "text Hi",
                                 "text  there",
                                 "finish stop",
                                 "usage input=3 cached=0 output=2 reasoning=0",
                                 "end",
                             });
}

TEST_CASE("gemini stream: a call without an id gets a fresh one")
{
    std::string body = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":{\"a\":1}}},"
                       "{\"functionCall\":{\"name\":\"g\"}}]},\"finishReason\":\"STOP\"}]}\n\n";
    auto decoder = gemini::make_stream_decoder();
    std::vector<StreamEvent> events;
    SseParser parser([&](SseEvent&& e) {
        decoder->on_event(e, events);
        return true;
    });
    parser.feed(body);
    decoder->on_end(events);
    REQUIRE(events.size() == 7);
    CHECK(events[1].kind == StreamEvent::Kind::tool_call_start);
    CHECK(events[1].id.starts_with("call_"));
    CHECK(events[1].id.size() == 29);
    CHECK(events[3].id.starts_with("call_"));
    CHECK(events[3].id != events[1].id);
    CHECK(render(events[2]) == "tool_call_arguments 0 {\"a\":1}");
    CHECK(render(events[4]) == "tool_call_arguments 1 {}");
    CHECK(render(events[5]) == "finish tool_calls");
    CHECK(render(events[6]) == "end");
}

TEST_CASE("gemini stream: endings")
{
    SUBCASE("the body ends before any finishReason")
    {
        std::string body = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hal\"}]}}],\"responseId\":\"r\"}\n\n";
        CHECK(decode(body, 3) == std::vector<std::string>{
                                     "start id=r model=",
                                     "text Hal",
                                     "error 502 server upstream closed the stream early",
                                 });
    }
    SUBCASE("an empty body")
    {
        CHECK(decode("", 1) == std::vector<std::string>{"error 502 server upstream closed the stream early"});
    }
    SUBCASE("finishReason on an early chunk: one finish, at the end, the last reason wins")
    {
        std::string body =
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"finishReason\":\"STOP\"}]}\n\n"
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]},\"finishReason\":\"MAX_TOKENS\"}]}\n\n";
        CHECK(decode(body, 2) == std::vector<std::string>{"start id= model=", "text a", "text b",
                                                          "finish length", "end"});
    }
    SUBCASE("a blocked prompt")
    {
        std::string body = "data: {\"promptFeedback\":{\"blockReason\":\"SAFETY\"},"
                           "\"usageMetadata\":{\"promptTokenCount\":8},\"responseId\":\"r\"}\n\n";
        CHECK(decode(body, 4) == std::vector<std::string>{
                                     "start id=r model=",
                                     "finish content_filter",
                                     "usage input=8 cached=0 output=0 reasoning=0",
                                     "end",
                                 });
    }
    SUBCASE("a safety stop")
    {
        std::string body = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"finishReason\":\"SAFETY\"}]}\n\n";
        CHECK(decode(body, 1) == std::vector<std::string>{"start id= model=", "text x",
                                                          "finish content_filter", "end"});
    }
}

TEST_CASE("gemini stream: errors")
{
    std::string first = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}],\"responseId\":\"r\"}\n\n";
    std::string after = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"never\"}]},\"finishReason\":\"STOP\"}]}\n\n";
    SUBCASE("an error object mid-stream ends the sequence")
    {
        std::string body = first +
                           "data: {\"error\":{\"code\":429,\"message\":\"Resource exhausted\","
                           "\"status\":\"RESOURCE_EXHAUSTED\"}}\n\n" +
                           after;
        CHECK(decode(body, 3) == std::vector<std::string>{
                                     "start id=r model=",
                                     "text a",
                                     "error 429 rate_limit Resource exhausted",
                                 });
    }
    SUBCASE("wrapped in an array, before anything else")
    {
        std::string body = "data: [{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\","
                           "\"status\":\"UNAVAILABLE\"}}]\n\n";
        CHECK(decode(body, 1) == std::vector<std::string>{"error 503 overloaded The model is overloaded."});
    }
    SUBCASE("an error without a usable code")
    {
        std::string body = "data: {\"error\":{\"code\":7,\"message\":\"odd\",\"status\":\"INTERNAL\"}}\n\n";
        CHECK(decode(body, 1) == std::vector<std::string>{"error 500 server odd"});
    }
    SUBCASE("an unreadable event")
    {
        std::string body = first + "data: {\"candidates\":[\n\n" + after;
        CHECK(decode(body, 2) == std::vector<std::string>{
                                     "start id=r model=",
                                     "text a",
                                     "error 502 server Gemini sent an unreadable stream event",
                                 });
    }
}

TEST_CASE("gemini stream: comments and empty events are ignored")
{
    std::string body = ": keep-alive\n\ndata:\n\n"
                       "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}]}\n\n";
    CHECK(decode(body, 1) == std::vector<std::string>{"start id= model=", "text ok", "finish stop", "end"});
}
