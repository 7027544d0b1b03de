// The listening socket and its accept loop. llmp binds it itself rather than through
// cpp-httplib, whose releases set SO_REUSEPORT: with that, a second `llmp serve` on a taken port
// started and took half the connections. Here only SO_REUSEADDR is set (a restart may reuse the
// port while old connections sit in TIME_WAIT), so a taken port is an error.
//
// On stop it accepts what the kernel already queued before it closes the socket: a client whose
// connection (and request) was in the accept queue when SIGTERM came is answered, not reset.
// Plain POSIX sockets; it knows nothing of HTTP.
#pragma once

#include "llmp/core/result.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace llmp::server {

class Listener {
public:
    // Binds host:port (port 0: any free port) and listens. Fails with "port P is in use" when
    // another socket holds the port.
    static Result<std::unique_ptr<Listener>> open(const std::string& host, int port);
    ~Listener();

    int port() const { return m_port; }
    int fd() const { return m_fd; }

    // Hands every accepted connection to `accepted` until stop(), then the ones still queued,
    // and closes the socket.
    void run(const std::function<void(int fd)>& accepted);
    void stop();  // safe from any thread and from a signal watcher

    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

private:
    Listener(int fd, int port, int wake_read, int wake_write);
    void accept_queued(const std::function<void(int fd)>& accepted);

    int m_fd;
    int m_port;
    int m_wake_read;
    int m_wake_write;
    std::atomic<bool> m_stopped{false};
};

} // namespace llmp::server
