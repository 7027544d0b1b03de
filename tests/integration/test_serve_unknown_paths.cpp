// A request to a path llmp does not serve leaves a trace: a 404 in the dialect the path
// suggests, and a ledger row (path, status, error class; no header, no body) that `llmp logs`
// shows, so a user can tell why their tool failed.
#include "support/http_client.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <httplib.h>

#include <algorithm>

using namespace llmp::test;
using nlohmann::json;

TEST_SUITE("integration")
{
    TEST_CASE("unknown paths: 404 in the client's dialect, a ledger row, shown by llmp logs")
    {
        Server server("[server]\nshutdown_grace_ms = 2000\n[ledger]\npath = \"{ledger}\"\nstore_bodies = true\n"
                      "[providers.mock]\nkind = \"mock\"\n");
        const std::string secret = "sk-unknown-SECRET-9";
        auto openai = post(server.port(), "/v1/nothing/here", R"({"key":")" + secret + R"("})",
                           {{"Authorization", "Bearer " + secret}});
        CHECK(openai.status == 404);
        CHECK(openai.json()["error"]["message"] == "unknown path: POST /v1/nothing/here");
        CHECK(openai.json()["error"]["type"] == "invalid_request_error");

        auto anthropic = post(server.port(), "/v1/messages/batches", "{}", {{"x-api-key", secret}});
        CHECK(anthropic.status == 404);
        CHECK(anthropic.json()["type"] == "error");
        CHECK(anthropic.json()["error"]["type"] == "not_found_error");
        CHECK(anthropic.json()["error"]["message"] == "unknown path: POST /v1/messages/batches");

        httplib::Client client("127.0.0.1", server.port());
        auto deleted = client.Delete("/v2/thing");
        REQUIRE(deleted);
        CHECK(deleted->status == 404);

        // A decoded path may not be UTF-8: the ledger keeps it printable, as on the request line.
        CHECK(get(server.port(), "/v1/%FF%FEx%2541").status == 404);

        auto rows = wait_for_rows(server.ledger_path(), 4);
        REQUIRE(rows.size() == 4);
        std::vector<std::string> endpoints;
        for (const auto& row : rows) {
            endpoints.push_back(row.endpoint);
            CHECK(row.status == 404);
            CHECK(row.error_class == "unknown_path");
            CHECK_FALSE(row.request_body.has_value());
        }
        std::sort(endpoints.begin(), endpoints.end());
        CHECK(endpoints == std::vector<std::string>{"/v1/%FF%FEx%2541", "/v1/messages/batches", "/v1/nothing/here", "/v2/thing"});
        auto anthropic_row = std::find_if(rows.begin(), rows.end(), [](auto& r) { return r.endpoint == "/v1/messages/batches"; });
        REQUIRE(anthropic_row != rows.end());
        CHECK(anthropic_row->dialect == "anthropic");
        CHECK(server.stop() == 0);

        auto logs = run_llmp({"logs", "--ledger", server.ledger_path(), "--json"}, server.dir().path());
        CHECK(logs.exit_code == 0);
        CHECK(logs.out.find("\"/v1/nothing/here\"") != std::string::npos);
        CHECK(logs.out.find("unknown_path") != std::string::npos);
        CHECK(logs.out.find(secret) == std::string::npos);
        CHECK(read_file(server.ledger_path()).find(secret) == std::string::npos);
    }
}
