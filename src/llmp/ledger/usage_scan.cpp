#include "llmp/ledger/usage_scan.hpp"

#include "llmp/ledger/database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <memory>

namespace llmp::ledger {

namespace {

struct StatementDeleter {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

constexpr int k_first_field = 13;  // index of the first grouping column in the SELECT below

std::string field_expression(const UsageField& field, int parameter)
{
    switch (field.column) {
    case UsageColumn::model: return "COALESCE(upstream_model, requested_model)";
    case UsageColumn::provider: return "provider";
    case UsageColumn::key_id: return "key_id";
    case UsageColumn::project: return "project";
    case UsageColumn::source: return "source";
    case UsageColumn::tag:
        // A row whose tags are not valid JSON groups as untagged instead of failing the report.
        return "CASE WHEN json_valid(tags) THEN json_extract(tags, ?" + std::to_string(parameter)
            + ") END";
    }
    return "NULL";
}

// "$.\"team\"": the tag name quoted, so dots and brackets in it are not a path.
std::string tag_path(const std::string& name)
{
    std::string path = "$.\"";
    for (char c : name) {
        if (c == '"' || c == '\\') path += '\\';
        path += c;
    }
    return path + "\"";
}

std::unexpected<Error> sqlite_error(sqlite3* db, const std::string& path)
{
    return fail(ErrorCode::io, "ledger " + path + ": " + sqlite3_errmsg(db));
}

// Whether the range covers enough of the ledger that reading the table in order beats the
// index (which costs a lookup per row). The benchmark found a range over most of a 1M-row table
// faster NOT INDEXED; a narrow range over a long history reads far fewer rows through the index.
// The quarter is a guess between the two, not a measured crossover. The ledger's first and last
// times come from the index in two lookups.
bool scan_whole_table(sqlite3* db, const UsageScan& scan)
{
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT (SELECT MIN(started_unix_ms) FROM requests),"
                           " (SELECT MAX(started_unix_ms) FROM requests)",
                           -1, &raw, nullptr)
        != SQLITE_OK)
        return true;
    Statement bounds(raw);
    if (sqlite3_step(raw) != SQLITE_ROW || sqlite3_column_type(raw, 0) == SQLITE_NULL) return true;
    int64_t first = sqlite3_column_int64(raw, 0);
    int64_t last = sqlite3_column_int64(raw, 1) + 1;
    int64_t from = std::max(first, scan.from_unix_ms);
    int64_t until = std::min(last, scan.until_unix_ms);
    if (until <= from) return false;
    return (until - from) * 4 >= (last - first);
}

} // namespace

Result<void> scan_usage(const std::string& path, const UsageScan& scan, const UsageSink& sink)
{
    auto db = LLMP_TRY(open_database(path, Access::read_only));
    std::string sql = R"sql(SELECT started_unix_ms, status >= 400 OR error_class IS NOT NULL,
    cache_hit, input_tokens IS NOT NULL, input_tokens, cached_input_tokens, cache_write_tokens,
    output_tokens, reasoning_tokens, cost_nanousd, provider, upstream_model)sql";
    // Schema 2 added usage_estimated; an older file, read without migrating it, has none.
    sql += file_schema_version(db.get()) >= 2 ? ", usage_estimated IS NOT NULL" : ", 0";
    int parameter = 3;
    for (const auto& field : scan.fields) {
        sql += ", " + field_expression(field, parameter);
        if (field.column == UsageColumn::tag) ++parameter;
    }
    sql += scan_whole_table(db.get(), scan) ? " FROM requests NOT INDEXED" : " FROM requests";
    sql += " WHERE started_unix_ms >= ?1 AND started_unix_ms < ?2";

    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        return sqlite_error(db.get(), path);
    Statement query(raw);
    sqlite3_bind_int64(raw, 1, scan.from_unix_ms);
    sqlite3_bind_int64(raw, 2, scan.until_unix_ms);
    parameter = 3;
    for (const auto& field : scan.fields)
        if (field.column == UsageColumn::tag) {
            std::string tag = tag_path(field.tag);
            sqlite3_bind_text(raw, parameter++, tag.c_str(), -1, SQLITE_TRANSIENT);
        }

    auto text = [raw](int column) -> std::string_view {
        const auto* bytes = sqlite3_column_text(raw, column);
        if (!bytes) return {};
        return {reinterpret_cast<const char*>(bytes),
                static_cast<size_t>(sqlite3_column_bytes(raw, column))};
    };
    UsageRow row;
    row.fields.resize(scan.fields.size());
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        row.started_unix_ms = sqlite3_column_int64(raw, 0);
        row.error = sqlite3_column_int(raw, 1) != 0;
        row.cache_hit = sqlite3_column_int(raw, 2) != 0;
        row.usage.known = sqlite3_column_int(raw, 3) != 0;
        row.usage.input = sqlite3_column_int64(raw, 4);
        row.usage.cached_input = sqlite3_column_int64(raw, 5);
        row.usage.cache_write = sqlite3_column_int64(raw, 6);
        row.usage.output = sqlite3_column_int64(raw, 7);
        row.usage.reasoning = sqlite3_column_int64(raw, 8);
        row.cost_nanousd = sqlite3_column_type(raw, 9) == SQLITE_NULL
            ? std::nullopt
            : std::optional<int64_t>(sqlite3_column_int64(raw, 9));
        row.provider = text(10);
        row.upstream_model = text(11);
        row.estimated = sqlite3_column_int(raw, 12) != 0;
        for (size_t i = 0; i < row.fields.size(); ++i)
            row.fields[i] = text(k_first_field + static_cast<int>(i));
        sink(row);
    }
    if (rc != SQLITE_DONE) return sqlite_error(db.get(), path);
    return {};
}

} // namespace llmp::ledger
