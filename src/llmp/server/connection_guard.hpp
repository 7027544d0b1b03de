// Keeps client connections that are between requests off the thread pool. A connection waiting
// for its first or next request is parked here: one thread polls every parked socket, hands a
// connection back to the pool as soon as bytes arrive, and closes it when its keep-alive time
// runs out. So thousands of idle connections cost file descriptors, not threads, and a new
// client is served while they sit there.
//
// It also counts open connections: past the cap, the longest-idle parked ones are closed to make
// room (closing an idle keep-alive connection is always allowed in HTTP); when none is idle, a
// new connection is refused. And it does the lingering close after an error reply: the client
// may still be sending a body nobody will read, so the guard reads and discards it for a while
// before closing, and the client sees the reply instead of a connection reset.
//
// At shutdown it drains before it stops: a parked connection whose next request has already
// arrived goes back to the pool to be answered; the others are closed with a FIN (never a reset)
// and read for a moment more, so a client that sent a request just then sees the connection end
// rather than a reset.
//
// It never reads a request and never blocks on a client. Plain POSIX sockets; it knows nothing
// of HTTP.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace llmp::server {

class ConnectionGuard {
public:
    struct Options {
        int idle_timeout_ms = 5'000;      // a parked connection is closed after this long idle
        size_t max_connections = 4096;    // open client connections, parked or busy
        int linger_ms = 2'000;            // lingering close: longest time spent draining
        size_t linger_bytes = 64 << 20;   // lingering close: most bytes drained
    };
    // Called on the guard's thread with a parked connection that has bytes to read; it must hand
    // the connection to a thread that serves it, without blocking.
    using Resume = std::function<void(int fd)>;

    explicit ConnectionGuard(Options options);
    ~ConnectionGuard();

    void start(Resume resume);
    // Shutdown, first step (the pool still runs): parked connections with bytes waiting are
    // resumed, the other parked ones closed with a lingering close; from now on park() does the
    // same. Returns once that is done.
    void drain();
    // Gives lingering connections up to `grace_ms` to end, closes what is left and stops the
    // thread; park() and linger_close() then close at once. Safe to call twice.
    void stop(int grace_ms = 0);

    // A connection was accepted. False when it is over the cap and no idle connection can make
    // room: the caller refuses it and closes it itself (it was not counted).
    bool admit();
    // A connection's thread waits a moment for the next request before parking it; meanwhile it
    // counts as idle when room is needed. Every waiting_begins() ends with waiting_ends() (a
    // request came) or park().
    void waiting_begins() { m_waiting.fetch_add(1, std::memory_order_relaxed); }
    void waiting_ends() { m_waiting.fetch_sub(1, std::memory_order_relaxed); }
    // The connection is between requests; `idle_since_us` is when its last response ended (or
    // when it was accepted), on clock::monotonic_us(). False when the guard is draining and a
    // request is already waiting on it: the caller serves it (the connection is still its).
    [[nodiscard]] bool park(int fd, int64_t idle_since_us);
    // Ends a connection that may still carry unread request bytes (see above).
    void linger_close(int fd);
    // Ends an admitted connection now.
    void close(int fd);

    size_t open_connections() const;
    size_t parked() const;

    ConnectionGuard(const ConnectionGuard&) = delete;
    ConnectionGuard& operator=(const ConnectionGuard&) = delete;

private:
    struct Entry {
        int fd = -1;
        int64_t since_us = 0;     // idle since (parked) or drain start (lingering)
        int64_t deadline_us = 0;
        bool lingering = false;
        size_t drained = 0;
    };

    void run();
    void drain_parked(std::vector<int>& resumed);  // on the guard's thread, m_mutex held
    void wake();
    void close_fd(int fd);  // with m_mutex held: closes and uncounts

    Options m_options;
    Resume m_resume;

    mutable std::mutex m_mutex;
    std::vector<Entry> m_incoming;   // handed over by pool threads, not yet polled
    std::vector<Entry> m_entries;    // polled by the guard's thread (only it changes this)
    size_t m_open = 0;
    size_t m_idle = 0;               // parked (not lingering), in m_entries or m_incoming
    std::atomic<size_t> m_waiting{0};  // see waiting_begins()
    bool m_running = false;
    bool m_draining = false;
    bool m_drained = false;          // the guard's thread has drained the parked connections
    std::condition_variable m_drained_cv;
    bool m_stopping = false;         // stop() waits for lingering connections until m_stop_by_us
    int64_t m_stop_by_us = 0;
    bool m_stopped = false;
    int m_wake_read = -1;
    int m_wake_write = -1;
    std::thread m_thread;
};

} // namespace llmp::server
