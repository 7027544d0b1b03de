// The pieces of a Responses answer, shared by the whole-response encoder (response.cpp) and the
// stream encoder (stream_encode.cpp) so a streamed answer's final object is byte-for-byte the
// shape of a plain one: ids, output items, the response object, and the opaque reasoning blob.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/canonical/message.hpp"
#include "llmp/canonical/response.hpp"

#include <optional>
#include <string>
#include <vector>

namespace llmp::dialects::responses {

// Fresh ids in OpenAI's shapes: "resp_", "msg_", "rs_", "fc_" + hex.
std::string new_id(const char* prefix);

// status and incomplete_details.reason of a finished answer: stop/tool_calls → "completed";
// length → "incomplete"/"max_output_tokens"; content_filter → "incomplete"/"content_filter";
// error → "failed".
struct Outcome {
    std::string status;
    std::string incomplete_reason;  // "" unless status is "incomplete"
};
Outcome outcome_of(canonical::FinishReason finish);

// {"type":"message","id","status","role":"assistant","content":[output_text parts with
// annotations:[] and logprobs:[]]} for the text parts given.
Json message_item(const std::string& id, const std::string& text, const std::string& status);

// {"type":"reasoning","id","summary":[{"type":"summary_text","text"}],"encrypted_content"?}:
// the thinking text as the summary, the provider's signature (or redacted data) sealed in
// encrypted_content by seal_reasoning.
Json reasoning_item(const std::string& id, const canonical::Part& thinking);

// A function_call item, or a custom_tool_call item when `echo` lists the tool as `custom`
// (its `{"input": "..."}` arguments unwrapped to the raw input text). A call of a tool the
// client declared inside a namespace ("<namespace>__<name>" in canonical) gets its `namespace`
// and bare `name` back.
Json call_item(const std::string& id, const canonical::Part& call, const Json& echo, const std::string& status);

// A custom tool's call travels elsewhere as a function call with `{"input": "..."}`
// arguments; this is the raw input again (the arguments themselves if they are not that shape).
std::string custom_input(const std::string& arguments);

// The response object: the required keys of reference §3 (null when unknown), the echoed
// request parameters, `output`, `usage` (null when `usage` is empty), `error` for failed.
struct ResponseFields {
    std::string id;
    int64_t created_at = 0;
    std::string model;
    Outcome outcome;
    Json output = Json::array();
    std::optional<canonical::Usage> usage;
    std::string error_code;     // failed only
    std::string error_message;  // failed only
};
Json response_object(const ResponseFields& fields, const Json& echo);

// Reasoning a provider signed (Anthropic's signature, redacted_thinking data, Gemini's
// thoughtSignature) rides in encrypted_content as an llmp-owned blob ("llmp1." + base64 of
// {"sig":...} or {"data":...}), so a client that echoes it back lets the next translation rebuild
// the thinking block. open_reasoning reads it back; any other blob (OpenAI's gAAAA...) is
// std::nullopt and is dropped toward non-OpenAI upstreams.
std::string seal_reasoning(const canonical::Part& thinking);
std::optional<canonical::Part> open_reasoning(const std::string& encrypted_content);

} // namespace llmp::dialects::responses
