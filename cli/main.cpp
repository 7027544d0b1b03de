// llmp: a thin shell over the llmp library. Parses flags, runs one subcommand, turns its
// outcome into an exit code (see command.hpp).
#include "command.hpp"
#include "usage.hpp"
#include "llmp/core/log.hpp"
#include "llmp/core/strings.hpp"

#include <algorithm>
#include <iostream>
#include <optional>
#include <string_view>

namespace llmp::cli {

int report_error(const std::string& message, int code)
{
    std::cerr << "llmp: error: " << message << "\n";
    return code;
}

namespace {

const std::vector<Command>& commands()
{
    static const std::vector<Command> table = {
        {"ask", "Send one prompt (arguments and/or stdin) and stream the answer to stdout", setup_ask},
        {"serve", "Run the proxy: one OpenAI-compatible endpoint in front of every provider",
         setup_serve},
        {"cost", "Report spend and usage from the ledger, grouped by day, model, key...",
         setup_cost},
        {"logs", "List recent requests from the ledger, or show one", setup_logs},
        {"config", "Check, show or create the config file", setup_config},
        {"models", "List the models each provider offers, with prices", setup_models},
        {"completions", "Print the shell completion script for bash, zsh or fish", setup_completions},
    };
    return table;
}

// Commands the design names that this version does not have yet: said plainly, not guessed at.
const std::vector<std::string>& planned_commands()
{
    static const std::vector<std::string> planned = {"replay", "keys", "prices", "route"};
    return planned;
}

bool is_global_flag(std::string_view arg) { return arg == "-q" || arg == "--quiet" || arg == "-v" || arg == "--verbose"; }

// Before CLI11 sees the command line: the word that names the command. An unknown one is
// reported with the nearest command; no command at all prints the help. nullopt: go on and parse.
std::optional<int> check_command_word(int argc, char** argv, const CLI::App& app)
{
    bool other_flags = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-V" || arg == "--version")
            return std::nullopt;
        if (arg.starts_with("-")) {
            other_flags = other_flags || !is_global_flag(arg);
            continue;
        }
        std::vector<std::string> names;
        for (const auto& command : commands()) names.emplace_back(command.name);
        if (std::find(names.begin(), names.end(), arg) != names.end()) return std::nullopt;
        const auto& planned = planned_commands();
        if (std::find(planned.begin(), planned.end(), arg) != planned.end())
            return report_error("llmp " + std::string(arg) + " is planned but not built yet (see llmp --help for "
                                    "the commands there are)",
                                k_exit_usage);
        std::string message = "unknown command \"" + std::string(arg) + "\"";
        if (auto near = strings::nearest(arg, names); !near.empty()) message += "; did you mean \"" + near + "\"?";
        return report_error(message + " (see llmp --help)", k_exit_usage);
    }
    if (other_flags) return std::nullopt;  // CLI11 names the unknown flag
    // `llmp` alone: the help, as a usage error (no command ran), like git.
    std::cout << app.help();
    return k_exit_usage;
}

// -q/-v are accepted after the command too (`llmp ask -v hi`), on every command and subcommand.
void add_verbosity_flags(CLI::App& app, bool& quiet, bool& verbose)
{
    app.add_flag("-q,--quiet", quiet, "Only print errors");
    app.add_flag("-v,--verbose", verbose, "Print debug messages");
    for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        add_verbosity_flags(*sub, quiet, verbose);
}

int run(int argc, char** argv)
{
    CLI::App app{"llmp: one endpoint for every LLM provider, with an honest cost ledger", "llmp"};
    app.set_version_flag("-V,--version", std::string("llmp ") + LLMP_VERSION);
    app.require_subcommand(1);
    bool quiet = false;
    bool verbose = false;

    std::vector<std::pair<CLI::App*, std::function<int()>>> actions;
    for (const auto& command : commands()) {
        auto* sub = app.add_subcommand(command.name, command.description);
        actions.emplace_back(sub, command.setup(*sub));
    }
    add_verbosity_flags(app, quiet, verbose);
    if (auto early = check_command_word(argc, argv, app)) return *early;

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return report_error(usage_message(app, e), k_exit_usage);
    }
    if (quiet) log::set_level(log::Level::error);
    if (verbose) log::set_level(log::Level::debug);

    for (auto& [sub, action] : actions)
        if (sub->parsed()) return action();
    return report_error("no command given (see llmp --help)", k_exit_usage);
}

} // namespace
} // namespace llmp::cli

int main(int argc, char** argv)
{
    try {
        return llmp::cli::run(argc, argv);
    } catch (const std::exception& e) {
        return llmp::cli::report_error(std::string("internal error: ") + e.what(),
                                       llmp::cli::k_exit_failure);
    }
}
