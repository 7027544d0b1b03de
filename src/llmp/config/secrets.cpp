#include "llmp/config/secrets.hpp"

#include "llmp/core/paths.hpp"
#include "llmp/core/strings.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

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

Result<std::string> from_command(const std::string& command)
{
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return fail(ErrorCode::config, "cannot run command: " + command);
    std::string output;
    std::array<char, 4096> buffer{};
    size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
    int status = ::pclose(pipe);
    // The output is the secret: never put it in a message, even when the command failed.
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        int code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return fail(ErrorCode::config, "command exited with status " + std::to_string(code) + ": " + command);
    }
    std::string value(strings::trim(output));
    if (value.empty()) return fail(ErrorCode::config, "command printed nothing: " + command);
    return value;
}

} // namespace

bool is_literal_secret(const std::string& reference)
{
    return !starts_with(reference, "env:") && !starts_with(reference, "file:")
        && !starts_with(reference, "cmd:");
}

Result<std::string> resolve_secret(const std::string& reference)
{
    if (starts_with(reference, "env:")) return from_env(reference.substr(4));
    if (starts_with(reference, "file:")) return from_file(reference.substr(5));
    if (starts_with(reference, "cmd:")) return from_command(reference.substr(4));
    if (reference.empty()) return fail(ErrorCode::config, "empty secret");
    return reference;
}

std::string mask(const Secret& secret)
{
    if (!is_literal_secret(secret.reference)) return secret.reference;
    if (secret.reference.size() >= 12) return "****" + secret.reference.substr(secret.reference.size() - 4);
    return "****";
}

} // namespace llmp::config
