// The embedded default config (used when there is no config file) and the commented starter
// file written by `llmp config init`.
#pragma once

#include "llmp/core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace llmp::config {

std::string_view embedded_default_text();
std::string_view starter_template();

// Providers added to the embedded default when their standard key variable is set: every
// cloud kind (see kinds.hpp) under its own name. Azure also needs its endpoint, so it joins
// only when AZURE_OPENAI_ENDPOINT is set too.
struct KnownProvider {
    const char* name;
    const char* env_key;
};
const std::vector<KnownProvider>& known_providers();
inline constexpr const char* k_azure_endpoint_env = "AZURE_OPENAI_ENDPOINT";

// Creates parent directories; refuses to overwrite; mode 0600.
Result<void> write_starter(const std::string& path);

} // namespace llmp::config
