// llmp: a thin shell over the llmp library. Parses flags, runs one subcommand, turns its
// outcome into an exit code (see command.hpp).
#include "command.hpp"
#include "llmp/core/log.hpp"

#include <iostream>

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

int run(int argc, char** argv)
{
    CLI::App app{"llmp: one endpoint for every LLM provider, with an honest cost ledger", "llmp"};
    app.set_version_flag("-V,--version", std::string("llmp ") + LLMP_VERSION);
    app.require_subcommand(1);
    bool quiet = false;
    bool verbose = false;
    app.add_flag("-q,--quiet", quiet, "Only print errors");
    app.add_flag("-v,--verbose", verbose, "Print debug messages");

    std::vector<std::pair<CLI::App*, std::function<int()>>> actions;
    for (const auto& command : commands()) {
        auto* sub = app.add_subcommand(command.name, command.description);
        actions.emplace_back(sub, command.setup(*sub));
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::string what = e.what();
        if (what.empty()) what = "invalid command line";
        return report_error(what + " (see llmp --help)", k_exit_usage);
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
