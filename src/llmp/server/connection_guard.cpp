#include "llmp/server/connection_guard.hpp"

#include "llmp/core/clock.hpp"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <limits>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace llmp::server {

namespace {

// How much a lingering connection may be drained per wake, so one fast sender cannot keep the
// guard from the others.
constexpr size_t k_drain_slice = 64 * 1024;

void set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
}

} // namespace

ConnectionGuard::ConnectionGuard(Options options) : m_options(options)
{
    int fds[2];
    if (::pipe(fds) == 0) {
        set_nonblocking(fds[0]);
        set_nonblocking(fds[1]);
        m_wake_read = fds[0];
        m_wake_write = fds[1];
    }
}

ConnectionGuard::~ConnectionGuard()
{
    stop();
    if (m_wake_read >= 0) ::close(m_wake_read);
    if (m_wake_write >= 0) ::close(m_wake_write);
}

void ConnectionGuard::start(Resume resume)
{
    std::lock_guard lock(m_mutex);
    if (m_running || m_stopped || m_wake_read < 0) return;
    m_resume = std::move(resume);
    m_running = true;
    m_thread = std::thread([this] { run(); });
}

void ConnectionGuard::drain()
{
    std::unique_lock lock(m_mutex);
    m_draining = true;
    if (!m_running || m_stopped) return;
    wake();
    m_drained_cv.wait(lock, [this] { return m_drained || m_stopped; });
}

void ConnectionGuard::stop(int grace_ms)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped || m_stopping) return;
        m_stopping = true;
        m_stop_by_us = clock::monotonic_us() + int64_t{grace_ms} * 1000;
        wake();
    }
    if (m_thread.joinable()) m_thread.join();
    std::lock_guard lock(m_mutex);
    m_stopped = true;
    for (const auto& entry : m_entries) close_fd(entry.fd);
    for (const auto& entry : m_incoming) close_fd(entry.fd);
    m_entries.clear();
    m_incoming.clear();
    m_idle = 0;
    m_drained_cv.notify_all();
}

bool ConnectionGuard::admit()
{
    std::lock_guard lock(m_mutex);
    if (m_open + 1 > m_options.max_connections) {
        // Room is made by closing idle connections: parked ones now, waiting ones once parked.
        size_t over = m_open + 1 - m_options.max_connections;
        if (over > m_idle + m_waiting.load(std::memory_order_relaxed)) return false;
        wake();
    }
    ++m_open;
    return true;
}

bool ConnectionGuard::park(int fd, int64_t idle_since_us)
{
    std::unique_lock lock(m_mutex);
    m_waiting.fetch_sub(1, std::memory_order_relaxed);
    if (!m_running || m_stopped || m_stopping) {
        close_fd(fd);
        return true;
    }
    if (m_draining) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 0) > 0) return false;  // a request came after all: serve it
        lock.unlock();
        linger_close(fd);
        return true;
    }
    m_incoming.push_back({fd, idle_since_us, idle_since_us + int64_t{m_options.idle_timeout_ms} * 1000, false, 0});
    ++m_idle;
    wake();
    return true;
}

void ConnectionGuard::linger_close(int fd)
{
    // The reply is out: a FIN tells the client nothing more comes, while its bytes still land.
    ::shutdown(fd, SHUT_WR);
    std::lock_guard lock(m_mutex);
    if (!m_running || m_stopped || m_stopping) {
        close_fd(fd);
        return;
    }
    int64_t now = clock::monotonic_us();
    m_incoming.push_back({fd, now, now + int64_t{m_options.linger_ms} * 1000, true, 0});
    wake();
}

void ConnectionGuard::close(int fd)
{
    std::lock_guard lock(m_mutex);
    close_fd(fd);
}

size_t ConnectionGuard::open_connections() const
{
    std::lock_guard lock(m_mutex);
    return m_open;
}

size_t ConnectionGuard::parked() const
{
    std::lock_guard lock(m_mutex);
    return m_idle;
}

