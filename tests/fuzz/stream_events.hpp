// Checks on a sequence of canonical stream events (canonical/response.hpp): the order the
// encoders rely on, and equality of two sequences up to the tool-call ids a decoder makes up.
#pragma once

#include "fuzz.hpp"

#include "llmp/canonical/response.hpp"

#include <vector>

namespace llmp::fuzz {

inline void check_usage(const canonical::Usage& usage)
{
    check(usage.input >= 0 && usage.cached_input >= 0 && usage.cache_write >= 0
              && usage.output >= 0 && usage.reasoning >= 0,
          "token counts are never negative");
    check(usage.reasoning <= usage.output, "reasoning tokens are part of the output");
}

// start, then content, then finish, then usage, then end; an error may come at any point and
// ends the sequence. A decoder's sequence always ends, with end or error.
inline void check_sequence(const std::vector<canonical::StreamEvent>& events)
{
    using Kind = canonical::StreamEvent::Kind;
    bool started = false;
    bool finished = false;
    bool closed = false;
    int calls = 0;
    for (const auto& e : events) {
        check(!closed, "nothing follows end or error");
        switch (e.kind) {
        case Kind::start:
            check(!started, "one start");
            started = true;
            check_usage(e.usage);
            break;
        case Kind::text:
        case Kind::thinking:
        case Kind::thinking_signature:
        case Kind::redacted_thinking:
        case Kind::tool_call_start:
        case Kind::tool_call_arguments:
            check(started, "content follows the start");
            check(!finished, "no content after the finish");
            if (e.kind == Kind::tool_call_start)
                check(e.index == calls++, "tool calls are numbered 0, 1, ... in order");
            if (e.kind == Kind::tool_call_arguments)
                check(e.index >= 0 && e.index < calls, "arguments belong to a started call");
            break;
        case Kind::finish:
            check(!finished, "one finish");
            finished = true;
            break;
        case Kind::usage:
            check(finished, "usage follows the finish");
            check_usage(e.usage);
            break;
        case Kind::end:
            check(finished, "end follows a finish");
            closed = true;
            break;
        case Kind::error: closed = true; break;
        }
    }
    check(closed, "a decoded stream ends with end or error");
}

// A tool-call id a decoder made up for a call the upstream gave none (new_tool_call_id()).
inline bool made_up_id(const std::string& id)
{
    return id.size() == 29 && id.starts_with("call_");
}

inline bool same_usage(const canonical::Usage& a, const canonical::Usage& b)
{
    return a.input == b.input && a.cached_input == b.cached_input
        && a.cache_write == b.cache_write && a.output == b.output && a.reasoning == b.reasoning
        && a.known == b.known;
}

inline bool same_event(const canonical::StreamEvent& a, const canonical::StreamEvent& b)
{
    bool same_id = a.id == b.id || (made_up_id(a.id) && made_up_id(b.id));
    return a.kind == b.kind && a.text == b.text && same_id && a.model == b.model
        && a.name == b.name && a.signature == b.signature && a.index == b.index
        && a.finish == b.finish && a.stop_sequence == b.stop_sequence
        && same_usage(a.usage, b.usage) && a.error_status == b.error_status
        && a.error_type == b.error_type;
}

inline void check_same(const std::vector<canonical::StreamEvent>& a,
                       const std::vector<canonical::StreamEvent>& b, const char* what)
{
    check(a.size() == b.size(), what);
    for (size_t i = 0; i < a.size(); ++i) check(same_event(a[i], b[i]), what);
}

} // namespace llmp::fuzz
