// `llmp serve` in front of a Responses API upstream (the openai-responses kind), played by the
// standalone fake upstream binary (tests/fake_upstream): Chat clients get whole answers,
// streams with reasoning and tool calls, usage and mid-stream failures translated from the
// typed Responses events; and the fake itself answers like OpenAI's /v1/responses.
#include "support/http_client.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <csignal>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using namespace llmp::test;
using nlohmann::json;

namespace {

// The fake upstream binary on a free port: started, its "port=N" line awaited, always stopped.
class FakeUpstreamProcess {
public:
    FakeUpstreamProcess()
    {
        int out[2];
        REQUIRE(pipe(out) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        posix_spawn_file_actions_addclose(&actions, out[1]);
        std::string path = LLMP_FAKE_UPSTREAM_BINARY;
        char* argv[] = {path.data(), nullptr};
        int spawned = posix_spawn(&m_pid, path.c_str(), &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        close(out[1]);
        REQUIRE(spawned == 0);
        std::string line;
        pollfd ready = {out[0], POLLIN, 0};
        while (line.find('\n') == std::string::npos && poll(&ready, 1, 10'000) > 0) {
            char buffer[64];
            ssize_t got = read(out[0], buffer, sizeof buffer);
            if (got <= 0) break;
            line.append(buffer, size_t(got));
        }
        close(out[0]);
        REQUIRE_MESSAGE(line.starts_with("port="), "fake upstream said: " << line);
        m_port = std::stoi(line.substr(5));
    }

    ~FakeUpstreamProcess()
    {
        if (m_pid <= 0) return;
        kill(m_pid, SIGTERM);
        int status = 0;
        while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
    }

    FakeUpstreamProcess(const FakeUpstreamProcess&) = delete;
    FakeUpstreamProcess& operator=(const FakeUpstreamProcess&) = delete;

    int port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/v1"; }

    // The requests the fake has seen (its GET /_requests).
    json requests() const { return get(m_port, "/_requests").json(); }

private:
    pid_t m_pid = -1;
    int m_port = 0;
};

const std::vector<std::string> k_env = {"LLMP_TEST_FAKE_KEY=sk-test-responses"};

std::string config_for(const FakeUpstreamProcess& fake)
{
    return "[ledger]\npath = \"{ledger}\"\n"
           "[providers.fake]\nkind = \"openai-responses\"\nbase_url = \""
        + fake.url() + "\"\napi_key = \"env:LLMP_TEST_FAKE_KEY\"\ntimeout_ms = 5000\n";
}

const std::string k_tools =
    R"("tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}])";

// The chunks of a Chat stream, [DONE] left out.
std::vector<json> chunks_of(const std::string& body)
{
    std::vector<json> chunks;
    for (const auto& payload : sse_payloads(body))
        if (payload != "[DONE]") chunks.push_back(json::parse(payload));
    return chunks;
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("openai-responses upstream: a Chat client's plain answer, usage in the ledger")
    {
        FakeUpstreamProcess fake;
        Server server(config_for(fake), k_env);
        auto reply = post(server.port(), "/v1/chat/completions", chat_body("fake/gpt-5", "hi [think]"));
        REQUIRE(reply.status == 200);
        json body = reply.json();
        CHECK(body["choices"][0]["message"]["content"] == "Hello from responses!");
        CHECK(body["choices"][0]["message"]["reasoning_content"] == "Let me think about it.");
        CHECK(body["choices"][0]["finish_reason"] == "stop");
        CHECK(body["usage"]["prompt_tokens"] == 24);
        CHECK(body["usage"]["prompt_tokens_details"]["cached_tokens"] == 6);
        CHECK(body["usage"]["completion_tokens"] == 11);

        json seen = fake.requests();
        REQUIRE(seen.size() == 1);
        CHECK(seen[0]["path"] == "/v1/responses");
        CHECK(seen[0]["body"]["model"] == "gpt-5");
        CHECK(seen[0]["headers"]["authorization"] == "Bearer sk-test-responses");

        auto rows = wait_for_rows(server.ledger_path(), 1);
        CHECK(rows[0].status == 200);
        CHECK(rows[0].usage.input == 18);
        CHECK(rows[0].usage.cached_input == 6);
        CHECK(rows[0].usage.output == 11);
        CHECK(rows[0].usage.reasoning == 4);
    }

    TEST_CASE("openai-responses upstream: streams with reasoning, text and a tool call")
    {
        FakeUpstreamProcess fake;
        Server server(config_for(fake), k_env);

        SUBCASE("reasoning then text, usage at the end")
        {
            auto reply = post(server.port(), "/v1/chat/completions",
                              chat_body("fake/gpt-5", "hi [think]", true, true));
            REQUIRE(reply.status == 200);
            std::string reasoning;
            std::string text;
            json usage;
            for (const auto& chunk : chunks_of(reply.body)) {
                if (!chunk["usage"].is_null()) usage = chunk["usage"];
                if (chunk["choices"].empty()) continue;
                const json& delta = chunk["choices"][0]["delta"];
                if (delta.contains("reasoning_content")) reasoning += delta["reasoning_content"].get<std::string>();
                if (delta.contains("content")) text += delta["content"].get<std::string>();
            }
            CHECK(reasoning == "Let me think about it.");
            CHECK(text == "Hello from responses!");
            CHECK(usage["prompt_tokens"] == 24);
            CHECK(usage["completion_tokens_details"]["reasoning_tokens"] == 4);
            CHECK(reply.body.ends_with("data: [DONE]\n\n"));
        }
        SUBCASE("a tool call")
        {
            std::string body = R"({"model":"fake/gpt-5","stream":true,"messages":[{"role":"user","content":"weather? [tool]"}],)"
                + k_tools + "}";
            auto reply = post(server.port(), "/v1/chat/completions", body);
            REQUIRE(reply.status == 200);
            std::string arguments;
            std::string id;
            std::string finish;
            for (const auto& chunk : chunks_of(reply.body)) {
                if (chunk["choices"].empty()) continue;
                const json& choice = chunk["choices"][0];
                if (choice["finish_reason"].is_string()) finish = choice["finish_reason"];
                if (!choice["delta"].contains("tool_calls")) continue;
                const json& call = choice["delta"]["tool_calls"][0];
                CHECK(call["index"] == 0);
                if (call.contains("id")) id = call["id"];
                arguments += call["function"].value("arguments", "");
            }
            CHECK(id == "call_fake_1");
            CHECK(arguments == R"({"city":"Paris"})");
            CHECK(finish == "tool_calls");
            json seen = fake.requests();
            REQUIRE(seen.size() == 1);
            CHECK(seen[0]["body"]["stream"] == true);
            CHECK(seen[0]["body"]["tools"][0]["name"] == "get_weather");
        }
        SUBCASE("a failure after the first delta reaches the client as an error")
        {
            auto reply = post(server.port(), "/v1/chat/completions", chat_body("fake/gpt-5", "hi [midstream]", true));
            REQUIRE(reply.status == 200);
            auto chunks = chunks_of(reply.body);
            REQUIRE_FALSE(chunks.empty());
            CHECK(chunks.back()["error"]["message"] == "boom");
            CHECK(reply.body.find("[DONE]") == std::string::npos);
            auto rows = wait_for_rows(server.ledger_path(), 1);
            CHECK(rows[0].error_class != "");
        }
    }

    TEST_CASE("fake upstream: /v1/responses answers like OpenAI")
    {
        FakeUpstreamProcess fake;

        SUBCASE("a whole response echoes the request")
        {
            auto reply = post(fake.port(), "/v1/responses",
                              R"({"model":"gpt-5","input":"hi","instructions":"Be brief.","temperature":0.2})");
            REQUIRE(reply.status == 200);
            json body = reply.json();
            CHECK(body["object"] == "response");
            CHECK(body["status"] == "completed");
            CHECK(body["instructions"] == "Be brief.");
            CHECK(body["temperature"] == 0.2);
            CHECK(body["output"][0]["content"][0]["text"] == "Hello from responses!");
            CHECK(body["usage"]["total_tokens"] == 35);
        }
        SUBCASE("a stream under the base path without /v1, a custom tool, numbered events")
        {
            auto reply = post(fake.port(), "/responses", R"({"model":"gpt-5","stream":true,
                "input":[{"role":"user","content":[{"type":"input_text","text":"patch it [tool]"}]}],
                "tools":[{"type":"custom","name":"apply_patch"}]})");
            REQUIRE(reply.status == 200);
            std::vector<json> events = chunks_of(reply.body);
            REQUIRE(events.size() >= 4);
            for (size_t i = 0; i < events.size(); ++i) CHECK(events[i]["sequence_number"] == i);
            CHECK(events.front()["type"] == "response.created");
            CHECK(events.back()["type"] == "response.completed");
            const json& item = events.back()["response"]["output"][0];
            CHECK(item["type"] == "custom_tool_call");
            CHECK(item["input"] == "Paris");
            CHECK(item["call_id"] == "call_fake_1");
            CHECK(reply.body.find("[DONE]") == std::string::npos);
        }
        SUBCASE("a tool result gets its answer")
        {
            auto reply = post(fake.port(), "/v1/responses", R"({"model":"gpt-5","input":[
                {"role":"user","content":"weather? [tool]"},
                {"type":"function_call","call_id":"call_fake_1","name":"get_weather","arguments":"{}"},
                {"type":"function_call_output","call_id":"call_fake_1","output":"sunny"}],
                "tools":[{"type":"function","name":"get_weather"}]})");
            CHECK(reply.json()["output"][0]["content"][0]["text"] == "The weather is sunny.");
        }
        SUBCASE("errors")
        {
            CHECK(post(fake.port(), "/v1/responses", R"({"input":"hi"})").json()["error"]["code"] ==
                  "missing_required_parameter");
            auto stale = post(fake.port(), "/v1/responses", R"({"model":"m","input":"hi","previous_response_id":"resp_x"})");
            CHECK(stale.status == 400);
            CHECK(stale.json()["error"]["code"] == "previous_response_not_found");
            auto limited = post(fake.port(), "/v1/responses", R"({"model":"m","input":"hi [429]"})");
            CHECK(limited.status == 429);
            CHECK(limited.json()["error"]["code"] == "rate_limit_exceeded");
        }
    }
}
