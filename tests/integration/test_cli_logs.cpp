// llmp logs against a ledger of known rows: order, filters, one request with its bodies.
#include "support/process.hpp"
#include "support/sample_ledger.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace llmp::test;

namespace {

struct LogsLedger {
    TempDir home;
    std::string path = home.file("ledger.sqlite");

    LogsLedger()
    {
        int64_t base = utc_ms(2026, 11, 24, 12, 0);
        auto first = request("req_first", base, "openai", "gpt-4o", {10, 0, 0, 5, 0, true}, 75'000);
        first.request_body = R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]})";
        first.response_body = R"({"choices":[{"message":{"content":"hello"}}]})";
        auto failed = request("req_failed", base + 60'000, "anthropic", "claude-sonnet-4-5", {}, std::nullopt);
        failed.status = 502;
        failed.error_class = "upstream_error";
        auto asked = request("req_asked", base + 120'000, "mock", "echo", {2, 0, 0, 2, 0, true}, 6'000);
        asked.source = "ask";
        auto unpriced = request("req_unpriced", base + 180'000, "local", "llama3", {7, 0, 0, 3, 0, true}, std::nullopt);
        write_ledger(path, {first, failed, asked, unpriced});
    }

    RunResult logs(std::vector<std::string> args) const
    {
        args.insert(args.begin(), {"logs", "--ledger", path});
        return run_llmp(args, home.path(), {"TZ=UTC"});
    }
};

// The id column of each listed line, header skipped.
std::vector<std::string> ids_of(const std::string& out)
{
    std::vector<std::string> ids;
    size_t start = out.find('\n') + 1;
    while (start < out.size()) {
        size_t end = out.find('\n', start);
        std::string line = out.substr(start, end - start);
        ids.push_back(line.substr(0, line.find(' ')));
        start = end + 1;
    }
    return ids;
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("llmp logs: newest first, with time, model, status, tokens, cost and latency")
    {
        LogsLedger ledger;
        auto run = ledger.logs({});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(ids_of(run.out) == std::vector<std::string>{"req_unpriced", "req_asked", "req_failed", "req_first"});
        CHECK(run.out.starts_with("ID "));
        auto first_line = run.out.substr(run.out.rfind("req_first"));
        CHECK(first_line.find("2026-11-24 12:00:00") != std::string::npos);
        CHECK(first_line.find("gpt-4o") != std::string::npos);
        CHECK(first_line.find("$0.000075") != std::string::npos);
        CHECK(first_line.find("1.23 s") != std::string::npos);
        CHECK(run.out.find("502 upstream_error") != std::string::npos);
        CHECK(run.out.find('\033') == std::string::npos);

        CHECK(ids_of(ledger.logs({"-n", "2"}).out) == std::vector<std::string>{"req_unpriced", "req_asked"});
    }

    TEST_CASE("llmp logs filters: --status, --model, --source, --since")
    {
        LogsLedger ledger;
        CHECK(ids_of(ledger.logs({"--status", "error"}).out) == std::vector<std::string>{"req_failed"});
        CHECK(ids_of(ledger.logs({"--status", "ok"}).out)
              == std::vector<std::string>{"req_unpriced", "req_asked", "req_first"});
        CHECK(ids_of(ledger.logs({"--model", "openai/gpt-4o"}).out) == std::vector<std::string>{"req_first"});
        CHECK(ids_of(ledger.logs({"--model", "echo"}).out) == std::vector<std::string>{"req_asked"});
        CHECK(ids_of(ledger.logs({"--source", "ask"}).out) == std::vector<std::string>{"req_asked"});
        CHECK(ids_of(ledger.logs({"--since", "2026-11-25"}).out).empty());
        CHECK(ids_of(ledger.logs({"--since", "2026-11-24"}).out).size() == 4);
        auto bad = ledger.logs({"--status", "broken"});
        CHECK(bad.exit_code == 2);
        CHECK(bad.err.starts_with("llmp: error: --status: "));
    }

    TEST_CASE("llmp logs --json: one object per line, ledger column names")
    {
        LogsLedger ledger;
        auto run = ledger.logs({"--json", "-n", "3"});
        REQUIRE(run.exit_code == 0);
        std::vector<nlohmann::json> lines;
        size_t start = 0;
        for (size_t end; (end = run.out.find('\n', start)) != std::string::npos; start = end + 1)
            lines.push_back(nlohmann::json::parse(run.out.substr(start, end - start)));
        REQUIRE(lines.size() == 3);
        CHECK(lines[0]["id"] == "req_unpriced");
        CHECK(lines[0]["cost_nanousd"].is_null());
        CHECK(lines[0]["input_tokens"] == 7);
        CHECK(lines[1]["source"] == "ask");
        CHECK(lines[1]["cost_usd"] == "0.000006000");
        CHECK(lines[2]["error_class"] == "upstream_error");
        CHECK(lines[2]["input_tokens"].is_null());
        CHECK_FALSE(lines[0].contains("request_body"));
    }

    TEST_CASE("llmp logs ID: one request with its bodies pretty-printed; an unknown id exits 1")
    {
        LogsLedger ledger;
        auto run = ledger.logs({"req_first"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(run.out.find("id: req_first\n") != std::string::npos);
        CHECK(run.out.find("cost: $0.000075 (75000 nano-dollars)\n") != std::string::npos);
        CHECK(run.out.find("request body:\n{\n  \"model\": \"gpt-4o\",\n  \"messages\": [") != std::string::npos);
        CHECK(run.out.find("response body:\n{\n  \"choices\": [") != std::string::npos);

        auto without = ledger.logs({"req_failed"});
        CHECK(without.out.find("request body:\n(not stored)") != std::string::npos);

        auto json = ledger.logs({"req_first", "--json"});
        REQUIRE(json.exit_code == 0);
        auto parsed = nlohmann::json::parse(json.out);
        CHECK(parsed["request_body"]["messages"][0]["content"] == "hi");
        CHECK(parsed["response_body"]["choices"][0]["message"]["content"] == "hello");

        auto unknown = ledger.logs({"req_nope"});
        CHECK(unknown.exit_code == 1);
        CHECK(unknown.err == "llmp: error: no request with id \"req_nope\" in " + ledger.path + "\n");
        CHECK(unknown.out.empty());
    }
}
