#include "llmp/upstream/client.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/core/strings.hpp"

#include <httplib.h>

#include <condition_variable>
#include <mutex>

namespace llmp::upstream {

namespace {

struct SplitUrl {
    std::string origin;    // scheme://host[:port], never with userinfo: messages quote it
    std::string prefix;    // path without trailing slash, may be empty
    std::string user;      // from "scheme://user:password@host", percent-decoded; sent as
    std::string password;  // HTTP Basic auth unless the kind sends its own Authorization
};

// The URL with any userinfo cut out, for messages about a URL that did not split.
std::string without_userinfo(const std::string& url)
{
    size_t authority = url.find("://");
    if (authority == std::string::npos) return url;
    authority += 3;
    size_t end = url.find_first_of("/?#", authority);
    size_t at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at == std::string::npos || at < authority) return url;
    return url.substr(0, authority) + url.substr(at + 1);
}

Result<SplitUrl> split_url(const std::string& url)
{
    size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos)
        return fail(ErrorCode::config, "not a URL: " + without_userinfo(url));
    std::string scheme = url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https")
        return fail(ErrorCode::config, "unsupported URL scheme: " + without_userinfo(url));
    size_t authority = scheme_end + 3;
    size_t path_start = url.find('/', authority);
    std::string host = url.substr(authority, path_start == std::string::npos ? std::string::npos
                                                                             : path_start - authority);
    SplitUrl split;
    if (size_t at = host.rfind('@'); at != std::string::npos) {
        std::string userinfo = host.substr(0, at);
        host.erase(0, at + 1);
        size_t colon = userinfo.find(':');
        split.user = httplib::detail::decode_url(userinfo.substr(0, colon), false);
        if (colon != std::string::npos)
            split.password = httplib::detail::decode_url(userinfo.substr(colon + 1), false);
    }
    split.origin = scheme + "://" + host;
    if (path_start != std::string::npos) split.prefix = url.substr(path_start);
    while (!split.prefix.empty() && split.prefix.back() == '/') split.prefix.pop_back();
    if (host.empty()) return fail(ErrorCode::config, "not a URL: " + without_userinfo(url));
    return split;
}

Headers from_httplib(const httplib::Headers& headers)
{
    Headers out;
    out.reserve(headers.size());
    for (const auto& [name, value] : headers) out.emplace_back(name, value);
    return out;
}

} // namespace

struct Endpoint::Impl {
    EndpointOptions options;
    SplitUrl url;

    std::mutex mutex;
    std::condition_variable freed;
    std::vector<std::unique_ptr<httplib::Client>> idle;
    int in_use = 0;

    std::unique_ptr<httplib::Client> connect() const
    {
        auto client = std::make_unique<httplib::Client>(url.origin);
        client->set_keep_alive(true);
        client->set_tcp_nodelay(true);
        client->set_connection_timeout(std::chrono::milliseconds(options.connect_timeout_ms));
        client->set_read_timeout(std::chrono::milliseconds(options.read_timeout_ms));
        client->set_write_timeout(std::chrono::milliseconds(options.read_timeout_ms));
        if (!options.ca_file.empty()) client->set_ca_cert_path(options.ca_file);
        // httplib adds it only to requests without an Authorization header of their own.
        if (!url.user.empty() || !url.password.empty()) client->set_basic_auth(url.user, url.password);
        client->enable_server_certificate_verification(true);
        return client;
    }

    // A connection of our own: an idle keep-alive one if any, else a new one. Waits while
    // max_connections are busy.
    Result<std::pair<std::unique_ptr<httplib::Client>, bool>> acquire()
    {
        std::unique_lock lock(mutex);
        bool got = freed.wait_for(lock, std::chrono::milliseconds(options.acquire_timeout_ms),
                                  [&] { return in_use < options.max_connections; });
        if (!got)
            return fail(ErrorCode::unavailable,
                        "all " + std::to_string(options.max_connections)
                            + " upstream connections to " + url.origin + " are busy");
        ++in_use;
        if (!idle.empty()) {
            auto client = std::move(idle.back());
            idle.pop_back();
            return std::pair{std::move(client), true};
        }
        lock.unlock();
        return std::pair{connect(), false};
    }

    // Return a connection; a broken or abandoned one is dropped instead of reused.
    void release(std::unique_ptr<httplib::Client> client, bool reusable)
    {
        std::lock_guard lock(mutex);
        --in_use;
        if (reusable && client) idle.push_back(std::move(client));
        freed.notify_one();
    }

