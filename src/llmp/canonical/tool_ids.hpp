// Gemini attaches a thoughtSignature to each function call and rejects a tool loop that does
// not send it back. OpenAI and Anthropic clients have no field for it, but they do echo the
// tool-call id; so the signature travels inside the id: "<id>__sig_<base64url(signature)>".
// Ids stay within [A-Za-z0-9_-], which Anthropic requires of tool_use ids.
#pragma once

#include "llmp/canonical/response.hpp"

#include <string>
#include <string_view>

namespace llmp::canonical {

std::string pack_tool_id(std::string_view id, std::string_view signature);

struct ToolId {
    std::string id;
    std::string signature;  // empty when the id carried none
};
ToolId unpack_tool_id(std::string_view packed);

// A fresh id for a call whose upstream gave none (Gemini, Ollama): "call_" + 24 random chars.
std::string new_tool_call_id();

// Across a whole request (ids from the client: split off signatures) or response (ids to the
// client: fold signatures in). Both are idempotent.
void unpack_tool_ids(Request& request);
void pack_tool_ids(Response& response);

} // namespace llmp::canonical
