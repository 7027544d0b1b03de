// `llmp serve` with no config at all: the embedded default and its mock provider.
#include "support/http_client.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace llmp::test;

TEST_SUITE("integration")
{
    TEST_CASE("no config: mock/echo answers a chat.completion and the ledger records it")
    {
        Server server("");
        auto reply = post(server.port(), "/v1/chat/completions",
                          R"({"model":"mock/echo","messages":[{"role":"user","content":"hi"}]})");
        CHECK(reply.status == 200);
        auto body = reply.json();
        CHECK(body["object"] == "chat.completion");
        CHECK(body["model"] == "echo");
        CHECK(body["choices"][0]["message"]["role"] == "assistant");
        CHECK(body["choices"][0]["message"]["content"] == "hi");
        CHECK(body["usage"]["prompt_tokens"] == 1);
        CHECK(body["usage"]["completion_tokens"] == 1);
        CHECK(reply.headers.count("x-request-id") == 1);

        auto streamed = post_stream(server.port(), "/v1/chat/completions",
                                    chat_body("mock/echo", "hello there", true),
                                    [](const std::string&) { return true; });
        CHECK(streamed.status == 200);
        CHECK(streamed.headers.find("Content-Type")->second.starts_with("text/event-stream"));
        CHECK(streamed.body.ends_with("data: [DONE]\n\n"));
        auto payloads = sse_payloads(streamed.body);
        REQUIRE(payloads.size() == 5);  // role, "hello", " there", finish, [DONE]
        CHECK(nlohmann::json::parse(payloads[1])["choices"][0]["delta"]["content"] == "hello");
        CHECK(nlohmann::json::parse(payloads[2])["choices"][0]["delta"]["content"] == " there");

        // N requests -> N rows with tokens and cost (mock price: $1/M in, $2/M out).
        std::string ledger = server.dir().path() + "/.local/share/llmp/ledger.sqlite";
        for (int i = 0; i < 3; ++i)
            CHECK(post(server.port(), "/v1/chat/completions",
                       chat_body("mock/echo", "one two three"))
                      .status
                  == 200);
        auto rows = wait_for_rows(ledger, 5);
        REQUIRE(rows.size() == 5);
        for (const auto& row : rows) {
            CHECK(row.provider == "mock");
            CHECK(row.upstream_model == "echo");
            CHECK(row.status == 200);
            CHECK(row.usage.known);
            REQUIRE(row.cost_nanousd.has_value());
        }
        int plain_rows = 0;
        for (const auto& row : rows) {
            if (row.streamed || row.usage.input != 3) continue;
            ++plain_rows;  // "one two three"
            CHECK(row.usage.output == 3);
            CHECK(*row.cost_nanousd == 3 * 1000 + 3 * 2000);
        }
        CHECK(plain_rows == 3);
        auto streamed_row = std::find_if(rows.begin(), rows.end(), [](auto& r) { return r.streamed; });
        REQUIRE(streamed_row != rows.end());
        const auto& stream_row = *streamed_row;
        CHECK(stream_row.usage.input == 2);
        CHECK(stream_row.usage.output == 2);
        CHECK(*stream_row.cost_nanousd == 2 * 1000 + 2 * 2000);
        CHECK(stream_row.ttft_ms.has_value());

        CHECK(server.stop() == 0);
        CHECK(server.log().find("ledger flushed: 5 requests recorded") != std::string::npos);
    }

    TEST_CASE("models, health and unknown paths")
    {
        Server server("");
        auto models = get(server.port(), "/v1/models");
        CHECK(models.status == 200);
        CHECK(models.json()["object"] == "list");
        CHECK(models.json()["data"][0]["id"] == "mock/echo");
        CHECK(get(server.port(), "/healthz").json()["status"] == "ok");

        auto missing = get(server.port(), "/v2/nothing");
        CHECK(missing.status == 404);
        CHECK(missing.json()["error"]["message"] == "unknown path: GET /v2/nothing");
        CHECK(missing.json()["error"]["type"] == "invalid_request_error");
    }
}