    Error describe(httplib::Error error, int64_t idle_ms) const
    {
        switch (error) {
        case httplib::Error::ConnectionTimeout:
        case httplib::Error::Connection:
        case httplib::Error::BindIPAddress:
            return {ErrorCode::network, "could not connect to upstream " + url.origin};
        case httplib::Error::SSLServerVerification:
            return {ErrorCode::network,
                    "TLS certificate verification failed for upstream " + url.origin};
        case httplib::Error::SSLConnection:
        case httplib::Error::SSLLoadingCerts:
            return {ErrorCode::network, "TLS handshake with upstream " + url.origin + " failed"};
        case httplib::Error::Read:
        case httplib::Error::Write:
            // cpp-httplib reports a read timeout as a read error; the silence tells them apart.
            if (idle_ms + 50 >= options.read_timeout_ms)
                return {ErrorCode::timeout,
                        "upstream " + url.origin + " did not answer within "
                            + std::to_string(options.read_timeout_ms) + " ms"};
            return {ErrorCode::network, "connection to upstream " + url.origin + " was lost"};
        default:
            return {ErrorCode::network,
                    "request to upstream " + url.origin + " failed: " + httplib::to_string(error)};
        }
    }

    Result<HttpResponse> send(const std::string& method, std::string_view path,
                              const Headers& headers, std::string body, BodyStream* stream)
    {
        // A reused keep-alive connection may have been closed by the upstream meanwhile; such a
        // failure before any response byte is retried once on a fresh connection.
        for (int attempt = 0;; ++attempt) {
            auto acquired = acquire();
            if (!acquired) return std::unexpected(acquired.error());
            auto [client, reused] = std::move(*acquired);

            httplib::Request request;
            request.method = method;
            request.path = url.prefix;
            request.path += path;
            for (const auto& [name, value] : headers) request.headers.emplace(name, value);
            if (method == "POST") {
                request.body = std::move(body);
                if (!request.has_header("Content-Type"))
                    request.headers.emplace("Content-Type", "application/json");
            }

            bool head_seen = false;
            bool cancelled = false;
            int64_t last_activity_us = clock::monotonic_us();
            if (stream) {
                request.response_handler = [&](const httplib::Response& r) {
                    head_seen = true;
                    last_activity_us = clock::monotonic_us();
                    if (stream->on_head && !stream->on_head(r.status, from_httplib(r.headers))) {
                        cancelled = true;
                        return false;
                    }
                    return true;
                };
                request.content_receiver = [&](const char* data, size_t length, uint64_t,
                                               uint64_t) {
                    last_activity_us = clock::monotonic_us();
                    if (!stream->on_body(std::string_view(data, length))) {
                        cancelled = true;
                        return false;
                    }
                    return true;
                };
            }

            httplib::Response response;
            httplib::Error error = httplib::Error::Success;
            bool ok = client->send(request, response, error);
            int64_t idle_ms = (clock::monotonic_us() - last_activity_us) / 1000;
            bool keep = ok && !cancelled
                && !strings::iequals(response.get_header_value("Connection"), "close");
            release(std::move(client), keep);

            if (cancelled) {
                HttpResponse partial;
                partial.status = response.status;
                partial.cancelled = true;
                return partial;
            }
            if (!ok) {
                bool stale = reused && !head_seen && attempt == 0
                    && (error == httplib::Error::Read || error == httplib::Error::Write);
                if (stale && method == "POST") {
                    // `body` was moved into the first request; restore it for the retry.
                    body = std::move(request.body);
                    continue;
                }
                return std::unexpected(describe(error, idle_ms));
            }
            HttpResponse result;
            result.status = response.status;
            result.headers = from_httplib(response.headers);
            result.body = std::move(response.body);
            return result;
        }
    }
};

Result<std::unique_ptr<Endpoint>> Endpoint::create(const EndpointOptions& options)
{
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->url = LLMP_TRY(split_url(options.base_url));
    if (impl->options.max_connections < 1) impl->options.max_connections = 1;
    return std::unique_ptr<Endpoint>(new Endpoint(std::move(impl)));
}

Endpoint::Endpoint(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Endpoint::~Endpoint() = default;

Result<HttpResponse> Endpoint::post(std::string_view path, const Headers& headers,
                                    std::string body, BodyStream* stream)
{
    return m_impl->send("POST", path, headers, std::move(body), stream);
}

Result<HttpResponse> Endpoint::get(std::string_view path, const Headers& headers)
{
    return m_impl->send("GET", path, headers, {}, nullptr);
}

const std::string& Endpoint::base_url() const { return m_impl->options.base_url; }

} // namespace llmp::upstream
