// An upstream's stream, as the server relays it to a client of another dialect: SSE parser,
// the dialect's stream decoder, then an OpenAI and an Anthropic client's stream encoder. Input:
// a byte that picks the upstream dialect (bits 0-1: openai, anthropic, gemini, cohere) and
// whether the OpenAI client asked for usage (bit 2), a byte for the size of the pieces the
// body arrives in (1 to 256 bytes), then the body.
//
// The events must not depend on how the body was split, must be in the canonical order, and
// must come out of each encoder as well-formed SSE whose data is JSON.
#include "fuzz.hpp"
#include "stream_events.hpp"

#include "llmp/canonical/tool_ids.hpp"
#include "llmp/dialects/dispatch.hpp"
#include "llmp/upstream/sse.hpp"

namespace {

using namespace llmp;
using canonical::StreamEvent;
using config::Dialect;

constexpr Dialect k_dialects[] = {Dialect::openai, Dialect::anthropic, Dialect::gemini,
                                  Dialect::cohere};

// The body in pieces of `piece` bytes (all at once for 0), through parser and decoder.
std::vector<StreamEvent> decode(Dialect upstream, std::string_view body, size_t piece)
{
    auto decoder = dialects::make_stream_decoder(upstream);
    std::vector<StreamEvent> events;
    upstream::SseParser parser([&](upstream::SseEvent&& event) {
        decoder->on_event(event, events);
        return true;
    });
    if (piece == 0) piece = body.size();
    for (size_t at = 0; at < body.size(); at += piece) parser.feed(body.substr(at, piece));
    parser.finish();
    decoder->on_end(events);
    return events;
}

// What a client of `client` receives: SSE whose every data is a JSON object (or OpenAI's
// [DONE]).
void encode(Dialect client, std::vector<StreamEvent> events, bool include_usage)
{
    dialects::StreamContext context;
    context.id = "fuzz";
    context.model = "fuzz-model";
    context.created = 1;
    context.include_usage = include_usage;
    auto encoder = dialects::make_stream_encoder(client, context);
    std::string frames;
    for (auto& event : events) {
        if (event.kind == StreamEvent::Kind::tool_call_start && !event.signature.empty()) {
            event.id = canonical::pack_tool_id(event.id, event.signature);  // as the relay does
            event.signature.clear();
        }
        encoder->on_event(event, frames);
    }
    size_t count = 0;
    upstream::SseParser parser([&](upstream::SseEvent&& event) {
        ++count;
        if (event.data == "[DONE]" && client == Dialect::openai) return true;
        fuzz::check(Json::parse(event.data, nullptr, false).is_object(),
                    "a client's stream event is a JSON object");
        return true;
    });
    parser.feed(frames);
    fuzz::check(parser.finish(), "the parser takes the encoder's frames");
    fuzz::check(count > 0, "a client's stream is never empty");
    fuzz::check(frames.ends_with("\n\n"), "a client's stream ends with a whole event");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2) return 0;
    Dialect upstream = k_dialects[data[0] % 4];
    bool include_usage = data[0] & 4;
    size_t piece = size_t(data[1]) + 1;
    std::string_view body = fuzz::as_text(data + 2, size - 2);

    std::vector<StreamEvent> whole = decode(upstream, body, 0);
    fuzz::check_same(whole, decode(upstream, body, piece),
                     "the events do not depend on how the body was split");
    fuzz::check_sequence(whole);
    encode(Dialect::openai, whole, include_usage);
    encode(Dialect::anthropic, std::move(whole), include_usage);
    return 0;
}
