#include "llmp/server/http.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/core/log.hpp"
#include "llmp/server/connection_guard.hpp"
#include "llmp/server/errors.hpp"
#include "llmp/server/framing.hpp"
#include "llmp/server/httplib_compat.hpp"
#include "llmp/server/limits.hpp"
#include "llmp/server/listener.hpp"
#include "llmp/server/task_queue.hpp"

#include <httplib.h>

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <exception>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace llmp::server {

namespace {

using limits::Breach;
using limits::Phase;

#ifdef MSG_NOSIGNAL
constexpr int k_send_flags = MSG_DONTWAIT | MSG_NOSIGNAL;
#else
constexpr int k_send_flags = MSG_DONTWAIT;  // SIGPIPE is ignored by serve()
#endif

// A connection's thread waits this long for the next request before parking the connection in
// the guard: back-to-back requests on a keep-alive connection never pay for the hand-over, and
// an idle connection holds a thread only this long.
constexpr int k_wait_before_parking_ms = 10;
constexpr size_t k_read_buffer = 4096;  // cpp-httplib reads at most this much at a time
// At the end of a shutdown, the longest wait for clients to close connections that were told to.
constexpr int k_final_linger_ms = 500;
// Chunk-size lines and CRLFs of a chunked body count against max_body_bytes with this slack; the
// body itself is checked exactly once read.
constexpr int64_t k_chunk_framing_slack = 64 * 1024;

int wait_for(int fd, short events, int timeout_ms)
{
    pollfd p{fd, events, 0};
    while (true) {
        int ready = ::poll(&p, 1, timeout_ms);
        if (ready >= 0 || errno != EINTR) return ready;
    }
}

void address_of(const sockaddr_storage& address, std::string& ip, int& port)
{
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
        ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        port = ntohs(v4.sin_port);
    } else if (address.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
        ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        port = ntohs(v6.sin6_port);
    }
    ip = text;
}

// One client connection as cpp-httplib's Stream. It counts what the request parser consumes and
// fails the read that breaks a limit, recording which (see limits.hpp): the head's size, line
// length and number of fields, the time the request takes to arrive, and the size of a body
// without Content-Length; and it checks the request's framing on the same bytes (framing.hpp).
// Sockets are used with MSG_DONTWAIT and poll(), so no call blocks longer than the deadline that
// applies. It does not offer newer releases' buffered_data():
// without it their line reader, like 0.11's, cannot look past a line's end and reads the head a
// byte at a time, which the accounting relies on.
class ConnectionStream final : public httplib_compat::Stream {
public:
    ConnectionStream(int fd, const HttpOptions& options)
        : m_fd(fd), m_options(options), m_buffer(k_read_buffer)
    {
    }

    bool has_buffered() const override { return m_begin < m_end; }

    // A request's first byte is here: its clock starts.
    void begin_request()
    {
        m_started_us = clock::monotonic_us();
        m_phase = Phase::request_line;
        m_breach = Breach::none;
        m_head_bytes = m_line_bytes = m_head_lines = 0;
        m_line.clear();
        m_head_check = {};
        m_chunk_check = {};
        m_body_bytes = 0;
        m_handled = m_close = m_no_body = false;
        m_written = 0;
        m_head_deadline_us = m_started_us + int64_t{m_options.request_timeout_ms} * 1000;
    }
    // The head is parsed; what is read from now on is the body. A request with neither
    // Content-Length nor chunked encoding has none (cpp-httplib 0.11 would read until the
    // client closes).
    void begin_body(const httplib::Request& req)
    {
        if (m_phase == Phase::body) return;
        m_phase = Phase::body;
        m_body_started_us = clock::monotonic_us();
        m_no_body = !req.has_header("Content-Length") && !m_head_check.chunked();
    }
    void refuse(Breach breach)
    {
        m_breach = breach;
        m_close = true;
    }
    void mark_handled() { m_handled = true; }
    void close_after() { m_close = true; }

    Breach breach() const { return m_breach; }
    Phase phase() const { return m_phase; }
    bool handled() const { return m_handled; }
    bool must_close() const { return m_close || m_breach != Breach::none; }
    size_t written() const { return m_written; }

    bool wait_for_read() const override
    {
        return wait_for(m_fd, POLLIN, m_options.read_timeout_ms) > 0;
    }

    bool wait_for_write() const override
    {
        return wait_for(m_fd, POLLOUT, m_options.write_timeout_ms) > 0 && alive();
    }

    time_t elapsed_ms() const override
    {
        return static_cast<time_t>((clock::monotonic_us() - m_started_us) / 1000);
    }

    ssize_t read(char* ptr, size_t size) override
    {
        if (m_breach != Breach::none) return -1;
        if (m_phase == Phase::body && m_no_body) return 0;
        if (!has_buffered()) {
            ssize_t got = fill();
            if (got <= 0) return got;
        }
        size_t n = std::min(size, m_end - m_begin);
        std::memcpy(ptr, m_buffer.data() + m_begin, n);
        m_begin += n;
        if (!account(ptr, n)) return -1;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, size_t size) override
    {
        while (true) {
            ssize_t sent = ::send(m_fd, ptr, size, k_send_flags);
            if (sent >= 0) {
                m_written += static_cast<size_t>(sent);
                return sent;
            }
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
            if (wait_for(m_fd, POLLOUT, m_options.write_timeout_ms) <= 0) return -1;
        }
    }

    bool write_all(std::string_view bytes)
    {
        while (!bytes.empty()) {
            ssize_t sent = write(bytes.data(), bytes.size());
            if (sent <= 0) return false;
            bytes.remove_prefix(static_cast<size_t>(sent));
        }
        return true;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override
    {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (::getpeername(m_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
            address_of(address, ip, port);
    }

    void get_local_ip_and_port(std::string& ip, int& port) const override
    {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
            address_of(address, ip, port);
    }

    socket_t socket() const override { return m_fd; }

private:
    int64_t deadline_us() const
    {
        if (m_phase != Phase::body) return m_head_deadline_us;
        return m_body_started_us
            + limits::body_allowance_ms(m_options.request_timeout_ms, m_body_bytes) * 1000;
    }

    // Reads what the socket has into the buffer, waiting no longer than the request's deadline.
    ssize_t fill()
    {
        m_begin = m_end = 0;
        while (true) {
            ssize_t got = ::recv(m_fd, m_buffer.data(), m_buffer.size(), MSG_DONTWAIT);
            if (got > 0) {
                m_end = static_cast<size_t>(got);
                return got;
            }
            if (got == 0) return 0;
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
            int64_t now = clock::monotonic_us();
            int64_t deadline = deadline_us();
            if (now >= deadline) {
                m_breach = Breach::too_slow;
                return -1;
            }
            int wait_ms = static_cast<int>(
                std::min<int64_t>(m_options.read_timeout_ms, (deadline - now + 999) / 1000));
            int ready = wait_for(m_fd, POLLIN, wait_ms);
            if (ready < 0) return -1;
            if (ready == 0 && clock::monotonic_us() < deadline) return -1;  // read timeout
        }
    }

    // Counts consumed bytes against the limits; false (with the breach recorded) when one is
    // broken. The head is read one byte at a time by cpp-httplib's line reader.
    bool account(const char* data, size_t n)
    {
        if (m_phase == Phase::body) {
            m_body_bytes += static_cast<int64_t>(n);
            if (m_body_bytes > m_options.max_body_bytes + k_chunk_framing_slack) {
                refuse(Breach::body_too_large);
                return false;
            }
            if (m_head_check.chunked()) {
                if (Breach breach = m_chunk_check.feed({data, n}); breach != Breach::none) {
                    refuse(breach);
                    return false;
                }
            }
            return true;
        }
        for (size_t i = 0; i < n; ++i) {
            if (++m_line_bytes > limits::k_max_head_line) {
                refuse(Breach::line_too_long);
                return false;
            }
            if (++m_head_bytes > limits::k_max_head_bytes) {
                refuse(Breach::head_too_large);
                return false;
            }
            m_line.push_back(data[i]);
            if (data[i] != '\n') continue;
            m_line_bytes = 0;
            Breach breach = m_head_check.line(m_line);
            m_line.clear();
            if (breach != Breach::none) {
                refuse(breach);
                return false;
            }
            if (m_phase == Phase::request_line) {
                m_phase = Phase::headers;
            } else if (++m_head_lines > limits::k_max_header_fields + 1) {  // + the blank line
                refuse(Breach::too_many_headers);
                return false;
            }
        }
        return true;
    }

    bool alive() const
    {
        if (wait_for(m_fd, POLLIN, 0) <= 0) return true;
        char byte;
        ssize_t got = ::recv(m_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return got > 0 || (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
    }

    int m_fd;
    const HttpOptions& m_options;
    std::vector<char> m_buffer;
    size_t m_begin = 0;
    size_t m_end = 0;

    Phase m_phase = Phase::request_line;
    Breach m_breach = Breach::none;
    size_t m_head_bytes = 0;
    size_t m_line_bytes = 0;
    size_t m_head_lines = 0;
    std::string m_line;  // the head line being read (at most k_max_head_line bytes)
    framing::HeadCheck m_head_check;
    framing::ChunkCheck m_chunk_check;
    int64_t m_body_bytes = 0;
    int64_t m_started_us = 0;
    int64_t m_head_deadline_us = 0;
    int64_t m_body_started_us = 0;
    bool m_handled = false;
    bool m_close = false;
    bool m_no_body = false;
    size_t m_written = 0;
};

// The connection being served on this thread, for the handlers cpp-httplib calls back.
thread_local ConnectionStream* t_stream = nullptr;

struct CurrentStream {
    explicit CurrentStream(ConnectionStream& stream) { t_stream = &stream; }
    ~CurrentStream() { t_stream = nullptr; }
    CurrentStream(const CurrentStream&) = delete;
    CurrentStream& operator=(const CurrentStream&) = delete;
};

const char* reason_phrase(int status)
{
    switch (status) {
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Bad Request";
    }
}

std::string breach_body(Breach breach, Phase phase, const HttpOptions& options)
{
    limits::BreachSettings settings{options.max_body_bytes, options.request_timeout_ms,
                                    options.max_connections};
    int status = limits::status_for(breach, phase);
    return error_reply(status, limits::message_for(breach, phase, settings),
                       status >= 500 ? "server_error" : "invalid_request_error",
                       limits::code_for(breach, phase))
        .body;
}

// A whole error response written by llmp itself, for a request cpp-httplib gave up on before it
// could answer (the request line never completed) or a connection refused outright.
std::string raw_error(Breach breach, Phase phase, const HttpOptions& options)
{
    int status = limits::status_for(breach, phase);
    std::string body = breach_body(breach, phase, options);
    return "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
}

// True when the request declares a body over the limit (a length too large to parse, or
// negative, counts as over).
bool declares_too_much(const httplib::Request& req, int64_t max_body_bytes)
{
    std::string length = req.get_header_value("Content-Length");
    if (length.empty()) return false;
    uint64_t value = 0;
    auto [end, error] = std::from_chars(length.data(), length.data() + length.size(), value);
    if (error == std::errc::result_out_of_range || length.front() == '-') return true;
    return error == std::errc() && value > static_cast<uint64_t>(max_body_bytes);
}

// cpp-httplib with llmp's connection loop (see http.hpp): llmp accepts the connections
// (listener.hpp) and serves them here; the request parsing and routing stay the library's.
class GuardedServer final : public httplib::Server {
public:
    GuardedServer(const HttpOptions& options, ConnectionGuard& guard, const std::atomic<bool>& stopping)
        : m_options(options), m_guard(guard), m_stopping(stopping)
    {
    }

    // The library writes a streamed body only while its listening socket is set: it is the
    // listener's for as long as connections are served, through the shutdown's drain.
    void serving(int listen_fd) { svr_sock_ = listen_fd; }
    void done_serving() { svr_sock_ = INVALID_SOCKET; }

    // A new connection, on a pool thread.
    void admit_and_serve(int fd)
    {
        if (!m_guard.admit()) {
            refuse(fd);
            return;
        }
        serve(fd);
    }

    // Serves a connection until it closes or waits idle; runs on a pool thread.
    void serve(int fd)
    {
        try {
            serve_requests(fd);
        } catch (const std::exception& e) {
            log::error(std::string("connection failed: ") + e.what());
            m_guard.close(fd);
        }
    }

private:
    bool stopping() const { return m_stopping.load(std::memory_order_relaxed); }

    // Over the cap with nothing idle: a 503, and the request (already in the socket, usually)
    // read away so that closing does not reset the connection before the client reads it.
    void refuse(int fd)
    {
        ConnectionStream stream(fd, m_options);
        stream.write_all(raw_error(Breach::too_many_connections, Phase::request_line, m_options));
        ::shutdown(fd, SHUT_WR);
        char discard[4096];
        for (int i = 0; i < 16 && wait_for(fd, POLLIN, 20) > 0; ++i)
            if (::recv(fd, discard, sizeof discard, MSG_DONTWAIT) <= 0) break;
        ::close(fd);
    }

    void serve_requests(int fd)
    {
        ConnectionStream stream(fd, m_options);
        int64_t idle_since = clock::monotonic_us();
        while (true) {
            if (!stream.has_buffered()) {
                m_guard.waiting_begins();
                int ready = wait_for(fd, POLLIN, k_wait_before_parking_ms);
                if (ready == 0 && !stopping()) {
                    if (m_guard.park(fd, idle_since)) return;
                    ready = 1;  // the guard drains and a request has come: it is ours to answer
                } else {
                    m_guard.waiting_ends();
                }
                if (ready == 0) {
                    // Shutting down and no request came: the connection ends with a FIN, and
                    // what the client sends meanwhile is read away rather than reset.
                    m_guard.linger_close(fd);
                    return;
                }
                if (ready < 0) {
                    m_guard.close(fd);
                    return;
                }
            }
            stream.begin_request();
            // A request that arrived before or during shutdown is answered, and told that the
            // connection ends after it.
            if (stopping()) stream.close_after();
            bool closed = false;
            bool ok;
            {
                CurrentStream current(stream);
                ok = process_one(stream, closed);
            }
            if (stream.breach() != Breach::none && stream.written() == 0)
                stream.write_all(raw_error(stream.breach(), stream.phase(), m_options));
            if (stream.must_close()) {
                m_guard.linger_close(fd);
                return;
            }
            if (!ok || closed) {
                m_guard.close(fd);
                return;
            }
            idle_since = clock::monotonic_us();
        }
    }

    // One request through the library's parser and routes. 0.11's process_request asks the
    // stream for the connection's addresses; newer releases take them as arguments.
    template <class S>
    bool process_one(S& stream, bool& closed)
    {
        if constexpr (requires { this->process_request(stream, false, closed, nullptr); }) {
            return this->process_request(stream, false, closed, nullptr);
        } else {
            std::string remote_ip, local_ip;
            int remote_port = -1, local_port = -1;
            stream.get_remote_ip_and_port(remote_ip, remote_port);
            stream.get_local_ip_and_port(local_ip, local_port);
            return this->process_request(stream, remote_ip, remote_port, local_ip, local_port,
                                         false, closed, nullptr);
        }
    }

    const HttpOptions& m_options;
    ConnectionGuard& m_guard;
    const std::atomic<bool>& m_stopping;
};

class SinkWriter final : public StreamWriter {
public:
    explicit SinkWriter(httplib::DataSink& sink) : m_sink(sink) {}
    bool write(std::string_view bytes) override
    {
        if (!m_ok) return false;
        m_ok = m_sink.is_writable() && m_sink.write(bytes.data(), bytes.size());
        return m_ok;
    }
    bool ok() const { return m_ok; }

private:
    httplib::DataSink& m_sink;
    bool m_ok = true;
};

// Where a request's Content-Type waits while the library reads the body. The library acts on
// some types: it parses an application/x-www-form-urlencoded body into parameters and refuses
// one over 8 KiB with a 413 (and `curl -d` sends every body as that type), and it splits
// multipart bodies into parts. llmp reads every body as JSON whatever its type, so the library
// must not see the type: it is moved here, a name no client can send (a space is not allowed in
// a field name, see framing.cpp), and Request::header() still finds it.
constexpr const char* k_content_type_as_sent = "Content-Type (as sent)";

void hide_content_type(httplib::Request& req)
{
    auto found = req.headers.find("Content-Type");
    if (found == req.headers.end()) return;
    std::string value = std::move(found->second);
    req.headers.erase("Content-Type");
    req.headers.emplace(k_content_type_as_sent, std::move(value));
}

Request view_of(const httplib::Request& req)
{
    Request view;
    view.method = req.method;
    view.path = req.path;
    view.body = req.body;
    view.native = &req;
    // `llmp ask --via` labels its requests so the ledger tells them from application traffic;
    // only known labels are taken, the ledger's source column stays a closed set.
    const auto& source = req.get_header_value("X-Llmp-Source");
    if (source == "ask") view.source = "ask";
    else if (source == "replay") view.source = "replay";
    return view;
}

void apply(Reply&& reply, const httplib::Request& req, httplib::Response& res)
{
    res.status = reply.status;
    for (auto& [name, value] : reply.headers) res.set_header(name, value);
    if (!reply.stream) {
        res.set_content(std::move(reply.body), reply.content_type);
        return;
    }
    // The whole stream is written in the provider's first call; cpp-httplib sends the status
    // and headers before calling it.
    auto stream = std::make_shared<std::function<void(StreamWriter&)>>(std::move(reply.stream));
    auto provider = [stream](size_t, httplib::DataSink& sink) {
        SinkWriter writer(sink);
        try {
            (*stream)(writer);
        } catch (const std::exception& e) {
            log::error(std::string("stream failed: ") + e.what());
            return false;
        }
        if (!writer.ok()) return false;
        sink.done();
        return true;
    };
    // HTTP/1.0 has no chunked encoding (RFC 9112 section 6.1): the stream's end is the
    // connection's.
    ConnectionStream* connection = t_stream;
    if (req.version == "HTTP/1.0" && connection) {
        connection->close_after();
        res.set_content_provider(reply.content_type, std::move(provider));
        return;
    }
    res.set_chunked_content_provider(reply.content_type, std::move(provider));
}

// Open files are what idle connections cost: take all the process may have, and keep half of
// them for upstream connections, the ledger and the rest.
int64_t connection_cap(int64_t configured)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return configured;
    rlim_t wanted = limit.rlim_max == RLIM_INFINITY ? rlim_t{1} << 20 : limit.rlim_max;
    if (limit.rlim_cur < wanted) {
        rlimit raised = limit;
        raised.rlim_cur = wanted;
        if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) {
            raised.rlim_cur = std::min<rlim_t>(wanted, 10'240);  // macOS caps at OPEN_MAX
            if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) raised = limit;
        }
        limit = raised;
    }
    auto room = static_cast<int64_t>(limit.rlim_cur / 2);
    if (configured <= room) return configured;
    log::warn("server.max_connections lowered to " + std::to_string(room) + ": the open-file limit is "
              + std::to_string(limit.rlim_cur));
    return room;
}

ConnectionGuard::Options guard_options(const HttpOptions& options)
{
    ConnectionGuard::Options guard;
    guard.idle_timeout_ms = options.keep_alive_timeout_ms;
    guard.max_connections = static_cast<size_t>(std::max<int64_t>(1, options.max_connections));
    return guard;
}

HttpOptions effective(HttpOptions options)
{
    options.max_connections = connection_cap(options.max_connections);
    return options;
}

} // namespace

std::string Request::header(std::string_view name) const
{
    if (!native) return {};
    const auto& req = *static_cast<const httplib::Request*>(native);
    if (strcasecmp(std::string(name).c_str(), "Content-Type") == 0 && req.has_header(k_content_type_as_sent))
        return req.get_header_value(k_content_type_as_sent);
    return req.get_header_value(std::string(name));
}

std::string Request::query(std::string_view name) const
{
    if (!native) return {};
    return static_cast<const httplib::Request*>(native)->get_param_value(std::string(name).c_str());
}

struct HttpServer::Impl {
    explicit Impl(const HttpOptions& requested)
        : options(effective(requested)), guard(guard_options(options)), server(options, guard, stopping)
    {
    }

    HttpOptions options;
    std::atomic<bool> stopping{false};
    ConnectionGuard guard;
    GuardedServer server;
    std::function<std::string(int, const Request&)> body_for;
    std::unique_ptr<Listener> listener;
};

HttpServer::HttpServer(const HttpOptions& options) : m_impl(std::make_unique<Impl>(options))
{
    Impl* impl = m_impl.get();
    auto& server = impl->server;
    // Bodies are bounded by the pre-routing check and the connection stream; this is a backstop.
    server.set_payload_max_length(static_cast<size_t>(options.max_body_bytes));
    server.set_read_timeout(std::chrono::milliseconds(options.read_timeout_ms));
    server.set_write_timeout(std::chrono::milliseconds(options.write_timeout_ms));
    server.set_keep_alive_timeout(std::max(1, options.keep_alive_timeout_ms / 1000));
    server.set_keep_alive_max_count(100000);

    // The head is parsed and the body not yet read: a body declared too large is refused
    // before a byte of it is read, and the body's own clock starts.
    server.set_pre_routing_handler([impl](const httplib::Request& req, httplib::Response& res) {
        ConnectionStream* stream = t_stream;
        if (!stream) return httplib::Server::HandlerResponse::Unhandled;
        stream->begin_body(req);
        hide_content_type(const_cast<httplib::Request&>(req));  // the library's own object
        if (!declares_too_much(req, impl->options.max_body_bytes))
            return httplib::Server::HandlerResponse::Unhandled;
        stream->refuse(Breach::body_too_large);
        res.status = 413;  // the error handler writes the body
        return httplib::Server::HandlerResponse::Handled;
    });
    // curl sends large bodies after "Expect: 100-continue": refuse those without the upload.
    server.set_expect_100_continue_handler([impl](const httplib::Request& req, httplib::Response& res) {
        ConnectionStream* stream = t_stream;
        if (!stream || !declares_too_much(req, impl->options.max_body_bytes)) return 100;
        stream->begin_body(req);
        stream->refuse(Breach::body_too_large);
        res.status = 413;
        return 413;
    });
    httplib::Server::HandlerWithResponse on_error = [impl](const httplib::Request& req,
                                                           httplib::Response& res) {
        ConnectionStream* stream = t_stream;
        if (stream && stream->breach() != Breach::none) {
            res.status = limits::status_for(stream->breach(), stream->phase());
            res.set_content(breach_body(stream->breach(), stream->phase(), impl->options),
                            "application/json");
            return httplib::Server::HandlerResponse::Handled;
        }
        // The library gave up on a request it could not read: what follows on the connection
        // cannot be trusted to start a new request.
        if (stream && !stream->handled() && res.status != 404) stream->close_after();
        // Only statuses the library made up itself: our handlers always write a body.
        if (!res.body.empty() || res.content_provider_ || !impl->body_for)
            return httplib::Server::HandlerResponse::Unhandled;
        res.set_content(impl->body_for(res.status, view_of(req)), "application/json");
        return httplib::Server::HandlerResponse::Handled;
    };
    server.set_error_handler(std::move(on_error));
    // Last look before the head goes out: a connection about to close says so.
    server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        ConnectionStream* stream = t_stream;
        if (!stream || !stream->must_close()) return;
        res.headers.erase("Keep-Alive");
        if (res.get_header_value("Connection") != "close") res.set_header("Connection", "close");
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                    std::exception_ptr) {
        // A bug, not bad input: say so without leaking internals.
        res.status = 500;
        res.set_content(
            R"({"error":{"message":"internal error","type":"server_error","param":null,"code":null}})",
            "application/json");
    });
}

HttpServer::~HttpServer() = default;

void HttpServer::route(std::string_view method, std::string pattern, Handler handler)
{
    int64_t max_body = m_impl->options.max_body_bytes;
    auto wrapped = [handler = std::move(handler), max_body](const httplib::Request& req,
                                                            httplib::Response& res) {
        if (ConnectionStream* stream = t_stream) {
            stream->mark_handled();
            // A chunked body has no declared length: it is measured once read.
            if (static_cast<int64_t>(req.body.size()) > max_body) {
                stream->refuse(Breach::body_too_large);
                res.status = 413;
                return;
            }
        }
        apply(handler(view_of(req)), req, res);
    };
    auto& server = m_impl->server;
    if (method == "GET") server.Get(pattern, wrapped);
    else if (method == "POST") server.Post(pattern, wrapped);
    else if (method == "PUT") server.Put(pattern, wrapped);
    else if (method == "DELETE") server.Delete(pattern, wrapped);
    else if (method == "PATCH") server.Patch(pattern, wrapped);
    else if (method == "OPTIONS") server.Options(pattern, wrapped);
}

void HttpServer::on_error(std::function<std::string(int, const Request&)> body_for)
{
    m_impl->body_for = std::move(body_for);
}

Result<int> HttpServer::bind(const std::string& host, int port)
{
    m_impl->listener = LLMP_TRY(Listener::open(host, port));
    return m_impl->listener->port();
}

void HttpServer::run()
{
    Impl& impl = *m_impl;
    if (!impl.listener) return;
    size_t threads = static_cast<size_t>(std::max(1, impl.options.threads));
    {
        ElasticPool pool(threads, 4);
        impl.guard.start([&](int fd) { pool.enqueue([&impl, fd] { impl.server.serve(fd); }); });
        impl.server.serving(impl.listener->fd());
        impl.listener->run([&](int fd) { pool.enqueue([&impl, fd] { impl.server.admit_and_serve(fd); }); });
        // Stopped, and every connection the kernel had accepted is in the pool. Requests waiting
        // on parked connections go to the pool too; then the pool finishes what it holds.
        impl.guard.drain();
        pool.shutdown();
    }
    // Connections told to close get a moment to do so before the rest are cut.
    impl.guard.stop(k_final_linger_ms);
    impl.server.done_serving();
}

void HttpServer::stop()
{
    m_impl->stopping.store(true);
    if (m_impl->listener) m_impl->listener->stop();
}

} // namespace llmp::server
