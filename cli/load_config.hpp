// Shared by every subcommand that reads the config: locate it, load it, print warnings and,
// on failure, every error as "llmp: error: file:line: key: message". Commands that call no
// provider load it with config::Secrets::leave_unresolved: a `cmd:` key that hangs cannot
// hang them.
#pragma once

#include "llmp/config/config.hpp"
#include "llmp/config/loader.hpp"

#include <optional>
#include <string>

namespace llmp::cli {

// nullopt after printing the errors (exit with k_exit_config).
std::optional<config::Config> load_config(const std::optional<std::string>& flag_path,
                                          config::Secrets secrets);

} // namespace llmp::cli
