#include "support/sample_ledger.hpp"

#include "llmp/ledger/writer.hpp"

#include <doctest/doctest.h>

#include <ctime>

namespace llmp::test {

int64_t utc_ms(int year, int month, int day, int hour, int minute, int second)
{
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return static_cast<int64_t>(timegm(&tm)) * 1000;
}

ledger::RequestRecord request(const std::string& id, int64_t started_unix_ms, const std::string& provider,
                              const std::string& model, canonical::Usage usage,
                              std::optional<int64_t> cost_nanousd)
{
    ledger::RequestRecord r;
    r.id = id;
    r.started_unix_ms = started_unix_ms;
    r.duration_ms = 1234;
    r.endpoint = "/v1/chat/completions";
    r.requested_model = model;
    r.provider = provider;
    r.upstream_model = model;
    r.status = 200;
    r.usage = usage;
    r.cost_nanousd = cost_nanousd;
    return r;
}

void write_ledger(const std::string& path, const std::vector<ledger::RequestRecord>& rows)
{
    auto writer = ledger::Writer::open({.path = path});
    REQUIRE(writer);
    for (const auto& row : rows) (*writer)->submit(row);
    (*writer)->flush();
    REQUIRE((*writer)->written() == rows.size());
}

std::vector<ledger::RequestRecord> cost_fixture()
{
    // IST = UTC + 05:30: an IST time is the UTC time 5 h 30 min later.
    auto ist = [](int day, int hour, int minute, int second = 0) {
        return utc_ms(2026, 11, day, hour, minute, second) - (5 * 60 + 30) * 60'000LL;
    };
    std::vector<ledger::RequestRecord> rows;
    rows.push_back(request("j", ist(22, 23, 59, 59), "openai", "gpt-4o-mini", {100, 0, 0, 100, 0, true}, 2'000'000));
    rows.push_back(request("a", ist(23, 12, 0), "openai", "gpt-4o-mini", {10, 0, 0, 5, 0, true}, 7));
    auto b = request("b", ist(24, 23, 59), "openai", "gpt-4o", {1000, 200, 0, 500, 100, true}, 123'456'789);
    b.project = "alpha";
    b.key_id = "k1";
    b.tags = R"({"team":"red"})";
    rows.push_back(b);
    auto c = request("c", ist(25, 0, 0), "anthropic", "claude-sonnet-4-5", {2000, 0, 300, 700, 0, true}, 987'654'321);
    c.project = "beta";
    c.key_id = "k2";
    c.tags = R"({"team":"blue"})";
    rows.push_back(c);
    auto d = request("d", ist(25, 10, 0), "local", "llama3", {100, 0, 0, 50, 0, true}, std::nullopt);
    d.project = "alpha";
    d.tags = R"({"team":"red"})";
    d.source = "ask";
    rows.push_back(d);
    auto e = request("e", ist(25, 11, 0), "openai", "gpt-4o", {}, std::nullopt);
    e.status = 429;
    e.error_class = "upstream_error";
    rows.push_back(e);
    auto f = request("f", ist(25, 12, 0), "mock", "echo", {1000, 0, 0, 1000, 0, true}, 0);
    f.cache_hit = true;
    rows.push_back(f);
    rows.push_back(request("g", ist(25, 23, 59, 59), "openai", "gpt-4o-mini", {1, 0, 0, 1, 0, true}, 3));
    rows.push_back(request("h", ist(26, 0, 0), "openai", "gpt-4o-mini", {100, 0, 0, 100, 0, true}, 1'000'000));
    rows.push_back(request("i", ist(10, 12, 0), "openai", "gpt-4o", {100, 0, 0, 100, 0, true}, 5'000'000));
    return rows;
}

} // namespace llmp::test
