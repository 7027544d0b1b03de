// Every bad input and upstream failure gets its status and OpenAI-style JSON, the server keeps
// serving, and the provider key never shows up in a body, the log or the ledger.
#include "support/fake_upstream.hpp"
#include "support/http_client.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <thread>

using namespace llmp::test;
using nlohmann::json;

namespace {

const std::string k_secret = "sk-test-SECRET-9876";

void check_error(const Reply& reply, int status, const std::string& message, const std::string& type)
{
    CAPTURE(reply.body);
    CHECK(reply.status == status);
    auto body = reply.json();
    REQUIRE(body.is_object());
    REQUIRE(body.contains("error"));
    CHECK(body["error"]["message"] == message);
    CHECK(body["error"]["type"] == type);
    CHECK(body["error"].contains("param"));
    CHECK(body["error"].contains("code"));
    CHECK(reply.body.find(k_secret) == std::string::npos);
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("bad input and upstream failures: status, JSON, and the server keeps serving")
    {
        FakeUpstream upstream([&](const httplib::Request& req, httplib::Response& res) {
            auto body = json::parse(req.body);
            std::string model = body["model"];
            if (model == "rate-limited") {
                res.status = 429;
                res.set_header("Retry-After", "7");
                res.set_header("Set-Cookie", "session=should-not-pass");
                res.set_content(R"({"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}})",
                                "application/json");
            } else if (model == "broken") {
                res.status = 500;
                res.set_content(R"({"error":"boom"})", "application/json");
            } else if (model == "unauthorized") {
                res.status = 401;
                res.set_content(R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})",
                                "application/json");
            } else if (model == "slow") {
                std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // longer than timeout_ms
                res.set_content(completion_body(model, "late", 1, 1), "application/json");
            } else if (model == "mid-stream-error") {
                res.set_chunked_content_provider("text/event-stream", [](size_t, httplib::DataSink& sink) {
                    auto frames = stream_frames("x", {"partial"}, true, 1, 1);
                    sink.write(frames[0].data(), frames[0].size());
                    sink.write(frames[1].data(), frames[1].size());
                    std::string error = "data: {\"error\":{\"message\":\"overloaded mid-stream\",\"type\":\"server_error\"}}\n\n";
                    sink.write(error.data(), error.size());
                    sink.done();
                    return true;
                });
            } else if (model == "cut-stream") {
                res.set_chunked_content_provider("text/event-stream", [](size_t, httplib::DataSink& sink) {
                    auto frames = stream_frames("x", {"partial"}, true, 1, 1);
                    sink.write(frames[0].data(), frames[0].size());
                    return false;  // the upstream drops the connection
                });
            } else {
                res.set_content(completion_body(model, "ok", 1, 1), "application/json");
            }
        });
        int dead_port = free_port();
        std::string config = "[server]\nmax_body_bytes = 4096\n[ledger]\npath = \"{ledger}\"\n"
                             "[providers.fake]\nkind = \"openai\"\nbase_url = \"" + upstream.url()
            + "\"\napi_key = \"env:LLMP_TEST_FAKE_KEY\"\ntimeout_ms = 500\n"
              "[providers.down]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:"
            + std::to_string(dead_port) + "/v1\"\napi_key = \"env:LLMP_TEST_FAKE_KEY\"\n";
        Server server(config, {"LLMP_TEST_FAKE_KEY=" + k_secret});
        int port = server.port();
        const std::string path = "/v1/chat/completions";

        SUBCASE("malformed JSON is a 400")
        {
            auto reply = post(port, path, R"({"model":"mock/echo","messages":[)");
            CHECK(reply.status == 400);
            CHECK(reply.json()["error"]["message"].get<std::string>().starts_with("request body is not valid JSON: "));
            CHECK(reply.json()["error"]["type"] == "invalid_request_error");
        }
        SUBCASE("not an object")
        {
            check_error(post(port, path, "[1,2]"), 400, "request body must be a JSON object", "invalid_request_error");
        }
        SUBCASE("missing model")
        {
            check_error(post(port, path, R"({"messages":[{"role":"user","content":"x"}]})"), 400,
                        "missing required parameter: 'model'", "invalid_request_error");
        }
        SUBCASE("missing messages")
        {
            check_error(post(port, path, R"({"model":"mock/echo"})"), 400,
                        "missing required parameter: 'messages'", "invalid_request_error");
        }
        SUBCASE("empty messages")
        {
            check_error(post(port, path, R"({"model":"mock/echo","messages":[]})"), 400,
                        "'messages' must contain at least one message", "invalid_request_error");
        }
        SUBCASE("stream of the wrong type")
        {
            check_error(post(port, path, R"({"model":"mock/echo","messages":[{"role":"user","content":"x"}],"stream":"yes"})"),
                        400, "'stream' must be a boolean", "invalid_request_error");
        }
        SUBCASE("body over the limit is a 413")
        {
            std::string big = chat_body("mock/echo", std::string(5000, 'a'));
            check_error(post(port, path, big), 413,
                        "request body is larger than the limit of 4096 bytes (server.max_body_bytes)",
                        "invalid_request_error");
        }
        SUBCASE("unknown model is a 404 that says how to address models")
        {
            auto reply = post(port, path, chat_body("gpt-nine", "x"));
            check_error(reply, 404,
                        "model \"gpt-nine\" not found; address a model as \"provider/model\" "
                        "(providers: fake, down, mock) or by a name listed in a provider's models",
                        "invalid_request_error");
            CHECK(reply.json()["error"]["code"] == "model_not_found");
        }
        SUBCASE("upstream unreachable is a 502")
        {
            check_error(post(port, path, chat_body("down/x", "x")), 502,
                        "could not connect to upstream http://127.0.0.1:" + std::to_string(dead_port),
                        "server_error");
        }
        SUBCASE("upstream timeout is a 504")
        {
            check_error(post(port, path, chat_body("fake/slow", "x")), 504,
                        "upstream http://127.0.0.1:" + std::to_string(upstream.port())
                            + " did not answer within 500 ms",
                        "server_error");
        }
        SUBCASE("upstream 429 keeps its status, message and Retry-After, not its cookies")
        {
            auto reply = post(port, path, chat_body("fake/rate-limited", "x"));
            check_error(reply, 429, "Rate limit reached for requests", "requests");
            CHECK(reply.headers.find("Retry-After")->second == "7");
            CHECK(reply.headers.count("Set-Cookie") == 0);
        }
        SUBCASE("upstream 500 with a non-OpenAI body is rewrapped")
        {
            check_error(post(port, path, chat_body("fake/broken", "x")), 500, "boom", "server_error");
        }
        SUBCASE("upstream error before the first byte of a stream is a normal error status")
        {
            auto reply = post_stream(port, path, chat_body("fake/unauthorized", "x", true),
                                     [](const std::string&) { return true; });
            check_error(reply, 401, "Incorrect API key provided", "invalid_request_error");
        }
        SUBCASE("upstream error event mid-stream is relayed and the stream closes")
        {
            auto reply = post_stream(port, path, chat_body("fake/mid-stream-error", "x", true),
                                     [](const std::string&) { return true; });
            CHECK(reply.status == 200);
            auto payloads = sse_payloads(reply.body);
            REQUIRE(payloads.size() == 3);
            CHECK(json::parse(payloads[2])["error"]["message"] == "overloaded mid-stream");
        }
        SUBCASE("upstream connection lost mid-stream ends with an SSE error event")
        {
            auto reply = post_stream(port, path, chat_body("fake/cut-stream", "x", true),
                                     [](const std::string&) { return true; });
            CHECK(reply.status == 200);
            auto payloads = sse_payloads(reply.body);
            REQUIRE(payloads.size() == 2);
            auto error = json::parse(payloads[1]);
            CHECK(error["error"]["message"]
                  == "connection to upstream http://127.0.0.1:" + std::to_string(upstream.port()) + " was lost");
            CHECK(reply.body.find("[DONE]") == std::string::npos);
        }

        // Whatever came before, the server still serves.
        auto after = post(port, path, chat_body("fake/fine", "x"));
        CHECK(after.status == 200);
        CHECK(after.json()["choices"][0]["message"]["content"] == "ok");
        CHECK(get(port, "/healthz").status == 200);

        CHECK(server.stop() == 0);
        CHECK(server.log().find(k_secret) == std::string::npos);
        CHECK(read_file(server.ledger_path()).find(k_secret) == std::string::npos);
    }
}
