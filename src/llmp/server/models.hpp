// GET /v1/models and GET /v1/models/{id}: the names a client may send as `model` (aliases,
// bare names a provider declares, "provider/model"), in OpenAI's shape or, for an Anthropic
// client, Anthropic's. Answered from the config alone: never calls an upstream.
#pragma once

#include "llmp/server/context.hpp"
#include "llmp/server/http.hpp"

namespace llmp::server {

Reply handle_list_models(const Context& context, const Request& request);

// The id is the rest of the path after /v1/models/ (percent-decoded, so "mock%2Fecho" and
// "mock/echo" are the same id). An id llmp cannot route is a 404 in the client's dialect.
Reply handle_retrieve_model(const Context& context, const Request& request);

} // namespace llmp::server
