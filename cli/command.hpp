// The subcommand table. Each subcommand lives in its own cmd_*.cpp: it binds flags to an
// options struct and, when chosen, calls one llmp:: function and prints. Exit codes are part of
// the interface scripts rely on (README "Exit codes"); they never change meaning.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace llmp::cli {

enum ExitCode : int {
    k_exit_ok = 0,
    k_exit_failure = 1,      // anything else that went wrong (a file, the ledger, a bug)
    k_exit_usage = 2,        // bad flags or arguments
    k_exit_config = 2,       // the config file is missing, unreadable or invalid
    k_exit_upstream = 3,     // the provider failed, timed out or refused the request
    k_exit_refused = 4,      // a rate limit or budget refused the request
    k_exit_blocked = 5,      // a policy blocked the prompt
    k_exit_interrupted = 130,  // Ctrl-C (128 + SIGINT), as shells report it
    k_exit_output_closed = 141 // stdout's reader went away (128 + SIGPIPE), as shells report it
};

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
std::function<int()> setup_ask(CLI::App& sub);
std::function<int()> setup_cost(CLI::App& sub);
std::function<int()> setup_logs(CLI::App& sub);
std::function<int()> setup_completions(CLI::App& sub);

// Prints "llmp: error: MESSAGE" on stderr, returns `code`.
int report_error(const std::string& message, int code);

} // namespace llmp::cli
