#include "llmp/ledger/reader.hpp"

#include <sqlite3.h>

namespace llmp::ledger {

namespace {

std::string text_at(sqlite3_stmt* s, int column)
{
    const auto* text = sqlite3_column_text(s, column);
    return text ? std::string(reinterpret_cast<const char*>(text),
                              static_cast<size_t>(sqlite3_column_bytes(s, column)))
                : std::string();
}

std::optional<int64_t> optional_at(sqlite3_stmt* s, int column)
{
    if (sqlite3_column_type(s, column) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_int64(s, column);
}

std::optional<std::string> optional_text_at(sqlite3_stmt* s, int column)
{
    if (sqlite3_column_type(s, column) == SQLITE_NULL) return std::nullopt;
    return text_at(s, column);
}

constexpr const char* k_select = R"sql(
SELECT r.id, r.started_unix_ms, r.duration_ms, r.ttft_ms, r.source, r.dialect, r.endpoint,
    r.key_id, r.project, r.user, r.tags, r.requested_model, r.provider, r.upstream_model,
    r.attempts, r.fallback, r.status, r.error_class, r.input_tokens, r.cached_input_tokens,
    r.cache_write_tokens, r.output_tokens, r.reasoning_tokens, r.cost_nanousd, r.cache_hit,
    r.streamed, r.replay_of, b.request, b.response
FROM requests r LEFT JOIN bodies b ON b.request_id = r.id )sql";

RequestRecord row_of(sqlite3_stmt* s)
{
    RequestRecord r;
    r.id = text_at(s, 0);
    r.started_unix_ms = sqlite3_column_int64(s, 1);
    r.duration_ms = sqlite3_column_int64(s, 2);
    r.ttft_ms = optional_at(s, 3);
    r.source = text_at(s, 4);
    r.dialect = text_at(s, 5);
    r.endpoint = text_at(s, 6);
    r.key_id = text_at(s, 7);
    r.project = text_at(s, 8);
    r.user = text_at(s, 9);
    r.tags = text_at(s, 10);
    r.requested_model = text_at(s, 11);
    r.provider = text_at(s, 12);
    r.upstream_model = text_at(s, 13);
    r.attempts = sqlite3_column_int(s, 14);
    r.fallback = sqlite3_column_int(s, 15) != 0;
    r.status = sqlite3_column_int(s, 16);
    r.error_class = text_at(s, 17);
    r.usage.known = sqlite3_column_type(s, 18) != SQLITE_NULL;
    r.usage.input = sqlite3_column_int64(s, 18);
    r.usage.cached_input = sqlite3_column_int64(s, 19);
    r.usage.cache_write = sqlite3_column_int64(s, 20);
    r.usage.output = sqlite3_column_int64(s, 21);
    r.usage.reasoning = sqlite3_column_int64(s, 22);
    r.cost_nanousd = optional_at(s, 23);
    r.cache_hit = sqlite3_column_int(s, 24) != 0;
    r.streamed = sqlite3_column_int(s, 25) != 0;
    r.replay_of = text_at(s, 26);
    r.request_body = optional_text_at(s, 27);
    r.response_body = optional_text_at(s, 28);
    return r;
}

} // namespace

Result<Reader> Reader::open(const std::string& path)
{
    auto db = LLMP_TRY(open_database(path, Access::read_only));
    return Reader(std::move(db));
}

Result<int64_t> Reader::count_requests()
{
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), "SELECT COUNT(*) FROM requests", -1, &s, nullptr) != SQLITE_OK)
        return fail(ErrorCode::io, std::string("ledger: ") + sqlite3_errmsg(m_db.get()));
    int64_t count = -1;
    if (sqlite3_step(s) == SQLITE_ROW) count = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (count < 0) return fail(ErrorCode::io, std::string("ledger: ") + sqlite3_errmsg(m_db.get()));
    return count;
}

Result<std::vector<RequestRecord>> Reader::query(const std::string& where, const std::string& bind,
                                                 int limit)
{
    std::string sql = k_select + where + " ORDER BY r.started_unix_ms DESC, r.rowid DESC LIMIT ?2";
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
        return fail(ErrorCode::io, std::string("ledger: ") + sqlite3_errmsg(m_db.get()));
    if (!bind.empty()) sqlite3_bind_text(s, 1, bind.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 2, limit);
    std::vector<RequestRecord> rows;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) rows.push_back(row_of(s));
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return fail(ErrorCode::io, std::string("ledger: ") + sqlite3_errmsg(m_db.get()));
    return rows;
}

Result<std::vector<RequestRecord>> Reader::recent(int limit) { return query("", "", limit); }

Result<std::optional<RequestRecord>> Reader::find(const std::string& id)
{
    auto rows = LLMP_TRY(query("WHERE r.id = ?1", id, 1));
    if (rows.empty()) return std::optional<RequestRecord>();
    return std::optional<RequestRecord>(std::move(rows.front()));
}

} // namespace llmp::ledger
