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
    r.streamed, r.replay_of, )sql";
// Schema 2 added usage_estimated; an older file, read without migrating it, has none.
constexpr const char* k_estimated_column = "r.usage_estimated, ";
constexpr const char* k_no_estimated_column = "NULL, ";
constexpr const char* k_from_with_bodies =
    "b.request, b.response FROM requests r LEFT JOIN bodies b ON b.request_id = r.id ";
constexpr const char* k_from_without_bodies = "NULL, NULL FROM requests r ";

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
    r.usage_estimated = text_at(s, 27);
    r.request_body = optional_text_at(s, 28);
    r.response_body = optional_text_at(s, 29);
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

Result<std::vector<RequestRecord>> Reader::query(const std::string& where, const std::vector<Bind>& binds,
                                                 int limit, Bodies bodies)
{
    std::string sql = std::string(k_select)
        + (file_schema_version(m_db.get()) >= 2 ? k_estimated_column : k_no_estimated_column)
        + (bodies == Bodies::with ? k_from_with_bodies : k_from_without_bodies)
        + where + " ORDER BY r.started_unix_ms DESC, r.rowid DESC LIMIT ?"
        + std::to_string(binds.size() + 1);
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
        return fail(ErrorCode::io, std::string("ledger: ") + sqlite3_errmsg(m_db.get()));
    int index = 1;
    for (const auto& bind : binds) {
        if (const auto* text = std::get_if<std::string>(&bind))
            sqlite3_bind_text(s, index++, text->c_str(), -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_int64(s, index++, std::get<int64_t>(bind));
    }
    sqlite3_bind_int(s, index, limit);
    std::vector<RequestRecord> rows;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) rows.push_back(row_of(s));
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return fail(ErrorCode::io, std::string("ledger: ") + sqlite3_errmsg(m_db.get()));
    return rows;
}

Result<std::vector<RequestRecord>> Reader::recent(int limit) { return query("", {}, limit, Bodies::with); }

Result<std::optional<RequestRecord>> Reader::find(const std::string& id)
{
    auto rows = LLMP_TRY(query("WHERE r.id = ?1", {id}, 1, Bodies::with));
    if (rows.empty()) return std::optional<RequestRecord>();
    return std::optional<RequestRecord>(std::move(rows.front()));
}

Result<std::vector<RequestRecord>> Reader::list(const RequestFilter& filter)
{
    std::vector<std::string> conditions;
    std::vector<Bind> binds;
    auto parameter = [&binds](Bind value) {
        binds.push_back(std::move(value));
        std::string placeholder = "?";
        return placeholder += std::to_string(binds.size());
    };
    if (filter.since_unix_ms) conditions.push_back("r.started_unix_ms >= " + parameter(*filter.since_unix_ms));
    if (!filter.model.empty()) {
        std::string model = parameter(filter.model);
        conditions.push_back("(r.requested_model = " + model + " OR r.upstream_model = " + model
                             + " OR r.provider || '/' || r.upstream_model = " + model + ")");
    }
    if (filter.failed) {
        const char* failed = "(r.status >= 400 OR r.error_class IS NOT NULL)";
        conditions.push_back(*filter.failed ? failed : std::string("NOT ") + failed);
    }
    if (!filter.source.empty()) conditions.push_back("r.source = " + parameter(filter.source));
    std::string where;
    for (const auto& condition : conditions) where += (where.empty() ? "WHERE " : " AND ") + condition;
    return query(where, binds, filter.limit, Bodies::without);
}

} // namespace llmp::ledger
