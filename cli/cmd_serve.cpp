#include "command.hpp"
#include "load_config.hpp"
#include "usage.hpp"
#include "llmp/config/exposure.hpp"
#include "llmp/server/serve.hpp"

namespace llmp::cli {

namespace {
struct ServeFlags {
    std::optional<std::string> config;
    std::optional<std::string> host;
    std::optional<int> port;
    bool allow_unauthenticated = false;
};
} // namespace

std::function<int()> setup_serve(CLI::App& sub)
{
    auto flags = std::make_shared<ServeFlags>();
    sub.add_option("-c,--config", flags->config, "Config file (default: $LLMP_CONFIG, then ~/.config/llmp/config.toml)");
    sub.add_option("--host", flags->host,
                   "Address to listen on (default 127.0.0.1); beyond loopback needs --allow-unauthenticated");
    sub.add_option("-p,--port", flags->port, "Port to listen on (default 8484)")->check(between(0, 65535));
    sub.add_flag("--allow-unauthenticated", flags->allow_unauthenticated,
                 "Listen beyond loopback although llmp cannot authenticate clients (a trusted network only)");
    return [flags] {
        auto config = load_config(flags->config, config::Secrets::resolve);
        if (!config) return static_cast<int>(k_exit_config);
        if (flags->host) config->server.host = *flags->host;
        if (flags->port) config->server.port = *flags->port;
        if (flags->allow_unauthenticated) config->server.allow_unauthenticated = true;
        if (auto exposure = config::check_exposure(config->server); !exposure)
            return report_error(exposure.error().message, k_exit_config);
        // Before any thread exists, so that only serve's watcher thread gets SIGINT/SIGTERM.
        server::block_shutdown_signals();
        auto served = server::serve(*config);
        if (!served) return report_error(served.error().message, k_exit_failure);
        return static_cast<int>(k_exit_ok);
    };
}

} // namespace llmp::cli
