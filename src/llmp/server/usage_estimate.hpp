// Token counts llmp estimates when a provider never reported them: a stream cut by the client
// or the upstream before the usage chunk. One token per 4 characters of text, the rule
// /v1/messages/count_tokens uses for upstreams that cannot count; rough for any one request,
// and marked as an estimate in the ledger so reports never sum it as exact.
#pragma once

#include "llmp/canonical/json.hpp"

#include <cstdint>

namespace llmp::server {

// The input: every string in the upstream request body but the model name (messages, system
// prompt, tool definitions), one token per 4 characters, rounded up.
int64_t estimate_request_tokens(const Json& upstream_body);

// The output: one token per 4 characters of the content relayed, and never fewer than one per
// content delta (a provider streams at least a token in each).
int64_t estimate_output_tokens(int64_t content_chars, int64_t content_deltas);

} // namespace llmp::server
