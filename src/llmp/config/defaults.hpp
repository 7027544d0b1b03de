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

// OpenAI-compatible providers added to the embedded default when their key is in the
// environment.
struct KnownProvider {
    const char* name;
    const char* env_key;
    const char* base_url;
};
const std::vector<KnownProvider>& known_providers();

// Creates parent directories; refuses to overwrite; mode 0600.
Result<void> write_starter(const std::string& path);

} // namespace llmp::config
