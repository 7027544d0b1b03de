// Per-kind changes to an upstream body that the dialect alone does not cover
// (reference/providers.md §5), applied just before sending.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/config/kinds.hpp"

#include <string>

namespace llmp::providers {

void apply_request_quirks(config::ProviderKind kind, Json& body);

// Whether apply_request_quirks can change a body of this kind (if not, a client's body may be
// passed on as its own text).
bool has_request_quirks(config::ProviderKind kind);

// For bodies llmp wrote itself (translated from another dialect): OpenAI and Azure refuse
// `max_tokens` on reasoning models but take `max_completion_tokens` on all of them; compatible
// servers mostly know only `max_tokens`. A client's own body is never rewritten this way.
void apply_translation_quirks(config::ProviderKind kind, Json& body);

// Mistral accepts only tool-call ids of 9 characters from [a-zA-Z0-9]. Ids already in that
// shape stay as they are (Mistral's own); others map to a stable 9-character hash, so the call
// and its result keep matching.
std::string mistral_tool_id(const std::string& id);

} // namespace llmp::providers
