// Server-sent events: an incremental parser for upstream streams and the writer for ours.
// The parser accepts any split of the byte stream (events across reads, CR, LF or CRLF line
// ends, comments) because upstreams and proxies in between chunk the stream arbitrarily.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace llmp::upstream {

struct SseEvent {
    std::string event;  // the `event:` field; empty for data-only streams (OpenAI)
    std::string data;   // `data:` lines joined with '\n'
    std::string id;
};

class SseParser {
public:
    using OnEvent = std::function<bool(SseEvent&&)>;  // return false to stop parsing

    explicit SseParser(OnEvent on_event) : m_on_event(std::move(on_event)) {}

    // Feed the next bytes; calls on_event for every completed event. False once a callback
    // asked to stop.
    bool feed(std::string_view bytes);

    // End of stream: dispatch a final event that lacked its blank line.
    bool finish();

private:
    bool line(std::string_view text);
    bool dispatch();

    OnEvent m_on_event;
    std::string m_partial_line;
    bool m_last_was_cr = false;
    SseEvent m_current;
    bool m_has_data = false;
};

// "data: <payload>\n\n" (payload must not contain newlines: JSON from dump() never does).
std::string sse_data(std::string_view payload);

inline constexpr std::string_view k_sse_done = "data: [DONE]\n\n";
inline constexpr std::string_view k_sse_keepalive = ": keep-alive\n\n";

} // namespace llmp::upstream
