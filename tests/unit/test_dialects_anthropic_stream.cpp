#include "llmp/dialects/anthropic.hpp"

#include "llmp/upstream/sse.hpp"

#include "support/stream_feed.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using llmp::canonical::FinishReason;
using llmp::canonical::StreamEvent;
using llmp::canonical::Usage;
using Kind = llmp::canonical::StreamEvent::Kind;
namespace anthropic = llmp::dialects::anthropic;

namespace {

std::string usage_text(const Usage& u)
{
    return "in=" + std::to_string(u.input) + " cached=" + std::to_string(u.cached_input) +
           " write=" + std::to_string(u.cache_write) + " out=" + std::to_string(u.output) +
           " reasoning=" + std::to_string(u.reasoning) + (u.known ? " known" : " unknown");
}

std::string describe(const StreamEvent& e)
{
    static const char* const k_finishes[] = {"stop", "length", "tool_calls", "content_filter", "error"};
    switch (e.kind) {
    case Kind::start: return "start id=" + e.id + " model=" + e.model + " usage=" + usage_text(e.usage);
    case Kind::text: return "text " + e.text;
    case Kind::thinking: return "thinking " + e.text;
    case Kind::thinking_signature: return "signature " + e.text;
    case Kind::redacted_thinking: return "redacted " + e.text;
    case Kind::tool_call_start: return "tool_start " + std::to_string(e.index) + " " + e.id + " " + e.name;
    case Kind::tool_call_arguments: return "tool_args " + std::to_string(e.index) + " " + e.text;
    case Kind::finish: return std::string("finish ") + k_finishes[int(e.finish)] + " " + e.stop_sequence;
    case Kind::usage: return "usage " + usage_text(e.usage);
    case Kind::end: return "end";
    case Kind::error: return "error " + std::to_string(e.error_status) + " " + e.error_type + " " + e.text;
    }
    return "?";
}

// The upstream bytes, fed `piece` bytes at a time through the real SSE parser.
std::vector<StreamEvent> decode_events(const std::string& text, size_t piece)
{
    auto decoder = anthropic::make_stream_decoder();
    return llmp::test::feed_in_pieces(*decoder, text, piece);
}

std::vector<std::string> decode(const std::string& text, size_t piece = 1 << 20)
{
    std::vector<std::string> out;
    for (const auto& event : decode_events(text, piece)) out.push_back(describe(event));
    return out;
}

std::string crlf(const std::string& text) { return llmp::test::with_crlf(text); }

// providers.md §3.3, verbatim.
const std::string k_reference =
    "event: message_start\n"
    R"(data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":310,"cache_creation_input_tokens":0,"cache_read_input_tokens":1200,"output_tokens":1}}})"
    "\n\n"
    "event: content_block_start\n"
    R"(data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Let me check."}})"
    "\n\n"
    "event: content_block_stop\n"
    R"(data: {"type":"content_block_stop","index":0})"
    "\n\n"
    "event: content_block_start\n"
    R"(data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Pa"}})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"ris\"}"}})"
    "\n\n"
    "event: content_block_stop\n"
    R"(data: {"type":"content_block_stop","index":1})"
    "\n\n"
    "event: message_delta\n"
    R"(data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":42}})"
    "\n\n"
    "event: message_stop\n"
    R"(data: {"type":"message_stop"})"
    "\n\n";

const std::vector<std::string> k_reference_events = {
    "start id=msg_01 model=claude-sonnet-4-5 usage=in=310 cached=1200 write=0 out=1 reasoning=0 known",
    "text Let me check.",
    "tool_start 0 toolu_01 get_weather",
    R"(tool_args 0 {"city": "Pa)",
    R"(tool_args 0 ris"})",
    "finish tool_calls ",
    "usage in=310 cached=1200 write=0 out=42 reasoning=0 known",
    "end",
};

