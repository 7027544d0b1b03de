// Requests to current Claude models are priced from the built-in table (their cost used to
// show "?"), dated snapshots by their base model's price.
#include "support/fake_upstream.hpp"
#include "support/http_client.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

using namespace llmp::test;
using nlohmann::json;

TEST_SUITE("integration")
{
    TEST_CASE("prices: a Claude Opus 4.6 request is priced at $5/$25 per million tokens")
    {
        FakeUpstream upstream([](const httplib::Request& req, httplib::Response& res) {
            auto body = json::parse(req.body);
            json answer = {{"id", "msg_1"}, {"type", "message"}, {"role", "assistant"}, {"model", body["model"]},
                           {"content", {{{"type", "text"}, {"text", "hi"}}}}, {"stop_reason", "end_turn"},
                           {"stop_sequence", nullptr},
                           {"usage", {{"input_tokens", 1000}, {"output_tokens", 100}}}};
            res.set_content(answer.dump(), "application/json");
        });
        Server server("[server]\nshutdown_grace_ms = 2000\n[ledger]\npath = \"{ledger}\"\n"
                      "[providers.ant]\nkind = \"anthropic\"\nbase_url = \"" + upstream.url()
                          + "\"\napi_key = \"env:LLMP_TEST_PRICE_KEY\"\n",
                      {"LLMP_TEST_PRICE_KEY=sk-ant-price-SECRET"});
        for (std::string model : {"ant/claude-opus-4-6", "ant/claude-opus-4-6-20260205"}) {
            json request = {{"model", model}, {"max_tokens", 16}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
            auto reply = post(server.port(), "/v1/messages", request.dump(), {{"anthropic-version", "2023-06-01"}});
            CHECK(reply.status == 200);
        }
        auto rows = wait_for_rows(server.ledger_path(), 2);
        REQUIRE(rows.size() == 2);
        for (const auto& row : rows) {
            CAPTURE(row.upstream_model);
            CHECK(row.usage.input == 1000);
            CHECK(row.usage.output == 100);
            REQUIRE(row.cost_nanousd.has_value());
            CHECK(*row.cost_nanousd == 1000 * 5'000 + 100 * 25'000);  // nano-dollars
        }
        CHECK(server.stop() == 0);
    }
}
