// Hostile clients against the real `llmp serve`: oversized heads and bodies, JSON nested
// 100,000 deep, invalid UTF-8, absurd numbers, requests trickled a byte at a time, thousands of
// idle connections. Each meets a limit with its status and a message naming it, or a timeout,
// and a normal request is served promptly afterwards (and during, where it matters).
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/raw_connection.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <future>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace llmp::test;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string post_head(const std::string& path, size_t content_length, const std::string& extra = "")
{
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
        + std::to_string(content_length) + "\r\n" + extra + "\r\n";
}

// GET /healthz with Host and `count` more fields of `size` bytes each.
std::string get_with_fields(int count, size_t size)
{
    std::string head = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n";
    for (int i = 0; i < count; ++i) head += "X-Field-" + std::to_string(i) + ": " + std::string(size, 'v') + "\r\n";
    return head + "\r\n";
}

std::string raw_post(const std::string& path, const std::string& body)
{
    return post_head(path, body.size()) + body;
}

void check_refused(const RawConnection::Response& response, int status, const std::string& message,
                   const std::string& code)
{
    CAPTURE(response.head);
    CAPTURE(response.body);
    CHECK(response.status == status);
    auto body = response.json_body();
    REQUIRE(body.is_object());
    CHECK(body["error"]["message"] == message);
    CHECK(body["error"]["type"] == (status >= 500 ? "server_error" : "invalid_request_error"));
    CHECK(body["error"]["code"] == code);
    CHECK(response.has_header("Connection: close"));
}

// A normal request, timed: the server must still serve.
double check_still_serving(int port)
{
    auto start = Clock::now();
    auto reply = post(port, "/v1/chat/completions", chat_body("mock/echo", "still there"));
    double took = seconds_since(start);
    CHECK(reply.status == 200);
    CHECK(reply.json()["choices"][0]["message"]["content"].get<std::string>().starts_with("still there"));
    return took;
}