// Thinking with a signature, redacted thinking, multi-byte text, pings and comments, two tool
// calls after other blocks, and cumulative usage that names the input only at the end.
const std::string k_rich =
    "event: message_start\n"
    R"(data: {"type":"message_start","message":{"id":"msg_02","type":"message","role":"assistant","model":"claude-opus-4-1","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":1}}})"
    "\n\n"
    "event: ping\n"
    R"(data: {"type": "ping"})"
    "\n\n"
    "event: content_block_start\n"
    R"(data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Ça coûte 5 €"}})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCkgI"}})"
    "\n\n"
    "event: content_block_stop\n"
    R"(data: {"type":"content_block_stop","index":0})"
    "\n\n"
    "event: content_block_start\n"
    R"(data: {"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgB"}})"
    "\n\n"
    "event: content_block_stop\n"
    R"(data: {"type":"content_block_stop","index":1})"
    "\n\n"
    ": keep-alive\n\n"
    "event: content_block_start\n"
    R"(data: {"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"日本語 🙂"}})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":2,"delta":{"type":"citations_delta","citation":{}}})"
    "\n\n"
    "event: content_block_stop\n"
    R"(data: {"type":"content_block_stop","index":2})"
    "\n\n"
    "event: content_block_start\n"
    R"(data: {"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_a","name":"a","input":{}}})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":""}})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\"x\":1}"}})"
    "\n\n"
    "event: content_block_stop\n"
    R"(data: {"type":"content_block_stop","index":3})"
    "\n\n"
    "event: content_block_start\n"
    R"(data: {"type":"content_block_start","index":4,"content_block":{"type":"tool_use","id":"toolu_b","name":"b","input":{}}})"
    "\n\n"
    "event: ping\n"
    R"(data: {"type": "ping"})"
    "\n\n"
    "event: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":4,"delta":{"type":"input_json_delta","partial_json":"{}"}})"
    "\n\n"
    "event: content_block_stop\n"
    R"(data: {"type":"content_block_stop","index":4})"
    "\n\n"
    "event: message_delta\n"
    R"(data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":120,"cache_read_input_tokens":30,"output_tokens":77,"output_tokens_details":{"thinking_tokens":40}}})"
    "\n\n"
    "event: message_stop\n"
    R"(data: {"type":"message_stop"})"
    "\n\n";

const std::vector<std::string> k_rich_events = {
    "start id=msg_02 model=claude-opus-4-1 usage=in=0 cached=0 write=0 out=1 reasoning=0 known",
    "thinking Ça coûte 5 €",
    "signature EqQBCkgI",
    "redacted EmwKAhgB",
    "text 日本語 🙂",
    "tool_start 0 toolu_a a",
    R"(tool_args 0 {"x":1})",
    "tool_start 1 toolu_b b",
    "tool_args 1 {}",
    "finish tool_calls ",
    "usage in=120 cached=30 write=0 out=77 reasoning=40 known",
    "end",
};

std::string sse(const char* event, const std::string& data)
{
    return std::string("event: ") + event + "\ndata: " + data + "\n\n";
}

StreamEvent event(Kind kind, std::string text = {})
{
    StreamEvent e;
    e.kind = kind;
    e.text = std::move(text);
    return e;
}

StreamEvent start_event(const std::string& id, const std::string& model, Usage usage = {})
{
    StreamEvent e = event(Kind::start);
    e.id = id;
    e.model = model;
    e.usage = usage;
    return e;
}

StreamEvent tool_start(int index, const std::string& id, const std::string& name)
{
    StreamEvent e = event(Kind::tool_call_start);
    e.index = index;
    e.id = id;
    e.name = name;
    return e;
}

StreamEvent tool_args(int index, const std::string& text)
{
    StreamEvent e = event(Kind::tool_call_arguments, text);
    e.index = index;
    return e;
}

StreamEvent finish_event(FinishReason finish, const std::string& stop_sequence = {})
{
    StreamEvent e = event(Kind::finish);
    e.finish = finish;
    e.stop_sequence = stop_sequence;
    return e;
}

StreamEvent usage_event(Usage usage)
{
    StreamEvent e = event(Kind::usage);
    e.usage = usage;
    return e;
}

std::string encode(const std::vector<StreamEvent>& events, const std::string& id = "msg_abc",
                   const std::string& model = "claude-x")
{
    llmp::dialects::StreamContext context;
    context.id = id;
    context.model = model;
    auto encoder = anthropic::make_stream_encoder(context);
    std::string out;
    for (const auto& e : events) encoder->on_event(e, out);
    return out;
}

