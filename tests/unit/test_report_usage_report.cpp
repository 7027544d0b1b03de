#include "llmp/report/usage_report.hpp"
#include "support/process.hpp"
#include "support/sample_ledger.hpp"
#include "support/time_zone.hpp"

#include <doctest/doctest.h>

using namespace llmp;
using llmp::test::utc_ms;

namespace {

struct Fixture {
    test::ScopedTimeZone zone{"Asia/Kolkata"};
    test::TempDir dir;
    std::string path = dir.file("ledger.sqlite");
    pricing::PriceTable prices = pricing::PriceTable::built_in();

    Fixture() { test::write_ledger(path, test::cost_fixture()); }

    report::Report run(std::vector<report::GroupBy> group_by, bool breakdown = false,
                       report::Zone zone_of_days = report::Zone::local)
    {
        report::ReportQuery query;
        query.zone = zone_of_days;
        // 2026-11-23 .. 2026-11-25 inclusive, in the zone of the days.
        auto range = report::resolve_range({"2026-11-23", "2026-11-25"}, utc_ms(2026, 11, 25, 12, 0), zone_of_days);
        REQUIRE(range);
        query.range = *range;
        query.group_by = std::move(group_by);
        query.breakdown = breakdown;
        auto built = report::build_report(path, query, prices);
        REQUIRE_MESSAGE(built, built.error().message);
        return *built;
    }
};

std::vector<std::string> groups_of(const report::Report& report)
{
    std::vector<std::string> out;
    for (const auto& row : report.rows) {
        std::string name;
        for (const auto& value : row.group) name += (name.empty() ? "" : "|") + value;
        out.push_back(name);
    }
    return out;
}

const report::GroupBy k_day{report::Grouping::day, ""};
const report::GroupBy k_model{report::Grouping::model, ""};

} // namespace

