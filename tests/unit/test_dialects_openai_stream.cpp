#include "llmp/dialects/openai.hpp"
#include "llmp/upstream/sse.hpp"

#include "support/stream_feed.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using llmp::Json;
namespace canonical = llmp::canonical;
namespace openai = llmp::dialects::openai;
using canonical::StreamEvent;
using Kind = canonical::StreamEvent::Kind;

namespace {

// §2.3's text example, whole, with a comment and a multi-byte text to split inside.
const std::string k_text_stream =
    R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null})"
    "\n\n"
    ": OPENROUTER PROCESSING\n\n"
    R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}],"usage":null})"
    "\n\n"
    R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"lo, wörld ☀"},"finish_reason":null}],"usage":null})"
    "\n\n"
    R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null})"
    "\n\n"
    R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}})"
    "\n\n"
    "data: [DONE]\n\n";

const std::vector<std::string> k_text_events = {
    "start id=chatcmpl-1 model=m", "text Hel", "text lo, wörld ☀", "finish stop",
    "usage 9/0/0/12/0",            "end"};

// §2.3's tool-call example, finished, with a second call in parallel.
const std::string k_tool_stream =
    R"(data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]})"
    "\n\n"
    R"(data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}]})"
    "\n\n"
    R"(data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}]})"
    "\n\n"
    R"(data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_def","type":"function","function":{"name":"get_time","arguments":""}}]},"finish_reason":null}]})"
    "\n\n"
    R"(data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]},"finish_reason":null}]})"
    "\n\n"
    R"(data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})"
    "\n\n"
    "data: [DONE]\n\n";

const std::vector<std::string> k_tool_events = {
    "start id= model=",
    "tool_call_start 0 call_abc get_weather",
    R"(tool_call_arguments 0 {"city":)",
    R"(tool_call_arguments 0 "Paris"})",
    "tool_call_start 1 call_def get_time",
    "tool_call_arguments 1 {}",
    "finish tool_calls",
    "end"};

std::string describe(const StreamEvent& e)
{
    switch (e.kind) {
    case Kind::start: return "start id=" + e.id + " model=" + e.model;
    case Kind::text: return "text " + e.text;
    case Kind::thinking: return "thinking " + e.text;
    case Kind::thinking_signature: return "thinking_signature " + e.text;
    case Kind::redacted_thinking: return "redacted_thinking " + e.text;
    case Kind::tool_call_start:
        return "tool_call_start " + std::to_string(e.index) + " " + e.id + " " + e.name;
    case Kind::tool_call_arguments: return "tool_call_arguments " + std::to_string(e.index) + " " + e.text;
    case Kind::finish:
        return std::string("finish ") + openai::finish_reason_name(e.finish)
            + (e.stop_sequence.empty() ? "" : " " + e.stop_sequence);
    case Kind::usage:
        return "usage " + std::to_string(e.usage.input) + "/" + std::to_string(e.usage.cached_input) + "/"
            + std::to_string(e.usage.cache_write) + "/" + std::to_string(e.usage.output) + "/"
            + std::to_string(e.usage.reasoning);
    case Kind::end: return "end";
    case Kind::error: return "error " + std::to_string(e.error_status) + " " + e.error_type + " " + e.text;
    }
    return "?";
}

// Feeds `text` through the SSE parser in pieces of `piece` bytes (0 = whole) and the decoder.
std::vector<std::string> decode(const std::string& text, size_t piece = 0)
{
    auto decoder = openai::make_stream_decoder();
    auto events = llmp::test::feed_in_pieces(*decoder, text, piece);
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(describe(e));
    return out;
}

std::vector<std::string> decode_split_at(const std::string& text, size_t at)
{
    auto decoder = openai::make_stream_decoder();
    auto events = llmp::test::feed_at(*decoder, text, {at});
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(describe(e));
    return out;
}

std::string crlf(const std::string& text) { return llmp::test::with_crlf(text); }

std::string data(const std::string& json) { return "data: " + json + "\n\n"; }

StreamEvent event(Kind kind, std::string text = "", int index = 0)
{
    StreamEvent e;
    e.kind = kind;
    e.text = std::move(text);
    e.index = index;
    return e;
}

