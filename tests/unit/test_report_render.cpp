#include "llmp/report/money.hpp"
#include "llmp/report/render.hpp"
#include "llmp/core/strings.hpp"
#include "support/sample_ledger.hpp"
#include "support/time_zone.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace llmp;

namespace {

report::Totals totals(int64_t requests, int64_t cost, int64_t unpriced = 0)
{
    report::Totals t;
    t.requests = requests;
    t.unpriced = unpriced;
    t.input = requests * 100;
    t.output = requests * 10;
    t.cost_nanousd = cost;
    t.what_if_nanousd = cost * 2;
    return t;
}

// Two models over one UTC day, one of them unpriced in part, re-priced as if on "cheap".
report::Report sample(bool breakdown = false)
{
    report::Report r;
    r.query.zone = report::Zone::utc;
    r.query.range = {test::utc_ms(2026, 11, 24, 0, 0), test::utc_ms(2026, 11, 25, 0, 0)};
    r.query.group_by = {{report::Grouping::model, ""}};
    r.query.breakdown = breakdown;
    r.query.what_if = report::WhatIf{"cheap", {}};
    r.rows.push_back({{"gpt-4o"}, totals(3, 1'500'000'000), {}});
    r.rows.push_back({{"a,\"b\""}, totals(1, 500'000'000, 1), {}});
    if (breakdown)
        for (auto& row : r.rows) row.breakdown.push_back({{row.group.front()}, row.totals, {}});
    for (const auto& row : r.rows) r.total.add(row.totals);
    return r;
}

std::vector<std::string> lines_of(const std::string& text)
{
    auto lines = strings::split(text, '\n');
    if (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

} // namespace

TEST_CASE("report money: exact decimal dollars")
{
    CHECK(report::usd_decimal(0) == "0.000000000");
    CHECK(report::usd_decimal(1) == "0.000000001");
    CHECK(report::usd_decimal(1'234'567'890) == "1.234567890");
    CHECK(report::usd_decimal(-5) == "-0.000000005");
}

TEST_CASE("report JSON: documented fields that parse back to the report's numbers")
{
    auto json = nlohmann::json::parse(report::render_json(sample()));
    CHECK(json["from"] == "2026-11-24");
    CHECK(json["until"] == "2026-11-24");
    CHECK(json["time_zone"] == "utc");
    CHECK(json["group_by"] == nlohmann::json::array({"model"}));
    CHECK(json["what_if_model"] == "cheap");
    REQUIRE(json["rows"].size() == 2);
    const auto& first = json["rows"][0];
    CHECK(first["group"]["model"] == "gpt-4o");
    CHECK(first["requests"] == 3);
    CHECK(first["input_tokens"] == 300);
    CHECK(first["cost_nanousd"] == 1'500'000'000);
    CHECK(first["cost_usd"] == "1.500000000");
    CHECK(first["what_if_cost_nanousd"] == 3'000'000'000LL);
    CHECK(first["share"] == 0.75);
    CHECK(first["cost_is_lower_bound"] == false);
    CHECK(json["rows"][1]["cost_is_lower_bound"] == true);
    CHECK(json["rows"][1]["unpriced_requests"] == 1);
    CHECK(json["total"]["cost_nanousd"] == 2'000'000'000);
    CHECK(json["total"]["cost_is_lower_bound"] == true);
    CHECK(json["total"]["share"] == 1.0);
    CHECK_FALSE(first.contains("breakdown"));
    auto broken = nlohmann::json::parse(report::render_json(sample(true)));
    CHECK(broken["rows"][0]["breakdown"][0]["model"] == "gpt-4o");
    CHECK(broken["rows"][0]["breakdown"][0]["requests"] == 3);
}

TEST_CASE("report CSV: a header of the JSON field names, quoted values, no total line")
{
    auto lines = lines_of(report::render_csv(sample()));
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]
          == "model,requests,errors,unpriced_requests,estimated_requests,input_tokens,cached_input_tokens,cache_write_tokens,"
             "output_tokens,reasoning_tokens,cost_nanousd,cost_usd,cache_hits,cache_savings_nanousd,"
             "cache_savings_usd,what_if_cost_nanousd,what_if_cost_usd,cost_is_lower_bound,"
             "cost_includes_estimates,share");
    CHECK(lines[1] == "gpt-4o,3,0,0,0,300,0,0,30,0,1500000000,1.500000000,0,0,0.000000000,3000000000,"
                      "3.000000000,false,false,0.7500");
    CHECK(lines[2].starts_with("\"a,\"\"b\"\"\",1,0,1,0,"));
    auto broken = lines_of(report::render_csv(sample(true)));
    CHECK(broken[0].starts_with("model,breakdown_model,requests,"));
    CHECK(broken[1].starts_with("gpt-4o,gpt-4o,3,"));
}

TEST_CASE("report table: lower bound marked, footnotes, bars only where they fit, no escapes in a pipe")
{
    report::Terminal pipe{false, false, 200};
    auto text = report::render_table(sample(), pipe);
    auto lines = lines_of(text);
    REQUIRE(lines.size() >= 6);
    CHECK(lines[0] == "cost from 2026-11-24 to 2026-11-24 (UTC)");
    CHECK(lines[1].starts_with("model"));
    CHECK(lines[1].find("unpriced") != std::string::npos);
    CHECK(lines[1].find("if cheap") != std::string::npos);
    CHECK(lines[2].starts_with("gpt-4o"));
    CHECK(lines[2].ends_with(" " + std::string(23, '#')));  // 75% of a 30-column bar, rounded
    CHECK(lines[3].find("≥ $0.500000") != std::string::npos);
    CHECK(lines[5].starts_with("total"));
    CHECK(lines[5].find("≥ $2.000000") != std::string::npos);
    CHECK(text.find("≥ the cost is a lower bound: 1 request(s) have usage but no known price") != std::string::npos);
    CHECK(text.find("what if every request had gone to cheap: $4.000000 instead of ≥ $2.000000 (+100.0%)")
          != std::string::npos);
    CHECK(text.find('\033') == std::string::npos);

    report::Terminal narrow{false, false, 60};
    CHECK(report::render_table(sample(), narrow).find('#') == std::string::npos);

    report::Terminal tty{true, true, 200};
    auto colored = report::render_table(sample(), tty);
    CHECK(colored.find("\033[36m") != std::string::npos);
    CHECK(colored.find("█") != std::string::npos);
    report::Terminal tty_no_color{true, false, 200};
    CHECK(report::render_table(sample(), tty_no_color).find('\033') == std::string::npos);
}

TEST_CASE("report table: on a narrow terminal, all-zero token columns give way to the bar")
{
    report::Report r = sample();
    r.query.what_if.reset();
    r.rows[1].totals.reasoning = 7;  // not zero: stays, however narrow
    r.total = {};
    for (const auto& row : r.rows) r.total.add(row.totals);
    // 100 columns: room for a bar only once cached and cache write (all zero) are left out.
    report::Terminal narrow{false, false, 100};
    auto lines = lines_of(report::render_table(r, narrow));
    REQUIRE(lines.size() >= 3);
    CHECK(lines[1].find("cache write") == std::string::npos);
    CHECK(lines[1].find("cached") == std::string::npos);
    CHECK(lines[1].find("reasoning") != std::string::npos);
    CHECK(lines[2].ends_with("#"));
    report::Terminal wide{false, false, 200};
    CHECK(lines_of(report::render_table(r, wide))[1].find("cache write") != std::string::npos);
}

TEST_CASE("report table: an empty period says so")
{
    report::Report r;
    r.query.zone = report::Zone::utc;
    r.query.range = {test::utc_ms(2026, 11, 24, 0, 0), test::utc_ms(2026, 11, 26, 0, 0)};
    r.query.group_by = {{report::Grouping::day, ""}};
    CHECK(report::render_table(r, {}) == "no requests from 2026-11-24 to 2026-11-25 (UTC)\n");
}

TEST_CASE("report: totals that include estimated tokens are marked ~, counted and footnoted")
{
    report::Report r = sample();
    r.rows[0].totals.estimated = 2;  // streams cut before the provider reported usage
    r.total = {};
    for (const auto& row : r.rows) r.total.add(row.totals);
    CHECK(r.total.estimated == 2);
    CHECK(r.total.includes_estimates());

    report::Terminal pipe{false, false, 200};
    auto text = report::render_table(r, pipe);
    auto lines = lines_of(text);
    REQUIRE(lines.size() >= 6);
    CHECK(lines[2].find(" ~$1.500000") != std::string::npos);  // gpt-4o: estimates, all priced
    CHECK(lines[3].find("≥ $0.500000") != std::string::npos);  // no estimates: no ~
    CHECK(lines[5].find("≥ ~$2.000000") != std::string::npos); // the total: both
    CHECK(text.find("~ includes estimates: 2 request(s) were cut before the provider reported usage")
          != std::string::npos);
    CHECK(report::render_table(sample(), pipe).find('~') == std::string::npos);

    auto json = nlohmann::json::parse(report::render_json(r));
    CHECK(json["rows"][0]["estimated_requests"] == 2);
    CHECK(json["rows"][0]["cost_includes_estimates"] == true);
    CHECK(json["rows"][1]["cost_includes_estimates"] == false);
    CHECK(json["total"]["estimated_requests"] == 2);
    CHECK(json["total"]["cost_includes_estimates"] == true);

    auto csv = lines_of(report::render_csv(r));
    CHECK(csv[1].starts_with("gpt-4o,3,0,0,2,"));
    CHECK(csv[1].ends_with(",false,true,0.7500"));
}
