#include "llmp/upstream/sse.hpp"

#include <doctest/doctest.h>

#include <vector>

using llmp::upstream::SseEvent;
using llmp::upstream::SseParser;

namespace {
std::vector<SseEvent> parse_in_pieces(const std::string& text, size_t piece)
{
    std::vector<SseEvent> events;
    SseParser parser([&](SseEvent&& e) {
        events.push_back(std::move(e));
        return true;
    });
    for (size_t i = 0; i < text.size(); i += piece) parser.feed(std::string_view(text).substr(i, piece));
    parser.finish();
    return events;
}
} // namespace

TEST_CASE("sse parser: events, whatever the split")
{
    std::string text = "data: {\"a\":1}\n\nevent: ping\ndata: x\n\n: keep-alive\n\ndata: [DONE]\n\n";
    for (size_t piece : {1, 2, 3, 5, 7, 1000}) {
        CAPTURE(piece);
        auto events = parse_in_pieces(text, piece);
        REQUIRE(events.size() == 3);
        CHECK(events[0].data == "{\"a\":1}");
        CHECK(events[0].event == "");
        CHECK(events[1].event == "ping");
        CHECK(events[1].data == "x");
        CHECK(events[2].data == "[DONE]");
    }
}

TEST_CASE("sse parser: line endings")
{
    SUBCASE("CRLF")
    {
        for (size_t piece : {1, 2, 4, 100}) {
            auto events = parse_in_pieces("data: one\r\n\r\ndata: two\r\n\r\n", piece);
            REQUIRE(events.size() == 2);
            CHECK(events[0].data == "one");
            CHECK(events[1].data == "two");
        }
    }
    SUBCASE("CR only")
    {
        auto events = parse_in_pieces("data: one\r\rdata: two\r\r", 1);
        REQUIRE(events.size() == 2);
        CHECK(events[1].data == "two");
    }
}

TEST_CASE("sse parser: multi-line data, no space, comments, unterminated last event")
{
    auto events = parse_in_pieces(": comment\ndata:a\ndata: b\nid: 7\nretry: 10\n\ndata: tail", 3);
    REQUIRE(events.size() == 2);
    CHECK(events[0].data == "a\nb");
    CHECK(events[0].id == "7");
    CHECK(events[1].data == "tail");
}

TEST_CASE("sse parser: a callback can stop parsing")
{
    int seen = 0;
    SseParser parser([&](SseEvent&&) { return ++seen < 2; });
    CHECK(parser.feed("data: 1\n\ndata: 2\n\ndata: 3\n\n") == false);
    CHECK(seen == 2);
}

TEST_CASE("sse writer")
{
    CHECK(llmp::upstream::sse_data("{\"x\":1}") == "data: {\"x\":1}\n\n");
    CHECK(llmp::upstream::k_sse_done == "data: [DONE]\n\n");
}
