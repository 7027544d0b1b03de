// Embeddings from the mock provider: deterministic 8-dimensional vectors derived from the text
// (equal texts, equal vectors), usage = the words of the input, in OpenAI's shape.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/upstream/client.hpp"

namespace llmp::providers {

upstream::HttpResponse mock_embeddings(const Json& request);

} // namespace llmp::providers
