// What the fake upstream answers. A test picks a behaviour by writing markers into the last
// user message ("[tool]", "[think]", "[429]", ...; see main.cpp), so it can drive the fake
// through the proxy with no side channel. Each dialect reduces its request to a Conversation
// and renders the resulting Plan in its own wire format; nothing here knows a wire format.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmp::test::fake_upstream {

// An error the test asked for, answered before any content.
enum class Fault {
    none,
    rate_limited, // "[429]"
    overloaded,   // "[529]": Anthropic 529, everyone else 503
    server_error, // "[500]"
    bad_json,     // "[badjson]": 200 with the body `{not json`
};

// What a dialect found in its request.
struct Conversation {
    std::string last_user_text;             // the last user message that carries any text
    std::string first_tool;                 // the first declared tool, "" when there is none
    std::optional<std::string> tool_result; // the text of the last tool result, if any
};

enum class Answer { text, tool_call };

struct Plan {
    Fault fault = Fault::none;
    Answer answer = Answer::text;
    std::string text;                  // the answer when Answer::text
    std::string tool_name;             // the tool to call when Answer::tool_call
    bool think = false;                // a reasoning part comes first ("[think]")
    bool midstream = false;            // a stream fails after some text ("[midstream]")
    std::chrono::milliseconds pace{0}; // pause between stream events ("[slow]")
};

Plan plan_reply(const Conversation& conversation, std::string_view dialect);

// The fault named in `text`, for endpoints without a conversation (embeddings).
Fault fault_in(std::string_view text);

// Non-streamed replies of a "[slow]" request wait one pace before answering.
void pause_before_reply(const Plan& plan);

// `text` cut into at least three pieces (at word starts, else at UTF-8 character boundaries),
// for streamed deltas.
std::vector<std::string> split_pieces(std::string_view text);

inline constexpr std::string_view k_thinking_text = "Let me think about it.";
inline constexpr std::string_view k_tool_city = "Paris";

} // namespace llmp::test::fake_upstream
