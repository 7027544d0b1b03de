#include "support/http_client.hpp"

#include "llmp/upstream/sse.hpp"

namespace llmp::test {

namespace {
httplib::Client client_for(int port)
{
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(std::chrono::seconds(30));
    client.set_tcp_nodelay(true);
    return client;
}

Reply from(const httplib::Result& result)
{
    Reply reply;
    if (!result) return reply;
    reply.status = result->status;
    reply.body = result->body;
    reply.headers = result->headers;
    return reply;
}
} // namespace

Reply post(int port, const std::string& path, const std::string& body,
           const httplib::Headers& headers)
{
    auto client = client_for(port);
    return from(client.Post(path, headers, body, "application/json"));
}

Reply get(int port, const std::string& path, const httplib::Headers& headers)
{
    auto client = client_for(port);
    return from(client.Get(path, headers));
}

Reply post_stream(int port, const std::string& path, const std::string& body,
                  const std::function<bool(const std::string& piece)>& on_piece)
{
    auto client = client_for(port);
    httplib::Request request;
    request.method = "POST";
    request.path = path;
    request.body = body;
    request.headers.emplace("Content-Type", "application/json");
    Reply reply;
    request.response_handler = [&](const httplib::Response& r) {
        reply.status = r.status;
        reply.headers = r.headers;
        return true;
    };
    request.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
        std::string piece(data, length);
        reply.body += piece;
        return on_piece(piece);
    };
    client.send(request);
    return reply;
}

std::vector<std::string> sse_payloads(const std::string& body)
{
    std::vector<std::string> payloads;
    upstream::SseParser parser([&](upstream::SseEvent&& event) {
        payloads.push_back(event.data);
        return true;
    });
    parser.feed(body);
    parser.finish();
    return payloads;
}

std::string chat_body(const std::string& model, const std::string& text, bool stream,
                      bool include_usage)
{
    nlohmann::json body = {{"model", model},
                           {"messages", {{{"role", "user"}, {"content", text}}}}};
    if (stream) body["stream"] = true;
    if (include_usage) body["stream_options"] = {{"include_usage", true}};
    return body.dump();
}

} // namespace llmp::test