StreamEvent call_start(int index, std::string id, std::string name, std::string signature = "")
{
    StreamEvent e = event(Kind::tool_call_start, "", index);
    e.id = std::move(id);
    e.name = std::move(name);
    e.signature = std::move(signature);
    return e;
}

StreamEvent finish(canonical::FinishReason reason)
{
    StreamEvent e = event(Kind::finish);
    e.finish = reason;
    return e;
}

StreamEvent usage(canonical::Usage u)
{
    StreamEvent e = event(Kind::usage);
    e.usage = u;
    return e;
}

StreamEvent error(int status, std::string type, std::string message)
{
    StreamEvent e = event(Kind::error, std::move(message));
    e.error_status = status;
    e.error_type = std::move(type);
    return e;
}

std::string encode(const std::vector<StreamEvent>& events, bool include_usage)
{
    llmp::dialects::StreamContext context;
    context.id = "chatcmpl-abc";
    context.model = "gpt-4o-mini";
    context.created = 1700000000;
    context.include_usage = include_usage;
    auto encoder = openai::make_stream_encoder(context);
    std::string out;
    for (const auto& e : events) encoder->on_event(e, out);
    return out;
}

const std::string k_head =
    R"(data: {"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini",)";

} // namespace

TEST_CASE("openai stream decoder: the reference text stream")
{
    CHECK(decode(k_text_stream) == k_text_events);
}

TEST_CASE("openai stream decoder: the reference tool-call stream, with a parallel call")
{
    CHECK(decode(k_tool_stream) == k_tool_events);
}

TEST_CASE("openai stream decoder: identical events whatever the split")
{
    for (const auto* fixture : {&k_text_stream, &k_tool_stream}) {
        const auto& expected = fixture == &k_text_stream ? k_text_events : k_tool_events;
        for (size_t piece : {1, 2, 3, 5, 7, 11, 64}) {
            CAPTURE(piece);
            CHECK(decode(*fixture, piece) == expected);
            CHECK(decode(crlf(*fixture), piece) == expected);
        }
        // Every two-piece split: inside "data:", inside a multi-byte character, between CR and LF.
        for (size_t at = 0; at <= fixture->size(); ++at) {
            CAPTURE(at);
            REQUIRE(decode_split_at(*fixture, at) == expected);
        }
        std::string windows = crlf(*fixture);
        for (size_t at = 0; at <= windows.size(); ++at) {
            CAPTURE(at);
            REQUIRE(decode_split_at(windows, at) == expected);
        }
    }
}

