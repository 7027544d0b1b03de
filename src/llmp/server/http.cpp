#include "llmp/server/http.hpp"

#include "llmp/core/log.hpp"
#include "llmp/server/task_queue.hpp"

#include <httplib.h>

#include <exception>

namespace llmp::server {

namespace {

// Adapts ElasticPool to cpp-httplib's task queue interface.
class PoolQueue final : public httplib::TaskQueue {
public:
    explicit PoolQueue(size_t max_threads) : m_pool(max_threads, 4) {}
    void enqueue(std::function<void()> fn) override { m_pool.enqueue(std::move(fn)); }
    void shutdown() override { m_pool.shutdown(); }

private:
    ElasticPool m_pool;
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

Request view_of(const httplib::Request& req)
{
    Request view;
    view.method = req.method;
    view.path = req.path;
    view.body = req.body;
    view.native = &req;
    return view;
}

void apply(Reply&& reply, httplib::Response& res)
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
    res.set_chunked_content_provider(reply.content_type,
                                     [stream](size_t, httplib::DataSink& sink) {
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
                                     });
}

} // namespace

std::string Request::header(std::string_view name) const
{
    if (!native) return {};
    return static_cast<const httplib::Request*>(native)->get_header_value(std::string(name));
}

struct HttpServer::Impl {
    httplib::Server server;
    HttpOptions options;
};

HttpServer::HttpServer(const HttpOptions& options) : m_impl(std::make_unique<Impl>())
{
    m_impl->options = options;
    auto& server = m_impl->server;
    size_t threads = static_cast<size_t>(options.threads < 1 ? 1 : options.threads);
    server.new_task_queue = [threads] { return new PoolQueue(threads); };
    server.set_payload_max_length(static_cast<size_t>(options.max_body_bytes));
    server.set_read_timeout(std::chrono::milliseconds(options.read_timeout_ms));
    server.set_keep_alive_timeout(std::max(1, options.keep_alive_timeout_ms / 1000));
    server.set_keep_alive_max_count(100000);
    server.set_tcp_nodelay(true);
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
    auto wrapped = [handler = std::move(handler)](const httplib::Request& req,
                                                  httplib::Response& res) {
        apply(handler(view_of(req)), res);
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
    httplib::Server::HandlerWithResponse handler =
        [body_for = std::move(body_for)](const httplib::Request& req, httplib::Response& res) {
            // Only statuses the library made up itself: our handlers always write a body.
            if (!res.body.empty() || res.content_provider_)
                return httplib::Server::HandlerResponse::Unhandled;
            res.set_content(body_for(res.status, view_of(req)), "application/json");
            return httplib::Server::HandlerResponse::Handled;
        };
    m_impl->server.set_error_handler(std::move(handler));
}

Result<int> HttpServer::bind(const std::string& host, int port)
{
    auto& server = m_impl->server;
    int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
    if (bound <= 0)
        return fail(ErrorCode::io, "cannot listen on " + host + ":" + std::to_string(port)
                                       + " (address in use or not available)");
    return bound;
}

void HttpServer::run() { m_impl->server.listen_after_bind(); }

void HttpServer::stop() { m_impl->server.stop(); }

} // namespace llmp::server