// Sends `bytes` one every 200 ms until the server answers; the answer and when it came.
std::pair<RawConnection::Response, double> trickle(RawConnection& c, const std::string& bytes)
{
    auto start = Clock::now();
    auto responded = std::async(std::launch::async, [&] { return c.read_response(10'000); });
    for (char byte : bytes) {
        if (responded.wait_for(std::chrono::milliseconds(200)) == std::future_status::ready) break;
        if (!c.send(std::string_view(&byte, 1))) break;
    }
    auto response = responded.get();
    return {response, seconds_since(start)};
}

std::string nested(size_t depth)
{
    return std::string(depth, '[') + std::string(depth, ']');
}

// Lets this process hold `wanted` sockets; returns how many it may.
size_t allow_open_files(size_t wanted)
{
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < wanted + 100) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, wanted + 100);
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    return std::min<size_t>(wanted, limit.rlim_cur > 100 ? limit.rlim_cur - 100 : 0);
}

const std::string k_config = "[server]\nmax_body_bytes = 65536\nrequest_timeout_ms = 1000\n"
                             "[ledger]\npath = \"{ledger}\"\n[providers.mock]\nkind = \"mock\"\n";

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("hostile input: oversized heads and bodies meet a limit with a clear error")
    {
        Server server(k_config);
        int port = server.port();

        SUBCASE("a header line of 100 KB is a 431")
        {
            RawConnection c(port);
            c.send(get_with_fields(1, 100'000));
            check_refused(c.read_response(), 431, "a request header line is longer than 8192 bytes",
                          "request_header_fields_too_large");
            CHECK(c.closed_by_server(3000));
        }
        SUBCASE("10,000 header fields are a 431")
        {
            RawConnection c(port);
            c.send(get_with_fields(10'000, 1));
            check_refused(c.read_response(), 431, "request has more than 100 header fields",
                          "request_header_fields_too_large");
            CHECK(c.closed_by_server(3000));
        }
        SUBCASE("100 header fields pass")
        {
            RawConnection c(port);
            c.send(get_with_fields(99, 1));  // and Host
            CHECK(c.read_response().status == 200);
        }
        SUBCASE("80 KB of headers in lines under the line limit are a 431")
        {
            RawConnection c(port);
            c.send(get_with_fields(20, 4000));
            check_refused(c.read_response(), 431, "request headers are larger than 65536 bytes",
                          "request_header_fields_too_large");
        }
        SUBCASE("a request line of 100 KB is a 414")
        {
            RawConnection c(port);
            c.send("GET /" + std::string(100'000, 'a') + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            check_refused(c.read_response(), 414, "request line is longer than 8192 bytes", "uri_too_long");
            CHECK(c.closed_by_server(3000));
        }
        SUBCASE("a body declared over the limit is a 413 before it is sent")
        {
            RawConnection c(port);
            c.send(post_head("/v1/chat/completions", 10'000'000));  // the head alone
            check_refused(c.read_response(), 413,
                          "request body is larger than the limit of 65536 bytes (server.max_body_bytes)",
                          "request_too_large");
        }
        SUBCASE("a body over the limit after Expect: 100-continue is a 413 without the upload")
        {
            RawConnection c(port);
            c.send(post_head("/v1/chat/completions", 1'000'000, "Expect: 100-continue\r\n"));
            check_refused(c.read_response(), 413,
                          "request body is larger than the limit of 65536 bytes (server.max_body_bytes)",
                          "request_too_large");
        }
        SUBCASE("a body over the limit, sent whole, is a 413 the client gets to read")
        {
            RawConnection c(port);
            std::string body(200'000, 'x');
            std::thread sender([&] { c.send(post_head("/v1/chat/completions", body.size()) + body); });
            auto response = c.read_response();
            sender.join();
            check_refused(response, 413,
                          "request body is larger than the limit of 65536 bytes (server.max_body_bytes)",
                          "request_too_large");
        }
        SUBCASE("a chunked body over the limit is a 413")
        {
            RawConnection c(port);
            std::string chunk = "4000\r\n" + std::string(0x4000, 'x') + "\r\n";
            std::string request = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n";
            for (int i = 0; i < 12; ++i) request += chunk;  // 192 KiB
            request += "0\r\n\r\n";
            std::thread sender([&] { c.send(request); });
            auto response = c.read_response();
            sender.join();
            check_refused(response, 413,
                          "request body is larger than the limit of 65536 bytes (server.max_body_bytes)",
                          "request_too_large");
        }
        SUBCASE("a POST with neither Content-Length nor chunked encoding has no body")
        {
            RawConnection c(port);
            auto start = Clock::now();
            c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n\r\n");
            auto response = c.read_response(5000);
            CHECK(response.status == 400);
            CHECK(seconds_since(start) < 0.5);
            c.send(raw_post("/v1/chat/completions", chat_body("mock/echo", "next")));  // same connection
            CHECK(c.read_response().status == 200);
        }
        SUBCASE("a chunked body under the limit is served")
        {
            RawConnection c(port);
            std::string body = chat_body("mock/echo", "chunked");
            char size[16];
            std::snprintf(size, sizeof size, "%zx", body.size());
            c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                   + std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n");
            auto response = c.read_response();
            CHECK(response.status == 200);
            CHECK(response.json_body()["choices"][0]["message"]["content"] == "chunked");
        }

        CHECK(check_still_serving(port) < 2.0);
        CHECK(server.alive());
        CHECK(server.stop() == 0);
    }

    TEST_CASE("hostile input: deep JSON, invalid UTF-8 and absurd numbers are 400s naming the problem")
    {
        Server server("[ledger]\npath = \"{ledger}\"\n[providers.mock]\nkind = \"mock\"\n");
        int port = server.port();
        auto check_400 = [&](const std::string& path, const std::string& body, const std::string& message) {
            auto reply = post(port, path, body);
            CAPTURE(path);
            CAPTURE(reply.body);
            CHECK(reply.status == 400);
            auto parsed = reply.json();
            REQUIRE(parsed.is_object());
            const auto& error = parsed["error"];
            CHECK(error["message"] == message);
            CHECK(error["type"] == "invalid_request_error");
        };

        SUBCASE("JSON nested 100,000 deep, on every endpoint that reads JSON")
        {
            const std::string deep = nested(100'000);
            const std::string message = "request body is JSON nested deeper than 512 levels";
            check_400("/v1/chat/completions",
                      R"({"model":"mock/echo","messages":[{"role":"user","content":)" + deep + "}]}", message);
            check_400("/v1/messages",
                      R"({"model":"mock/echo","max_tokens":5,"messages":[{"role":"user","content":)" + deep
                          + "}]}",
                      message);
            check_400("/v1/messages/count_tokens", R"({"model":"mock/echo","x":)" + deep + "}", message);
            check_400("/v1/embeddings", R"({"model":"mock/echo","input":)" + deep + "}", message);
            check_400("/v1/chat/completions", deep, message);
        }
        SUBCASE("JSON nested 100,000 deep inside a string (tool-call arguments)")
        {
            json body = {{"model", "mock/echo"},
                         {"messages",
                          {{{"role", "user"}, {"content", "x"}},
                           {{"role", "assistant"},
                            {"tool_calls",
                             {{{"id", "call_1"},
                               {"type", "function"},
                               {"function", {{"name", "f"}, {"arguments", nested(100'000)}}}}}}}}}};
            check_400("/v1/chat/completions", body.dump(), "request body is JSON nested deeper than 512 levels");
            // The same, with the brackets written as \u escapes.
            std::string escaped;
            for (int i = 0; i < 1000; ++i) escaped += "\\u005b";
            check_400("/v1/chat/completions",
                      R"({"model":"mock/echo","messages":[{"role":"user","content":")" + escaped + "\"}]}",
                      "request body is JSON nested deeper than 512 levels");
        }
        SUBCASE("JSON nested 500 deep is served")
        {
            auto reply = post(port, "/v1/chat/completions",
                              R"({"model":"mock/echo","messages":[{"role":"user","content":"deep"}],"metadata":)"
                                  + nested(500) + "}");
            CHECK(reply.status == 200);
        }
        SUBCASE("invalid UTF-8 is a 400 that says where, in valid JSON")
        {
            std::string body = R"({"model":"mock/echo","messages":[{"role":"user","content":")";
            body += "caf\xC3 \xFF\xFE";
            body += R"("}]})";
            auto reply = post(port, "/v1/chat/completions", body);
            CHECK(reply.status == 400);
            auto parsed = reply.json();
            REQUIRE(parsed.is_object());
            std::string message = parsed["error"]["message"];
            CHECK(message.starts_with("request body is not valid JSON: "));
            CHECK(message.find("ill-formed UTF-8 byte") != std::string::npos);
            CHECK(message.ends_with("(at 'content')"));
            auto anthropic = post(port, "/v1/messages", body);
            CHECK(anthropic.status == 400);
            CHECK(anthropic.json()["type"] == "error");
        }
        SUBCASE("absurd max_tokens values are 400s naming the field")
        {
            auto with_max_tokens = [](const std::string& value) {
                return R"({"model":"mock/echo","max_tokens":)" + value
                    + R"(,"messages":[{"role":"user","content":"hi"}]})";
            };
            check_400("/v1/chat/completions", with_max_tokens("1e400"),
                      "request body is not valid JSON: number overflow parsing '1e400' (at 'max_tokens')");
            for (std::string value : {"99999999999999999999999", "18446744073709551615", "-1", "0", "1.5", "\"10\""})
                check_400("/v1/chat/completions", with_max_tokens(value), "'max_tokens' must be a positive integer");
            check_400("/v1/messages", with_max_tokens("1e400"),
                      "request body is not valid JSON: number overflow parsing '1e400' (at 'max_tokens')");
            check_400("/v1/messages", with_max_tokens("99999999999999999999999"), "max_tokens: expected an integer");
            check_400("/v1/messages", with_max_tokens("1.5"), "max_tokens: expected an integer");
            check_400("/v1/messages", with_max_tokens("-1"), "max_tokens: must be at least 1");
            CHECK(post(port, "/v1/chat/completions", with_max_tokens("16")).status == 200);
        }

        CHECK(check_still_serving(port) < 2.0);
        CHECK(server.alive());
        CHECK(server.stop() == 0);
    }

    TEST_CASE("hostile clients: a request trickled a byte at a time is cut at request_timeout_ms")
    {
        Server server(k_config);  // request_timeout_ms = 1000
        int port = server.port();

        SUBCASE("headers, one byte every 200 ms")
        {
            RawConnection c(port);
            auto [response, lived] = trickle(c, raw_post("/v1/chat/completions", chat_body("mock/echo", "slow")));
            MESSAGE("a client trickling its headers was answered 408 after " << lived << " s");
            check_refused(response, 408, "request headers did not arrive within 1000 ms (server.request_timeout_ms)",
                          "request_timeout");
            CHECK(lived >= 0.9);
            CHECK(lived < 3.0);
            CHECK(c.closed_by_server(3000));
        }
        SUBCASE("a body, one byte every 200 ms")
        {
            RawConnection c(port);
            std::string body = chat_body("mock/echo", "slow body");
            c.send(post_head("/v1/chat/completions", body.size()));
            auto [response, lived] = trickle(c, body);
            MESSAGE("a client trickling its body was answered 408 after " << lived << " s");
            check_refused(response, 408,
                          "request body arrived too slowly: it gets 1000 ms (server.request_timeout_ms) plus one "
                          "second per 65536 bytes",
                          "request_timeout");
            CHECK(lived < 3.0);
        }
        SUBCASE("half a request, then silence")
        {
            RawConnection c(port);
            c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n");
            check_refused(c.read_response(10'000), 408,
                          "request headers did not arrive within 1000 ms (server.request_timeout_ms)",
                          "request_timeout");
        }
        SUBCASE("a hundred trickling clients do not hold up a normal one")
        {
            std::vector<RawConnection> slow;
            for (int i = 0; i < 100; ++i) {
                slow.emplace_back(port);
                slow.back().send("POST /v1/chat/completions HTTP/1.1\r\n");
            }
            CHECK(check_still_serving(port) < 0.5);
            for (auto& c : slow) CHECK(c.read_response(10'000).status == 408);
        }

        CHECK(check_still_serving(port) < 2.0);
        CHECK(server.stop() == 0);
    }

    TEST_CASE("hostile clients: 3,000 idle connections do not keep a normal request waiting")
    {
        size_t count = allow_open_files(3000);
        if (count < 3000) MESSAGE("the open-file limit allows only " << count << " idle connections");
        Server server("[ledger]\nenabled = false\n[providers.mock]\nkind = \"mock\"\n");
        int port = server.port();

        std::vector<RawConnection> idle;
        idle.reserve(count);
        for (size_t i = 0; i < count; ++i) idle.emplace_back(port, false);
        auto deadline = Clock::now() + std::chrono::seconds(20);
        size_t connected = 0;
        for (auto& c : idle) {
            while (!c.connected() && Clock::now() < deadline) {
                pollfd p{c.fd(), POLLOUT, 0};
                ::poll(&p, 1, 100);
            }
            connected += c.connected() ? 1 : 0;
        }
        REQUIRE(connected == count);

        // Accepted after every idle one (the accept queue is first in, first out).
        double first = check_still_serving(port);
        double second = check_still_serving(port);
        MESSAGE("with " << count << " idle connections open, normal requests took " << first << " s and "
                        << second << " s");
        CHECK(first < 2.0);
        CHECK(second < 0.5);
        CHECK(get(port, "/healthz").status == 200);

        // Idle connections are closed after the keep-alive timeout (5 s), not held forever.
        auto start = Clock::now();
        CHECK(idle.front().closed_by_server(15'000));
        CHECK(idle.back().closed_by_server(15'000));
        MESSAGE("idle connections were closed after about " << seconds_since(start) << " s more");
        CHECK(server.stop() == 0);
    }

    TEST_CASE("hostile clients: past max_connections the longest idle go, and a busy server says 503")
    {
        Server server("[server]\nmax_connections = 20\n[ledger]\nenabled = false\n"
                      "[providers.mock]\nkind = \"mock\"\ntoken_delay_ms = 20\nanswer_tokens = 100\n");
        int port = server.port();

        SUBCASE("idle connections make room")
        {
            std::vector<RawConnection> idle;
            for (int i = 0; i < 40; ++i) {
                idle.emplace_back(port);
                // Served once, so it is surely open and idle on the server's side.
                idle.back().send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
                REQUIRE(idle.back().read_response().status == 200);
            }
            CHECK(check_still_serving(port) < 2.0);
            // The oldest were closed to make room; the newest are still open.
            CHECK(idle.front().closed_by_server(2000));
            CHECK(idle[19].closed_by_server(2000));
            CHECK_FALSE(idle.back().closed_by_server(200));
            idle.back().send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
            CHECK(idle.back().read_response().status == 200);
        }
        SUBCASE("when every connection is busy, a new one is refused with 503")
        {
            std::vector<RawConnection> busy;
            for (int i = 0; i < 20; ++i) {
                busy.emplace_back(port);
                busy.back().send(raw_post("/v1/chat/completions", chat_body("mock/echo", "busy", true)));
            }
            for (auto& c : busy) REQUIRE(c.read_response(5000).status == 200);  // streams started
            RawConnection extra(port);
            extra.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
            check_refused(extra.read_response(), 503,
                          "too many open connections (server.max_connections = 20); retry shortly",
                          "too_many_connections");
            busy.clear();  // the clients hang up; their connections close
            auto deadline = Clock::now() + std::chrono::seconds(10);
            int status = 0;
            while (status != 200 && Clock::now() < deadline) status = get(port, "/healthz").status;
            CHECK(status == 200);
        }
        CHECK(server.stop() == 0);
    }
}