const std::string k_message_start_empty =
    sse("message_start",
        R"({"type":"message_start","message":{"id":"msg_abc","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}})");

std::string block_stop(int index)
{
    return sse("content_block_stop", R"({"type":"content_block_stop","index":)" + std::to_string(index) + "}");
}

const std::string k_message_stop = sse("message_stop", R"({"type":"message_stop"})");

} // namespace

TEST_CASE("anthropic stream decoder: the reference stream, whatever the split")
{
    CHECK(decode(k_reference) == k_reference_events);
    for (size_t piece : {1, 2, 3, 5, 7, 13, 64, 200}) {
        CAPTURE(piece);
        CHECK(decode(k_reference, piece) == k_reference_events);
        CHECK(decode(crlf(k_reference), piece) == k_reference_events);
    }
}

TEST_CASE("anthropic stream decoder: thinking, redacted, multi-byte text, parallel tools")
{
    CHECK(decode(k_rich) == k_rich_events);
    // Pieces of 1, 2 and 3 bytes split every multi-byte character somewhere.
    for (size_t piece : {1, 2, 3, 4, 9, 31}) {
        CAPTURE(piece);
        CHECK(decode(k_rich, piece) == k_rich_events);
        CHECK(decode(crlf(k_rich), piece) == k_rich_events);
    }
}

TEST_CASE("anthropic stream decoder: an error event ends the stream")
{
    std::string text = k_reference.substr(0, k_reference.find("event: content_block_stop")) +
                       "event: error\n"
                       R"(data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"
                       "\n\n" +
                       k_reference.substr(k_reference.find("event: content_block_stop"));
    std::vector<std::string> expected = {
        k_reference_events[0],
        k_reference_events[1],
        "error 529 overloaded Overloaded",
    };
    for (size_t piece : {1, 5, 1000}) {
        CAPTURE(piece);
        CHECK(decode(text, piece) == expected);
    }
    CHECK(decode(sse("error", R"({"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}})")) ==
          std::vector<std::string>{"error 429 rate_limit Slow down"});
    CHECK(decode(sse("error", R"({"type":"error","error":{"type":"api_error","message":"Internal"}})")) ==
          std::vector<std::string>{"error 500 server Internal"});
    CHECK(decode(sse("error", R"({"type":"error"})")) ==
          std::vector<std::string>{"error 500 server anthropic upstream reported an error"});
}

TEST_CASE("anthropic stream decoder: a stream cut short")
{
    std::string text = k_reference.substr(0, k_reference.find("event: message_delta"));
    std::vector<std::string> expected(k_reference_events.begin(), k_reference_events.begin() + 5);
    expected.push_back("error 502 server upstream closed the stream early");
    for (size_t piece : {1, 7, 1000}) {
        CAPTURE(piece);
        CHECK(decode(text, piece) == expected);
    }
    // Cut after message_delta: the finish was seen, the end was not.
    std::string later = k_reference.substr(0, k_reference.find("event: message_stop"));
    std::vector<std::string> expected_later(k_reference_events.begin(), k_reference_events.begin() + 6);
    expected_later.push_back("error 502 server upstream closed the stream early");
    CHECK(decode(later) == expected_later);
    CHECK(decode("") == std::vector<std::string>{"error 502 server upstream closed the stream early"});
}

