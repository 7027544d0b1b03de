#include "bench/poller.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace llmp::bench {

namespace {

[[noreturn]] void fail(const char* what)
{
    std::perror(what);
    std::exit(2);
}

sockaddr_in loopback(int port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    return address;
}

} // namespace

void favour_this_thread()
{
    // On Linux a thread's nice value is its own: this leaves the caller's other threads alone.
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), -10);
}

void set_nodelay(int fd)
{
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

int listen_loopback(int& port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) fail("llmp_bench: socket");
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    auto address = loopback(0);
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fail("llmp_bench: bind");
    if (listen(fd, SOMAXCONN) != 0) fail("llmp_bench: listen");
    socklen_t size = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    port = ntohs(address.sin_port);
    return fd;
}

int connect_loopback(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) fail("llmp_bench: socket (is ulimit -n large enough?)");
    set_nodelay(fd);
    auto address = loopback(port);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 && errno != EINPROGRESS)
        fail("llmp_bench: connect");
    return fd;
}

Poller::Poller() : m_fd(epoll_create1(EPOLL_CLOEXEC))
{
    if (m_fd < 0) fail("llmp_bench: epoll_create1");
}

Poller::~Poller() { close(m_fd); }

void Poller::add(int fd, uint32_t events)
{
    epoll_event event{};
    event.events = events;
    event.data.fd = fd;
    if (epoll_ctl(m_fd, EPOLL_CTL_ADD, fd, &event) != 0) fail("llmp_bench: epoll_ctl add");
}

void Poller::modify(int fd, uint32_t events)
{
    epoll_event event{};
    event.events = events;
    event.data.fd = fd;
    epoll_ctl(m_fd, EPOLL_CTL_MOD, fd, &event);
}

void Poller::remove(int fd) { epoll_ctl(m_fd, EPOLL_CTL_DEL, fd, nullptr); }

int Poller::wait(epoll_event* events, int capacity, int timeout_ms)
{
    int ready = epoll_wait(m_fd, events, capacity, timeout_ms);
    return ready < 0 ? 0 : ready;  // EINTR: the caller loops anyway
}

} // namespace llmp::bench
