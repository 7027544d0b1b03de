#include "llmp/config/secrets.hpp"

#include "llmp/core/paths.hpp"
#include "llmp/core/shell.hpp"
#include "llmp/core/strings.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace llmp::config {

namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::string trim_end(std::string s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    return s;
}

Result<std::string> from_env(const std::string& name)
{
    if (name.empty()) return fail(ErrorCode::config, "env: needs a variable name, e.g. env:OPENAI_API_KEY");
    const char* value = std::getenv(name.c_str());
    if (!value || !*value) return fail(ErrorCode::config, "environment variable " + name + " is not set or empty");
    return std::string(value);
}

Result<std::string> from_file(const std::string& raw_path)
{
    std::string path = paths::expand_home(raw_path);
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::config, "cannot read " + path + ": " + std::strerror(errno));
    std::stringstream text;
    text << in.rdbuf();
    std::string value = trim_end(text.str());
    if (value.empty()) return fail(ErrorCode::config, path + " is empty");
    return value;
}

Result<std::string> from_command(const std::string& command, int timeout_ms)
{
    if (strings::trim(command).empty())
        return fail(ErrorCode::config, "cmd: needs a command, e.g. cmd:pass show openai");
    std::string named = "command \"" + command + "\"";
    auto run = shell::run(command, timeout_ms);
    if (!run) return fail(ErrorCode::config, "cannot run " + named + ": " + run.error().message);
    // The output is the secret: never put it in a message, even when the command failed.
    switch (run->ended) {
    case shell::Ended::timed_out:
        return fail(ErrorCode::config, named + " did not finish within " + std::to_string(timeout_ms)
                                           + " ms (raise [secrets] cmd_timeout_ms if it needs longer)");
    case shell::Ended::signalled:
        return fail(ErrorCode::config, named + " was killed by signal " + std::to_string(run->code));
    case shell::Ended::too_much_output:
        return fail(ErrorCode::config, named + " printed more than " + std::to_string(shell::k_max_output)
                                           + " bytes; a secret is one line");
    case shell::Ended::exited: break;
    }
    if (run->code != 0)
        return fail(ErrorCode::config, named + " exited with status " + std::to_string(run->code));
    std::string value(strings::trim(run->output));
    if (value.empty()) return fail(ErrorCode::config, named + " printed nothing");
    return value;
}

} // namespace

bool is_literal_secret(const std::string& reference)
{
    return !starts_with(reference, "env:") && !starts_with(reference, "file:")
        && !starts_with(reference, "cmd:");
}

Result<void> check_reference(const std::string& reference)
{
    if (reference.empty()) return fail(ErrorCode::config, "empty secret");
    if (reference == "env:") return fail(ErrorCode::config, "env: needs a variable name, e.g. env:OPENAI_API_KEY");
    if (reference == "file:") return fail(ErrorCode::config, "file: needs a path, e.g. file:~/.config/llmp/openai.key");
    if (starts_with(reference, "cmd:") && strings::trim(reference.substr(4)).empty())
        return fail(ErrorCode::config, "cmd: needs a command, e.g. cmd:pass show openai");
    return {};
}

Result<std::string> resolve_secret(const std::string& reference, int cmd_timeout_ms)
{
    if (auto checked = check_reference(reference); !checked) return std::unexpected(checked.error());
    if (starts_with(reference, "env:")) return from_env(reference.substr(4));
    if (starts_with(reference, "file:")) return from_file(reference.substr(5));
    if (starts_with(reference, "cmd:")) return from_command(reference.substr(4), cmd_timeout_ms);
    return reference;
}

std::string mask(const Secret& secret)
{
    if (!is_literal_secret(secret.reference)) return secret.reference;
    if (secret.reference.size() >= 12) return "****" + secret.reference.substr(secret.reference.size() - 4);
    return "****";
}

} // namespace llmp::config
