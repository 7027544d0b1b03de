// GET /v1/models and /v1/models/{id}: every name a client may send, in OpenAI's shape or (for a
// client that sends anthropic-version or x-api-key) Anthropic's, from the config alone.
#include "support/fake_upstream.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

using namespace llmp::test;
using nlohmann::json;

namespace {

// The upstream must never be asked: listing answers from the config.
std::string config_for(const std::string& url)
{
    return "[server]\nshutdown_grace_ms = 2000\n[ledger]\npath = \"{ledger}\"\n"
           "[providers.oa]\nkind = \"openai\"\nbase_url = \"" + url + "\"\napi_key = \"env:LLMP_TEST_MODELS_KEY\"\n"
           "models = [\"gpt-4o\"]\n"
           "[providers.mock]\nkind = \"mock\"\n"
           "[models.fast]\ntargets = [\"oa/gpt-4o-mini\", \"mock/echo\"]\n";
}

const std::vector<std::string> k_env = {"LLMP_TEST_MODELS_KEY=sk-models-SECRET-1"};

std::vector<std::string> ids_of(const json& list)
{
    std::vector<std::string> ids;
    for (const auto& model : list["data"]) ids.push_back(model["id"]);
    return ids;
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("models: list every usable name, retrieve ids with a slash, 404 in the client's dialect")
    {
        FakeUpstream upstream([](const httplib::Request&, httplib::Response& res) { res.status = 500; });
        Server server(config_for(upstream.url()), k_env);

        auto list = get(server.port(), "/v1/models").json();
        CHECK(list["object"] == "list");
        CHECK(ids_of(list) == std::vector<std::string>{"fast", "gpt-4o", "oa/gpt-4o", "mock/echo", "oa/gpt-4o-mini"});
        CHECK(list["data"][0] == json{{"id", "fast"}, {"object", "model"}, {"created", 0}, {"owned_by", "llmp"}});
        CHECK(list["data"][2]["owned_by"] == "oa");

        SUBCASE("retrieve, OpenAI shape: a slash in the id, plain or percent-encoded")
        {
            for (std::string path : {"/v1/models/mock/echo", "/v1/models/mock%2Fecho"}) {
                CAPTURE(path);
                auto model = get(server.port(), path);
                CHECK(model.status == 200);
                CHECK(model.json() == json{{"id", "mock/echo"}, {"object", "model"}, {"created", 0}, {"owned_by", "mock"}});
            }
            CHECK(get(server.port(), "/v1/models/gpt-4o").json()["owned_by"] == "oa");
            CHECK(get(server.port(), "/v1/models/fast").json()["owned_by"] == "llmp");
            // Not listed, but routable: any model of a configured provider.
            auto routable = get(server.port(), "/v1/models/oa/gpt-4.1");
            CHECK(routable.status == 200);
            CHECK(routable.json()["id"] == "oa/gpt-4.1");

            auto unknown = get(server.port(), "/v1/models/nope/gpt-4o");
            CHECK(unknown.status == 404);
            CHECK(unknown.json()["error"]["type"] == "invalid_request_error");
            CHECK(unknown.json()["error"]["code"] == "model_not_found");
            CHECK(unknown.json()["error"]["message"].get<std::string>().starts_with(R"(model "nope/gpt-4o" not found)"));
        }
        SUBCASE("Anthropic clients get Anthropic's shape, list and retrieve")
        {
            for (httplib::Headers headers : {httplib::Headers{{"anthropic-version", "2023-06-01"}},
                                             httplib::Headers{{"x-api-key", "anything"}}}) {
                auto anthropic = get(server.port(), "/v1/models", headers);
                CHECK(anthropic.status == 200);
                auto body = anthropic.json();
                CHECK(ids_of(body) == ids_of(list));
                CHECK(body["data"][3] == json{{"type", "model"}, {"id", "mock/echo"}, {"display_name", "mock/echo"},
                                              {"created_at", "1970-01-01T00:00:00Z"}});
                CHECK(body["has_more"] == false);
                CHECK(body["first_id"] == "fast");
                CHECK(body["last_id"] == "oa/gpt-4o-mini");
                CHECK_FALSE(body.contains("object"));
            }
            httplib::Headers headers = {{"anthropic-version", "2023-06-01"}};
            auto one = get(server.port(), "/v1/models/mock%2Fecho", headers);
            CHECK(one.status == 200);
            CHECK(one.json()["type"] == "model");
            CHECK(one.json()["display_name"] == "mock/echo");
            auto missing = get(server.port(), "/v1/models/claude-none", headers);
            CHECK(missing.status == 404);
            CHECK(missing.json()["type"] == "error");
            CHECK(missing.json()["error"]["type"] == "not_found_error");
        }
        CHECK(upstream.seen().empty());
        CHECK(server.stop() == 0);
    }
}
