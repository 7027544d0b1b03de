#include "bench/slow_upstream.hpp"

#include "bench/poller.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <functional>
#include <queue>
#include <string>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace llmp::bench {

namespace {

using Clock = std::chrono::steady_clock;

std::string event(const std::string& delta, const char* finish_reason)
{
    return "data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
           "\"model\":\"slow\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
        + finish_reason + "}]}\n\n";
}

// What follows the last token, as OpenAI sends it when asked for usage: the finish reason, the
// usage chunk and [DONE].
std::string closing_events(int tokens)
{
    return event("{}", "\"stop\"")
        + "data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
          "\"model\":\"slow\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":"
        + std::to_string(tokens) + ",\"total_tokens\":" + std::to_string(tokens + 5)
        + "}}\n\ndata: [DONE]\n\n";
}

// One piece of a Transfer-Encoding: chunked body.
std::string chunk(const std::string& data)
{
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
}

// The size of the first whole request (head and Content-Length body) in `in`, or 0 while bytes
// are missing. llmp sends nothing else (no chunked request bodies).
size_t whole_request(const std::string& in)
{
    size_t head_end = in.find("\r\n\r\n");
    if (head_end == std::string::npos) return 0;
    std::string head = in.substr(0, head_end + 2);
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
    size_t length = 0;
    if (size_t at = head.find("\r\ncontent-length:"); at != std::string::npos)
        length = std::stoul(head.substr(at + 17));
    size_t total = head_end + 4 + length;
    return in.size() >= total ? total : 0;
}

struct Connection {
    std::string in;        // request bytes not answered yet
    std::string out;       // response bytes the socket has not taken yet
    uint64_t stream = 0;   // the stream being sent, 0 when none (tells stale timer entries apart)
    int tokens_sent = 0;
};

// When a stream's next token is due; the earliest first.
struct Due {
    int fd;
    uint64_t stream;
    Clock::time_point at;
    bool operator>(const Due& other) const { return at > other.at; }
};

} // namespace

struct SlowUpstream::Impl {
    int tokens;
    std::chrono::milliseconds interval;
    std::string token_chunk = chunk(event(R"({"content":"tok "})", "null"));  // the same every time
    int port = 0;
    int listen_fd = -1;
    int wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);  // the destructor's "stop"
    Poller poller;
    std::unordered_map<int, Connection> connections;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
    uint64_t streams_started = 0;
    std::atomic<bool> stopping{false};
    std::thread thread;

    void run();
    void accept_all();
    void read_from(int fd);
    void answer_requests(int fd, Connection& connection);
    void send_due(Clock::time_point now);
    bool send(int fd, Connection& connection, const std::string& text);  // false: closed
    void flush(int fd, Connection& connection);
    void close_connection(int fd);
};

SlowUpstream::SlowUpstream(int tokens, std::chrono::milliseconds interval)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->tokens = tokens;
    m_impl->interval = interval;
    m_impl->listen_fd = listen_loopback(m_impl->port);
    m_impl->poller.add(m_impl->listen_fd, EPOLLIN);
    m_impl->poller.add(m_impl->wake_fd, EPOLLIN);
    m_impl->thread = std::thread([impl = m_impl.get()] { impl->run(); });
}

SlowUpstream::~SlowUpstream()
{
    m_impl->stopping = true;
    uint64_t one = 1;
    [[maybe_unused]] auto ignored = write(m_impl->wake_fd, &one, sizeof one);
    m_impl->thread.join();
    for (const auto& [fd, connection] : m_impl->connections) close(fd);
    close(m_impl->listen_fd);
    close(m_impl->wake_fd);
}

int SlowUpstream::port() const { return m_impl->port; }

void SlowUpstream::Impl::run()
{
    favour_this_thread();
    epoll_event events[256];
    while (!stopping) {
        int timeout_ms = -1;
        if (!due.empty()) {
            auto wait = std::chrono::ceil<std::chrono::milliseconds>(due.top().at - Clock::now());
            timeout_ms = static_cast<int>(std::max<long>(0, wait.count()));
        }
        int ready = poller.wait(events, 256, timeout_ms);
        for (int i = 0; i < ready; ++i) {
            int fd = events[i].data.fd;
            if (fd == listen_fd) {
                accept_all();
                continue;
            }
            if (fd == wake_fd) continue;  // `stopping` is set
            auto found = connections.find(fd);
            if (found != connections.end() && (events[i].events & EPOLLOUT)) flush(fd, found->second);
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_from(fd);
        }
        send_due(Clock::now());
    }
}