TEST_CASE("openai stream decoder: compatible servers' variations")
{
    SUBCASE("DeepSeek reasoning_content, then content")
    {
        std::string text = data(R"({"id":"c","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Think"}}]})")
            + data(R"({"id":"c","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"Answer","reasoning_content":null}}]})")
            + data(R"({"id":"c","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"prompt_cache_hit_tokens":4,"completion_tokens_details":{"reasoning_tokens":2}}})")
            + "data: [DONE]\n\n";
        CHECK(decode(text) == std::vector<std::string>{"start id=c model=deepseek-reasoner", "thinking Think",
                                                       "text Answer", "finish stop", "usage 6/4/0/5/2", "end"});
    }
    SUBCASE("Ollama: reasoning, a call without id, stop after tools, no [DONE]")
    {
        std::string text = data(R"({"id":"o","model":"qwen3","choices":[{"index":0,"delta":{"role":"assistant","reasoning":"Hm"}}]})")
            + data(R"({"id":"o","model":"qwen3","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":{"a":1}}}]}}]})")
            + data(R"({"id":"o","model":"qwen3","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})");
        auto decoder = openai::make_stream_decoder();
        std::vector<StreamEvent> events;
        llmp::upstream::SseParser parser([&](llmp::upstream::SseEvent&& e) {
            decoder->on_event(e, events);
            return true;
        });
        parser.feed(text);
        parser.finish();
        decoder->on_end(events);
        REQUIRE(events.size() == 6);
        CHECK(describe(events[1]) == "thinking Hm");
        CHECK(events[2].kind == Kind::tool_call_start);
        CHECK(events[2].id.starts_with("call_"));
        CHECK(events[2].id.size() == 29);
        CHECK(events[2].name == "f");
        CHECK(describe(events[3]) == R"(tool_call_arguments 0 {"a":1})");
        CHECK(describe(events[4]) == "finish tool_calls");
        CHECK(describe(events[5]) == "end");
    }
    SUBCASE("Groq: usage under x_groq, with the finish")
    {
        std::string text = data(R"({"id":"g","model":"llama","choices":[{"index":0,"delta":{"content":"Hi"}}]})")
            + data(R"({"id":"g","model":"llama","choices":[{"index":0,"delta":{},"finish_reason":"length"}],"x_groq":{"id":"req_1","usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}})")
            + "data: [DONE]\n\n";
        CHECK(decode(text) == std::vector<std::string>{"start id=g model=llama", "text Hi", "finish length",
                                                       "usage 5/0/0/2/0", "end"});
    }
    SUBCASE("Azure: a content-filter chunk with no choices comes first")
    {
        std::string text = data(R"({"id":"","model":"","choices":[],"prompt_filter_results":[]})")
            + data(R"({"id":"chatcmpl-z","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]})")
            + "data: [DONE]\n\n";
        CHECK(decode(text) == std::vector<std::string>{"start id=chatcmpl-z model=gpt-4o", "text Hi", "finish stop", "end"});
    }
    SUBCASE("usage on every chunk (vLLM continuous stats): the latest, once, after the finish")
    {
        std::string text = data(R"({"id":"v","model":"m","choices":[{"index":0,"delta":{"content":"a"}}],"usage":{"prompt_tokens":3,"completion_tokens":1}})")
            + data(R"({"id":"v","model":"m","choices":[{"index":0,"delta":{"content":"b"}}],"usage":{"prompt_tokens":3,"completion_tokens":2}})")
            + data(R"({"id":"v","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop","stop_reason":"END"}],"usage":{"prompt_tokens":3,"completion_tokens":2}})")
            + "data: [DONE]\n\n";
        CHECK(decode(text) == std::vector<std::string>{"start id=v model=m", "text a", "text b", "finish stop END",
                                                       "usage 3/0/0/2/0", "end"});
    }
    SUBCASE("calls sent whole, each with index 0")
    {
        std::string text = data(R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"f","arguments":"{}"}}]}}]})")
            + data(R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"b","function":{"name":"g","arguments":"{\"x\":1}"}}]}}]})")
            + data(R"({"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})") + "data: [DONE]\n\n";
        CHECK(decode(text) == std::vector<std::string>{"start id= model=", "tool_call_start 0 a f",
                                                       "tool_call_arguments 0 {}", "tool_call_start 1 b g",
                                                       R"(tool_call_arguments 1 {"x":1})", "finish tool_calls", "end"});
    }
    SUBCASE("Mistral's error finish, and a refusal delta")
    {
        std::string text = data(R"({"id":"x","model":"m","choices":[{"index":0,"delta":{"refusal":"No."}}]})")
            + data(R"({"id":"x","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"error"}]})")
            + "data: [DONE]\n\n";
        CHECK(decode(text) == std::vector<std::string>{"start id=x model=m", "text No.", "finish error", "end"});
    }
    SUBCASE("[DONE] without a finish still finishes")
    {
        std::string text = data(R"({"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"a"}}]})") + "data: [DONE]\n\n";
        CHECK(decode(text) == std::vector<std::string>{"start id=x model=m", "text a", "finish stop", "end"});
    }
    SUBCASE("no [DONE] after the finish and usage")
    {
        std::string text = data(R"({"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}]})")
            + data(R"({"id":"x","model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1}})");
        CHECK(decode(text) == std::vector<std::string>{"start id=x model=m", "text a", "finish stop", "usage 1/0/0/1/0", "end"});
    }
    SUBCASE("cut short")
    {
        std::string text = data(R"({"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"a"}}]})");
        CHECK(decode(text) == std::vector<std::string>{"start id=x model=m", "text a",
                                                       "error 502 server upstream closed the stream early"});
        CHECK(decode("") == std::vector<std::string>{"error 502 server upstream closed the stream early"});
    }
    SUBCASE("a chunk that is not JSON")
    {
        CHECK(decode(data("{oops") + "data: [DONE]\n\n")
              == std::vector<std::string>{"error 502 server upstream sent a stream chunk that is not a JSON object"});
    }
}