TEST_CASE("cost report by local day: the 23:59 and 00:00 requests fall on their own days")
{
    Fixture f;
    auto r = f.run({k_day});
    REQUIRE(groups_of(r) == std::vector<std::string>{"2026-11-23", "2026-11-24", "2026-11-25"});
    CHECK(r.rows[0].totals.requests == 1);
    CHECK(r.rows[0].totals.cost_nanousd == 7);
    CHECK(r.rows[1].totals.requests == 1);  // b at 23:59; c at 00:00 belongs to the 25th
    CHECK(r.rows[1].totals.cost_nanousd == 123'456'789);
    const auto& day = r.rows[2].totals;
    CHECK(day.requests == 5);  // c d e f g: g at 23:59:59 is in, h at 00:00 on the 26th is out
    CHECK(day.errors == 1);
    CHECK(day.unpriced == 1);  // d has usage but no price; e has no usage, so nothing to price
    CHECK(day.cost_nanousd == 987'654'324);
    CHECK(day.cost_is_lower_bound());
    CHECK(day.cache_hits == 1);
    CHECK(day.cache_savings_nanousd == 3'000'000);  // mock price: 1000 × $1/M + 1000 × $2/M

    const auto& total = r.total;
    CHECK(total.requests == 7);
    CHECK(total.cost_nanousd == 1'111'111'120);
    CHECK(total.input == 4111);
    CHECK(total.cached_input == 200);
    CHECK(total.cache_write == 300);
    CHECK(total.output == 2256);
    CHECK(total.reasoning == 100);
    CHECK(total.unpriced == 1);
    CHECK(total.errors == 1);
}

TEST_CASE("cost report by UTC day moves the requests near local midnight")
{
    Fixture f;
    auto r = f.run({k_day}, false, report::Zone::utc);
    REQUIRE(groups_of(r) == std::vector<std::string>{"2026-11-23", "2026-11-24", "2026-11-25"});
    CHECK(r.rows[1].totals.requests == 2);  // b and c
    CHECK(r.rows[1].totals.cost_nanousd == 123'456'789 + 987'654'321);
    CHECK(r.rows[2].totals.requests == 5);  // d e f g h
    CHECK(r.rows[2].totals.cost_nanousd == 1'000'003);
}

TEST_CASE("cost report by week and month")
{
    Fixture f;
    auto weeks = f.run({{report::Grouping::week, ""}});
    CHECK(groups_of(weeks) == std::vector<std::string>{"2026-11-23"});
    CHECK(weeks.rows[0].totals.requests == 7);
    auto months = f.run({{report::Grouping::month, ""}});
    CHECK(groups_of(months) == std::vector<std::string>{"2026-11"});
    CHECK(months.rows[0].totals.cost_nanousd == 1'111'111'120);
}

TEST_CASE("cost report by model, most expensive first")
{
    Fixture f;
    auto r = f.run({k_model});
    CHECK(groups_of(r)
          == std::vector<std::string>{"claude-sonnet-4-5", "gpt-4o", "gpt-4o-mini", "echo", "llama3"});
    CHECK(r.rows[1].totals.requests == 2);  // b, and e that failed
    CHECK(r.rows[1].totals.errors == 1);
    CHECK(r.rows[2].totals.cost_nanousd == 10);
    CHECK(r.rows[4].totals.unpriced == 1);
}

TEST_CASE("cost report by provider, key, project, source and tag")
{
    Fixture f;
    auto providers = f.run({{report::Grouping::provider, ""}});
    CHECK(groups_of(providers) == std::vector<std::string>{"anthropic", "openai", "local", "mock"});
    CHECK(providers.rows[1].totals.requests == 4);  // a b e g
    auto keys = f.run({{report::Grouping::key, ""}});
    CHECK(groups_of(keys) == std::vector<std::string>{"k2", "k1", ""});
    CHECK(keys.rows[2].totals.requests == 5);
    auto projects = f.run({{report::Grouping::project, ""}});
    CHECK(groups_of(projects) == std::vector<std::string>{"beta", "alpha", ""});
    CHECK(projects.rows[1].totals.requests == 2);  // b d
    CHECK(projects.rows[1].totals.unpriced == 1);
    auto sources = f.run({{report::Grouping::source, ""}});
    CHECK(groups_of(sources) == std::vector<std::string>{"serve", "ask"});
    CHECK(sources.rows[1].totals.requests == 1);
    auto teams = f.run({{report::Grouping::tag, "team"}});
    CHECK(groups_of(teams) == std::vector<std::string>{"blue", "red", ""});
    CHECK(teams.rows[1].totals.requests == 2);
    CHECK(teams.rows[1].totals.cost_nanousd == 123'456'789);
}

TEST_CASE("cost report by two groupings, and a breakdown by model")
{
    Fixture f;
    auto r = f.run({k_day, {report::Grouping::provider, ""}});
    CHECK(groups_of(r)
          == std::vector<std::string>{"2026-11-23|openai", "2026-11-24|openai", "2026-11-25|anthropic",
                                      "2026-11-25|local", "2026-11-25|mock", "2026-11-25|openai"});
    auto broken = f.run({k_day}, true);
    REQUIRE(broken.rows.size() == 3);
    const auto& parts = broken.rows[2].breakdown;
    REQUIRE(parts.size() == 5);
    CHECK(parts[0].group == std::vector<std::string>{"claude-sonnet-4-5"});
    CHECK(parts[1].group == std::vector<std::string>{"gpt-4o-mini"});
    CHECK(parts[1].totals.cost_nanousd == 3);
    int64_t sum = 0;
    for (const auto& part : parts) sum += part.totals.requests;
    CHECK(sum == broken.rows[2].totals.requests);
}

TEST_CASE("cost report --what-if re-prices every request's usage, cache hits excepted")
{
    Fixture f;
    report::ReportQuery query;
    auto range = report::resolve_range({"2026-11-23", "2026-11-25"}, utc_ms(2026, 11, 25, 12, 0), report::Zone::local);
    REQUIRE(range);
    query.range = *range;
    query.group_by = {k_day};
    auto what_if = report::what_if_for("mock/anything", f.prices);  // $1 in, $0.50 cached, $1.25 write, $2 out
    REQUIRE(what_if);
    query.what_if = *what_if;
    auto r = report::build_report(f.path, query, f.prices);
    REQUIRE(r);
    CHECK(r->rows[0].totals.what_if_nanousd == 20'000);     // a: 10 × 1000 + 5 × 2000
    CHECK(r->rows[1].totals.what_if_nanousd == 2'100'000);  // b: 1000×1000 + 200×500 + 500×2000
    // c: 2000×1000 + 300×1250 + 700×2000 = 3,775,000; d: 200,000; g: 3,000; e none; f a hit.
    CHECK(r->rows[2].totals.what_if_nanousd == 3'978'000);
    CHECK(r->total.what_if_nanousd == 6'098'000);

    CHECK(report::what_if_for("gpt-4o", f.prices)->price == *f.prices.find("", "gpt-4o"));
    CHECK(report::what_if_for("nosuch-model", f.prices).error().message
          == "--what-if: no price known for \"nosuch-model\"; add one under [prices.\"nosuch-model\"] in the config");
}

TEST_CASE("cost report: a missing ledger is an error that names it")
{
    test::TempDir dir;
    report::ReportQuery query;
    query.range = {0, 1};
    query.group_by = {k_day};
    auto r = report::build_report(dir.file("none.sqlite"), query, pricing::PriceTable::built_in());
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "no ledger at " + dir.file("none.sqlite")
                                   + " (llmp serve and llmp ask create it on their first request)");
}

TEST_CASE("cost report: rows with estimated tokens are counted per group and in the total")
{
    test::ScopedTimeZone zone{"Asia/Kolkata"};
    test::TempDir dir;
    std::string path = dir.file("ledger.sqlite");
    auto rows = test::cost_fixture();
    for (auto& row : rows)
        if (row.id == "c") row.usage_estimated = "input,output";  // a cut stream
    test::write_ledger(path, rows);
    report::ReportQuery query;
    auto range = report::resolve_range({"2026-11-23", "2026-11-25"}, utc_ms(2026, 11, 25, 12, 0), report::Zone::local);
    REQUIRE(range);
    query.range = *range;
    query.group_by = {k_model};
    auto built = report::build_report(path, query, pricing::PriceTable::built_in());
    REQUIRE(built);
    CHECK(built->total.estimated == 1);
    for (const auto& row : built->rows)
        CHECK(row.totals.estimated == (row.group.front() == "claude-sonnet-4-5" ? 1 : 0));
}
