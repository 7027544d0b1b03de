// Per-kind changes to an upstream body that the dialect alone does not cover
// (reference/providers.md §5), applied just before sending.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/config/kinds.hpp"

#include <string>

namespace llmp::providers {

void apply_request_quirks(config::ProviderKind kind, Json& body);

// Mistral accepts only tool-call ids of 9 characters from [a-zA-Z0-9]. Ids already in that
// shape stay as they are (Mistral's own); others map to a stable 9-character hash, so the call
// and its result keep matching.
std::string mistral_tool_id(const std::string& id);

} // namespace llmp::providers
