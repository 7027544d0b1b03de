// Printing a config: the effective config as TOML (secrets masked) for `llmp config show`, and
// the few-line summary of `llmp config check`.
#pragma once

#include "llmp/config/config.hpp"

#include <string>

namespace llmp::config {

std::string render(const Config& config);
std::string summary(const Config& config);

} // namespace llmp::config
