// The subcommand table. Each subcommand lives in its own cmd_*.cpp: it binds flags to an
// options struct and, when chosen, calls one llmp:: function and prints. Exit codes:
//   0 success · 1 runtime failure · 2 usage error (bad flags) · 3 configuration error
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace llmp::cli {

enum ExitCode : int { k_exit_ok = 0, k_exit_failure = 1, k_exit_usage = 2, k_exit_config = 3 };

// Registers the subcommand's flags on `sub`; returns the action to run if it is chosen.
using Setup = std::function<std::function<int()>(CLI::App& sub)>;

struct Command {
    const char* name;
    const char* description;
    Setup setup;
};

std::function<int()> setup_serve(CLI::App& sub);
std::function<int()> setup_config(CLI::App& sub);
std::function<int()> setup_models(CLI::App& sub);

// Prints "llmp: error: MESSAGE" on stderr, returns `code`.
int report_error(const std::string& message, int code);

} // namespace llmp::cli
