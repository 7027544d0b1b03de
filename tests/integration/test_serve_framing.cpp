// Request framing against the real `llmp serve` (RFC 9112): a request the server could read two
// ways (both Content-Length and Transfer-Encoding, two lengths, a length that is not a number,
// a transfer coding other than chunked, a header line that is not `name: value`, a bad chunk
// size) gets a 400 (501 for an unknown coding) and its connection closes, so nothing after it
// on the connection is read as a second request. HTTP/1.0 clients get streams without chunked
// encoding. And bodies are JSON whatever their Content-Type: `curl -d` sends
// application/x-www-form-urlencoded, which cpp-httplib refused past 8 KiB.
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/raw_connection.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <string>

using namespace llmp::test;
using nlohmann::json;

namespace {

const std::string k_config = "[server]\nrequest_timeout_ms = 2000\n[ledger]\npath = \"{ledger}\"\n"
                             "[providers.mock]\nkind = \"mock\"\n";

// A request that, read any other way, would carry a second one: GET /v1/models.
const std::string k_smuggled = "GET /v1/models HTTP/1.1\r\nHost: localhost\r\n\r\n";

size_t count_of(const std::string& text, const std::string& part)
{
    size_t count = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

// Sends `raw` and reads until the server closes: exactly one response, with `status`, the
// framing error `message`, and Connection: close.
void check_refused(int port, const std::string& raw, int status, const std::string& message)
{
    RawConnection c(port);
    c.send(raw);
    std::string data = c.read_until_close(5000);
    CAPTURE(raw);
    CAPTURE(data);
    CHECK(data.starts_with("HTTP/1.1 " + std::to_string(status) + " "));
    CHECK(count_of(data, "HTTP/1.1 ") == 1);  // nothing smuggled was answered
    CHECK(data.find("Connection: close\r\n") != std::string::npos);
    auto body = json::parse(data.substr(std::min(data.size(), data.find("\r\n\r\n") + 4)), nullptr, false);
    if (!body.is_object()) {
        FAIL_CHECK("no JSON error body");  // not fatal: the other cases of a subcase still run
        return;
    }
    CHECK(body["error"]["message"] == message);
    CHECK(body["error"]["code"] == (status == 501 ? "unsupported_transfer_encoding" : "invalid_request_framing"));
}

std::string chat_head(const std::string& fields)
{
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + fields + "\r\n";
}

const std::string k_body = chat_body("mock/echo", "hi");

std::string chunked(const std::string& body)
{
    char size[32];
    std::snprintf(size, sizeof size, "%zx", body.size());
    return std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n";
}

const std::string k_not_a_number = "request Content-Length is not a decimal number of bytes";

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("framing: ambiguous requests are a 400 and close the connection")
    {
        Server server(k_config);
        int port = server.port();

        SUBCASE("Content-Length with Transfer-Encoding")
        {
            std::string body = chunked(k_body) + k_smuggled;
            check_refused(port,
                          chat_head("Content-Length: " + std::to_string(body.size())
                                    + "\r\nTransfer-Encoding: chunked\r\n")
                              + body,
                          400, "request has both Content-Length and Transfer-Encoding; send one of them");
        }
        SUBCASE("two Content-Length values that differ")
        {
            check_refused(port,
                          chat_head("Content-Length: " + std::to_string(k_body.size()) + "\r\nContent-Length: "
                                    + std::to_string(k_body.size() + k_smuggled.size()) + "\r\n")
                              + k_body + k_smuggled,
                          400, "request has Content-Length values that differ");
            check_refused(port,
                          chat_head("Content-Length: " + std::to_string(k_body.size()) + ", 1\r\n") + k_body,
                          400, "request has Content-Length values that differ");
        }
        SUBCASE("Content-Length that is not a number")
        {
            for (std::string value : {"68abc", "+68", "-1", "", "6 8"}) {
                check_refused(port, chat_head("Content-Length: " + value + "\r\n") + k_body, 400, k_not_a_number);
            }
        }
        SUBCASE("transfer codings other than chunked alone")
        {
            check_refused(port, chat_head("Transfer-Encoding: gzip, chunked\r\n") + chunked(k_body), 501,
                          "request Transfer-Encoding may only be chunked");
            check_refused(port, chat_head("Transfer-Encoding: xchunked\r\n") + chunked(k_body), 501,
                          "request Transfer-Encoding may only be chunked");
            check_refused(port, chat_head("Transfer-Encoding: chunked, identity\r\n") + chunked(k_body), 400,
                          "request Transfer-Encoding must end with chunked, given once");
        }
        SUBCASE("header lines that are not name: value")
        {
            std::string length = "Content-Length: " + std::to_string(k_body.size()) + "\r\n";
            check_refused(port, chat_head(length + "X-No-Colon\r\n") + k_body, 400,
                          "a request header line has no colon");
            check_refused(port, chat_head(length + "X-Folded: a\r\n b\r\n") + k_body, 400,
                          "a request header line starts with a space or tab (folded headers are not accepted)");
            check_refused(port, chat_head("Content-Length : " + std::to_string(k_body.size()) + "\r\n") + k_body,
                          400, "a request header has whitespace between its name and the colon");
        }
        SUBCASE("bad chunk sizes")
        {
            std::string message = "request body is not valid chunked encoding (a chunk size is hexadecimal "
                                  "digits, then CRLF)";
            for (std::string size : {"5zz", "+5", "0x5", ""}) {
                check_refused(port, chat_head("Transfer-Encoding: chunked\r\n") + size + "\r\nhello\r\n0\r\n\r\n",
                              400, message);
            }
        }
        SUBCASE("well-framed requests still pass, chunked and repeated identical lengths included")
        {
            RawConnection c(port);
            c.send(chat_head("Transfer-Encoding: chunked\r\n") + chunked(k_body));
            CHECK(c.read_response().status == 200);
            std::string length = std::to_string(k_body.size());
            c.send(chat_head("Content-Length: " + length + "\r\nContent-Length: " + length + "\r\n") + k_body);
            auto second = c.read_response();
            CHECK(second.status == 200);
            CHECK(second.json_body()["choices"][0]["message"]["content"].get<std::string>().starts_with("hi"));
        }
    }

    TEST_CASE("framing: an HTTP/1.0 client's stream ends with the connection, not chunked")
    {
        Server server(k_config);
        RawConnection c(server.port());
        std::string body = chat_body("mock/echo", "one two three", true);
        c.send("POST /v1/chat/completions HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\n"
               "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
        std::string data = c.read_until_close(5000);
        CAPTURE(data);
        size_t head_end = data.find("\r\n\r\n");
        REQUIRE(head_end != std::string::npos);
        std::string head = data.substr(0, head_end);
        CHECK(head.starts_with("HTTP/1.1 200 "));
        CHECK(head.find("Transfer-Encoding") == std::string::npos);
        CHECK(head.find("Connection: close") != std::string::npos);
        // The body is the bare event stream: it starts with an event, not a chunk size.
        std::string events = data.substr(head_end + 4);
        CHECK(events.starts_with("data: {"));
        CHECK(events.ends_with("data: [DONE]\n\n"));
    }

    TEST_CASE("content types: a body is JSON whatever its Content-Type")
    {
        Server server(k_config);
        int port = server.port();
        // What `curl -d @body.json` sends, with the given Content-Type.
        auto ask = [&](const std::string& content_type, const std::string& prompt) {
            std::string body = chat_body("mock/echo", prompt);
            RawConnection c(port);
            c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + content_type
                   + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
            return c.read_response();
        };
        auto check_echoed = [](const RawConnection::Response& reply, const std::string& prompt) {
            CAPTURE(reply.head);
            CAPTURE(reply.body.substr(0, 300));
            CHECK(reply.status == 200);
            auto content = reply.json_body()["choices"][0]["message"]["content"];
            CHECK(content.is_string());
            if (content.is_string()) CHECK(content.get<std::string>().starts_with(prompt.substr(0, 100)));
        };

        SUBCASE("curl -d: application/x-www-form-urlencoded past 8 KiB")
        {
            std::string prompt(9000, 'a');
            check_echoed(ask("application/x-www-form-urlencoded", prompt), prompt);
            std::string large;
            while (large.size() < 100'000) large += "word" + std::to_string(large.size()) + " ";
            check_echoed(ask("application/x-www-form-urlencoded", large), large);
        }
        SUBCASE("multipart/form-data and text/plain")
        {
            check_echoed(ask("multipart/form-data; boundary=xyz", "as json"), "as json");
            check_echoed(ask("multipart/form-data", "no boundary"), "no boundary");
            check_echoed(ask("text/plain", "plain"), "plain");
        }
    }
}
