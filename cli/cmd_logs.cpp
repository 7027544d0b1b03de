// llmp logs: the ledger's recent requests, newest first, or one request in full with its bodies.
#include "command.hpp"
#include "load_config.hpp"
#include "usage.hpp"
#include "llmp/core/clock.hpp"
#include "llmp/ledger/reader.hpp"
#include "llmp/report/request_log.hpp"

#include <iostream>

namespace llmp::cli {

namespace {

struct LogsFlags {
    std::optional<std::string> config;
    std::optional<std::string> ledger;
    std::optional<std::string> id;
    int limit = 20;
    std::optional<std::string> since;
    bool utc = false;
    std::string model;
    std::optional<std::string> status;
    std::string source;
    bool json = false;
};

int show_one(ledger::Reader& reader, const std::string& path, const LogsFlags& flags, report::Zone zone)
{
    auto found = reader.find(*flags.id);
    if (!found) return report_error(found.error().message, k_exit_failure);
    if (!*found) return report_error("no request with id \"" + *flags.id + "\" in " + path, k_exit_failure);
    if (flags.json) std::cout << report::request_json(**found, true).dump(2) << "\n";
    else std::cout << report::render_request(**found, zone);
    return k_exit_ok;
}

int run_logs(const LogsFlags& flags)
{
    auto config = load_config(flags.config, config::Secrets::leave_unresolved);
    if (!config) return k_exit_config;
    auto zone = flags.utc ? report::Zone::utc : report::Zone::local;
    ledger::RequestFilter filter;
    filter.limit = flags.limit;
    if (flags.since) {
        auto range = report::resolve_range({flags.since, std::nullopt}, clock::unix_ms(), zone);
        if (!range) return report_error(range.error().message, k_exit_usage);
        filter.since_unix_ms = range->from_unix_ms;
    }
    filter.model = flags.model;
    if (flags.status) filter.failed = *flags.status == "error";
    filter.source = flags.source;

    std::string path = flags.ledger.value_or(config->ledger.path);
    auto reader = ledger::Reader::open(path);
    if (!reader) return report_error(reader.error().message, k_exit_failure);
    if (flags.id) return show_one(*reader, path, flags, zone);

    auto requests = reader->list(filter);
    if (!requests) return report_error(requests.error().message, k_exit_failure);
    if (flags.json) {
        for (const auto& request : *requests) std::cout << report::request_json(request, false).dump() << "\n";
    } else {
        std::cout << report::render_request_list(*requests, zone);
    }
    return k_exit_ok;
}

} // namespace

std::function<int()> setup_logs(CLI::App& sub)
{
    auto flags = std::make_shared<LogsFlags>();
    sub.add_option("id", flags->id, "Show this request in full, with its bodies when stored");
    sub.add_option("-c,--config", flags->config, "Config file (for [ledger] path)");
    sub.add_option("--ledger", flags->ledger, "Ledger file to read (default: the config's [ledger] path)");
    sub.add_option("-n,--limit", flags->limit, "How many requests to list, newest first (default 20)")
        ->check(between(1, 1'000'000));
    sub.add_option("--since", flags->since,
                   "Only requests from this day on: YYYY-MM-DD, or Nd/Nw/Nm counting the current one");
    sub.add_flag("--utc", flags->utc, "Times in UTC instead of the local time zone");
    sub.add_option("--model", flags->model, "Only this model (as requested, as served, or provider/model)");
    sub.add_option("--status", flags->status, "Only successes or only errors")
        ->check(CLI::IsMember({"ok", "error"}));
    sub.add_option("--source", flags->source, "Only requests made by this command")
        ->check(CLI::IsMember({"serve", "ask", "replay"}));
    sub.add_flag("--json", flags->json, "JSON lines, one request per line (one object with an ID)");
    return [flags] { return run_logs(*flags); };
}

} // namespace llmp::cli