TEST_CASE("openai stream decoder: errors inside the stream end it")
{
    std::string first = data(R"({"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"a"}}]})");
    std::string after = data(R"({"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"b"}}]})") + "data: [DONE]\n\n";
    auto with_error = [&](const std::string& chunk) { return decode(first + data(chunk) + after); };
    std::vector<std::string> head = {"start id=x model=m", "text a"};
    auto expect = [&](std::string error) {
        auto v = head;
        v.push_back(std::move(error));
        return v;
    };
    CHECK(with_error(R"({"error":{"message":"boom","type":"server_error","param":null,"code":null}})")
          == expect("error 500 server boom"));
    CHECK(with_error(R"({"error":{"code":429,"message":"Rate limited","metadata":{}}})")
          == expect("error 429 rate_limit Rate limited"));
    CHECK(with_error(R"({"error":{"code":402,"message":"Insufficient credits"}})")
          == expect("error 402 quota Insufficient credits"));
    CHECK(with_error(R"({"error":{"message":"quota","type":"insufficient_quota","code":"insufficient_quota"}})")
          == expect("error 500 quota quota"));
    CHECK(with_error(R"({"error":"model runner crashed"})") == expect("error 500 server model runner crashed"));
    CHECK(with_error(R"({"object":"error","message":"bad","type":"BadRequestError","code":400})")
          == expect("error 400 invalid_request bad"));
    CHECK(with_error(R"({"choices":[],"x_groq":{"id":"r","error":"over capacity"}})")
          == expect("error 500 server over capacity"));
    CHECK(with_error(R"({"error":{}})") == expect("error 500 server upstream reported an error in the stream"));
}

TEST_CASE("openai stream encoder: text, without the usage chunk")
{
    std::vector<StreamEvent> events = {event(Kind::start), event(Kind::text, "Hello"), event(Kind::text, " world"),
                                       finish(canonical::FinishReason::stop), usage({5, 3, 0, 2, 0, true}),
                                       event(Kind::end)};
    CHECK(encode(events, false)
          == k_head + R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{"content":" world"},"logprobs":null,"finish_reason":null}]})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]})" "\n\n"
              + "data: [DONE]\n\n");
}

TEST_CASE("openai stream encoder: text, with the usage chunk")
{
    std::vector<StreamEvent> events = {event(Kind::start), event(Kind::text, "Hello"), event(Kind::text, " world"),
                                       finish(canonical::FinishReason::stop), usage({5, 3, 0, 2, 0, true}),
                                       event(Kind::end)};
    CHECK(encode(events, true)
          == k_head + R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{"content":" world"},"logprobs":null,"finish_reason":null}],"usage":null})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null})" "\n\n"
              + k_head + R"("choices":[],"usage":{"prompt_tokens":8,"completion_tokens":2,"total_tokens":10,)"
                         R"("prompt_tokens_details":{"cached_tokens":3},"completion_tokens_details":{"reasoning_tokens":0}}})" "\n\n"
              + "data: [DONE]\n\n");
}

TEST_CASE("openai stream encoder: two parallel tool calls")
{
    std::vector<StreamEvent> events = {event(Kind::start),
                                       call_start(0, "call_a", "get_weather", "sig"),
                                       event(Kind::tool_call_arguments, R"({"city":)", 0),
                                       event(Kind::tool_call_arguments, R"("Paris"})", 0),
                                       call_start(1, "call_b", "get_time"),
                                       event(Kind::tool_call_arguments, "{}", 1),
                                       finish(canonical::FinishReason::tool_calls),
                                       event(Kind::end)};
    CHECK(encode(events, false)
          == k_head + R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a__sig_c2ln","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}]})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"logprobs":null,"finish_reason":null}]})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"logprobs":null,"finish_reason":null}]})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":""}}]},"logprobs":null,"finish_reason":null}]})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]},"logprobs":null,"finish_reason":null}]})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]})" "\n\n"
              + "data: [DONE]\n\n");
}

