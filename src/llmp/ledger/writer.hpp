// The ledger writer: request records go into a bounded in-memory queue and one background
// thread writes them in batched transactions.
//
// Durability: a record is on disk at most batch_window_ms after it was submitted, plus the time
// to write the batches ahead of it. That backlog is bounded: when backpressure_rows records wait
// while the disk is writable but slower than the requests, submit() holds the request until the
// writer catches up, so a crash (SIGKILL) loses at most backpressure_rows + max_batch records.
// A clean shutdown (flush() or the destructor) loses nothing the disk accepts.
//
// A ledger that cannot write (locked for longer than the busy timeout, disk full, I/O error)
// keeps its records: the batch goes back to the head of the queue and is retried with backoff,
// health() says so and one log line names how many records wait. Requests are still served and
// never wait for a failing disk; records queue up to queue_capacity, beyond which new ones are
// lost and counted (logged). At the end (flush(), the destructor), records the disk still refuses
// after give_up_after_ms of retrying are lost, and one log line says how many.
#pragma once

#include "llmp/core/result.hpp"
#include "llmp/ledger/record.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace llmp::ledger {

struct WriterOptions {
    std::string path;
    bool store_bodies = true;
    size_t queue_capacity = 100'000;
    int batch_window_ms = 100;
    size_t max_batch = 512;
    // Requests wait for the writer beyond this many waiting records (while the disk is writable).
    size_t backpressure_rows = 1'024;
    // How long one write waits for another process's lock before the batch is retried later.
    // Short, because nothing is lost by retrying and health() reports the wait sooner.
    int busy_timeout_ms = 1'000;
    // At flush() and shutdown: how long records that cannot be written are retried before they
    // are given up (and counted as lost).
    int give_up_after_ms = 3'000;
    // A short-lived process (llmp ask) leaves its rows in the WAL file rather than copying them
    // into the main file on close: that checkpoint and its fsyncs were a third of ask's run
    // time. SQLite folds the WAL in at the next checkpoint; readers see the rows either way.
    bool checkpoint_on_close = true;
};

// What /healthz reports about the ledger.
struct WriterHealth {
    bool ok = true;         // the last write succeeded (or none failed yet)
    uint64_t waiting = 0;   // records accepted and not yet on disk
    uint64_t lost = 0;      // records given up since start (queue full, shutdown, refused row)
    std::string error;      // why the ledger cannot write, when !ok
};

class Writer {
public:
    static Result<std::unique_ptr<Writer>> open(const WriterOptions& options);
    ~Writer();

    // O(1) and never touches the disk; waits only while a writable ledger is backpressure_rows
    // behind (see the file comment).
    void submit(RequestRecord record);
    // Returns once everything submitted so far is on disk, or was given up after
    // give_up_after_ms of failed retries (meant for the end of a process).
    void flush();

    uint64_t written() const { return m_written.load(); }
    uint64_t lost() const { return m_lost.load(); }
    WriterHealth health() const;

    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    struct Statements;

private:
    enum class Outcome { written, retry };

    Writer(WriterOptions options, std::unique_ptr<Statements> statements);
    void run();
    Outcome write_batch(std::deque<RequestRecord>& batch, std::string& error);
    // With m_mutex held: after a failed batch, decide when to retry or whether to give up.
    void after_failure(std::deque<RequestRecord>& batch, const std::string& error);
    void give_up_locked(const std::string& why);

    WriterOptions m_options;
    std::unique_ptr<Statements> m_statements;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;     // records arrived, or stop
    std::condition_variable m_progress; // a batch was written (or given up)
    std::deque<RequestRecord> m_queue;
    size_t m_in_flight = 0;             // records taken for the batch being written
    uint64_t m_submitted = 0;           // sequence of the last accepted record
    uint64_t m_done = 0;                // sequence of the last written (or given up) record
    uint64_t m_flush_target = 0;        // a flush() waits for m_done to reach this
    bool m_flush_requested = false;     // until it does: no batch window, and give up in time
    bool m_stop = false;

    // While the ledger cannot write.
    bool m_failing = false;
    std::string m_error;
    std::chrono::steady_clock::time_point m_retry_at;
    std::chrono::milliseconds m_backoff{0};
    // Set when flush() or stop begins waiting on a failing ledger: the end of its patience.
    std::optional<std::chrono::steady_clock::time_point> m_give_up_at;

    std::atomic<uint64_t> m_written{0};
    std::atomic<uint64_t> m_lost{0};
    std::thread m_thread;
};

} // namespace llmp::ledger
