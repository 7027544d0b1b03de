#include "llmp/ledger/writer.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/core/log.hpp"
#include "llmp/ledger/database.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace llmp::ledger {

namespace {

struct StatementDeleter {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

constexpr const char* k_insert_request = R"sql(
INSERT OR REPLACE INTO requests (id, started_at, started_unix_ms, duration_ms, ttft_ms, source,
    dialect, endpoint, key_id, project, user, tags, requested_model, provider, upstream_model,
    attempts, fallback, status, error_class, input_tokens, cached_input_tokens,
    cache_write_tokens, output_tokens, reasoning_tokens, cost_nanousd, cache_hit, streamed,
    replay_of, usage_estimated)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
    ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29))sql";

constexpr const char* k_insert_body =
    "INSERT OR REPLACE INTO bodies (request_id, request, response) VALUES (?1, ?2, ?3)";

void bind_text_or_null(sqlite3_stmt* s, int index, const std::string& text)
{
    if (text.empty()) sqlite3_bind_null(s, index);
    else sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void bind_text(sqlite3_stmt* s, int index, const std::string& text)
{
    sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void bind_optional(sqlite3_stmt* s, int index, const std::optional<int64_t>& value)
{
    if (value) sqlite3_bind_int64(s, index, *value);
    else sqlite3_bind_null(s, index);
}

void bind_record(sqlite3_stmt* s, const RequestRecord& r)
{
    bind_text(s, 1, r.id);
    bind_text(s, 2, clock::iso8601_utc(r.started_unix_ms));
    sqlite3_bind_int64(s, 3, r.started_unix_ms);
    sqlite3_bind_int64(s, 4, r.duration_ms);
    bind_optional(s, 5, r.ttft_ms);
    bind_text(s, 6, r.source);
    bind_text(s, 7, r.dialect);
    bind_text(s, 8, r.endpoint);
    bind_text_or_null(s, 9, r.key_id);
    bind_text_or_null(s, 10, r.project);
    bind_text_or_null(s, 11, r.user);
    bind_text_or_null(s, 12, r.tags);
    bind_text_or_null(s, 13, r.requested_model);
    bind_text_or_null(s, 14, r.provider);
    bind_text_or_null(s, 15, r.upstream_model);
    sqlite3_bind_int(s, 16, r.attempts);
    sqlite3_bind_int(s, 17, r.fallback ? 1 : 0);
    sqlite3_bind_int(s, 18, r.status);
    bind_text_or_null(s, 19, r.error_class);
    const auto& u = r.usage;
    auto tokens = [&](int index, int64_t value) {
        bind_optional(s, index, u.known ? std::optional<int64_t>(value) : std::nullopt);
    };
    tokens(20, u.input);
    tokens(21, u.cached_input);
    tokens(22, u.cache_write);
    tokens(23, u.output);
    tokens(24, u.reasoning);
    bind_optional(s, 25, r.cost_nanousd);
    sqlite3_bind_int(s, 26, r.cache_hit ? 1 : 0);
    sqlite3_bind_int(s, 27, r.streamed ? 1 : 0);
    bind_text_or_null(s, 28, r.replay_of);
    bind_text_or_null(s, 29, r.usage_estimated);
}

// A row SQLite refuses for what it is (retrying cannot help) rather than for the state of the
// file or the disk (locked, full, I/O error: retrying later can).
bool refused_for_good(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE: return true;
    default: return false;
    }
}

constexpr auto k_first_backoff = std::chrono::milliseconds(50);
constexpr auto k_max_backoff = std::chrono::milliseconds(2'000);

} // namespace

struct Writer::Statements {
    Database db;
    Statement insert_request;
    Statement insert_body;
};

Result<std::unique_ptr<Writer>> Writer::open(const WriterOptions& options)
{
    auto statements = std::make_unique<Statements>();
    statements->db = LLMP_TRY(open_database(options.path, Access::read_write));
    sqlite3_busy_timeout(statements->db.get(), options.busy_timeout_ms);
    if (!options.checkpoint_on_close)
        sqlite3_db_config(statements->db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(statements->db.get(), k_insert_request, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK)
        return fail(ErrorCode::io, "ledger: " + std::string(sqlite3_errmsg(statements->db.get())));
    statements->insert_request.reset(raw);
    if (sqlite3_prepare_v3(statements->db.get(), k_insert_body, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK)
        return fail(ErrorCode::io, "ledger: " + std::string(sqlite3_errmsg(statements->db.get())));
    statements->insert_body.reset(raw);
    return std::unique_ptr<Writer>(new Writer(options, std::move(statements)));
}

Writer::Writer(WriterOptions options, std::unique_ptr<Statements> statements)
    : m_options(std::move(options)), m_statements(std::move(statements)), m_thread([this] { run(); })
{
}

Writer::~Writer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

WriterHealth Writer::health() const
{
    std::lock_guard lock(m_mutex);
    return {!m_failing, m_queue.size() + m_in_flight, m_lost.load(), m_error};
}

void Writer::submit(RequestRecord record)
{
    bool wake = false;
    {
        std::unique_lock lock(m_mutex);
        auto behind = [&] { return m_queue.size() + m_in_flight >= m_options.backpressure_rows; };
        if (!m_failing && behind()) {
            // The disk is writable but slower than the requests: hold this one until the
            // writer catches up, so the backlog a crash can lose stays bounded. Never for
            // long, and never for a failing disk (the records wait in memory instead).
            m_wake.notify_one();
            m_progress.wait_for(lock, std::chrono::seconds(1),
                                [&] { return m_failing || m_stop || !behind(); });
        }
        if (m_queue.size() >= m_options.queue_capacity) {
            uint64_t lost = ++m_lost;
            if (lost % 1000 == 1)
                log::error("ledger: " + std::to_string(m_queue.size() + m_in_flight)
                           + " request records wait, the queue is full: " + std::to_string(lost)
                           + " record(s) lost so far (" + (m_error.empty() ? "the disk cannot keep up" : m_error)
                           + ")");
            return;
        }
        m_queue.push_back(std::move(record));
        ++m_submitted;
        // Wake the writer only when it has something new to decide: the first record starts a
        // batch window, a full batch ends it early. Waking it for every record would cost a
        // context switch per request for nothing (it would go back to waiting out the window).
        wake = m_queue.size() == 1 || m_queue.size() == m_options.max_batch;
    }
    if (wake) m_wake.notify_one();
}

void Writer::flush()
{
    std::unique_lock lock(m_mutex);
    uint64_t target = m_submitted;
    m_flush_target = std::max(m_flush_target, target);
    m_flush_requested = true;
    m_wake.notify_all();
    m_progress.wait(lock, [&] { return m_done >= target; });
}

void Writer::run()
{
    using Clock = std::chrono::steady_clock;
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [&] { return m_stop || !m_queue.empty(); });
        if (m_queue.empty() && m_stop) return;
        if (m_failing) {
            // Wait out the backoff; a flush or stop does not make a failing disk write sooner.
            m_wake.wait_until(lock, m_retry_at, [&] { return Clock::now() >= m_retry_at; });
        } else {
            // Gather a batch: wait out the window from the first record unless told to hurry.
            auto deadline = Clock::now() + std::chrono::milliseconds(m_options.batch_window_ms);
            m_wake.wait_until(lock, deadline, [&] {
                return m_stop || m_flush_requested || m_queue.size() >= m_options.max_batch;
            });
        }
        std::deque<RequestRecord> batch;
        size_t take = std::min(m_queue.size(), m_options.max_batch);
        for (size_t i = 0; i < take; ++i) {
            batch.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        m_in_flight = take;
        lock.unlock();
        std::string error;
        Outcome outcome = write_batch(batch, error);
        lock.lock();
        m_in_flight = 0;
        if (outcome == Outcome::written) {
            if (m_failing)
                log::info("ledger: writing again (" + std::to_string(m_queue.size() + take)
                          + " waiting request record(s) are being written)");
            m_failing = false;
            m_error.clear();
            m_backoff = std::chrono::milliseconds(0);
            m_give_up_at.reset();
            m_done += take;
        } else {
            after_failure(batch, error);
        }
        if (m_done >= m_flush_target) m_flush_requested = false;
        m_progress.notify_all();
    }
}

void Writer::after_failure(std::deque<RequestRecord>& batch, const std::string& error)
{
    auto now = std::chrono::steady_clock::now();
    // Back to the head of the queue, in order: flush() counts records in sequence.
    m_queue.insert(m_queue.begin(), std::make_move_iterator(batch.begin()),
                   std::make_move_iterator(batch.end()));
    if (!m_failing)
        log::error("ledger: cannot write " + m_options.path + ": " + error + "; "
                   + std::to_string(m_queue.size())
                   + " request record(s) wait in memory and are retried (GET /healthz shows the count)");
    m_failing = true;
    m_error = error;
    m_backoff = std::clamp(m_backoff * 2, std::chrono::milliseconds(k_first_backoff), k_max_backoff);
    m_retry_at = now + m_backoff;
    if (!m_stop && !m_flush_requested) return;
    if (!m_give_up_at) m_give_up_at = now + std::chrono::milliseconds(m_options.give_up_after_ms);
    else if (now >= *m_give_up_at) give_up_locked(error);
}

void Writer::give_up_locked(const std::string& why)
{
    size_t count = m_queue.size();
    m_queue.clear();
    m_lost += count;
    m_done += count;
    m_give_up_at.reset();
    log::error("ledger: " + std::to_string(count) + " request record(s) lost: cannot write "
               + m_options.path + ": " + why + " (gave up after "
               + std::to_string(m_options.give_up_after_ms) + " ms of retries)");
}

Writer::Outcome Writer::write_batch(std::deque<RequestRecord>& batch, std::string& error)
{
    sqlite3* db = m_statements->db.get();
    // IMMEDIATE: take the write lock up front, where the busy timeout applies, rather than
    // failing to upgrade a read transaction half way through the batch.
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        error = sqlite3_errmsg(db);
        return Outcome::retry;
    }
    auto abandon = [&](sqlite3_stmt* s) {
        error = sqlite3_errmsg(db);
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return Outcome::retry;
    };
    size_t ok = 0;
    size_t refused = 0;  // counted as lost once the batch commits (a retried batch meets them again)
    for (const auto& record : batch) {
        sqlite3_stmt* s = m_statements->insert_request.get();
        bind_record(s, record);
        int rc = sqlite3_step(s);
        if (rc != SQLITE_DONE && !refused_for_good(rc)) return abandon(s);
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        if (rc != SQLITE_DONE) {
            ++refused;
            log::error("ledger: request " + record.id + " is not recorded: " + sqlite3_errmsg(db));
            continue;
        }
        ++ok;
        bool has_body = record.request_body || record.response_body;
        if (!m_options.store_bodies || !has_body) continue;
        sqlite3_stmt* b = m_statements->insert_body.get();
        bind_text(b, 1, record.id);
        if (record.request_body) bind_text(b, 2, *record.request_body);
        else sqlite3_bind_null(b, 2);
        if (record.response_body) bind_text(b, 3, *record.response_body);
        else sqlite3_bind_null(b, 3);
        rc = sqlite3_step(b);
        if (rc != SQLITE_DONE && !refused_for_good(rc)) return abandon(b);
        if (rc != SQLITE_DONE)
            log::error("ledger: cannot store bodies of request " + record.id + ": " + sqlite3_errmsg(db));
        sqlite3_reset(b);
        sqlite3_clear_bindings(b);
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        error = sqlite3_errmsg(db);
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return Outcome::retry;
    }
    m_written += ok;
    m_lost += refused;
    return Outcome::written;
}

} // namespace llmp::ledger
