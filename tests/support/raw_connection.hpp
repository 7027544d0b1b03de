// A client socket for writing HTTP by hand, for tests of what curl-like and hostile clients
// send: heads a byte at a time, framing no library client would produce, bytes after a refusal.
#pragma once

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace llmp::test {

// A client socket for writing HTTP by hand.
class RawConnection {
public:
    explicit RawConnection(int port, bool blocking = true)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(m_fd >= 0);
        int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(static_cast<uint16_t>(port));
        if (!blocking) {
            // Only started: connected() says when the handshake is done.
            ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
            ::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
            return;
        }
        REQUIRE(::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    }
    ~RawConnection()
    {
        if (m_fd >= 0) ::close(m_fd);
    }
    RawConnection(RawConnection&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    RawConnection(const RawConnection&) = delete;

    int fd() const { return m_fd; }

    // False once the server has closed or reset the connection.
    bool send(std::string_view bytes)
    {
        while (!bytes.empty()) {
            ssize_t sent = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (sent < 0 && errno == EINTR) continue;
            if (sent <= 0) {
                m_reset = sent < 0 && errno == ECONNRESET;
                return false;
            }
            bytes.remove_prefix(static_cast<size_t>(sent));
        }
        return true;
    }

    // One response: the head, then as many body bytes as Content-Length says. status 0 when the
    // connection ended (or `timeout_ms` passed) before a head arrived.
    struct Response {
        int status = 0;
        std::string head;
        std::string body;
        nlohmann::json json_body() const { return nlohmann::json::parse(body, nullptr, false); }
        bool has_header(const std::string& line) const { return head.find(line) != std::string::npos; }
    };
    Response read_response(int timeout_ms = 10'000)
    {
        Response response;
        std::string data;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        size_t head_end = std::string::npos;
        size_t length = 0;
        while (true) {
            if (head_end == std::string::npos && (head_end = data.find("\r\n\r\n")) != std::string::npos) {
                response.head = data.substr(0, head_end);
                response.status = std::atoi(response.head.c_str() + 9);
                size_t at = response.head.find("Content-Length: ");
                if (at != std::string::npos) length = std::stoul(response.head.substr(at + 16));
            }
            if (head_end != std::string::npos && data.size() >= head_end + 4 + length) {
                response.body = data.substr(head_end + 4, length);
                return response;
            }
            if (!wait_readable(deadline)) return response;
            char buffer[65536];
            ssize_t got = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (got <= 0) {
                m_reset = got < 0 && errno == ECONNRESET;
                return response;
            }
            data.append(buffer, static_cast<size_t>(got));
        }
    }

    // True when the server ends the connection (EOF or reset) within `timeout_ms`; bytes that
    // arrive before are skipped.
    bool closed_by_server(int timeout_ms)
    {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (wait_readable(deadline)) {
            char buffer[4096];
            ssize_t got = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return true;
        }
        return false;
    }

    // Everything the server sends until it closes the connection (or `timeout_ms` passes).
    std::string read_until_close(int timeout_ms = 10'000)
    {
        std::string data;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (wait_readable(deadline)) {
            char buffer[65536];
            ssize_t got = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (got <= 0) {
                m_reset = got < 0 && errno == ECONNRESET;
                break;
            }
            data.append(buffer, static_cast<size_t>(got));
        }
        return data;
    }

    // The last send or read failed because the server reset the connection.
    bool was_reset() const { return m_reset; }

    // The server has closed (or reset) the connection and says so already: a request sent now
    // would be sent after the close.
    bool closed_already()
    {
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0) return false;
        char byte;
        ssize_t got = ::recv(m_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        if (got < 0) m_reset = errno == ECONNRESET;
        return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
    }

    bool connected()
    {
        pollfd p{m_fd, POLLOUT, 0};
        if (::poll(&p, 1, 0) <= 0) return false;
        int error = 0;
        socklen_t size = sizeof error;
        ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &size);
        return error == 0;
    }

private:
    bool wait_readable(std::chrono::steady_clock::time_point deadline)
    {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) return false;
        pollfd p{m_fd, POLLIN, 0};
        return ::poll(&p, 1, static_cast<int>(left)) > 0;
    }

    int m_fd = -1;
    bool m_reset = false;
};

} // namespace llmp::test
