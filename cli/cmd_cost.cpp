// llmp cost: spend and usage from the ledger, grouped and filtered, as a table, JSON or CSV.
// The report itself is llmp::report; this file binds flags and prints.
#include "command.hpp"
#include "load_config.hpp"
#include "llmp/core/clock.hpp"
#include "llmp/core/strings.hpp"
#include "llmp/pricing/price_table.hpp"
#include "llmp/report/render.hpp"
#include "llmp/report/usage_report.hpp"

#include <iostream>
#include <unistd.h>

namespace llmp::cli {

namespace {

struct CostFlags {
    std::optional<std::string> config;
    std::optional<std::string> ledger;
    report::PeriodFlags period;
    bool utc = false;
    std::vector<std::string> by;
    bool breakdown = false;
    std::string format = "table";
    std::optional<std::string> what_if;
};

int run_cost(const CostFlags& flags)
{
    auto config = load_config(flags.config, config::Secrets::leave_unresolved);
    if (!config) return k_exit_config;
    auto prices = pricing::PriceTable::with_overrides(config->prices);
    if (!prices) return report_error(prices.error().message, k_exit_config);

    report::ReportQuery query;
    query.zone = flags.utc ? report::Zone::utc : report::Zone::local;
    auto range = report::resolve_range(flags.period, clock::unix_ms(), query.zone);
    if (!range) return report_error(range.error().message, k_exit_usage);
    query.range = *range;
    for (const auto& name : flags.by) {
        auto group_by = report::parse_group_by(name);  // the flag's validator accepted it
        if (!group_by) return report_error("--by: " + group_by.error().message, k_exit_usage);
        query.group_by.push_back(*group_by);
    }
    if (query.group_by.empty()) query.group_by.push_back({report::Grouping::day, ""});
    query.breakdown = flags.breakdown;
    if (flags.what_if) {
        auto what_if = report::what_if_for(*flags.what_if, *prices);
        if (!what_if) return report_error(what_if.error().message, k_exit_usage);
        query.what_if = *what_if;
    }

    auto built = report::build_report(flags.ledger.value_or(config->ledger.path), query, *prices);
    if (!built) return report_error(built.error().message, k_exit_failure);
    auto format = flags.format == "json" ? report::Format::json
        : flags.format == "csv"          ? report::Format::csv
                                         : report::Format::table;
    std::cout << report::render(*built, format, report::detect_terminal(STDOUT_FILENO));
    return k_exit_ok;
}

} // namespace

std::function<int()> setup_cost(CLI::App& sub)
{
    auto flags = std::make_shared<CostFlags>();
    sub.add_option("-c,--config", flags->config, "Config file (for [ledger] path and [prices])");
    sub.add_option("--ledger", flags->ledger, "Ledger file to read (default: the config's [ledger] path)");
    sub.add_option("--since", flags->period.since,
                   "First day: YYYY-MM-DD, or Nd/Nw/Nm counting the current day, week or month "
                   "(default 30d)");
    sub.add_option("--until", flags->period.until,
                   "Last day, inclusive: YYYY-MM-DD, or Nd/Nw/Nm back (default: today)");
    sub.add_flag("--utc", flags->utc, "Days, weeks and months in UTC instead of the local time zone");
    CLI::Validator grouping(
        [](std::string& value) -> std::string {
            auto parsed = report::parse_group_by(value);
            return parsed ? std::string() : parsed.error().message;
        },
        "{" + strings::join(report::group_by_names(), ",") + "}", "GROUPING");
    sub.add_option("--by", flags->by, "Group by one or more (repeat or comma-separate; default day)")
        ->delimiter(',')
        ->check(grouping);
    sub.add_flag("--breakdown", flags->breakdown, "A row per model under each group");
    sub.add_option("--format", flags->format, "Output format (default table)")
        ->check(CLI::IsMember({"table", "json", "csv"}));
    sub.add_option("--what-if", flags->what_if,
                   "Also price the same usage as if it had gone to MODEL (provider/model or model)");
    return [flags] { return run_cost(*flags); };
}

} // namespace llmp::cli
