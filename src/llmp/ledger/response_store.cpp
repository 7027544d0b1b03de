#include "llmp/ledger/response_store.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/ledger/database.hpp"

#include <sqlite3.h>

namespace llmp::ledger {

namespace {

struct StatementDeleter {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

// Pruning scans an index; doing it on every put would cost more than the put.
constexpr int64_t k_prune_every = 64;
constexpr int64_t k_day_ms = 86'400'000;

// The schema an in-memory store needs (a file store gets it from the ledger's migrations).
constexpr const char* k_memory_schema = R"sql(
CREATE TABLE responses (id TEXT PRIMARY KEY, created_unix_ms INTEGER NOT NULL, input TEXT NOT NULL,
    response TEXT NOT NULL);
CREATE INDEX responses_created ON responses(created_unix_ms);
CREATE TABLE response_items (item_id TEXT PRIMARY KEY,
    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE, item TEXT NOT NULL);
CREATE INDEX response_items_response ON response_items(response_id);
PRAGMA foreign_keys=ON;
)sql";

void bind(sqlite3_stmt* s, int index, const std::string& text)
{
    sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string column(sqlite3_stmt* s, int index)
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, index));
    return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(s, index))) : std::string();
}

// Resets a statement when the scope ends, whatever path leaves it.
struct Use {
    explicit Use(sqlite3_stmt* s) : statement(s) {}
    ~Use()
    {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
    }
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    sqlite3_stmt* statement;
};

} // namespace

struct ResponseStore::Statements {
    Database db;
    Statement insert_response;
    Statement insert_item;
    Statement select_response;
    Statement delete_response;
    Statement select_item;

    Result<void> failed(const char* what) const
    {
        return fail(ErrorCode::io, std::string("response store: ") + what + ": " + sqlite3_errmsg(db.get()));
    }

    Result<Statement> prepare(const char* sql) const
    {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v3(db.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK)
            return std::unexpected(failed("prepare").error());
        return Statement(raw);
    }
};

