// What reaches the provider is what llmp read, and nothing secret comes back: model names never
// become URL syntax, a body with a NUL byte or a key given twice is refused, and an upstream
// that quotes its key (or a base_url with userinfo) cannot make llmp relay, store or log it.
#include "support/fake_upstream.hpp"
#include "support/http_client.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace llmp::test;
using nlohmann::json;

namespace {

const std::string k_key = "sk-wire-SECRET-31337";
const std::string k_header_secret = "hdr-SECRET-token-5150";
const std::vector<std::string> k_env = {"LLMP_TEST_WIRE_KEY=" + k_key};

std::string provider(const std::string& name, const std::string& kind, const std::string& base_url,
                     const std::string& extra = "")
{
    return "[providers." + name + "]\nkind = \"" + kind + "\"\nbase_url = \"" + base_url
        + "\"\napi_key = \"env:LLMP_TEST_WIRE_KEY\"\ntimeout_ms = 2000\n" + extra;
}

std::string config(const std::string& providers)
{
    return "[server]\nshutdown_grace_ms = 2000\n[ledger]\npath = \"{ledger}\"\n" + providers;
}

std::string messages_body(const std::string& model)
{
    return json{{"model", model}, {"max_tokens", 16}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}}.dump();
}

const char* k_gemini_answer =
    R"({"candidates":[{"content":{"role":"model","parts":[{"text":"hi"}]},"finishReason":"STOP"}],)"
    R"("usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":1,"totalTokenCount":2}})";

// Answers Gemini on Gemini paths and OpenAI (Azure) elsewhere.
void answer_any(const httplib::Request& req, httplib::Response& res)
{
    if (req.path.find(":generateContent") != std::string::npos)
        res.set_content(k_gemini_answer, "application/json");
    else
        res.set_content(completion_body("m", "hi", 1, 1), "application/json");
}

