// What a model name a client sends may contain. Some kinds put the upstream model in the URL
// path (Gemini's /models/{model}:generateContent, Azure's /deployments/{model}/...); the
// provider percent-encodes it as one segment there, and this check refuses, before any routing,
// the names that could still mean a different URL to some server on the way: "." and ".."
// segments, `?` and `#`, control characters, and names longer than any real model's.
#pragma once

#include "llmp/core/result.hpp"

#include <cstddef>
#include <string_view>

namespace llmp::router {

inline constexpr size_t k_max_model_bytes = 256;

// invalid_input naming the model (shortened when long) and what is wrong with it.
Result<void> check_model_name(std::string_view model);

} // namespace llmp::router
