// Turns an upstream's SSE events into the frames a streaming client gets, and tells the relay
// what it saw (content, usage, errors). Three kinds: OpenAI passthrough (frames as the upstream
// sent them, minus the usage chunk the client did not ask for), Anthropic passthrough (frames
// as sent, usage read on the side), and translation through the canonical stream events.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/canonical/usage.hpp"
#include "llmp/config/kinds.hpp"
#include "llmp/dialects/dialect.hpp"
#include "llmp/server/http.hpp"
#include "llmp/upstream/sse.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace llmp::server {

struct Seen {
    bool content = false;                    // model output reached the client
    int64_t content_chars = 0;               // of text, reasoning and tool calls (estimates)
    std::optional<canonical::Usage> usage;   // cumulative usage, when the event carried it
    std::optional<Reply> error;              // the event was an error; as a reply, if it came first
    bool ended_early = false;                // on_end: the body ended before the answer did
};

class StreamTranslator {
public:
    virtual ~StreamTranslator() = default;
    // One upstream event: frames for the client appended to `frames`.
    virtual Seen on_event(const upstream::SseEvent& event, std::string& frames) = 0;
    // The upstream body ended (without a transport error).
    virtual Seen on_end(std::string& frames) = 0;
};

std::unique_ptr<StreamTranslator> make_openai_passthrough(bool client_wants_usage);
std::unique_ptr<StreamTranslator> make_anthropic_passthrough();
// Responses to Responses: events relayed as sent; `on_final` (may be empty) gets the response
// object of the terminal event, for the response store.
std::unique_ptr<StreamTranslator> make_responses_passthrough(std::function<void(const Json&)> on_final);
std::unique_ptr<StreamTranslator> make_stream_translation(config::Dialect client,
                                                          config::Dialect upstream,
                                                          const dialects::StreamContext& context);

// An error of ours after the stream started (upstream lost, shutdown), as the client's dialect
// writes an error inside a stream.
std::string late_error_frame(config::Dialect client, const Error& error);

} // namespace llmp::server
