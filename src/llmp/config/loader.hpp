// Loading the config: find the file, parse the TOML, check every key and value, resolve
// secrets (unless told not to), and return a typed Config or every problem found, each naming
// file:line and the key path (with the nearest valid key for a typo).
#pragma once

#include "llmp/config/config.hpp"
#include "llmp/core/result.hpp"

#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmp::config {

struct Diagnostic {
    std::string file;
    int line = 0;
    std::string key;
    std::string message;

    // "FILE:LINE: KEY: MESSAGE" (":LINE" left out when 0, "KEY: " when empty)
    std::string str() const;
};

struct Loaded {
    Config config;
    std::vector<Diagnostic> warnings;
};

using LoadResult = std::expected<Loaded, std::vector<Diagnostic>>;

inline constexpr const char* k_embedded_source = "<embedded default>";

struct Location {
    std::string path;  // empty: the embedded default
    std::string how;   // "--config", "$LLMP_CONFIG", "default location", "embedded default"
};

// --config, else $LLMP_CONFIG, else $XDG_CONFIG_HOME/llmp/config.toml if it exists, else the
// embedded default. A file named by --config or $LLMP_CONFIG must exist.
Result<Location> locate(const std::optional<std::string>& flag_path);

// Whether loading resolves secret references. Commands that never call a provider (cost, logs,
// config show, models --offline) leave them unresolved: no variable, file or command is read
// or run, and every Secret::value stays empty. Only what can be told from the reference itself
// is checked ("env:" with no name).
enum class Secrets { resolve, leave_unresolved };

LoadResult load(const Location& location, Secrets secrets = Secrets::resolve);
LoadResult load_file(const std::string& path, Secrets secrets = Secrets::resolve);
LoadResult load_string(std::string_view toml_text, const std::string& source_name,
                       Secrets secrets = Secrets::resolve);

// How a secret reference (env:NAME, file:PATH, cmd:COMMAND or a literal) becomes its value;
// load_string above uses resolve_secret (config/secrets.hpp) with [secrets] cmd_timeout_ms.
using SecretResolver = std::function<Result<std::string>(const std::string& reference)>;
// load_string with another resolver, for callers that must not read the environment or the
// disk, nor run commands named by the text (the config fuzzer).
LoadResult load_string(std::string_view toml_text, const std::string& source_name,
                       const SecretResolver& resolve);
// The embedded default, plus an OpenAI-compatible provider for each well-known key found in
// the environment.
LoadResult load_embedded_default(Secrets secrets = Secrets::resolve);

} // namespace llmp::config
