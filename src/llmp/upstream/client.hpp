// The pooled HTTP(S) client llmp uses to call upstreams. Each Endpoint (one base URL) keeps
// its own keep-alive connections, bounded by max_connections so that long streams cannot
// starve the machine, and generous enough (hundreds) that they do not starve each other.
// Only upstream/client.cpp sees cpp-httplib.
#pragma once

#include "llmp/core/result.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmp::upstream {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct EndpointOptions {
    std::string base_url;            // scheme://host[:port][/path prefix]
    std::string ca_file;             // extra CA bundle; empty = system CAs
    int connect_timeout_ms = 10'000;
    int read_timeout_ms = 600'000;
    int max_connections = 256;
    int acquire_timeout_ms = 30'000; // wait for a free connection before answering 503
};

struct HttpResponse {
    int status = 0;
    Headers headers;
    std::string body;                // empty when the body went to a BodyStream
    bool cancelled = false;          // a BodyStream hook abandoned the request
};

// Streaming hooks: on_head runs once the status line and headers are in; on_body for each
// piece of the body as it arrives. Either returns false to abandon the request.
struct BodyStream {
    std::function<bool(int status, const Headers& headers)> on_head;
    std::function<bool(std::string_view piece)> on_body;
};

class Endpoint {
public:
    static Result<std::unique_ptr<Endpoint>> create(const EndpointOptions& options);
    ~Endpoint();

    // POST `path` (appended to the base URL's path). With `stream`, the body is handed to it
    // piece by piece as it arrives; if a hook abandons the request, the result has
    // `cancelled` set. Errors: network (502), timeout (504), unavailable (no free connection).
    Result<HttpResponse> post(std::string_view path, const Headers& headers, std::string body,
                              BodyStream* stream = nullptr);

    Result<HttpResponse> get(std::string_view path, const Headers& headers);

    // As configured, userinfo included: never put it in a message (errors name the origin
    // without userinfo, which goes out as Basic auth).
    const std::string& base_url() const;

    Endpoint(const Endpoint&) = delete;
    Endpoint& operator=(const Endpoint&) = delete;

    struct Impl;

private:
    explicit Endpoint(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace llmp::upstream
