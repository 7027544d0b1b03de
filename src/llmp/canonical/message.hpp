// The canonical chat request: what every dialect decodes into and encodes from
// (reference/providers.md §9.1). It holds the meaning of a request, not any wire shape; a field
// a dialect cannot express is dropped or refused by that dialect's encoder, never here.
#pragma once

#include "llmp/canonical/json.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llmp::canonical {

// One piece of a message's content.
struct Part {
    enum class Kind {
        text,               // text
        image,              // url, or media_type + data (base64)
        thinking,           // text = the reasoning text; signature as the provider gave it
        redacted_thinking,  // data = opaque, passed back unchanged
        tool_call,          // id, name, arguments (JSON text, possibly invalid); signature =
                            // Gemini's thoughtSignature for this call
        tool_result,        // id = the call it answers; content (text/image parts); is_error
    };
    Kind kind = Kind::text;
    std::string text;
    std::string signature;
    std::string url;         // image by URL (http(s), or a data: URL as the client wrote it)
    std::string media_type;  // image/png ...
    std::string data;        // base64 image bytes, or redacted thinking data
    std::string id;
    std::string name;        // tool_call: the function; tool_result: the function, when known
    std::string arguments;
    std::vector<Part> content;  // tool_result only
    bool is_error = false;

    static Part make_text(std::string text)
    {
        Part p;
        p.text = std::move(text);
        return p;
    }
};

// `system` messages are instructions given mid-conversation (Claude Code's system turns, an OpenAI
// system/developer message after the first user turn, a Responses `developer` item): their
// place in the conversation matters. Instructions before the first turn live in
// `Request::system`. Encoders keep system messages in place where the dialect can, and fold them
// into the dialect's system field otherwise.
enum class Role { user, assistant, tool, system };

// `tool` messages hold only tool_result parts (OpenAI's one-message-per-result); dialects that
// put results in a user turn merge consecutive ones.
struct Message {
    Role role = Role::user;
    std::vector<Part> parts;
};

struct Tool {
    std::string name;
    std::string description;
    Json parameters = Json::object();  // JSON Schema of the arguments
    std::optional<bool> strict;
    // A Responses `custom` tool: its input is free text, not JSON. Other dialects see a function
    // with one string parameter, `input`; the Responses encoders unwrap it again.
    bool freeform = false;
};

struct ToolChoice {
    enum class Mode { unset, auto_, none, required, named };
    Mode mode = Mode::unset;
    std::string name;  // Mode::named
};

struct ResponseFormat {
    enum class Kind { text, json_object, json_schema };
    Kind kind = Kind::text;
    std::string name;              // json_schema
    Json schema;                   // json_schema
    std::optional<bool> strict;
};

// Reasoning ("thinking") requested by the client. `effort` is OpenAI's vocabulary
// (none|minimal|low|medium|high|xhigh|max); `budget_tokens` Anthropic's/Gemini's. A decoder
// fills what its dialect says; an encoder derives the other from it (see canonical/reasoning).
struct Reasoning {
    std::string effort;
    std::optional<int64_t> budget_tokens;
    bool include_thoughts = true;  // show thinking text where the dialect has a place for it
};

struct Request {
    std::string model;
    std::vector<Part> system;  // text parts, from system/developer messages or `system`
    std::vector<Message> messages;
    std::vector<Tool> tools;
    ToolChoice tool_choice;
    std::optional<bool> parallel_tool_calls;
    std::optional<double> temperature;
    std::optional<double> top_p;
    std::optional<int64_t> top_k;
    std::optional<int64_t> max_tokens;  // output limit, reasoning included
    std::vector<std::string> stop;
    std::optional<int64_t> seed;
    ResponseFormat response_format;
    std::optional<Reasoning> reasoning;
    std::string user;          // end-user id for the provider's abuse tracking
    bool stream = false;
    bool include_usage = false;  // the client asked for usage in the stream (OpenAI)
};

} // namespace llmp::canonical
