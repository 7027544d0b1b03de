// The canonical chat response, whole (non-streamed) or as a sequence of stream events.
#pragma once

#include "llmp/canonical/message.hpp"
#include "llmp/canonical/usage.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace llmp::canonical {

// Why generation ended (reference §9.2), in OpenAI's terms plus `error`; each dialect spells it
// its own way.
enum class FinishReason { stop, length, tool_calls, content_filter, error };

struct Response {
    std::string id;                 // the upstream's id (dialect encoders may restyle it)
    std::string model;              // as the upstream named it
    int64_t created = 0;            // unix seconds; 0 = unknown
    std::vector<Part> content;      // text, thinking, redacted_thinking, tool_call parts in order
    FinishReason finish = FinishReason::stop;
    std::string stop_sequence;      // the matched stop sequence, when known
    Usage usage;
};

// One step of a streamed response. Decoders turn upstream wire events into these; encoders turn
// them into the client's wire events. A well-formed sequence is:
//   start, then any of text / thinking / thinking_signature / tool_call_start /
//   tool_call_arguments, then finish, then usage (if known), then end.
// `error` may come at any point and ends the sequence.
struct StreamEvent {
    enum class Kind {
        start,                // id, model
        text,                 // text
        thinking,             // text
        thinking_signature,   // text = the signature of the current thinking block
        redacted_thinking,    // text = opaque data
        tool_call_start,      // index (0, 1, ... among tool calls), id, name, signature
        tool_call_arguments,  // index, text = a piece of the arguments JSON
        finish,               // finish, stop_sequence
        usage,                // usage: cumulative totals so far (later ones replace earlier)
        end,                  // the upstream stream is complete
        error,                // error_status, error_type, text = message
    };
    Kind kind = Kind::text;
    std::string text;
    std::string id;
    std::string model;
    std::string name;
    std::string signature;
    int index = 0;
    FinishReason finish = FinishReason::stop;
    std::string stop_sequence;
    Usage usage;
    int error_status = 0;
    std::string error_type;  // canonical error type (see canonical/error.hpp)
};

} // namespace llmp::canonical
