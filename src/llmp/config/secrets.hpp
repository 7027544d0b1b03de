// Secret references in the config: `env:NAME`, `file:PATH`, `cmd:COMMAND` (e.g. a keychain
// lookup), or a literal value (works, but the loader warns). A resolved value never appears in
// a message: errors name the reference. A command gets a deadline (see core/shell.hpp): a
// keychain that hangs must not hang llmp.
#pragma once

#include "llmp/config/config.hpp"
#include "llmp/core/result.hpp"

#include <string>

namespace llmp::config {

inline constexpr int k_default_cmd_timeout_ms = 10'000;

// What can be told without resolving: a reference that names nothing ("env:", "cmd:", "").
Result<void> check_reference(const std::string& reference);

Result<std::string> resolve_secret(const std::string& reference,
                                   int cmd_timeout_ms = k_default_cmd_timeout_ms);

bool is_literal_secret(const std::string& reference);

// What may be printed for a secret: its reference, or a masked literal ("****" + last 4
// characters when the value is long enough that they give nothing away).
std::string mask(const Secret& secret);

} // namespace llmp::config
