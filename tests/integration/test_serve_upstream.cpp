// `llmp serve` in front of a fake OpenAI upstream: pass-through, streaming relay, usage,
// ledger values, TLS, and every error status.
#include "support/fake_upstream.hpp"
#include "support/http_client.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <thread>

using namespace llmp::test;
using nlohmann::json;

namespace {

const std::string k_secret = "sk-test-SECRET-4242";
const std::vector<std::string> k_env = {"LLMP_TEST_FAKE_KEY=" + k_secret};

std::string config_for(const std::string& base_url, const std::string& provider_extra = "",
                       const std::string& extra = "")
{
    return "[server]\nmax_body_bytes = 4096\nshutdown_grace_ms = 2000\n"
           "[ledger]\npath = \"{ledger}\"\n"
           "[providers.fake]\nkind = \"openai\"\nbase_url = \""
        + base_url
        + "\"\napi_key = \"env:LLMP_TEST_FAKE_KEY\"\ntimeout_ms = 1000\n" + provider_extra
        + "[prices.\"fake/gpt-test\"]\ninput = 1.0\noutput = 2.0\n" + extra;
}

void serve_frames(httplib::Response& res, std::vector<std::string> frames)
{
    res.set_chunked_content_provider("text/event-stream",
                                     [frames](size_t, httplib::DataSink& sink) {
                                         for (const auto& f : frames) sink.write(f.data(), f.size());
                                         sink.done();
                                         return true;
                                     });
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("non-streamed: passes through, rewrites only the model, records usage and cost")
    {
        std::string sent_back;
        FakeUpstream upstream([&](const httplib::Request& req, httplib::Response& res) {
            auto body = json::parse(req.body);
            sent_back = completion_body(body["model"], "pong", 10, 5, 4);
            res.set_content(sent_back, "application/json");
        });
        Server server(config_for(upstream.url()), k_env);

        auto reply = post(server.port(), "/v1/chat/completions",
                          R"({"model":"fake/gpt-test","messages":[{"role":"user","content":"ping"}],"foo_extra":123,"temperature":0.5})");
        CHECK(reply.status == 200);
        CHECK(reply.body == sent_back);  // byte for byte, unknown fields included

        auto seen = upstream.seen();
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].path == "/v1/chat/completions");
        auto upstream_body = json::parse(seen[0].body);
        CHECK(upstream_body["model"] == "gpt-test");
        CHECK(upstream_body["foo_extra"] == 123);
        CHECK(upstream_body["temperature"] == 0.5);
        CHECK_FALSE(upstream_body.contains("stream_options"));
        CHECK(seen[0].headers.find("Authorization")->second == "Bearer " + k_secret);

