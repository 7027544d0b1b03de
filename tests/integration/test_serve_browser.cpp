// The browser guard against the real `llmp serve`, with requests written by hand as a browser
// (or a DNS-rebinding page) would send them: foreign Host names, cross-origin "simple" POSTs,
// preflights. A refused request never reaches the fake upstream and leaves a ledger row.
#include "support/fake_upstream.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

using namespace llmp::test;
using nlohmann::json;

namespace {

struct RawReply {
    int status = 0;
    std::string head;
    std::string body;

    // The value of the first header `name` (any case), or "<absent>".
    std::string header(const std::string& name) const
    {
        size_t at = 0;
        while ((at = head.find("\r\n", at)) != std::string::npos) {
            at += 2;
            if (head.size() > at + name.size() && head[at + name.size()] == ':'
                && ::strncasecmp(head.data() + at, name.data(), name.size()) == 0) {
                size_t start = head.find_first_not_of(' ', at + name.size() + 1);
                return head.substr(start, head.find("\r\n", start) - start);
            }
        }
        return "<absent>";
    }
};

// Sends `request` as written on a fresh connection and reads until the server closes it (the
// request says Connection: close).
RawReply exchange(int port, const std::string& request)
{
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    std::string all;
    char buffer[8192];
    ssize_t got;
    while ((got = ::recv(fd, buffer, sizeof buffer, 0)) > 0 || (got < 0 && errno == EINTR))
        if (got > 0) all.append(buffer, static_cast<size_t>(got));
    ::close(fd);
    RawReply reply;
    size_t end = all.find("\r\n\r\n");
    REQUIRE(end != std::string::npos);
    reply.head = all.substr(0, end + 2);
    reply.body = all.substr(end + 4);
    reply.status = std::stoi(all.substr(9, 3));
    return reply;
}

std::string request(const std::string& method, const std::string& path, const std::string& host,
                    const std::string& extra_headers, const std::string& body = "")
{
    std::string text = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
        + extra_headers;
    if (method == "POST") text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    return text + "\r\n" + body;
}

const std::string k_chat = R"({"model":"fake/gpt-test","messages":[{"role":"user","content":"hi"}]})";
const std::string k_listed = "http://localhost:3000";

std::string config_for(const std::string& base_url)
{
    return "[server]\ncors_origins = [\"" + k_listed + "\"]\n[ledger]\npath = \"{ledger}\"\n"
           "[providers.fake]\nkind = \"openai\"\nbase_url = \"" + base_url + "\"\n";
}

FakeUpstream::Handler answer()
{
    return [](const httplib::Request& req, httplib::Response& res) {
        if (json::parse(req.body, nullptr, false).value("stream", false)) {
            std::string frames;
            for (const auto& frame : stream_frames("gpt-test", {"po", "ng"}, true, 3, 2)) frames += frame;
            res.set_content(frames, "text/event-stream");
            return;
        }
        res.set_content(completion_body("gpt-test", "pong", 3, 2), "application/json");
    };
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("browser guard: a foreign Host (DNS rebinding) is 421, nothing goes upstream, the ledger says forbidden_host")
    {
        FakeUpstream upstream(answer());
        Server server(config_for(upstream.url()));
        std::string evil = "evil.example:" + std::to_string(server.port());

        auto chat = exchange(server.port(),
                             request("POST", "/v1/chat/completions", evil, "Content-Type: text/plain\r\n", k_chat));
        CHECK(chat.status == 421);
        auto error = json::parse(chat.body);
        CHECK(error["error"]["code"] == "forbidden_host");
        CHECK(error["error"]["type"] == "permission_error");
        CHECK(error["error"]["message"].get<std::string>().starts_with("Host \"" + evil + "\" is not one of llmp's names"));
        CHECK(chat.header("x-request-id").starts_with("req_"));
        CHECK(chat.header("Access-Control-Allow-Origin") == "<absent>");

        // An Anthropic client gets Anthropic's error shape.
        auto messages = exchange(server.port(), request("POST", "/v1/messages", evil,
                                                        "Content-Type: application/json\r\n", k_chat));
        CHECK(messages.status == 421);
        auto anthropic = json::parse(messages.body);
        CHECK(anthropic["type"] == "error");
        CHECK(anthropic["error"]["type"] == "permission_error");

        // A rebinding page must not read these either.
        CHECK(exchange(server.port(), request("GET", "/healthz", evil, "")).status == 421);
        CHECK(exchange(server.port(), request("GET", "/v1/models", evil, "")).status == 421);
        // Names that only look like llmp's.
        std::string port = std::to_string(server.port());
        for (const std::string& host : std::vector<std::string>{"localhost.evil.com", "127.0.0.1.nip.io:" + port,
                                                                "localhost:" + port + "@evil"}) {
            CAPTURE(host);
            CHECK(exchange(server.port(), request("GET", "/healthz", host, "")).status == 421);
        }

        CHECK(upstream.seen().empty());
        auto rows = wait_for_rows(server.ledger_path(), 7);
        for (const auto& row : rows) {
            CHECK(row.error_class == "forbidden_host");
            CHECK(row.status == 421);
            CHECK(row.id.starts_with("req_"));
            CHECK(row.started_unix_ms > 0);
        }
        bool chat_row = false, messages_row = false;
        for (const auto& row : rows) {
            if (row.endpoint == "/v1/chat/completions" && row.dialect == "openai") chat_row = true;
            if (row.endpoint == "/v1/messages" && row.dialect == "anthropic") messages_row = true;
            CHECK_FALSE(row.request_body);  // a refused page's body is not kept
        }
        CHECK(chat_row);
        CHECK(messages_row);
        CHECK(server.stop() == 0);
    }

    TEST_CASE("browser guard: a cross-origin text/plain POST is 403 and never reaches the upstream; curl without Origin still works")
    {
        FakeUpstream upstream(answer());
        Server server(config_for(upstream.url()));
        std::string host = "127.0.0.1:" + std::to_string(server.port());

        for (const std::string& origin : std::vector<std::string>{"http://evil.example", "null"}) {
            CAPTURE(origin);
            auto refused = exchange(server.port(),
                                    request("POST", "/v1/chat/completions", host,
                                            "Origin: " + origin + "\r\nContent-Type: text/plain\r\n", k_chat));
            CHECK(refused.status == 403);
            CHECK(json::parse(refused.body)["error"]["code"] == "forbidden_origin");
            CHECK(refused.header("Access-Control-Allow-Origin") == "<absent>");
        }
        // A preflight from an origin not listed: 403, no CORS headers, so the browser stops.
        auto preflight = exchange(server.port(),
                                  request("OPTIONS", "/v1/chat/completions", host,
                                          "Origin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\n"));
        CHECK(preflight.status == 403);
        CHECK(preflight.header("Access-Control-Allow-Origin") == "<absent>");
        CHECK(upstream.seen().empty());

        auto rows = wait_for_rows(server.ledger_path(), 3);
        for (const auto& row : rows) {
            CHECK(row.error_class == "forbidden_origin");
            CHECK(row.status == 403);
        }

        // curl -d with text/plain and no Origin: not a browser, served.
        auto curl = exchange(server.port(), request("POST", "/v1/chat/completions", host,
                                                    "Content-Type: text/plain\r\n", k_chat));
        CHECK(curl.status == 200);
        CHECK(json::parse(curl.body)["choices"][0]["message"]["content"] == "pong");
        CHECK(curl.header("Access-Control-Allow-Origin") == "<absent>");
        CHECK(upstream.seen().size() == 1);
        CHECK(server.stop() == 0);
    }

    TEST_CASE("browser guard: a listed origin gets its preflight answered and CORS headers on every answer")
    {
        FakeUpstream upstream(answer());
        Server server(config_for(upstream.url()));
        std::string host = "localhost:" + std::to_string(server.port());

        auto preflight = exchange(server.port(),
                                  request("OPTIONS", "/v1/chat/completions", host,
                                          "Origin: " + k_listed + "\r\nAccess-Control-Request-Method: POST\r\n"
                                          "Access-Control-Request-Headers: content-type,authorization,x-stainless-os\r\n"));
        CHECK(preflight.status == 204);
        CHECK(preflight.header("Access-Control-Allow-Origin") == k_listed);
        CHECK(preflight.header("Vary").starts_with("Origin"));
        CHECK(preflight.header("Access-Control-Allow-Methods") == "GET, POST, OPTIONS");
        CHECK(preflight.header("Access-Control-Allow-Headers") == "content-type, authorization, x-stainless-os");
        CHECK(preflight.header("Access-Control-Max-Age") == "600");
        CHECK(preflight.body.empty());

        std::string origin = "Origin: " + k_listed + "\r\nContent-Type: application/json\r\n";
        auto plain = exchange(server.port(), request("POST", "/v1/chat/completions", host, origin, k_chat));
        CHECK(plain.status == 200);
        CHECK(json::parse(plain.body)["choices"][0]["message"]["content"] == "pong");
        CHECK(plain.header("Access-Control-Allow-Origin") == k_listed);
        CHECK(plain.header("Vary") == "Origin");
        CHECK(plain.header("Access-Control-Expose-Headers").starts_with("x-request-id"));

        std::string streamed_body = R"({"model":"fake/gpt-test","stream":true,"messages":[{"role":"user","content":"hi"}]})";
        auto streamed = exchange(server.port(), request("POST", "/v1/chat/completions", host, origin, streamed_body));
        CHECK(streamed.status == 200);
        CHECK(streamed.header("Content-Type").starts_with("text/event-stream"));
        CHECK(streamed.header("Access-Control-Allow-Origin") == k_listed);
        CHECK(streamed.body.find("data: [DONE]") != std::string::npos);

        // Errors too, or the page could not read why it failed.
        auto unknown = exchange(server.port(), request("POST", "/v1/chat/completions", host, origin,
                                                       R"({"model":"nope/x","messages":[{"role":"user","content":"hi"}]})"));
        CHECK(unknown.status == 404);
        CHECK(unknown.header("Access-Control-Allow-Origin") == k_listed);

        auto models = exchange(server.port(), request("GET", "/v1/models", host, "Origin: " + k_listed + "\r\n"));
        CHECK(models.status == 200);
        CHECK(models.header("Access-Control-Allow-Origin") == k_listed);

        CHECK(upstream.seen().size() == 2);
        CHECK(server.stop() == 0);
    }
}
