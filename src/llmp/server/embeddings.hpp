// POST /v1/embeddings (OpenAI shape): passed through to OpenAI-compatible upstreams, translated
// for Gemini, answered by the mock; recorded with usage and cost like a chat request.
#pragma once

#include "llmp/server/context.hpp"
#include "llmp/server/http.hpp"

namespace llmp::server {

Reply handle_embeddings(Context& context, const Request& request);

} // namespace llmp::server