TEST_CASE("openai stream encoder: thinking goes to reasoning_content, signatures nowhere")
{
    std::vector<StreamEvent> events = {event(Kind::start),
                                       event(Kind::thinking, "Hmm."),
                                       event(Kind::thinking_signature, "EqQBCgIYAh"),
                                       event(Kind::redacted_thinking, "opaque"),
                                       event(Kind::text, "Hi"),
                                       finish(canonical::FinishReason::length),
                                       event(Kind::end)};
    CHECK(encode(events, false)
          == k_head + R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{"reasoning_content":"Hmm."},"logprobs":null,"finish_reason":null}]})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}]})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}]})" "\n\n"
              + "data: [DONE]\n\n");
}

TEST_CASE("openai stream encoder: an error mid-stream is the last thing sent")
{
    std::vector<StreamEvent> events = {event(Kind::start), event(Kind::text, "Hel"),
                                       error(429, "rate_limit", "slow down"), event(Kind::text, "lo"),
                                       finish(canonical::FinishReason::stop), event(Kind::end)};
    CHECK(encode(events, true)
          == k_head + R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null})" "\n\n"
              + k_head + R"("choices":[{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}],"usage":null})" "\n\n"
              + R"(data: {"error":{"message":"slow down","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}})" "\n\n");
    SUBCASE("an error before anything else")
    {
        CHECK(encode({error(503, "overloaded", "busy")}, false)
              == R"(data: {"error":{"message":"busy","type":"server_error","param":null,"code":null}})" "\n\n");
    }
    SUBCASE("an upstream that stopped with an error finish")
    {
        CHECK(encode({event(Kind::start), finish(canonical::FinishReason::error), event(Kind::end)}, false)
              == k_head + R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})" "\n\n"
                  + R"(data: {"error":{"message":"the upstream stopped with an error","type":"server_error","param":null,"code":null}})" "\n\n");
    }
}

TEST_CASE("openai stream encoder: details")
{
    SUBCASE("no known usage, no usage chunk, even when asked")
    {
        CHECK(encode({event(Kind::start), finish(canonical::FinishReason::stop), event(Kind::end)}, true)
              == k_head + R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null})" "\n\n"
                  + k_head + R"("choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null})" "\n\n"
                  + "data: [DONE]\n\n");
    }
    SUBCASE("a sequence without start still gets its role chunk, once")
    {
        CHECK(encode({event(Kind::text, "a"), event(Kind::start), event(Kind::text, ""), event(Kind::end)}, false)
              == k_head + R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})" "\n\n"
                  + k_head + R"("choices":[{"index":0,"delta":{"content":"a"},"logprobs":null,"finish_reason":null}]})" "\n\n"
                  + "data: [DONE]\n\n");
    }
}

TEST_CASE("openai stream round trip: decode(encode(events)) == events")
{
    std::vector<StreamEvent> events = {event(Kind::start),
                                       event(Kind::thinking, "Plan"),
                                       event(Kind::text, "Sure ☀"),
                                       call_start(0, "call_a", "f"),
                                       event(Kind::tool_call_arguments, R"({"x":)", 0),
                                       event(Kind::tool_call_arguments, "1}", 0),
                                       call_start(1, "call_b", "g"),
                                       finish(canonical::FinishReason::tool_calls),
                                       usage({4, 2, 1, 9, 3, true}),
                                       event(Kind::end)};
    std::string wire = encode(events, true);
    for (size_t piece : {0, 1, 3}) {
        CAPTURE(piece);
        CHECK(decode(wire, piece) == std::vector<std::string>{
                                         "start id=chatcmpl-abc model=gpt-4o-mini", "thinking Plan", "text Sure ☀",
                                         "tool_call_start 0 call_a f", R"(tool_call_arguments 0 {"x":)",
                                         "tool_call_arguments 0 1}", "tool_call_start 1 call_b g",
                                         "finish tool_calls", "usage 4/2/1/9/3", "end"});
    }
}
