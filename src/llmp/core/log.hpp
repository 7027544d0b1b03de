// A tiny leveled logger writing single lines to stderr. It must never be handed a secret:
// callers log key names and references (env:NAME), never resolved values.
#pragma once

#include <functional>
#include <string_view>

namespace llmp::log {

enum class Level { debug, info, warn, error, off };

void set_level(Level level);
Level level();

void write(Level level, std::string_view message);

// Runs under the log's lock before each line is written (an empty function removes it). `llmp
// ask` uses it to end the answer's unfinished line on a terminal first, so that a warning
// starts on a line of its own.
void set_before_line(std::function<void()> hook);

inline void debug(std::string_view m) { write(Level::debug, m); }
inline void info(std::string_view m) { write(Level::info, m); }
inline void warn(std::string_view m) { write(Level::warn, m); }
inline void error(std::string_view m) { write(Level::error, m); }

} // namespace llmp::log
