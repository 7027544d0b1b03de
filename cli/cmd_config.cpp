#include "command.hpp"
#include "load_config.hpp"
#include "llmp/config/defaults.hpp"
#include "llmp/config/loader.hpp"
#include "llmp/config/show.hpp"
#include "llmp/core/paths.hpp"

#include <iostream>

namespace llmp::cli {

namespace {
struct ConfigFlags {
    std::optional<std::string> config;
    std::string init_path;
};
} // namespace

std::function<int()> setup_config(CLI::App& sub)
{
    auto flags = std::make_shared<ConfigFlags>();
    auto action = std::make_shared<std::function<int()>>();
    sub.require_subcommand(1);

    auto* check = sub.add_subcommand(
        "check", "Validate the config and resolve its keys (as serve would); print a summary or every error");
    check->add_option("-c,--config", flags->config, "Config file to check");
    check->callback([flags, action] {
        *action = [flags] {
            // Resolving is the point: a key that serve could not read is an error found now.
            auto config = load_config(flags->config, config::Secrets::resolve);
            if (!config) return static_cast<int>(k_exit_config);
            std::cout << config::summary(*config);
            return static_cast<int>(k_exit_ok);
        };
    });

    auto* show = sub.add_subcommand("show", "Print the effective config, secrets as their references (never resolved)");
    show->add_option("-c,--config", flags->config, "Config file to show");
    show->callback([flags, action] {
        *action = [flags] {
            auto config = load_config(flags->config, config::Secrets::leave_unresolved);
            if (!config) return static_cast<int>(k_exit_config);
            std::cout << config::render(*config);
            return static_cast<int>(k_exit_ok);
        };
    });

    auto* init = sub.add_subcommand("init", "Write a commented starter config (never overwrites)");
    init->add_option("path", flags->init_path, "Where to write it (default ~/.config/llmp/config.toml)");
    init->callback([flags, action] {
        *action = [flags] {
            std::string path = flags->init_path.empty()
                ? paths::config_home() + "/llmp/config.toml"
                : flags->init_path;
            auto written = config::write_starter(path);
            if (!written) return report_error(written.error().message, k_exit_failure);
            std::cout << "wrote " << path << "\n";
            return static_cast<int>(k_exit_ok);
        };
    });

    return [action] { return *action ? (*action)() : static_cast<int>(k_exit_usage); };
}

} // namespace llmp::cli
