// Embeddings from the mock provider: deterministic vectors derived from the text (equal texts,
// equal vectors), 8 dimensions unless `dimensions` asks for 1 to 4096, usage = the words of the
// input, in OpenAI's shape. Always floats, each exact in float32 so that the base64 form the
// server makes of it decodes to the very same numbers.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/upstream/client.hpp"

namespace llmp::providers {

upstream::HttpResponse mock_embeddings(const Json& request);

} // namespace llmp::providers