void ConnectionGuard::drain_parked(std::vector<int>& resumed)
{
    std::vector<pollfd> polled;
    for (const auto& entry : m_entries)
        if (!entry.lingering) polled.push_back({entry.fd, POLLIN, 0});
    if (!polled.empty()) ::poll(polled.data(), polled.size(), 0);
    size_t at = 0;
    int64_t now = clock::monotonic_us();
    for (auto& entry : m_entries) {
        if (entry.lingering) continue;
        --m_idle;
        if (polled[at++].revents) {
            resumed.push_back(entry.fd);
            entry.fd = -1;
            continue;
        }
        ::shutdown(entry.fd, SHUT_WR);
        entry = {entry.fd, now, now + int64_t{m_options.linger_ms} * 1000, true, 0};
    }
    std::erase_if(m_entries, [](const Entry& entry) { return entry.fd < 0; });
}

void ConnectionGuard::wake()
{
    char byte = 1;
    [[maybe_unused]] ssize_t ignored = ::write(m_wake_write, &byte, 1);  // full pipe: awake anyway
}

void ConnectionGuard::close_fd(int fd)
{
    ::close(fd);
    if (m_open > 0) --m_open;
}

void ConnectionGuard::run()
{
    std::vector<pollfd> polled;
    std::vector<int> resumed;
    std::vector<char> scratch(k_drain_slice);
    std::unique_lock lock(m_mutex);
    while (true) {
        m_entries.insert(m_entries.end(), m_incoming.begin(), m_incoming.end());
        m_incoming.clear();
        if (m_stopping && (m_entries.empty() || clock::monotonic_us() >= m_stop_by_us)) break;
        if (m_draining && !m_drained) {
            drain_parked(resumed);
            lock.unlock();
            for (int fd : resumed) m_resume(fd);
            resumed.clear();
            lock.lock();
            m_drained = true;
            m_drained_cv.notify_all();
        }

        // Over the cap: the longest idle go first.
        while (m_open > m_options.max_connections && m_idle > 0) {
            auto oldest = m_entries.end();
            for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
                if (!it->lingering && (oldest == m_entries.end() || it->since_us < oldest->since_us))
                    oldest = it;
            if (oldest == m_entries.end()) break;
            close_fd(oldest->fd);
            --m_idle;
            *oldest = m_entries.back();
            m_entries.pop_back();
        }

        int64_t now = clock::monotonic_us();
        int64_t next = std::numeric_limits<int64_t>::max();
        for (size_t i = 0; i < m_entries.size();) {
            if (m_entries[i].deadline_us <= now) {
                close_fd(m_entries[i].fd);
                if (!m_entries[i].lingering) --m_idle;
                m_entries[i] = m_entries.back();
                m_entries.pop_back();
                continue;
            }
            next = std::min(next, m_entries[i].deadline_us);
            ++i;
        }
        if (m_stopping) next = std::min(next, m_stop_by_us);

        polled.clear();
        polled.push_back({m_wake_read, POLLIN, 0});
        for (const auto& entry : m_entries) polled.push_back({entry.fd, POLLIN, 0});
        int timeout_ms = next == std::numeric_limits<int64_t>::max()
            ? -1
            : static_cast<int>(std::min<int64_t>((next - now + 999) / 1000, 60'000));

        // m_entries changes only on this thread, so `polled` stays in step with it while the
        // lock is released.
        lock.unlock();
        int ready = ::poll(polled.data(), polled.size(), timeout_ms);
        lock.lock();
        if (ready <= 0) continue;

        if (polled[0].revents) {
            char drain[256];
            while (::read(m_wake_read, drain, sizeof drain) > 0) {
            }
        }
        // Entries to drop are marked fd = -1 and swept below.
        for (size_t i = 1; i < polled.size(); ++i) {
            if (!polled[i].revents) continue;
            auto& entry = m_entries[i - 1];
            if (!entry.lingering) {
                resumed.push_back(entry.fd);
                --m_idle;
                entry.fd = -1;
                continue;
            }
            ssize_t got = ::recv(entry.fd, scratch.data(), scratch.size(), MSG_DONTWAIT);
            bool again = got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
            if (got > 0) entry.drained += static_cast<size_t>(got);
            if ((got <= 0 && !again) || entry.drained >= m_options.linger_bytes) {
                close_fd(entry.fd);
                entry.fd = -1;
            }
        }
        std::erase_if(m_entries, [](const Entry& entry) { return entry.fd < 0; });

        if (!resumed.empty()) {
            lock.unlock();
            for (int fd : resumed) m_resume(fd);
            resumed.clear();
            lock.lock();
        }
    }
}

} // namespace llmp::server
