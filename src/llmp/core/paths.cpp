#include "llmp/core/paths.hpp"

#include <cstdlib>

namespace llmp::paths {

namespace {
std::string home()
{
    const char* h = std::getenv("HOME");
    return h && *h ? h : "/";
}

std::string env_or(const char* name, const std::string& fallback)
{
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}
} // namespace

std::string expand_home(const std::string& path)
{
    if (path == "~") return home();
    if (path.rfind("~/", 0) == 0) return home() + path.substr(1);
    return path;
}

std::string config_home() { return env_or("XDG_CONFIG_HOME", home() + "/.config"); }

std::string data_home() { return env_or("XDG_DATA_HOME", home() + "/.local/share"); }

} // namespace llmp::paths
