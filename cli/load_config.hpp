// Shared by every subcommand that reads the config: locate it, load it, print warnings and,
// on failure, every error as "llmp: error: file:line: key: message".
#pragma once

#include "llmp/config/config.hpp"

#include <optional>
#include <string>

namespace llmp::cli {

// nullopt after printing the errors (exit with k_exit_config).
std::optional<config::Config> load_config(const std::optional<std::string>& flag_path);

} // namespace llmp::cli
