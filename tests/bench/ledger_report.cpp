#include "bench/ledger_report.hpp"

#include "llmp/ledger/database.hpp"

#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <map>
#include <string_view>

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

// What `llmp cost` will do: one pass over the rows in the range, summed here. Measured on 1M
// rows, SQLite's GROUP BY (a sort of every row) cost ten times the scan itself, and its
// localtime conversion per row as much again. Rows are summed per 15-minute slot (every time
// zone's offset is a multiple of 15 minutes, so a slot never straddles a local midnight) and
// the slots are folded into local days at the end, with the zone's rules for each (DST too).
// NOT INDEXED: a range covering most of the table reads faster in table order than through
// the index with a lookup per row.
constexpr const char* k_report = R"sql(
SELECT started_unix_ms, upstream_model, status, input_tokens, cached_input_tokens,
    cache_write_tokens, output_tokens, reasoning_tokens, cost_nanousd
FROM requests NOT INDEXED WHERE started_unix_ms >= ?1
)sql";

struct Totals {
    int64_t requests = 0, errors = 0, unpriced = 0, cost_nanousd = 0;
    int64_t tokens[5] = {};  // input, cached input, cache write, output, reasoning
};

std::string local_day(int64_t slot)
{
    std::time_t seconds = static_cast<std::time_t>(slot * 900);
    std::tm tm{};
    localtime_r(&seconds, &tm);
    char day[16];
    std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
    return day;
}

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

    start = Clock::now();
    auto reader = ledger::open_database(path, ledger::Access::read_only);
    if (!reader) {
        report.error = reader.error().message;
        return report;
    }
    sqlite3_stmt* query = nullptr;
    sqlite3_prepare_v2(reader->get(), k_report, -1, &query, nullptr);
    sqlite3_bind_int64(query, 1, now_ms - 30LL * 86'400'000);
    std::map<std::pair<int64_t, std::string>, Totals> by_slot_model;
    std::string model;
    Totals* current = nullptr;
    int64_t current_slot = -1;
    while (sqlite3_step(query) == SQLITE_ROW) {
        int64_t slot = sqlite3_column_int64(query, 0) / 900'000;
        auto text = reinterpret_cast<const char*>(sqlite3_column_text(query, 1));
        std::string_view name = text ? text : "";
        if (!current || slot != current_slot || name != model) {
            model = name;
            current_slot = slot;
            current = &by_slot_model[{slot, model}];
        }
        Totals& t = *current;
        ++t.requests;
        t.errors += sqlite3_column_int64(query, 2) >= 400;
        for (int i = 0; i < 5; ++i) t.tokens[i] += sqlite3_column_int64(query, 3 + i);
        if (sqlite3_column_type(query, 8) == SQLITE_NULL) ++t.unpriced;
        else t.cost_nanousd += sqlite3_column_int64(query, 8);
    }
    std::map<std::pair<std::string, std::string>, Totals> by_day_model;
    for (const auto& [key, t] : by_slot_model) {
        Totals& day = by_day_model[{local_day(key.first), key.second}];
        day.requests += t.requests;
        day.errors += t.errors;
        day.unpriced += t.unpriced;
        day.cost_nanousd += t.cost_nanousd;
        for (int i = 0; i < 5; ++i) day.tokens[i] += t.tokens[i];
    }
    for (const auto& [group, t] : by_day_model) report.rows_seen += t.requests;
    report.groups = static_cast<long>(by_day_model.size());
    sqlite3_finalize(query);
    report.query_ms = seconds_since(start) * 1000;
    report.ok = report.rows_seen == rows;
    if (!report.ok) report.error = "the report saw " + std::to_string(report.rows_seen) + " rows";
    return report;
}

} // namespace llmp::bench
