// One thread drives every client through one epoll loop: plain sockets, the request written
// once, the response head parsed and the chunked body decoded by hand. A thread per client (the
// first version, with cpp-httplib's client) made a thousand threads share one core with the
// upstream's, and their scheduling delays showed up as seconds of "silence" in the control run.
#include "bench/streams.hpp"

#include "bench/poller.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace llmp::bench {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto k_read_timeout = std::chrono::seconds(60);  // a stream silent this long failed
constexpr size_t k_tail = 256;  // enough of a body's end to see [DONE] and to show a failure

double ms_between(Clock::time_point from, Clock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// Decodes a Transfer-Encoding: chunked body fed in arbitrary pieces, keeping the tail of the
// decoded text: a chunk boundary (or a read boundary) can fall inside "data: [DONE]".
class ChunkedBody {
public:
    // False when the framing is broken.
    bool feed(const char* data, size_t size)
    {
        for (size_t i = 0; i < size && !m_ended;) {
            if (m_state == State::data) {
                size_t take = std::min(m_left, size - i);
                keep(data + i, take);
                i += take;
                m_left -= take;
                if (m_left == 0) m_state = State::data_end;
                continue;
            }
            char c = data[i++];
            if (c != '\n') {
                m_line += c;
                if (m_line.size() > 64) return false;
                continue;
            }
            if (m_state == State::size) {  // "1a3\r" (a chunk extension after ';' is allowed)
                char* end = nullptr;
                m_left = std::strtoul(m_line.c_str(), &end, 16);
                if (end == m_line.c_str()) return false;
                if (m_left == 0) m_ended = true;  // trailers, if any, are not needed
                m_state = State::data;
            } else if (m_line != "\r") {  // State::data_end: the CRLF after a chunk's data
                return false;
            } else {
                m_state = State::size;
            }
            m_line.clear();
        }
        return true;
    }

    bool ended() const { return m_ended; }
    const std::string& tail() const { return m_tail; }

private:
    void keep(const char* data, size_t size)
    {
        m_tail.append(data, size);
        if (m_tail.size() > 2 * k_tail) m_tail.erase(0, m_tail.size() - k_tail);
    }

    enum class State { size, data, data_end };
    State m_state = State::size;
    size_t m_left = 0;
    std::string m_line;
    std::string m_tail;
    bool m_ended = false;
};

struct Client {
    size_t sent = 0;         // bytes of the request written
    bool connected = false;
    std::string head;        // until the blank line
    bool head_done = false;
    int status = 0;
    bool chunked = false;
    ChunkedBody body;
    std::string plain;       // a body that is not chunked (an error reply), its tail
    Clock::time_point start, last;
    double first_byte_ms = -1, longest_gap_ms = 0;
};

class Run {
public:
    Run(int port, const std::string& body, double stall_limit_ms)
        : m_port(port), m_stall_limit_ms(stall_limit_ms),
          m_request("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/json\r\nContent-Length: "
                    + std::to_string(body.size()) + "\r\n\r\n" + body)
    {
    }

    StreamsResult go(int streams, const std::function<void()>& sample)
    {
        favour_this_thread();
        // Every client connects at once, as the thousand threads did.
        for (int i = 0; i < streams; ++i) {
            int fd = connect_loopback(m_port);
            auto& client = m_clients[fd];
            client.start = client.last = Clock::now();
            m_poller.add(fd, EPOLLOUT);
        }
        std::vector<epoll_event> events(1024);
        auto sampled = Clock::now();
        while (!m_clients.empty()) {
            int ready = m_poller.wait(events.data(), static_cast<int>(events.size()), 100);
            for (int i = 0; i < ready; ++i) {
                int fd = events[i].data.fd;
                if (events[i].events & EPOLLOUT) write_request(fd);
                else read_response(fd);
            }
            auto now = Clock::now();
            if (now - sampled >= std::chrono::milliseconds(100)) {  // the caller's sampling period
                sampled = now;
                sample();
                time_out_silent(now);
            }
        }
        return m_result;
    }

private:
    void write_request(int fd)
    {
        auto& client = m_clients.at(fd);
        int error = 0;
        socklen_t size = sizeof error;
        if (!client.connected && (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0 || error != 0))
            return finish(fd, "connect failed: " + std::string(strerror(error)));
        client.connected = true;
        ssize_t sent = send(fd, m_request.data() + client.sent, m_request.size() - client.sent, MSG_NOSIGNAL);
        if (sent < 0 && errno != EAGAIN) return finish(fd, "send failed: " + std::string(strerror(errno)));
        if (sent > 0) client.sent += static_cast<size_t>(sent);
        if (client.sent == m_request.size()) m_poller.modify(fd, EPOLLIN);
    }

    void read_response(int fd)
    {
        auto& client = m_clients.at(fd);
        char buffer[16384];
        ssize_t got = recv(fd, buffer, sizeof buffer, 0);
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
        if (got <= 0) return finish(fd, got == 0 ? "connection closed" : strerror(errno));

        // Each read is one received piece: the gaps between them are what a user would see.
        auto now = Clock::now();
        double since = ms_between(client.last, now);
        if (client.first_byte_ms < 0) client.first_byte_ms = since;
        else client.longest_gap_ms = std::max(client.longest_gap_ms, since);
        client.last = now;

        const char* data = buffer;
        size_t size = static_cast<size_t>(got);
        if (!client.head_done) {
            client.head.append(data, size);
            size_t end = client.head.find("\r\n\r\n");
            if (end == std::string::npos) return;
            client.head_done = true;
            client.status = std::atoi(client.head.c_str() + client.head.find(' ') + 1);
            std::string head = client.head.substr(0, end);
            std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
            client.chunked = head.find("transfer-encoding: chunked") != std::string::npos;
            std::string rest = client.head.substr(end + 4);
            return rest.empty() ? void() : take_body(fd, client, rest.data(), rest.size());
        }
        take_body(fd, client, data, size);
    }

    void take_body(int fd, Client& client, const char* data, size_t size)
    {
        if (!client.chunked) {  // an error reply: keep its end for the report, wait for the close
            client.plain.append(data, size);
            if (client.plain.size() > k_tail) client.plain.erase(0, client.plain.size() - k_tail);
            return;
        }
        if (!client.body.feed(data, size)) return finish(fd, "broken chunked framing");
        if (client.body.ended()) finish(fd, "");
    }

    void time_out_silent(Clock::time_point now)
    {
        std::vector<int> silent;
        for (const auto& [fd, client] : m_clients)
            if (now - client.last > k_read_timeout) silent.push_back(fd);
        for (int fd : silent) finish(fd, "no byte for 60 s");
    }

    // The stream is over (its body ended, or `why` it did not): count it and close.
    void finish(int fd, const std::string& why)
    {
        auto& client = m_clients.at(fd);
        const std::string& tail = client.chunked ? client.body.tail() : client.plain;
        bool done = client.status == 200 && client.body.ended()
            && tail.find("data: [DONE]") != std::string::npos;
        if (done) ++m_result.completed;
        if (!done && m_result.first_failure.empty())
            m_result.first_failure = "status " + std::to_string(client.status)
                + (why.empty() ? "" : ", " + why) + ", stream ended with: " + tail;
        if (client.longest_gap_ms > m_stall_limit_ms || client.first_byte_ms > m_stall_limit_ms)
            ++m_result.stalled;
        m_result.longest_gap_ms = std::max(m_result.longest_gap_ms, client.longest_gap_ms);
        m_result.slowest_first_byte_ms = std::max(m_result.slowest_first_byte_ms, client.first_byte_ms);
        m_poller.remove(fd);
        close(fd);
        m_clients.erase(fd);
    }

    int m_port;
    double m_stall_limit_ms;
    std::string m_request;
    Poller m_poller;
    std::unordered_map<int, Client> m_clients;
    StreamsResult m_result;
};

} // namespace

StreamsResult run_streams(int port, const std::string& body, int streams, double stall_limit_ms,
                          const std::function<void()>& sample)
{
    return Run(port, body, stall_limit_ms).go(streams, sample);
}

} // namespace llmp::bench
