// llmp models: every model a client can name, per provider — from the config (aliases, declared
// models), from the built-in mock and, unless --offline, from each provider's models endpoint
// (asked in parallel, with a short timeout) — with its price when the table knows it.
#include "command.hpp"
#include "load_config.hpp"
#include "usage.hpp"
#include "llmp/canonical/json.hpp"
#include "llmp/pricing/price_table.hpp"
#include "llmp/providers/provider.hpp"

#include <algorithm>
#include <cstdio>
#include <future>
#include <iostream>
#include <set>

namespace llmp::cli {

namespace {

struct ModelsFlags {
    std::optional<std::string> config;
    bool offline = false;
    bool json = false;
    int timeout_ms = 3000;
};

struct Row {
    std::string name;      // what a client writes as the model
    std::string source;    // alias | config | api | mock (see legend())
    const pricing::Price* price = nullptr;
};

// "$2.5" per million tokens, from nano-dollars per million.
std::string usd(int64_t nano_per_million)
{
    char text[32];
    std::snprintf(text, sizeof text, "$%.4g", static_cast<double>(nano_per_million) / 1e9);
    return text;
}

// What FROM means, for the sources the table shows.
std::string legend(const std::vector<Row>& rows)
{
    static const std::vector<std::pair<std::string, std::string>> k_meanings = {
        {"alias", "an alias under [models]"},
        {"config", "in the provider's models list in the config"},
        {"api", "listed by the provider's models endpoint"},
        {"mock", "the built-in mock provider, which answers any model name (mock/anything)"},
    };
    std::string text;
    for (const auto& [source, meaning] : k_meanings) {
        bool shown = std::any_of(rows.begin(), rows.end(), [&](const Row& row) { return row.source == source; });
        if (shown) text += (text.empty() ? "FROM: " : "; ") + source + " = " + meaning;
    }
    return text.empty() ? text : text + "\n";
}

int run_models(const ModelsFlags& flags)
{
    // Offline asks no provider, so it needs no key: none is resolved (a `cmd:` key that hangs
    // cannot hang it).
    auto config = load_config(flags.config, flags.offline ? config::Secrets::leave_unresolved
                                                          : config::Secrets::resolve);
    if (!config) return k_exit_config;
    auto prices = pricing::PriceTable::with_overrides(config->prices);
    if (!prices) return report_error(prices.error().message, k_exit_config);
    std::optional<providers::Registry> registry;
    if (!flags.offline) {
        auto built = providers::Registry::build(*config);
        if (!built) return report_error(built.error().message, k_exit_failure);
        registry = std::move(*built);
    }

    // Ask every provider at once: the slowest bounds the wait, not the sum. The mock answers
    // in-process, so it is listed offline too.
    std::vector<std::future<Result<std::vector<std::string>>>> listings;
    for (const auto& p : config->providers) {
        if (p.kind == config::ProviderKind::mock)
            listings.push_back(std::async(std::launch::deferred, [&p] { return providers::make_mock(p)->list_models(0); }));
        else if (registry)
            listings.push_back(std::async(std::launch::async, [&registry, &p, &flags] {
                return registry->find(p.name)->list_models(flags.timeout_ms);
            }));
        else
            listings.emplace_back();
    }

    std::vector<Row> rows;
    for (const auto& alias : config->models) rows.push_back({alias.name, "alias", nullptr});
    for (size_t i = 0; i < config->providers.size(); ++i) {
        const auto& p = config->providers[i];
        std::set<std::string> seen;
        for (const auto& model : p.models)
            if (seen.insert(model).second) rows.push_back({p.name + "/" + model, "config", prices->find(p.name, model)});
        if (!listings[i].valid()) continue;
        auto listed = listings[i].get();
        if (!listed) {
            std::cerr << "llmp: warning: " << p.name << ": cannot list models: " << listed.error().message << "\n";
            continue;
        }
        const char* source = p.kind == config::ProviderKind::mock ? "mock" : "api";
        for (const auto& model : *listed)
            if (seen.insert(model).second) rows.push_back({p.name + "/" + model, source, prices->find(p.name, model)});
    }

    if (flags.json) {
        Json out = Json::array();
        for (const auto& row : rows) {
            Json item = {{"model", row.name}, {"source", row.source}};
            if (row.price)
                item["price_usd_per_million"] = {{"input", row.price->input / 1e9},
                                                 {"cached_input", row.price->cached_input / 1e9},
                                                 {"cache_write", row.price->cache_write / 1e9},
                                                 {"output", row.price->output / 1e9}};
            out.push_back(std::move(item));
        }
        std::cout << out.dump(2) << "\n";
        return k_exit_ok;
    }
    size_t width = 5;
    for (const auto& row : rows) width = std::max(width, row.name.size());
    std::printf("%-*s  %-6s  %10s  %10s\n", static_cast<int>(width), "MODEL", "FROM", "INPUT/M", "OUTPUT/M");
    for (const auto& row : rows)
        std::printf("%-*s  %-6s  %10s  %10s\n", static_cast<int>(width), row.name.c_str(), row.source.c_str(),
                    row.price ? usd(row.price->input).c_str() : "-",
                    row.price ? usd(row.price->output).c_str() : "-");
    std::printf("\n%s", legend(rows).c_str());
    return k_exit_ok;
}

} // namespace

std::function<int()> setup_models(CLI::App& sub)
{
    auto flags = std::make_shared<ModelsFlags>();
    sub.add_option("-c,--config", flags->config, "Config file");
    sub.add_flag("--offline", flags->offline,
                 "Only what the config declares and the built-in mock offers; ask no provider and read no key");
    sub.add_flag("--json", flags->json, "One JSON array instead of a table");
    sub.add_option("--timeout-ms", flags->timeout_ms, "How long each provider may take to answer")
        ->check(between(100, 60'000));
    return [flags] { return run_models(*flags); };
}

} // namespace llmp::cli