        auto rows = wait_for_rows(server.ledger_path(), 1);
        const auto& row = rows[0];
        CHECK(row.requested_model == "fake/gpt-test");
        CHECK(row.provider == "fake");
        CHECK(row.upstream_model == "gpt-test");
        CHECK(row.status == 200);
        CHECK(row.error_class == "");
        CHECK(row.usage.input == 6);
        CHECK(row.usage.cached_input == 4);
        CHECK(row.usage.output == 5);
        // $1/M for input and (by default) cached input, $2/M output, in nano-dollars.
        REQUIRE(row.cost_nanousd.has_value());
        CHECK(*row.cost_nanousd == 6 * 1000 + 4 * 1000 + 5 * 2000);
        CHECK(row.source == "serve");
        CHECK(row.endpoint == "/v1/chat/completions");
        CHECK(row.request_body.value_or("").find("\"foo_extra\":123") != std::string::npos);
        CHECK(row.response_body.value_or("") == sent_back);
    }

    TEST_CASE("an unpriced model gets a NULL cost and one warning")
    {
        FakeUpstream upstream([&](const httplib::Request&, httplib::Response& res) {
            res.set_content(completion_body("other", "x", 3, 1), "application/json");
        });
        Server server(config_for(upstream.url()), k_env);
        for (int i = 0; i < 2; ++i)
            CHECK(post(server.port(), "/v1/chat/completions", chat_body("fake/unpriced-model", "x")).status == 200);
        auto rows = wait_for_rows(server.ledger_path(), 2);
        for (const auto& row : rows) {
            CHECK(row.usage.known);
            CHECK(row.usage.input == 3);
            CHECK_FALSE(row.cost_nanousd.has_value());
        }
        std::string log = server.log();
        std::string warning = "no price for fake/unpriced-model";
        auto first = log.find(warning);
        CHECK(first != std::string::npos);
        CHECK(log.find(warning, first + 1) == std::string::npos);
    }

    TEST_CASE("streamed: usage asked upstream, hidden from a client that did not ask")
    {
        FakeUpstream upstream([&](const httplib::Request& req, httplib::Response& res) {
            auto body = json::parse(req.body);
            bool usage = body["stream_options"]["include_usage"] == true;
            serve_frames(res, stream_frames("gpt-test", {"Hel", "lo", "!"}, usage, 7, 3));
        });
        Server server(config_for(upstream.url()), k_env);

        SUBCASE("client did not ask for usage")
        {
            auto reply = post_stream(server.port(), "/v1/chat/completions",
                                     chat_body("fake/gpt-test", "hi", true),
                                     [](const std::string&) { return true; });
            CHECK(reply.status == 200);
            auto upstream_body = json::parse(upstream.seen().at(0).body);
            CHECK(upstream_body["stream_options"]["include_usage"] == true);
            auto payloads = sse_payloads(reply.body);
            REQUIRE(payloads.size() == 6);  // role, 3 pieces, finish, [DONE]
            std::string text;
            for (size_t i = 0; i + 1 < payloads.size(); ++i) {
                auto chunk = json::parse(payloads[i]);
                CHECK_FALSE(chunk.contains("usage"));
                CHECK(chunk["choices"].size() == 1);
                text += chunk["choices"][0]["delta"].value("content", "");
            }
            CHECK(text == "Hello!");
            CHECK(payloads.back() == "[DONE]");
            auto rows = wait_for_rows(server.ledger_path(), 1);
            CHECK(rows[0].streamed);
            CHECK(rows[0].usage.input == 7);
            CHECK(rows[0].usage.output == 3);
            CHECK(*rows[0].cost_nanousd == 7 * 1000 + 3 * 2000);
            CHECK(rows[0].error_class == "");
        }
        SUBCASE("client asked for usage")
        {
            auto reply = post_stream(server.port(), "/v1/chat/completions",
                                     chat_body("fake/gpt-test", "hi", true, true),
                                     [](const std::string&) { return true; });
            auto payloads = sse_payloads(reply.body);
            REQUIRE(payloads.size() == 7);
            auto usage = json::parse(payloads[5]);
            CHECK(usage["choices"].empty());
            CHECK(usage["usage"]["prompt_tokens"] == 7);
            CHECK(json::parse(payloads[1])["usage"].is_null());
        }
    }

    TEST_CASE("streamed: each chunk reaches the client before the upstream sends the next")
    {
        std::mutex mutex;
        std::condition_variable changed;
        bool client_saw_first = false;
        bool flushed_in_time = false;
        FakeUpstream upstream([&](const httplib::Request&, httplib::Response& res) {
            auto frames = stream_frames("gpt-test", {"first", "second"}, true, 1, 2);
            res.set_chunked_content_provider("text/event-stream", [&, frames](size_t, httplib::DataSink& sink) {
                for (size_t i = 0; i < 2; ++i) sink.write(frames[i].data(), frames[i].size());
                {
                    // Hold the rest back until the client has the first piece (or give up).
                    std::unique_lock lock(mutex);
                    flushed_in_time = changed.wait_for(lock, std::chrono::seconds(5),
                                                       [&] { return client_saw_first; });
                }
                for (size_t i = 2; i < frames.size(); ++i) sink.write(frames[i].data(), frames[i].size());
                sink.done();
                return true;
            });
        });
        Server server(config_for(upstream.url()), k_env);
        auto reply = post_stream(server.port(), "/v1/chat/completions",
                                 chat_body("fake/gpt-test", "hi", true), [&](const std::string&) {
                                     std::lock_guard lock(mutex);
                                     if (!client_saw_first) {
                                         client_saw_first = true;
                                         changed.notify_all();
                                     }
                                     return true;
                                 });
        CHECK(flushed_in_time);
        auto payloads = sse_payloads(reply.body);
        REQUIRE(payloads.size() == 5);
        CHECK(json::parse(payloads[1])["choices"][0]["delta"]["content"] == "first");
        CHECK(json::parse(payloads[2])["choices"][0]["delta"]["content"] == "second");
    }

    TEST_CASE("streamed: a client that hangs up is recorded with what it got")
    {
        std::atomic<bool> upstream_stopped{false};
        FakeUpstream upstream([&](const httplib::Request&, httplib::Response& res) {
            res.set_chunked_content_provider("text/event-stream", [&](size_t, httplib::DataSink& sink) {
                auto frames = stream_frames("gpt-test", std::vector<std::string>(400, "tok"), true, 5, 400);
                for (const auto& f : frames) {
                    if (!sink.write(f.data(), f.size())) break;
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a slow model
                }
                upstream_stopped = true;
                sink.done();
                return true;
            });
        });
        Server server(config_for(upstream.url()), k_env);
        int pieces = 0;
        auto reply = post_stream(server.port(), "/v1/chat/completions",
                                 chat_body("fake/gpt-test", "hi", true), [&](const std::string& piece) {
                                     pieces += static_cast<int>(std::count(piece.begin(), piece.end(), '\n')) / 2;
                                     return pieces < 4;
                                 });
        CHECK(reply.status == 200);
        auto rows = wait_for_rows(server.ledger_path(), 1);
        const auto& row = rows[0];
        CHECK(row.status == 200);
        CHECK(row.streamed);
        CHECK(row.error_class == "client_disconnected");
        CHECK(row.usage.known);
        CHECK(row.usage.output >= 3);
        CHECK(row.usage.output < 400);
        REQUIRE(row.cost_nanousd.has_value());
        // The usage chunk never came: input estimated from the request, output from the content.
        CHECK(row.usage.input > 0);
        CHECK(row.usage_estimated == "input,output");
        CHECK(*row.cost_nanousd == row.usage.input * 1000 + row.usage.output * 2000);
        CHECK(get(server.port(), "/healthz").status == 200);
    }

    TEST_CASE("HTTPS upstream: accepted with ca_file, refused without it")
    {
        TempDir certs;
        make_self_signed(certs.file("cert.pem"), certs.file("key.pem"));
        FakeUpstream upstream(
            [&](const httplib::Request&, httplib::Response& res) {
                res.set_content(completion_body("gpt-test", "secure", 2, 1), "application/json");
            },
            certs.file("cert.pem"), certs.file("key.pem"));

        SUBCASE("with ca_file")
        {
            Server server(config_for(upstream.url("localhost"),
                                     "ca_file = \"" + certs.file("cert.pem") + "\"\n"),
                          k_env);
            auto reply = post(server.port(), "/v1/chat/completions", chat_body("fake/gpt-test", "x"));
            CHECK(reply.status == 200);
            CHECK(reply.json()["choices"][0]["message"]["content"] == "secure");
        }
        SUBCASE("without ca_file")
        {
            Server server(config_for(upstream.url("localhost")), k_env);
            auto reply = post(server.port(), "/v1/chat/completions", chat_body("fake/gpt-test", "x"));
            CHECK(reply.status == 502);
            CHECK(reply.json()["error"]["message"]
                  == "TLS certificate verification failed for upstream https://localhost:"
                         + std::to_string(upstream.port()));
            CHECK(reply.json()["error"]["code"] == "upstream_unreachable");
        }
    }
}
