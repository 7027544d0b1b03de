// The Anthropic Messages API inbound: POST /v1/messages (any upstream, streamed or not) and
// POST /v1/messages/count_tokens (forwarded to Anthropic upstreams, estimated for others).
#pragma once

#include "llmp/canonical/message.hpp"
#include "llmp/server/context.hpp"
#include "llmp/server/http.hpp"

namespace llmp::server {

Reply handle_messages(Context& context, const Request& request);
Reply handle_count_tokens(Context& context, const Request& request);

// The estimate for upstreams that cannot count: one token per 4 characters of every text in
// the request (system, messages, tool calls and results, tool definitions), rounded up.
int64_t estimate_input_tokens(const canonical::Request& request);

} // namespace llmp::server
