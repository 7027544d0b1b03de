// Reads the answer `llmp ask` gets back, in OpenAI's format: a streamed one chunk by chunk
// (the text goes to the caller as it arrives) or a whole JSON body. Also reads the error body
// of a failed request and an error event in the middle of a stream.
#pragma once

#include "llmp/canonical/usage.hpp"
#include "llmp/upstream/sse.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace llmp::ask {

struct Answer {
    std::string text;
    std::string model;             // as the answer names it (the upstream model)
    std::string finish_reason;
    canonical::Usage usage;        // known only when the answer reported it
    bool complete = false;         // a whole body, or a stream that reached [DONE]
    std::optional<std::string> error;  // an error event mid-stream, or a malformed answer
};

class StreamReader {
public:
    using OnText = std::function<void(std::string_view)>;
    explicit StreamReader(OnText on_text);

    void feed(std::string_view bytes);
    void finish();  // the stream ended: a last event without its blank line counts
    const Answer& answer() const { return m_answer; }

private:
    bool on_event(upstream::SseEvent&& event);

    OnText m_on_text;
    Answer m_answer;
    upstream::SseParser m_parser;
};

// A non-streamed answer body.
Answer read_body(std::string_view body);

// The message of an error body ({"error": {"message": ...}} in OpenAI's format), or the body
// itself cut short when it is not one.
std::string error_message(std::string_view body);

// The error body's `code` ("upstream_unreachable"), or "" when it has none.
std::string error_code(std::string_view body);

} // namespace llmp::ask
