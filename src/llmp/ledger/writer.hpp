// The ledger writer: request records go into a bounded in-memory queue (never blocking on the
// disk) and one background thread writes them in batched transactions.
//
// Durability: a record is on disk at most batch_window_ms after it was submitted (plus the
// time to write the batch before it). A crash loses at most that window; a clean shutdown
// (flush() or the destructor) loses nothing. When the queue is full (the disk cannot keep up),
// new records are dropped and counted, with a warning, rather than slowing requests down.
#pragma once

#include "llmp/core/result.hpp"
#include "llmp/ledger/record.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace llmp::ledger {

struct WriterOptions {
    std::string path;
    bool store_bodies = true;
    size_t queue_capacity = 100'000;
    int batch_window_ms = 100;
    size_t max_batch = 512;
    // A short-lived process (llmp ask) leaves its rows in the WAL file rather than copying them
    // into the main file on close: that checkpoint and its fsyncs were a third of ask's run
    // time. SQLite folds the WAL in at the next checkpoint; readers see the rows either way.
    bool checkpoint_on_close = true;
};

class Writer {
public:
    static Result<std::unique_ptr<Writer>> open(const WriterOptions& options);
    ~Writer();

    void submit(RequestRecord record);  // O(1), never touches the disk
    void flush();                       // returns once everything submitted so far is on disk

    uint64_t written() const { return m_written.load(); }
    uint64_t dropped() const { return m_dropped.load(); }

    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    struct Statements;

private:
    Writer(WriterOptions options, std::unique_ptr<Statements> statements);
    void run();
    void write_batch(std::deque<RequestRecord>& batch);

    WriterOptions m_options;
    std::unique_ptr<Statements> m_statements;

    std::mutex m_mutex;
    std::condition_variable m_wake;     // records arrived, or stop
    std::condition_variable m_progress; // a batch was written
    std::deque<RequestRecord> m_queue;
    uint64_t m_submitted = 0;           // sequence of the last accepted record
    uint64_t m_done = 0;                // sequence of the last written (or failed) record
    bool m_flush_requested = false;
    bool m_stop = false;

    std::atomic<uint64_t> m_written{0};
    std::atomic<uint64_t> m_dropped{0};
    std::thread m_thread;
};

} // namespace llmp::ledger
