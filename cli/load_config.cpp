#include "load_config.hpp"

#include "command.hpp"
#include "llmp/config/loader.hpp"
#include "llmp/core/log.hpp"

namespace llmp::cli {

std::optional<config::Config> load_config(const std::optional<std::string>& flag_path,
                                          config::Secrets secrets)
{
    auto location = config::locate(flag_path);
    if (!location) {
        report_error(location.error().message, k_exit_config);
        return std::nullopt;
    }
    auto loaded = config::load(*location, secrets);
    if (!loaded) {
        for (const auto& diagnostic : loaded.error()) report_error(diagnostic.str(), k_exit_config);
        return std::nullopt;
    }
    for (const auto& warning : loaded->warnings) log::warn(warning.str());
    return std::move(loaded->config);
}

} // namespace llmp::cli
