// Secret references in the config: `env:NAME`, `file:PATH`, `cmd:COMMAND` (e.g. a keychain
// lookup), or a literal value (works, but the loader warns). A resolved value never appears in
// a message: errors name the reference.
#pragma once

#include "llmp/config/config.hpp"
#include "llmp/core/result.hpp"

#include <string>

namespace llmp::config {

Result<std::string> resolve_secret(const std::string& reference);

bool is_literal_secret(const std::string& reference);

// What may be printed for a secret: its reference, or a masked literal ("****" + last 4
// characters when the value is long enough that they give nothing away).
std::string mask(const Secret& secret);

} // namespace llmp::config
