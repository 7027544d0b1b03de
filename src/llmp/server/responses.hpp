// OpenAI's Responses API inbound (reference/responses-api.md §1): POST /v1/responses through the
// shared chat pipeline (any upstream, streamed or not), and the satellites that read llmp's
// response store: GET and DELETE /v1/responses/{id}, GET /v1/responses/{id}/input_items, and
// POST /v1/responses/input_tokens (an estimate). Codex opens a WebSocket on the same path
// first: it gets 426, which makes it fall back to HTTP at once.
#pragma once

#include "llmp/server/context.hpp"
#include "llmp/server/http.hpp"

namespace llmp::server {

Reply handle_responses(Context& context, const Request& request);
// GET /v1/responses: a WebSocket upgrade (426, recorded) or a plain GET (405).
Reply handle_responses_get(Context& context, const Request& request);
Reply handle_response_get(Context& context, const Request& request);
Reply handle_response_delete(Context& context, const Request& request);
Reply handle_response_input_items(Context& context, const Request& request);
Reply handle_response_input_tokens(Context& context, const Request& request);

} // namespace llmp::server
