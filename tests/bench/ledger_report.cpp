#include "bench/ledger_report.hpp"

#include "llmp/ledger/database.hpp"
#include "llmp/report/usage_report.hpp"

#include <sqlite3.h>

#include <chrono>
#include <ctime>

namespace llmp::bench {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Rows spread over the last 30 days, four models on two providers, realistic token counts,
// one in fifty an error, one in a hundred unpriced.
constexpr const char* k_generate = R"sql(
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
INSERT INTO requests (id, started_at, started_unix_ms, duration_ms, source, dialect, endpoint,
    requested_model, provider, upstream_model, attempts, fallback, status, error_class,
    input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
    cost_nanousd, cache_hit, streamed)
SELECT printf('req_%024d', i), '', ?2 - (i * 2591) % 2592000000, 800 + i % 700, 'serve', 'openai',
    '/v1/chat/completions', m, CASE WHEN i % 2 THEN 'openai' ELSE 'anthropic' END, m, 1, 0,
    CASE WHEN i % 50 = 0 THEN 429 ELSE 200 END, CASE WHEN i % 50 = 0 THEN 'upstream_error' END,
    500 + i % 3000, i % 400, 0, 50 + i % 900, i % 7 * 10,
    CASE WHEN i % 100 = 0 THEN NULL ELSE 1000 * (500 + i % 3000) + 4000 * (50 + i % 900) END,
    0, i % 3 = 0
FROM (SELECT i, CASE i % 4 WHEN 0 THEN 'gpt-4o' WHEN 1 THEN 'gpt-4o-mini'
                 WHEN 2 THEN 'claude-sonnet-4-5' ELSE 'claude-haiku-4-5' END AS m FROM n)
)sql";

} // namespace

LedgerReport time_cost_report(const std::string& path, long rows)
{
    LedgerReport report;
    auto db = ledger::open_database(path, ledger::Access::read_write);
    if (!db) {
        report.error = db.error().message;
        return report;
    }
    sqlite3* raw = db->get();
    int64_t now_ms = static_cast<int64_t>(std::time(nullptr)) * 1000;

    auto start = Clock::now();
    sqlite3_stmt* generate = nullptr;
    sqlite3_exec(raw, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_prepare_v2(raw, k_generate, -1, &generate, nullptr);
    sqlite3_bind_int64(generate, 1, rows);
    sqlite3_bind_int64(generate, 2, now_ms);
    int rc = sqlite3_step(generate);
    sqlite3_finalize(generate);
    sqlite3_exec(raw, "COMMIT", nullptr, nullptr, nullptr);
    if (rc != SQLITE_DONE) {
        report.error = sqlite3_errmsg(raw);
        return report;
    }
    report.generate_s = seconds_since(start);
    db->reset();  // measure from a fresh connection, as a `llmp cost` run would

    // What `llmp cost --since 30d --breakdown` does (report::build_report): one pass over the
    // rows, summed per 15-minute slot, folded into local days, a row per model under each day.
    start = Clock::now();
    report::ReportQuery query;
    query.range = {now_ms - 30LL * 86'400'000, now_ms + 1};
    query.group_by = {{report::Grouping::day, ""}};
    query.breakdown = true;
    auto built = report::build_report(path, query, pricing::PriceTable::built_in());
    if (!built) {
        report.error = built.error().message;
        return report;
    }
    report.query_ms = seconds_since(start) * 1000;
    report.rows_seen = static_cast<long>(built->total.requests);
    for (const auto& day : built->rows) report.groups += static_cast<long>(day.breakdown.size());
    report.ok = report.rows_seen == rows;
    if (!report.ok) report.error = "the report saw " + std::to_string(report.rows_seen) + " rows";
    return report;
}

} // namespace llmp::bench
