// The OpenAI chat-completions wire format: what llmp needs to read from it (usage) and to
// write in it (errors). Full request/response translation arrives with the other dialects.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/canonical/usage.hpp"

#include <string>

namespace llmp::dialects::openai {

// Normalise an OpenAI-style `usage` object (also DeepSeek's cache fields).
canonical::Usage usage_from(const Json& usage);

// {"error":{"message","type","param":null,"code"}}: all four keys, as the SDKs expect.
std::string error_body(const std::string& message, const std::string& type,
                       const std::string& code);

// The error message inside an upstream's error body, whatever its flavour ({"error":{...}},
// {"error":"..."}, {"message":"..."}), or "" if none can be found.
std::string error_message_from(const std::string& body);

} // namespace llmp::dialects::openai