std::string error_message(const Reply& reply)
{
    auto body = reply.json();
    if (!body.is_object() || !body.contains("error")) return "";
    return body["error"].value("message", "");
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("model names: URL syntax never reaches the upstream; other names go percent-encoded")
    {
        FakeUpstream upstream(answer_any);
        Server server(config(provider("fgem", "gemini", upstream.url())
                             + provider("faz", "azure", upstream.url())
                             + provider("fant", "anthropic", upstream.url())),
                      k_env);

        const std::string traversal = "fgem/../../../admin?x=1#";
        const std::string named = R"(model "fgem/../../../admin?x=1#" is not a valid model name: it contains '?')";
        auto chat = post(server.port(), "/v1/chat/completions", chat_body(traversal, "hi"));
        CHECK(chat.status == 400);
        CHECK(error_message(chat) == named);
        CHECK(chat.json()["error"]["type"] == "invalid_request_error");

        // An Anthropic client gets Anthropic's error shape.
        auto messages = post(server.port(), "/v1/messages", messages_body(traversal));
        CHECK(messages.status == 400);
        CHECK(messages.json()["type"] == "error");
        CHECK(messages.json()["error"]["type"] == "invalid_request_error");
        CHECK(messages.json()["error"]["message"] == named);
        auto count = post(server.port(), "/v1/messages/count_tokens", messages_body("fant/../admin"));
        CHECK(count.status == 400);
        CHECK(count.json()["error"]["message"] == R"(model "fant/../admin" is not a valid model name: it has a ".." path segment)");
        auto embeddings = post(server.port(), "/v1/embeddings", R"({"model":"fgem/../x","input":"hi"})");
        CHECK(embeddings.status == 400);
        CHECK(error_message(embeddings) == R"(model "fgem/../x" is not a valid model name: it has a ".." path segment)");

        for (const std::string& model : {std::string("faz/../../admin"), std::string("fgem/./x"),
                                         std::string("fgem/a#b"), std::string("fgem/a\r\nX-Evil: 1"),
                                         "fgem/" + std::string(300, 'm')}) {
            CAPTURE(model);
            auto reply = post(server.port(), "/v1/chat/completions", chat_body(model, "hi"));
            CHECK(reply.status == 400);
            CHECK(error_message(reply).find("is not a valid model name") != std::string::npos);
        }
        CHECK(upstream.seen().empty());  // not one of them was sent

        // Names that are no URL syntax are sent as one encoded segment.
        CHECK(post(server.port(), "/v1/chat/completions", chat_body("fgem/gemini pro é", "hi")).status == 200);
        CHECK(post(server.port(), "/v1/chat/completions", chat_body("fgem/tuned/model", "hi")).status == 200);
        CHECK(post(server.port(), "/v1/chat/completions", chat_body("faz/my deployment", "hi")).status == 200);
        auto seen = upstream.seen();
        REQUIRE(seen.size() == 3);
        CHECK(seen[0].target == "/v1/models/gemini%20pro%20%C3%A9:generateContent");
        CHECK(seen[1].target == "/v1/models/tuned%2Fmodel:generateContent");
        CHECK(seen[2].target == "/v1/openai/deployments/my%20deployment/chat/completions?api-version=2024-10-21");

        auto rows = wait_for_rows(server.ledger_path(), 11);  // count_tokens keeps no row
        auto refused = std::find_if(rows.begin(), rows.end(), [&](const auto& row) {
            return row.requested_model == traversal && row.endpoint == "/v1/chat/completions";
        });
        REQUIRE(refused != rows.end());
        CHECK(refused->status == 400);
        CHECK(refused->error_class == "invalid_request");
        CHECK(refused->provider == "");
    }

    TEST_CASE("request bodies: a NUL byte or a key given twice is a 400, and nothing goes upstream")
    {
        FakeUpstream upstream([](const httplib::Request&, httplib::Response& res) {
            res.set_content(completion_body("m", "hi", 1, 1), "application/json");
        });
        Server server(config(provider("fake", "openai", upstream.url())
                             + provider("fant", "anthropic", upstream.url())),
                      k_env);

        // nlohmann stops at the NUL: the router would read "fake/cheap", the provider the rest.
        std::string smuggled = R"({"model":"fake/cheap","messages":[{"role":"user","content":"hi"}]})";
        smuggled += '\0';
        smuggled += R"(,"model":"gpt-4-32k"})";
        auto nul = post(server.port(), "/v1/chat/completions", smuggled);
        CHECK(nul.status == 400);
        CHECK(error_message(nul) == "request body is not valid JSON: a NUL byte at offset 66 (JSON text has "
                                    "none, and nothing may follow the JSON value)");

        const std::string twice = "request body has the key \"model\" twice in one object; send each key once";
        auto duplicate = post(server.port(), "/v1/chat/completions",
                              R"({"model":"fake/cheap","model":"fake/expensive","messages":[{"role":"user","content":"hi"}]})");
        CHECK(duplicate.status == 400);
        CHECK(error_message(duplicate) == twice);

        // Nested too: the same-dialect path forwards the client's text, so the provider would
        // read this object with its own parser's rule for a repeated key.
        auto nested = post(server.port(), "/v1/chat/completions",
                           R"({"model":"fake/m","stream":true,"stream_options":{"include_usage":false,"include_usage":true},"messages":[{"role":"user","content":"hi"}]})");
        CHECK(nested.status == 400);
        CHECK(error_message(nested) == "request body has the key \"include_usage\" twice in one object; send each key once");

        auto messages = post(server.port(), "/v1/messages",
                             R"({"model":"fant/a","model":"fant/b","max_tokens":5,"messages":[{"role":"user","content":"hi"}]})");
        CHECK(messages.status == 400);
        CHECK(messages.json()["error"]["message"] == twice);
        auto count = post(server.port(), "/v1/messages/count_tokens",
                          std::string(R"({"model":"fant/a","messages":[{"role":"user","content":"hi"}]})") + '\0' + "x");
        CHECK(count.status == 400);
        auto embeddings = post(server.port(), "/v1/embeddings", R"({"model":"fake/e","input":"a","model":"fake/f"})");
        CHECK(embeddings.status == 400);
        CHECK(error_message(embeddings) == twice);

        CHECK(upstream.seen().empty());
        // The same request without its smuggled tail goes through, so the 400s above were not
        // about anything else.
        CHECK(post(server.port(), "/v1/chat/completions", smuggled.substr(0, smuggled.find('\0'))).status == 200);
        REQUIRE(upstream.seen().size() == 1);
        CHECK(json::parse(upstream.seen()[0].body)["model"] == "cheap");
    }

    TEST_CASE("secrets: an upstream that quotes the key is scrubbed from bodies, the ledger and the log")
    {
        FakeUpstream upstream([](const httplib::Request& req, httplib::Response& res) {
            std::string text = req.body;
            if (req.path == "/v1/v1/messages") {  // Anthropic, same dialect: relayed as sent
                res.status = 401;
                res.set_content(R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key: )"
                                    + k_key + R"("}})",
                                "application/json");
            } else if (text.find("[stream]") != std::string::npos) {  // the key echoed mid-stream
                std::string chunk = R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"your key is )"
                    + k_key + R"("},"finish_reason":null}]})";
                res.set_content("data: " + chunk + "\n\ndata: [DONE]\n\n", "text/event-stream");
            } else if (text.find("[ok]") != std::string::npos) {
                res.set_header("x-ratelimit-remaining-requests", "99 for " + k_key);
                res.set_header("x-goog-api-key", k_key);
                res.set_content(completion_body("m", "your key is " + k_key + " and " + k_header_secret, 1, 1),
                                "application/json");
            } else {
                res.status = 401;
                res.set_header("Set-Cookie", "session=" + k_key);
                res.set_content(R"({"error":{"message":"Incorrect API key provided: )" + k_key
                                    + " (sent with X-Custom-Token: " + k_header_secret
                                    + R"j()","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})j",
                                "application/json");
            }
        });
        Server server(config(provider("fake", "openai", upstream.url(),
                                      "headers = { \"X-Custom-Token\" = \"" + k_header_secret + "\" }\n")
                             + provider("fant", "anthropic", upstream.url())),
                      k_env);

        auto check_clean = [](const Reply& reply) {
            CAPTURE(reply.body);
            CHECK(reply.body.find(k_key) == std::string::npos);
            CHECK(reply.body.find(k_header_secret) == std::string::npos);
            CHECK(reply.body.find("[redacted]") != std::string::npos);
            for (const auto& [name, value] : reply.headers) {
                CAPTURE(name);
                CHECK(value.find(k_key) == std::string::npos);
            }
        };
        auto openai_error = post(server.port(), "/v1/chat/completions", chat_body("fake/m", "hi"));
        CHECK(openai_error.status == 401);
        check_clean(openai_error);
        CHECK(error_message(openai_error) == "Incorrect API key provided: [redacted] (sent with X-Custom-Token: [redacted])");

        auto crossed = post(server.port(), "/v1/messages", messages_body("fake/m"));  // OpenAI error, Anthropic client
        CHECK(crossed.status == 401);
        check_clean(crossed);

        auto same = post(server.port(), "/v1/messages", messages_body("fant/claude"));
        CHECK(same.status == 401);
        check_clean(same);
        CHECK(same.json()["error"]["message"] == "invalid x-api-key: [redacted]");

        auto ok = post(server.port(), "/v1/chat/completions", chat_body("fake/m", "[ok]"));
        CHECK(ok.status == 200);
        check_clean(ok);
        CHECK(ok.headers.find("x-goog-api-key") == ok.headers.end());
        CHECK(ok.headers.find("Set-Cookie") == ok.headers.end());

        json stream_request = json::parse(chat_body("fake/m", "[stream]"));
        stream_request["stream"] = true;
        auto streamed = post(server.port(), "/v1/chat/completions", stream_request.dump());
        CHECK(streamed.status == 200);
        CAPTURE(streamed.body);
        CHECK(streamed.body.find(k_key) == std::string::npos);
        CHECK(streamed.body.find("your key is [redacted]") != std::string::npos);

        auto rows = wait_for_rows(server.ledger_path(), 5);
        for (const auto& row : rows) {
            CAPTURE(row.id);
            REQUIRE(row.response_body);
            CHECK(row.response_body->find(k_key) == std::string::npos);
            CHECK(row.response_body->find(k_header_secret) == std::string::npos);
        }
        server.stop();
        CHECK(server.log().find(k_key) == std::string::npos);
    }

    TEST_CASE("secrets: base_url userinfo authenticates and is never shown")
    {
        const std::string password = "hunter2-url-secret";
        SUBCASE("unreachable: the 502 names the host without the userinfo")
        {
            int port = free_port();
            std::string host = "127.0.0.1:" + std::to_string(port);
            Server server(config("[providers.fake]\nkind = \"openai\"\nbase_url = \"http://llmpuser:" + password
                                 + "@" + host + "/v1\"\nconnect_timeout_ms = 500\n"));
            auto reply = post(server.port(), "/v1/chat/completions", chat_body("fake/m", "hi"));
            CAPTURE(reply.body);
            CHECK(reply.status == 502);
            CHECK(error_message(reply) == "could not connect to upstream http://" + host);
            CHECK(reply.body.find(password) == std::string::npos);
            CHECK(reply.body.find("llmpuser") == std::string::npos);
            auto rows = wait_for_rows(server.ledger_path(), 1);
            CHECK(rows[0].response_body.value_or("").find(password) == std::string::npos);
            server.stop();
            CHECK(server.log().find(password) == std::string::npos);
        }
        SUBCASE("reachable: sent as Basic auth unless the kind has its own Authorization")
        {
            FakeUpstream upstream([](const httplib::Request&, httplib::Response& res) {
                res.set_content(completion_body("m", "hi", 1, 1), "application/json");
            });
            std::string with_userinfo = "http://llmpuser:" + password + "@127.0.0.1:" + std::to_string(upstream.port()) + "/v1";
            Server server(config("[providers.basic]\nkind = \"openai\"\nbase_url = \"" + with_userinfo + "\"\n"
                                 + provider("keyed", "openai", with_userinfo)),
                          k_env);
            CHECK(post(server.port(), "/v1/chat/completions", chat_body("basic/m", "hi")).status == 200);
            CHECK(post(server.port(), "/v1/chat/completions", chat_body("keyed/m", "hi")).status == 200);
            auto seen = upstream.seen();
            REQUIRE(seen.size() == 2);
            CHECK(seen[0].path == "/v1/chat/completions");
            CHECK(seen[0].headers.find("Authorization")->second == "Basic bGxtcHVzZXI6aHVudGVyMi11cmwtc2VjcmV0");
            CHECK(seen[1].headers.count("Authorization") == 1);
            CHECK(seen[1].headers.find("Authorization")->second == "Bearer " + k_key);
        }
    }
}