Result<std::unique_ptr<ResponseStore>> ResponseStore::open(const ResponseStoreOptions& options)
{
    auto statements = std::make_unique<Statements>();
    if (options.path.empty()) {
        sqlite3* raw = nullptr;
        int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
        statements->db.reset(raw);
        if (rc != SQLITE_OK) return fail(ErrorCode::io, "response store: cannot open an in-memory database");
        LLMP_TRY(exec(raw, k_memory_schema, "response store"));
    } else {
        // The ledger writer created and migrated the file already. Not open_database: its
        // create-and-close of the file would drop the locks SQLite holds for the writer's
        // connection in this process (POSIX locks belong to the process, not the descriptor).
        sqlite3* raw = nullptr;
        int rc = sqlite3_open_v2(options.path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
        statements->db.reset(raw);
        if (rc != SQLITE_OK) return fail(ErrorCode::io, "response store: cannot open " + options.path);
        sqlite3_busy_timeout(raw, 5000);
        LLMP_TRY(exec(raw, "PRAGMA foreign_keys=ON", "response store"));
    }
    auto& s = *statements;
    s.insert_response = LLMP_TRY(s.prepare(
        "INSERT OR REPLACE INTO responses (id, created_unix_ms, input, response) VALUES (?1, ?2, ?3, ?4)"));
    s.insert_item = LLMP_TRY(s.prepare(
        "INSERT OR REPLACE INTO response_items (item_id, response_id, item) VALUES (?1, ?2, ?3)"));
    s.select_response = LLMP_TRY(s.prepare(
        "SELECT created_unix_ms, input, response FROM responses WHERE id = ?1 AND created_unix_ms >= ?2"));
    s.delete_response = LLMP_TRY(s.prepare("DELETE FROM responses WHERE id = ?1"));
    s.select_item = LLMP_TRY(s.prepare(
        "SELECT i.item FROM response_items i JOIN responses r ON r.id = i.response_id "
        "WHERE i.item_id = ?1 AND r.created_unix_ms >= ?2"));
    return std::unique_ptr<ResponseStore>(new ResponseStore(options, std::move(statements)));
}

ResponseStore::ResponseStore(ResponseStoreOptions options, std::unique_ptr<Statements> statements)
    : m_options(std::move(options)), m_statements(std::move(statements))
{
}

ResponseStore::~ResponseStore() = default;

Result<void> ResponseStore::put(const StoredResponse& response)
{
    std::lock_guard lock(m_mutex);
    auto& s = *m_statements;
    sqlite3* db = s.db.get();
    LLMP_TRY(exec(db, "BEGIN IMMEDIATE", "response store"));
    auto write = [&]() -> Result<void> {
        {
            Use use(s.insert_response.get());
            bind(use.statement, 1, response.id);
            sqlite3_bind_int64(use.statement, 2, response.created_unix_ms);
            bind(use.statement, 3, response.input);
            bind(use.statement, 4, response.response);
            if (sqlite3_step(use.statement) != SQLITE_DONE) return s.failed("insert");
        }
        for (const auto& [item_id, item] : response.items) {
            Use use(s.insert_item.get());
            bind(use.statement, 1, item_id);
            bind(use.statement, 2, response.id);
            bind(use.statement, 3, item);
            if (sqlite3_step(use.statement) != SQLITE_DONE) return s.failed("insert item");
        }
        return {};
    };
    if (auto written = write(); !written) {
        exec(db, "ROLLBACK", "response store");
        return written;
    }
    LLMP_TRY(exec(db, "COMMIT", "response store"));
    if (++m_puts_since_prune >= k_prune_every) {
        m_puts_since_prune = 0;
        return prune();
    }
    return {};
}

Result<void> ResponseStore::prune()
{
    int64_t oldest = clock::unix_ms() - m_options.retention_days * k_day_ms;
    std::string sql = "DELETE FROM responses WHERE created_unix_ms < " + std::to_string(oldest)
        + " OR id IN (SELECT id FROM responses ORDER BY created_unix_ms DESC LIMIT -1 OFFSET "
        + std::to_string(m_options.max_responses) + ")";
    return exec(m_statements->db.get(), sql.c_str(), "response store: prune");
}

Result<std::optional<StoredResponse>> ResponseStore::get(const std::string& id)
{
    std::lock_guard lock(m_mutex);
    auto& s = *m_statements;
    Use use(s.select_response.get());
    bind(use.statement, 1, id);
    sqlite3_bind_int64(use.statement, 2, clock::unix_ms() - m_options.retention_days * k_day_ms);
    int rc = sqlite3_step(use.statement);
    if (rc == SQLITE_DONE) return std::optional<StoredResponse>();
    if (rc != SQLITE_ROW) return std::unexpected(s.failed("read").error());
    StoredResponse stored;
    stored.id = id;
    stored.created_unix_ms = sqlite3_column_int64(use.statement, 0);
    stored.input = column(use.statement, 1);
    stored.response = column(use.statement, 2);
    return std::optional<StoredResponse>(std::move(stored));
}

Result<bool> ResponseStore::erase(const std::string& id)
{
    std::lock_guard lock(m_mutex);
    auto& s = *m_statements;
    Use use(s.delete_response.get());
    bind(use.statement, 1, id);
    if (sqlite3_step(use.statement) != SQLITE_DONE) return std::unexpected(s.failed("delete").error());
    return sqlite3_changes(s.db.get()) > 0;
}

Result<std::optional<std::string>> ResponseStore::item(const std::string& item_id)
{
    std::lock_guard lock(m_mutex);
    auto& s = *m_statements;
    Use use(s.select_item.get());
    bind(use.statement, 1, item_id);
    sqlite3_bind_int64(use.statement, 2, clock::unix_ms() - m_options.retention_days * k_day_ms);
    int rc = sqlite3_step(use.statement);
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return std::unexpected(s.failed("read item").error());
    return std::optional<std::string>(column(use.statement, 0));
}

} // namespace llmp::ledger
