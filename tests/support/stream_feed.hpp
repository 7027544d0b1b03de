// Feeding an upstream's SSE text to a dialect's stream decoder the way a network delivers it:
// in arbitrary pieces, through the real SSE parser. Decoder tests compare the events of an
// awkward split with those of a whole feed.
#pragma once

#include "llmp/dialects/dialect.hpp"
#include "llmp/upstream/sse.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace llmp::test {

// `text` split at each of `cuts` (ascending offsets), then the end of the body.
inline std::vector<canonical::StreamEvent> feed_at(dialects::StreamDecoder& decoder, std::string_view text,
                                                   const std::vector<size_t>& cuts)
{
    std::vector<canonical::StreamEvent> events;
    upstream::SseParser parser([&](upstream::SseEvent&& event) {
        decoder.on_event(event, events);
        return true;
    });
    size_t from = 0;
    for (size_t cut : cuts) {
        if (cut <= from || cut >= text.size()) continue;
        parser.feed(text.substr(from, cut - from));
        from = cut;
    }
    parser.feed(text.substr(from));
    parser.finish();
    decoder.on_end(events);
    return events;
}

// `text` in pieces of `piece` bytes (0 = all at once).
inline std::vector<canonical::StreamEvent> feed_in_pieces(dialects::StreamDecoder& decoder,
                                                          std::string_view text, size_t piece)
{
    std::vector<size_t> cuts;
    if (piece > 0)
        for (size_t at = piece; at < text.size(); at += piece) cuts.push_back(at);
    return feed_at(decoder, text, cuts);
}

// Every line end as CRLF, as some servers (Google's) send them.
inline std::string with_crlf(std::string_view text)
{
    std::string out;
    for (char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

} // namespace llmp::test
