// The two wire forms of an OpenAI embedding vector: a JSON array of floats, or (encoding_format
// "base64") the base64 of its little-endian float32 bytes. The openai SDK asks for base64 by
// default and decodes without checking, so whatever an upstream answered, the client must get
// the form it asked for.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmp::server {

enum class VectorEncoding { float_array, base64 };

struct EmbeddingOptions {
    VectorEncoding encoding = VectorEncoding::float_array;
    std::optional<int64_t> dimensions;
};

// Reads `encoding_format` and `dimensions` from an OpenAI embeddings request; a bad value is
// an invalid_input error naming the field.
Result<EmbeddingOptions> embedding_options(const Json& request);

std::string base64_of_float32(const std::vector<float>& values);
// The inverse; nullopt for text that is not base64 of a whole number of float32s.
std::optional<std::vector<float>> float32_of_base64(std::string_view text);

// Rewrites every data[].embedding of an OpenAI embeddings response into `encoding` (arrays
// and base64 strings are both read); true if anything changed. An embedding of any other type
// is an upstream error.
Result<bool> encode_vectors(Json& response, VectorEncoding encoding);

} // namespace llmp::server
