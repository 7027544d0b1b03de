// Identifiers for requests and generated completions.
#pragma once

#include <string>

namespace llmp::ids {

// A random, URL-safe identifier of `length` characters, with an optional prefix.
std::string random_id(const std::string& prefix, size_t length = 24);

} // namespace llmp::ids
