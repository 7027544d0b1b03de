// POST /v1/embeddings (OpenAI shape): passed through to OpenAI-compatible upstreams, translated
// for Gemini, answered by the mock; recorded with usage and cost like a chat request. Vectors
// reach the client in the encoding_format it asked for ("float" or "base64"), and `dimensions`
// goes to every upstream that can shorten a vector (OpenAI's, Gemini's outputDimensionality,
// the mock).
#pragma once

#include "llmp/server/context.hpp"
#include "llmp/server/http.hpp"

namespace llmp::server {

Reply handle_embeddings(Context& context, const Request& request);

} // namespace llmp::server
