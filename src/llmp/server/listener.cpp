#include "llmp/server/listener.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace llmp::server {

namespace {

void set_flags(int fd, bool nonblocking)
{
    int flags = ::fcntl(fd, F_GETFL, 0);
    if (flags >= 0) ::fcntl(fd, F_SETFL, nonblocking ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
}

int bound_port(int fd)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return -1;
    if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in&>(address).sin_port);
    if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6&>(address).sin6_port);
    return -1;
}

// One address of the host: a listening socket, or -1 with errno set.
int listen_on(const addrinfo& address)
{
    int fd = ::socket(address.ai_family, address.ai_socktype, address.ai_protocol);
    if (fd < 0) return -1;
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (address.ai_family == AF_INET6) {
        int no = 0;  // "::" takes IPv4 clients too
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no);
    }
    // A burst of new connections waits in the queue instead of having its SYNs dropped.
    if (::bind(fd, address.ai_addr, address.ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
        int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    set_flags(fd, true);
    return fd;
}

} // namespace

Result<std::unique_ptr<Listener>> Listener::open(const std::string& host, int port)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    std::string service = std::to_string(port);
    std::string where = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + service;
    if (int error = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); error != 0)
        return fail(ErrorCode::io, "cannot listen on " + where + ": " + ::gai_strerror(error));
    int fd = -1;
    int error = 0;
    for (addrinfo* address = found; address && fd < 0; address = address->ai_next) {
        fd = listen_on(*address);
        if (fd < 0 && error != EADDRINUSE) error = errno;
    }
    ::freeaddrinfo(found);
    if (fd < 0 && error == EADDRINUSE)
        return fail(ErrorCode::io, "port " + service + " is in use (another llmp serve, or another "
                                       "program, listens on " + where + ")");
    if (fd < 0) return fail(ErrorCode::io, "cannot listen on " + where + ": " + std::strerror(error));

    int wake[2];
    if (::pipe(wake) != 0) {
        ::close(fd);
        return fail(ErrorCode::io, std::string("cannot listen: ") + std::strerror(errno));
    }
    set_flags(wake[0], true);
    set_flags(wake[1], true);
    return std::unique_ptr<Listener>(new Listener(fd, bound_port(fd), wake[0], wake[1]));
}

Listener::Listener(int fd, int port, int wake_read, int wake_write)
    : m_fd(fd), m_port(port), m_wake_read(wake_read), m_wake_write(wake_write)
{
}

Listener::~Listener()
{
    if (m_fd >= 0) ::close(m_fd);
    ::close(m_wake_read);
    ::close(m_wake_write);
}

void Listener::run(const std::function<void(int fd)>& accepted)
{
    while (!m_stopped.load()) {
        pollfd polled[2] = {{m_fd, POLLIN, 0}, {m_wake_read, POLLIN, 0}};
        int ready = ::poll(polled, 2, 1000);
        if (ready < 0 && errno != EINTR) break;
        if (ready > 0 && polled[0].revents) accept_queued(accepted);
    }
    // Stopped: what the kernel accepted for us is served, then new clients are refused.
    accept_queued(accepted);
    ::close(m_fd);
    m_fd = -1;
}

void Listener::stop()
{
    m_stopped.store(true);
    char byte = 1;
    [[maybe_unused]] ssize_t ignored = ::write(m_wake_write, &byte, 1);
}

void Listener::accept_queued(const std::function<void(int fd)>& accepted)
{
    while (true) {
        int fd = ::accept(m_fd, nullptr, nullptr);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE) {
                // Out of descriptors: give closing connections a moment; the loop comes back.
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            return;  // EAGAIN: the queue is empty
        }
        set_flags(fd, false);  // BSDs pass O_NONBLOCK on; connections use MSG_DONTWAIT and poll
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        accepted(fd);
    }
}

} // namespace llmp::server
