// SIGTERM: in-flight streams finish within the grace period, streams still open after it are
// cut with an SSE error event, and the ledger is flushed either way.
#include "support/http_client.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <future>

using namespace llmp::test;
using nlohmann::json;

namespace {
std::string slow_mock(int tokens, int grace_ms)
{
    return "[server]\nshutdown_grace_ms = " + std::to_string(grace_ms)
        + "\n[ledger]\npath = \"{ledger}\"\n[providers.mock]\nkind = \"mock\"\ntoken_delay_ms = 20\n"
          "answer_tokens = "
        + std::to_string(tokens) + "\n";
}

// Starts a stream and returns once its first piece arrived; the future holds the full reply.
std::future<Reply> start_stream(int port)
{
    auto first = std::make_shared<std::promise<void>>();
    auto arrived = first->get_future();
    auto reply = std::async(std::launch::async, [port, first] {
        bool told = false;
        return post_stream(port, "/v1/chat/completions", chat_body("mock/echo", "go", true),
                           [&](const std::string&) {
                               if (!told) first->set_value();
                               told = true;
                               return true;
                           });
    });
    arrived.wait_for(std::chrono::seconds(10));
    return reply;
}
} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("SIGTERM lets an in-flight stream finish and flushes the ledger")
    {
        Server server(slow_mock(30, 10'000));
        auto reply = start_stream(server.port());
        server.signal(SIGTERM);
        auto result = reply.get();
        CHECK(result.status == 200);
        CHECK(result.body.ends_with("data: [DONE]\n\n"));
        CHECK(server.stop() == 0);
        auto rows = wait_for_rows(server.ledger_path(), 1, 1000);
        CHECK(rows[0].error_class == "");
        CHECK(rows[0].usage.output == 30);
    }

    TEST_CASE("a stream still open after the grace period is cut with an error event")
    {
        Server server(slow_mock(100'000, 200));
        auto reply = start_stream(server.port());
        server.signal(SIGTERM);
        auto result = reply.get();
        CHECK(result.status == 200);
        auto payloads = sse_payloads(result.body);
        REQUIRE_FALSE(payloads.empty());
        CHECK(json::parse(payloads.back())["error"]["message"] == "llmp is shutting down; the stream was cut");
        CHECK(server.stop() == 0);
        auto rows = wait_for_rows(server.ledger_path(), 1, 1000);
        CHECK(rows[0].error_class == "shutdown");
        CHECK(rows[0].status == 200);
    }
}