void SlowUpstream::Impl::accept_all()
{
    while (true) {
        int fd = accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;  // EAGAIN: all taken; anything else: the client's retry
        set_nodelay(fd);
        connections[fd] = Connection{};
        poller.add(fd, EPOLLIN);
    }
}

void SlowUpstream::Impl::read_from(int fd)
{
    auto found = connections.find(fd);
    if (found == connections.end()) return;
    char buffer[16384];
    ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (got <= 0) return close_connection(fd);  // llmp closed its pooled connection
    found->second.in.append(buffer, static_cast<size_t>(got));
    answer_requests(fd, found->second);
}

// Starts the stream for a request that has fully arrived, if no stream is running on this
// connection (llmp reuses its upstream connections one request at a time).
void SlowUpstream::Impl::answer_requests(int fd, Connection& connection)
{
    if (connection.stream != 0) return;
    size_t size = whole_request(connection.in);
    if (size == 0) return;
    bool chat = connection.in.starts_with("POST /v1/chat/completions ");
    connection.in.erase(0, size);
    if (!chat) {
        send(fd, connection, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        return;
    }
    connection.stream = ++streams_started;
    connection.tokens_sent = 0;
    std::string start = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n"
        + chunk(event(R"({"role":"assistant","content":""})", "null"));
    if (!send(fd, connection, start)) return;
    due.push({fd, connection.stream, Clock::now() + interval});
}

// The timer: every stream whose token is due gets it; after the last one, the closing events
// and the end of the chunked body go out at once, as a model's final chunks do.
void SlowUpstream::Impl::send_due(Clock::time_point now)
{
    // Taken out first: a stream running late is pushed back already due, and must wait for the
    // next round rather than keep this one from reading and accepting.
    std::vector<Due> ready;
    while (!due.empty() && due.top().at <= now) {
        ready.push_back(due.top());
        due.pop();
    }
    for (const Due& next : ready) {
        auto found = connections.find(next.fd);
        if (found == connections.end() || found->second.stream != next.stream) continue;
        auto& connection = found->second;
        std::string text;
        if (connection.tokens_sent < tokens) {
            text = token_chunk;
            ++connection.tokens_sent;
        }
        bool last = connection.tokens_sent >= tokens;
        if (last) text += chunk(closing_events(tokens)) + "0\r\n\r\n";
        if (!send(next.fd, connection, text)) continue;
        if (!last) {
            due.push({next.fd, next.stream, next.at + interval});  // a steady pace, as sleep_until
            continue;
        }
        connection.stream = 0;
        answer_requests(next.fd, connection);
    }
}

bool SlowUpstream::Impl::send(int fd, Connection& connection, const std::string& text)
{
    if (!connection.out.empty()) {  // keep the order: behind what is already waiting
        connection.out += text;
        return true;
    }
    ssize_t sent = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno != EAGAIN && errno != EINTR) {
        close_connection(fd);
        return false;
    }
    size_t taken = sent < 0 ? 0 : static_cast<size_t>(sent);
    if (taken < text.size()) {
        connection.out.assign(text, taken);
        poller.modify(fd, EPOLLIN | EPOLLOUT);
    }
    return true;
}

void SlowUpstream::Impl::flush(int fd, Connection& connection)
{
    ssize_t sent = ::send(fd, connection.out.data(), connection.out.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno != EAGAIN && errno != EINTR) return close_connection(fd);
    if (sent > 0) connection.out.erase(0, static_cast<size_t>(sent));
    if (connection.out.empty()) poller.modify(fd, EPOLLIN);
}

void SlowUpstream::Impl::close_connection(int fd)
{
    poller.remove(fd);
    close(fd);
    connections.erase(fd);  // its timer entries are skipped: the stream id no longer matches
}

} // namespace llmp::bench