TEST_CASE("anthropic stream decoder: odd but survivable upstreams")
{
    SUBCASE("message_stop without message_delta still finishes")
    {
        CHECK(decode(sse("message_start", R"({"type":"message_start","message":{"id":"msg_3","model":"m"}})") +
                     sse("message_stop", R"({"type":"message_stop"})")) ==
              std::vector<std::string>{"start id=msg_3 model=m usage=in=0 cached=0 write=0 out=0 reasoning=0 unknown",
                                       "finish stop ", "end"});
    }
    SUBCASE("stop sequence and events without an event: line")
    {
        CHECK(decode(R"(data: {"type":"message_start","message":{"id":"msg_4","model":"m"}})"
                     "\n\n" +
                     sse("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},"usage":{"output_tokens":3}})") +
                     sse("message_stop", R"({"type":"message_stop"})") + sse("content_block_start", "{}")) ==
              std::vector<std::string>{"start id=msg_4 model=m usage=in=0 cached=0 write=0 out=0 reasoning=0 unknown",
                                       "finish stop END", "usage in=0 cached=0 write=0 out=3 reasoning=0 known", "end"});
    }
    SUBCASE("unreadable JSON is an error")
    {
        CHECK(decode(sse("message_start", R"({"type":"message_start","message":{"id":"msg_5","model":"m"}})") +
                     sse("content_block_delta", "{oops")) ==
              std::vector<std::string>{"start id=msg_5 model=m usage=in=0 cached=0 write=0 out=0 reasoning=0 unknown",
                                       "error 502 server anthropic upstream sent an unreadable content_block_delta event"});
    }
    SUBCASE("unknown events and deltas for unknown blocks are skipped")
    {
        CHECK(decode(sse("message_start", R"({"type":"message_start","message":{"id":"msg_6","model":"m"}})") +
                     sse("future_event", "not json") +
                     sse("content_block_delta", R"({"type":"content_block_delta","index":7,"delta":{"type":"input_json_delta","partial_json":"{}"}})") +
                     sse("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srv","name":"web_search","input":{}}})") +
                     sse("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"q\":1}"}})") +
                     sse("content_block_start", R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_f","name":"f","input":{"ready":true}}})") +
                     sse("message_stop", R"({"type":"message_stop"})")) ==
              std::vector<std::string>{"start id=msg_6 model=m usage=in=0 cached=0 write=0 out=0 reasoning=0 unknown",
                                       "tool_start 0 toolu_f f", R"(tool_args 0 {"ready":true})", "finish stop ", "end"});
    }
}

TEST_CASE("anthropic stream encoder: text only")
{
    std::string out = encode({start_event("chatcmpl-1", "gpt-4o"), event(Kind::text, "Hel"), event(Kind::text, ""),
                              event(Kind::text, "lo"), finish_event(FinishReason::stop),
                              usage_event(Usage{10, 0, 0, 2, 0, true}), event(Kind::end)});
    CHECK(out ==
          k_message_start_empty +
              sse("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
              sse("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}})") +
              sse("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}})") +
              block_stop(0) +
              sse("message_delta",
                  R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":2}})") +
              k_message_stop);
}

TEST_CASE("anthropic stream encoder: thinking with a signature, then text")
{
    std::string out = encode({start_event("msg_up", "claude-opus-4-1", Usage{310, 1200, 0, 1, 0, true}),
                              event(Kind::thinking, "Let me"), event(Kind::thinking, " think."),
                              event(Kind::thinking_signature, "EqQB"), event(Kind::text, "Answer."),
                              finish_event(FinishReason::stop, "END"), usage_event(Usage{310, 1200, 0, 42, 20, true}),
                              event(Kind::end)},
                             "", "");
    CHECK(out ==
          sse("message_start",
              R"({"type":"message_start","message":{"id":"msg_up","type":"message","role":"assistant","model":"claude-opus-4-1","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":310,"cache_creation_input_tokens":0,"cache_read_input_tokens":1200,"output_tokens":1}}})") +
              sse("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}})") +
              sse("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me"}})") +
              sse("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":" think."}})") +
              sse("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}})") +
              block_stop(0) +
              sse("content_block_start", R"({"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}})") +
              sse("content_block_delta", R"({"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Answer."}})") +
              block_stop(1) +
              sse("message_delta",
                  R"({"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},"usage":{"input_tokens":310,"cache_creation_input_tokens":0,"cache_read_input_tokens":1200,"output_tokens":42}})") +
              k_message_stop);
}

