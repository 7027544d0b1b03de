// The HTTP server facade: routes, requests and replies in llmp's own types. Only http.cpp
// includes cpp-httplib. A reply is either a whole body or a stream function that writes the
// body as it is produced (an SSE relay); either way no exception escapes a handler.
//
// Connections are served by llmp's own loop on cpp-httplib's request parser: it enforces the
// limits in HttpOptions and limits.hpp as bytes arrive (a request that breaks one gets its
// status and an OpenAI-style error, then the connection closes), and a connection idle between
// requests waits in the ConnectionGuard, not on a pool thread.
#pragma once

#include "llmp/core/result.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmp::server {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
    std::string_view method;
    std::string_view path;
    std::string_view body;   // valid only while the handler runs
    const void* native = nullptr;
    std::string_view source = "serve";  // the ledger's source: serve, or ask/replay in-process

    std::string header(std::string_view name) const;
    // A query parameter's (decoded) value; "" when absent.
    std::string query(std::string_view name) const;
};

// Where a streamed reply goes. write() returns false once the client has gone.
class StreamWriter {
public:
    virtual ~StreamWriter() = default;
    virtual bool write(std::string_view bytes) = 0;
};

struct Reply {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    Headers headers;
    // When set, the body is produced by this function after the handler returned; it owns
    // whatever it captures and must not refer to the Request.
    std::function<void(StreamWriter&)> stream;
};

using Handler = std::function<Reply(const Request&)>;

// The limits a client meets (see limits.hpp for the fixed ones and README "Limits").
struct HttpOptions {
    int threads = 1024;                 // most requests served at once (a stream holds one)
    int64_t max_body_bytes = 32 << 20;
    int request_timeout_ms = 10'000;    // a request's head must arrive within this of its first
                                        // byte; its body gets as long plus 1 s per 64 KiB
    int read_timeout_ms = 60'000;       // longest silence within a request
    int write_timeout_ms = 5'000;       // longest a client may leave a reply unread
    int keep_alive_timeout_ms = 5'000;  // an idle connection between requests is closed after this
    int64_t max_connections = 4096;     // open client connections, idle ones included
};

class HttpServer {
public:
    explicit HttpServer(const HttpOptions& options);
    ~HttpServer();

    void route(std::string_view method, std::string pattern, Handler handler);
    // For statuses the library produces itself (unknown path 404, bad HTTP 400): turns them
    // into JSON bodies. Limits broken on the way in (413, 408, 414, 431, 503) get their own
    // message, written here.
    void on_error(std::function<std::string(int status, const Request&)> body_for);

    // Binds; returns the bound port (useful with port 0).
    Result<int> bind(const std::string& host, int port);
    void run();   // serves until stop(); in-flight requests finish before it returns
    void stop();  // safe from any thread

    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace llmp::server
