// llmp cost against a ledger of known rows (support/sample_ledger.hpp), in a fixed time zone.
#include "llmp/core/clock.hpp"
#include "llmp/core/strings.hpp"
#include "support/process.hpp"
#include "support/sample_ledger.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace llmp::test;

namespace {

const std::vector<std::string> k_kolkata = {"TZ=Asia/Kolkata"};

struct CostLedger {
    TempDir home;
    std::string path = home.file("ledger.sqlite");
    CostLedger() { write_ledger(path, cost_fixture()); }

    RunResult cost(std::vector<std::string> args, std::vector<std::string> env = k_kolkata) const
    {
        args.insert(args.begin(), {"cost", "--ledger", path});
        return run_llmp(args, home.path(), env);
    }
};

const std::vector<std::string> k_range = {"--since", "2026-11-23", "--until", "2026-11-25"};

std::vector<std::string> with_range(std::vector<std::string> args)
{
    args.insert(args.end(), k_range.begin(), k_range.end());
    return args;
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("llmp cost --format json: days of the local zone, exact totals, a lower bound")
    {
        CostLedger ledger;
        auto run = ledger.cost(with_range({"--format", "json"}));
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        auto json = nlohmann::json::parse(run.out);
        REQUIRE(json["rows"].size() == 3);
        CHECK(json["rows"][0]["group"]["day"] == "2026-11-23");
        CHECK(json["rows"][1]["group"]["day"] == "2026-11-24");
        CHECK(json["rows"][1]["requests"] == 1);  // 23:59 IST stays on the 24th
        CHECK(json["rows"][2]["requests"] == 5);  // 00:00 .. 23:59:59 IST on the 25th
        CHECK(json["rows"][2]["cost_nanousd"] == 987'654'324);
        CHECK(json["rows"][2]["cache_hits"] == 1);
        CHECK(json["rows"][2]["cache_savings_nanousd"] == 3'000'000);
        CHECK(json["total"]["requests"] == 7);
        CHECK(json["total"]["cost_nanousd"] == 1'111'111'120);
        CHECK(json["total"]["cost_usd"] == "1.111111120");
        CHECK(json["total"]["unpriced_requests"] == 1);
        CHECK(json["total"]["cost_is_lower_bound"] == true);
        CHECK(json["from"] == "2026-11-23");
        CHECK(json["until"] == "2026-11-25");

        auto utc = ledger.cost(with_range({"--format", "json", "--utc"}));
        REQUIRE(utc.exit_code == 0);
        auto utc_json = nlohmann::json::parse(utc.out);
        CHECK(utc_json["rows"][1]["requests"] == 2);
        CHECK(utc_json["total"]["cost_nanousd"] == 1'112'111'120);  // a b c d e f g h
    }

    TEST_CASE("llmp cost --by: repeated and comma separated, tags, breakdown")
    {
        CostLedger ledger;
        auto run = ledger.cost(with_range({"--format", "json", "--by", "day,provider", "--by", "tag:team"}));
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        auto json = nlohmann::json::parse(run.out);
        CHECK(json["group_by"] == nlohmann::json::array({"day", "provider", "tag:team"}));
        auto first = json["rows"][0]["group"];
        CHECK(first == nlohmann::json({{"day", "2026-11-23"}, {"provider", "openai"}, {"tag:team", nullptr}}));

        auto broken = ledger.cost(with_range({"--format", "json", "--by", "project", "--breakdown"}));
        REQUIRE(broken.exit_code == 0);
        auto b = nlohmann::json::parse(broken.out);
        CHECK(b["rows"][1]["group"]["project"] == "alpha");
        REQUIRE(b["rows"][1]["breakdown"].size() == 2);
        CHECK(b["rows"][1]["breakdown"][0]["model"] == "gpt-4o");
        CHECK(b["rows"][1]["breakdown"][1]["model"] == "llama3");
        CHECK(b["rows"][1]["breakdown"][1]["cost_is_lower_bound"] == true);
    }

    TEST_CASE("llmp cost --format csv parses back to the JSON numbers")
    {
        CostLedger ledger;
        auto csv = ledger.cost(with_range({"--format", "csv", "--by", "model"}));
        auto json = ledger.cost(with_range({"--format", "json", "--by", "model"}));
        REQUIRE(csv.exit_code == 0);
        REQUIRE(json.exit_code == 0);
        auto rows = nlohmann::json::parse(json.out)["rows"];
        auto lines = llmp::strings::split(csv.out, '\n');
        REQUIRE(lines.size() == rows.size() + 2);  // header, rows, the empty string after the last \n
        auto header = llmp::strings::split(lines[0], ',');
        int64_t sum = 0;
        for (size_t i = 0; i < rows.size(); ++i) {
            auto cells = llmp::strings::split(lines[i + 1], ',');
            REQUIRE(cells.size() == header.size());
            CHECK(cells[0] == rows[i]["group"]["model"].get<std::string>());
            for (size_t c = 1; c < header.size(); ++c) {
                const auto& value = rows[i][header[c]];
                if (value.is_number_integer()) CHECK(std::stoll(cells[c]) == value.get<int64_t>());
                else if (value.is_string()) CHECK(cells[c] == value.get<std::string>());
                else if (value.is_boolean()) CHECK(cells[c] == (value.get<bool>() ? "true" : "false"));
                else CHECK(std::stod(cells[c]) == doctest::Approx(value.get<double>()));
            }
            sum += std::stoll(cells[10]);  // cost_nanousd
        }
        CHECK(header[10] == "cost_nanousd");
        CHECK(sum == 1'111'111'120);
    }

    TEST_CASE("llmp cost table: plain text in a pipe, a bar per row, the lower bound marked")
    {
        CostLedger ledger;
        auto run = ledger.cost(with_range({"--by", "provider"}), {"TZ=Asia/Kolkata", "COLUMNS=200"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(run.out.find('\033') == std::string::npos);
        auto lines = llmp::strings::split(run.out, '\n');
        REQUIRE(lines.size() > 4);
        CHECK(lines[0] == "cost from 2026-11-23 to 2026-11-25 (local time)");
        CHECK(lines[2].starts_with("anthropic"));
        CHECK(lines[2].ends_with(" " + std::string(27, '#')));  // 88.9% of 30 columns
        CHECK(run.out.find("≥ $1.111111") != std::string::npos);
        CHECK(run.out.find("≥ the cost is a lower bound: 1 request(s)") != std::string::npos);
        CHECK(run.out.find("cache: 1 hit(s) saved $0.003000") != std::string::npos);

        auto narrow = ledger.cost(with_range({"--by", "provider"}), {"TZ=Asia/Kolkata", "COLUMNS=40"});
        CHECK(narrow.out.find('#') == std::string::npos);
    }

    TEST_CASE("llmp cost --what-if: the same usage at another model's price")
    {
        CostLedger ledger;
        auto run = ledger.cost(with_range({"--format", "json", "--what-if", "mock/any"}));
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        auto json = nlohmann::json::parse(run.out);
        CHECK(json["what_if_model"] == "mock/any");
        // a 20,000 + b 2,100,000 + c 3,775,000 + d 200,000 + g 3,000 (worked out in the fixture)
        CHECK(json["total"]["what_if_cost_nanousd"] == 6'098'000);
        CHECK(json["rows"][0]["what_if_cost_nanousd"] == 20'000);

        auto table = ledger.cost(with_range({"--what-if", "mock/any"}));
        CHECK(table.out.find("what if every request had gone to mock/any: $0.006098 instead of ≥ $1.111111")
              != std::string::npos);

        auto unknown = ledger.cost(with_range({"--what-if", "nosuch-model"}));
        CHECK(unknown.exit_code == 2);
        CHECK(unknown.err == "llmp: error: --what-if: no price known for \"nosuch-model\"; add one under "
                             "[prices.\"nosuch-model\"] in the config\n");
    }

    TEST_CASE("llmp cost: the default period is the last 30 days")
    {
        TempDir home;
        int64_t now = llmp::clock::unix_ms();
        write_ledger(home.file("ledger.sqlite"),
                     {request("recent", now - 3'600'000, "openai", "gpt-4o", {1, 0, 0, 1, 0, true}, 11),
                      request("old", now - 40LL * 86'400'000, "openai", "gpt-4o", {1, 0, 0, 1, 0, true}, 13)});
        auto run = run_llmp({"cost", "--ledger", home.file("ledger.sqlite"), "--format", "json", "--utc"},
                            home.path());
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        auto json = nlohmann::json::parse(run.out);
        CHECK(json["total"]["requests"] == 1);
        CHECK(json["total"]["cost_nanousd"] == 11);
    }

    TEST_CASE("llmp cost: the ledger comes from the config unless --ledger says otherwise")
    {
        CostLedger ledger;
        ledger.home.write("c.toml", "[ledger]\npath = \"" + ledger.path + "\"\n");
        auto run = run_llmp(with_range({"cost", "-c", ledger.home.file("c.toml"), "--format", "json"}),
                            ledger.home.path(), k_kolkata);
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(nlohmann::json::parse(run.out)["total"]["requests"] == 7);
    }

    TEST_CASE("llmp cost: bad flags exit 2 with one line; a missing ledger exits 1")
    {
        CostLedger ledger;
        auto since = ledger.cost({"--since", "last week"});
        CHECK(since.exit_code == 2);
        CHECK(since.err == "llmp: error: --since: \"last week\" is neither a date (YYYY-MM-DD) nor a count of "
                           "days, weeks or months (7d, 4w, 3m)\n");
        auto by = ledger.cost({"--by", "modle"});
        CHECK(by.exit_code == 2);
        CHECK(by.err.starts_with("llmp: error: --by: unknown grouping \"modle\"; did you mean \"model\"?"));
        CHECK(std::count(by.err.begin(), by.err.end(), '\n') == 1);
        auto format = ledger.cost({"--format", "xml"});
        CHECK(format.exit_code == 2);
        CHECK(format.err.starts_with("llmp: error: --format: "));

        auto missing = run_llmp({"cost", "--ledger", ledger.home.file("none.sqlite")}, ledger.home.path());
        CHECK(missing.exit_code == 1);
        CHECK(missing.err == "llmp: error: no ledger at " + ledger.home.file("none.sqlite")
                                 + " (llmp serve and llmp ask create it on their first request)\n");
    }

    TEST_CASE("llmp cost --help lists the groupings and formats for completions")
    {
        TempDir home;
        auto help = run_llmp({"cost", "--help"}, home.path());
        CHECK(help.exit_code == 0);
        CHECK(help.out.find("{day,week,month,model,provider,key,project,source,tag:NAME}") != std::string::npos);
        CHECK(help.out.find("table") != std::string::npos);
    }
}