TEST_CASE("anthropic stream encoder: two parallel tool calls")
{
    StreamEvent redacted = event(Kind::redacted_thinking, "EmwK");
    std::string out = encode({start_event("", ""), event(Kind::text, "Checking."), tool_start(0, "call_1", "get_weather"),
                              tool_args(0, R"({"city":)"), tool_args(0, R"("Paris"})"), tool_start(1, "call_2", "get_weather"),
                              tool_args(1, ""), tool_args(1, R"({"city":"Rome"})"), redacted, finish_event(FinishReason::tool_calls),
                              event(Kind::end)});
    CHECK(out ==
          k_message_start_empty +
              sse("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
              sse("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}})") +
              block_stop(0) +
              sse("content_block_start",
                  R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_1","name":"get_weather","input":{}}})") +
              sse("content_block_delta",
                  R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\":"}})") +
              sse("content_block_delta",
                  R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}})") +
              block_stop(1) +
              sse("content_block_start",
                  R"({"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_2","name":"get_weather","input":{}}})") +
              sse("content_block_delta",
                  R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\":\"Rome\"}"}})") +
              block_stop(2) +
              sse("content_block_start",
                  R"({"type":"content_block_start","index":3,"content_block":{"type":"redacted_thinking","data":"EmwK"}})") +
              block_stop(3) +
              sse("message_delta",
                  R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":0}})") +
              k_message_stop);
}

TEST_CASE("anthropic stream encoder: the finish waits for the usage that follows it")
{
    llmp::dialects::StreamContext context;
    context.id = "msg_abc";
    context.model = "claude-x";
    auto encoder = anthropic::make_stream_encoder(context);
    std::string out;
    encoder->on_event(start_event("chatcmpl-1", "gpt-4o"), out);
    CHECK(out == k_message_start_empty);
    out.clear();
    encoder->on_event(event(Kind::text, "Hi"), out);
    CHECK(out == sse("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
                     sse("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}})"));
    out.clear();
    encoder->on_event(finish_event(FinishReason::length), out);
    CHECK(out == block_stop(0));  // held: no message_delta yet
    out.clear();
    encoder->on_event(usage_event(Usage{7, 3, 2, 5, 0, true}), out);
    CHECK(out == sse("message_delta",
                     R"({"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"input_tokens":7,"cache_creation_input_tokens":2,"cache_read_input_tokens":3,"output_tokens":5}})") +
                     k_message_stop);
    out.clear();
    encoder->on_event(event(Kind::end), out);
    encoder->on_event(event(Kind::text, "late"), out);
    CHECK(out == "");
}

TEST_CASE("anthropic stream encoder: an error mid-stream is the last thing sent")
{
    StreamEvent error = event(Kind::error, "Overloaded");
    error.error_type = "overloaded";
    error.error_status = 529;
    std::string out = encode({start_event("x", "y"), event(Kind::text, "Hel"), error, event(Kind::text, "lo"),
                              finish_event(FinishReason::stop), event(Kind::end)});
    CHECK(out ==
          k_message_start_empty +
              sse("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
              sse("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}})") +
              sse("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"));

    StreamEvent limited = event(Kind::error, "Too many requests");
    limited.error_type = "rate_limit";
    CHECK(encode({limited}) == sse("error", R"({"type":"error","error":{"type":"rate_limit_error","message":"Too many requests"}})"));

    CHECK(encode({start_event("x", "y"), finish_event(FinishReason::error)}) ==
          k_message_start_empty + sse("error", R"({"type":"error","error":{"type":"api_error","message":"upstream stopped with an error"}})"));
}

TEST_CASE("anthropic stream encoder: content before start, end without finish")
{
    CHECK(encode({event(Kind::text, "a"), event(Kind::end)}) ==
          k_message_start_empty +
              sse("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
              sse("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}})") +
              block_stop(0) +
              sse("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":0}})") +
              k_message_stop);
}

TEST_CASE("anthropic stream: Anthropic upstream to Anthropic client reproduces the stream")
{
    for (size_t piece : {1, 3, 1000}) {
        CAPTURE(piece);
        llmp::dialects::StreamContext context;
        context.id = "msg_01";
        context.model = "claude-sonnet-4-5";
        auto encoder = anthropic::make_stream_encoder(context);
        std::string out;
        for (const auto& e : decode_events(k_reference, piece)) encoder->on_event(e, out);
        // Identical but for message_delta's usage, which now names every bucket.
        std::string expected = k_reference;
        std::string old_usage = R"("usage":{"output_tokens":42})";
        expected.replace(expected.find(old_usage), old_usage.size(),
                         R"("usage":{"input_tokens":310,"cache_creation_input_tokens":0,"cache_read_input_tokens":1200,"output_tokens":42})");
        CHECK(out == expected);
    }
}
