// The little the two event-loop halves of the stream measure share: non-blocking loopback
// sockets and an epoll set. The stream clients and the slow upstream each run one loop on one
// thread, so the harness stays a small fraction of its core and never becomes what it measures.
#pragma once

#include <cstdint>
#include <sys/epoll.h>

namespace llmp::bench {

// A loop thread's nice value to -10 when allowed (root): on a machine shared with other jobs, one
// thread serving a thousand streams would otherwise get one runnable task's share of its core.
void favour_this_thread();

void set_nodelay(int fd);  // small SSE chunks go out at once, not after Nagle's wait

// A loopback listening socket on a free port, non-blocking, with a full backlog: a thousand
// clients arrive within milliseconds, and a short backlog turns that into SYN retries of 1 s+.
int listen_loopback(int& port);
// A non-blocking connect to 127.0.0.1:port; completes (or fails) when the socket is writable.
int connect_loopback(int port);

class Poller {
public:
    Poller();
    ~Poller();
    void add(int fd, uint32_t events);
    void modify(int fd, uint32_t events);
    void remove(int fd);  // before closing fd
    // Ready descriptors into `events`; `timeout_ms` -1 waits for ever. Returns the count.
    int wait(epoll_event* events, int capacity, int timeout_ms);

    Poller(const Poller&) = delete;
    Poller& operator=(const Poller&) = delete;

private:
    int m_fd;
};

} // namespace llmp::bench
