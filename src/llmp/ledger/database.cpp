#include "llmp/ledger/database.hpp"

#include "llmp/core/paths.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace llmp::ledger {

namespace {

// Forward migrations, applied in order, each in its own transaction; index + 1 is the
// version it brings the file to. Never edit a step that has shipped: add one.
//
// requests: one row per client request (see README, "The ledger").
//   id                  llmp's request id, also sent to the client as x-request-id
//   started_at          start time, ISO 8601 UTC with milliseconds
//   started_unix_ms     start time, milliseconds since the epoch (for ranges)
//   duration_ms         until the last byte went to the client
//   ttft_ms             time to the first content chunk (streams), else NULL
//   source              serve | ask | replay
//   dialect, endpoint   the client's wire format and path
//   key_id, project, user, tags   who asked (virtual keys; NULL until configured)
//   requested_model     the model as the client wrote it (alias, provider/model, bare)
//   provider, upstream_model      who served it, under which name
//   attempts, fallback  upstream attempts made; 1 if a fallback target served
//   status, error_class HTTP status sent; NULL or a class such as upstream_error,
//                       upstream_timeout, client_disconnected, shutdown
//   input_tokens        uncached input; cached_input_tokens, cache_write_tokens apart
//   output_tokens       generated, reasoning included; reasoning_tokens is that part
//                       (all token columns NULL when the upstream reported no usage)
//   cost_nanousd        cost in 1e-9 USD; NULL when the price is unknown
//   cache_hit, streamed 0/1
//   replay_of           for replays, the original request's id
//   usage_estimated     (schema 2) NULL when every token count came from the provider; else
//                       which ones llmp estimated: "input", "output" or "input,output" (a
//                       stream cut before the provider reported usage). The cost is then an
//                       estimate too.
// bodies: request and response bodies, when ledger.store_bodies (kept apart so reports never
//   scan them).
// responses (schema 3): Responses API answers a later request may continue from
//   (previous_response_id, item_reference, GET /v1/responses/{id}); see response_store.hpp.
//   `input` is the turn's whole input (earlier turns included), `response` the object the
//   client got. response_items: every item with an id, from either, for item_reference.
constexpr const char* k_migrations[] = {
    R"sql(
CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    started_unix_ms INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    ttft_ms INTEGER,
    source TEXT NOT NULL,
    dialect TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    key_id TEXT,
    project TEXT,
    user TEXT,
    tags TEXT,
    requested_model TEXT,
    provider TEXT,
    upstream_model TEXT,
    attempts INTEGER NOT NULL,
    fallback INTEGER NOT NULL,
    status INTEGER NOT NULL,
    error_class TEXT,
    input_tokens INTEGER,
    cached_input_tokens INTEGER,
    cache_write_tokens INTEGER,
    output_tokens INTEGER,
    reasoning_tokens INTEGER,
    cost_nanousd INTEGER,
    cache_hit INTEGER NOT NULL,
    streamed INTEGER NOT NULL,
    replay_of TEXT
);
CREATE INDEX requests_started ON requests(started_unix_ms);
CREATE INDEX requests_provider_model ON requests(provider, upstream_model);
CREATE INDEX requests_requested_model ON requests(requested_model);
CREATE TABLE bodies (
    request_id TEXT PRIMARY KEY REFERENCES requests(id) ON DELETE CASCADE,
    request TEXT,
    response TEXT
);
)sql",
    R"sql(
ALTER TABLE requests ADD COLUMN usage_estimated TEXT;
)sql",
    R"sql(
CREATE TABLE IF NOT EXISTS responses (
    id TEXT PRIMARY KEY,
    created_unix_ms INTEGER NOT NULL,
    input TEXT NOT NULL,
    response TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS responses_created ON responses(created_unix_ms);
CREATE TABLE IF NOT EXISTS response_items (
    item_id TEXT PRIMARY KEY,
    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    item TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS response_items_response ON response_items(response_id);
)sql",
};

constexpr int k_schema_version = static_cast<int>(std::size(k_migrations));

Result<void> create_private_file(const std::string& path)
{
    std::filesystem::path file(path);
    if (file.has_parent_path()) {
        std::error_code error;
        std::filesystem::create_directories(file.parent_path(), error);
        if (error)
            return fail(ErrorCode::io, "cannot create directory " + file.parent_path().string()
                                           + ": " + error.message());
    }
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return fail(ErrorCode::io, "cannot create " + path + ": " + std::strerror(errno));
    ::fchmod(fd, 0600);  // an existing file keeps no looser mode than ours
    ::close(fd);
    return {};
}

} // namespace

int file_schema_version(sqlite3* db)
{
    sqlite3_stmt* statement = nullptr;
    int version = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr) == SQLITE_OK
        && sqlite3_step(statement) == SQLITE_ROW)
        version = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
    return version;
}

namespace {

std::unexpected<Error> too_new(const std::string& path, int version)
{
    return fail(ErrorCode::io, path + ": ledger schema version " + std::to_string(version)
                                   + " is newer than this llmp understands ("
                                   + std::to_string(k_schema_version) + "); upgrade llmp");
}

Result<void> migrate(sqlite3* db, const std::string& path)
{
    int version = file_schema_version(db);
    if (version > k_schema_version)
        return too_new(path, version);
    for (int step = version; step < k_schema_version; ++step) {
        std::string sql = "BEGIN IMMEDIATE;";
        sql += k_migrations[step];
        sql += "PRAGMA user_version = " + std::to_string(step + 1) + ";COMMIT;";
        if (auto done = exec(db, sql.c_str(), path + ": migration to schema " + std::to_string(step + 1)); !done) {
            exec(db, "ROLLBACK", "rollback");
            return done;
        }
    }
    return {};
}

} // namespace

void DatabaseDeleter::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

int schema_version() { return k_schema_version; }

Result<void> exec(sqlite3* db, const char* sql, const std::string& what)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        return fail(ErrorCode::io, what + ": " + text);
    }
    return {};
}

Result<Database> open_database(const std::string& raw_path, Access access)
{
    std::string path = paths::expand_home(raw_path);
    int flags = SQLITE_OPEN_NOMUTEX;
    if (access == Access::read_write) {
        LLMP_TRY(create_private_file(path));
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    } else {
        // SQLite's own word for this is "unable to open database file"; say what is missing.
        if (::access(path.c_str(), F_OK) != 0 && errno == ENOENT)
            return fail(ErrorCode::not_found, "no ledger at " + path
                                                  + " (llmp serve and llmp ask create it on their first request)");
        flags |= SQLITE_OPEN_READONLY;
    }
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    Database db(raw);
    if (rc != SQLITE_OK)
        return fail(ErrorCode::io, "cannot open ledger " + path + ": "
                                       + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    sqlite3_busy_timeout(db.get(), 5000);
    if (access == Access::read_write) {
        LLMP_TRY(exec(db.get(), "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                      "ledger " + path));
        LLMP_TRY(migrate(db.get(), path));
        // WAL side files hold the same data: keep them as private as the ledger.
        ::chmod((path + "-wal").c_str(), 0600);
        ::chmod((path + "-shm").c_str(), 0600);
    } else {
        int version = file_schema_version(db.get());
        if (version > k_schema_version)
            return too_new(path, version);
        if (version < 1) return fail(ErrorCode::io, path + ": not an llmp ledger (no schema)");
    }
    return db;
}

} // namespace llmp::ledger
