#include "llmp/core/log.hpp"

#include "llmp/core/redact.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

namespace llmp::log {

namespace {
std::atomic<Level> g_level{Level::info};
std::mutex g_mutex;
std::function<void()> g_before_line;  // guarded by g_mutex

const char* label(Level level)
{
    switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warning";
    case Level::error: return "error";
    case Level::off: break;
    }
    return "";
}
} // namespace

void set_level(Level level) { g_level.store(level); }

void set_before_line(std::function<void()> hook)
{
    std::lock_guard lock(g_mutex);
    g_before_line = std::move(hook);
}
Level level() { return g_level.load(); }

void write(Level level, std::string_view message)
{
    if (level < g_level.load() || level == Level::off) return;
    std::string line = "llmp: ";
    line += label(level);
    line += ": ";
    // Callers log names and references, never values; this catches a value that arrived
    // inside text llmp did not write (an upstream's message, a URL with userinfo).
    if (redact::needs_scrub(message)) line += redact::scrub(message);
    else line += message;
    line += '\n';
    std::lock_guard lock(g_mutex);
    if (g_before_line) g_before_line();
    std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace llmp::log
