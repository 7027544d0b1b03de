#include "bench/slow_upstream.hpp"

#include <httplib.h>

#include <string>
#include <sys/socket.h>
#include <thread>

namespace llmp::bench {

namespace {

std::string chunk(const std::string& delta)
{
    return "data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
           "\"model\":\"slow\",\"choices\":[{\"index\":0,\"delta\":" + delta
        + ",\"finish_reason\":null}]}\n\n";
}

} // namespace

// cpp-httplib listens with a backlog of 5; a thousand clients arriving at once would see their
// SYNs dropped and retried for seconds. Listening again on the bound socket raises it.
class WideServer : public httplib::Server {
public:
    void widen_backlog() { ::listen(svr_sock_, SOMAXCONN); }
};

struct SlowUpstream::Impl {
    WideServer server;
    std::thread thread;
    int port = 0;
};

SlowUpstream::SlowUpstream(int tokens, std::chrono::milliseconds interval, int max_streams)
    : m_impl(std::make_unique<Impl>())
{
    auto& server = m_impl->server;
    server.set_tcp_nodelay(true);
    server.new_task_queue = [max_streams] { return new httplib::ThreadPool(static_cast<size_t>(max_streams)); };
    server.Post("/v1/chat/completions", [tokens, interval](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/event-stream", [tokens, interval](size_t, httplib::DataSink& sink) {
            auto next = std::chrono::steady_clock::now();
            auto send = [&](const std::string& text) { return sink.write(text.data(), text.size()); };
            if (!send(chunk(R"({"role":"assistant","content":""})"))) return false;
            for (int i = 0; i < tokens; ++i) {
                next += interval;
                std::this_thread::sleep_until(next);  // the pace of a real model
                if (!send(chunk(R"({"content":"tok "})"))) return false;
            }
            std::string finish = "data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\","
                                 "\"created\":1700000000,\"model\":\"slow\",\"choices\":[{\"index\":0,"
                                 "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                                 "data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\","
                                 "\"created\":1700000000,\"model\":\"slow\",\"choices\":[],\"usage\":{"
                                 "\"prompt_tokens\":5,\"completion_tokens\":"
                + std::to_string(tokens) + ",\"total_tokens\":" + std::to_string(tokens + 5)
                + "}}\n\ndata: [DONE]\n\n";
            send(finish);
            sink.done();
            return true;
        });
    });
    m_impl->port = server.bind_to_any_port("127.0.0.1");
    server.widen_backlog();
    m_impl->thread = std::thread([this] { m_impl->server.listen_after_bind(); });
}

SlowUpstream::~SlowUpstream()
{
    m_impl->server.stop();
    m_impl->thread.join();
}

int SlowUpstream::port() const { return m_impl->port; }

} // namespace llmp::bench
