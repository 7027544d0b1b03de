// The Responses API through `llmp serve`: translated to a Chat Completions upstream, passed
// through to a Responses upstream, conversation state kept by llmp (previous_response_id,
// item_reference, GET/DELETE), the WebSocket refusal Codex needs, and the ledger rows.
#include "support/fake_upstream.hpp"
#include "support/http_client.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

using namespace llmp::test;
using nlohmann::json;

namespace {

std::string config_for(const std::string& chat_url, const std::string& responses_url = "")
{
    std::string text = "[ledger]\npath = \"{ledger}\"\n"
                       "[providers.chat]\nkind = \"openai\"\nbase_url = \"" + chat_url + "\"\napi_key = \"sk-chat\"\n"
                       "[prices.\"chat/gpt-test\"]\ninput = 1.0\noutput = 2.0\n";
    if (!responses_url.empty())
        text += "[providers.resp]\nkind = \"openai-responses\"\nbase_url = \"" + responses_url
            + "\"\napi_key = \"sk-resp\"\n";
    return text;
}

// A chat upstream that answers "answer N" to its Nth request, with usage.
FakeUpstream chat_upstream(int& calls)
{
    return FakeUpstream([&calls](const httplib::Request& req, httplib::Response& res) {
        auto body = json::parse(req.body);
        ++calls;
        res.set_content(completion_body(body["model"], "answer " + std::to_string(calls), 12, 3),
                        "application/json");
    });
}

httplib::Client client_for(const Server& server)
{
    httplib::Client client("127.0.0.1", server.port());
    client.set_read_timeout(10, 0);
    return client;
}

std::string output_text(const json& response)
{
    std::string text;
    for (const auto& item : response["output"])
        if (item["type"] == "message")
            for (const auto& part : item["content"])
                if (part["type"] == "output_text") text += part["text"].get<std::string>();
    return text;
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("responses: a WebSocket upgrade gets 426 at once and a ledger row")
    {
        int calls = 0;
        FakeUpstream upstream = chat_upstream(calls);
        Server server(config_for(upstream.url()));
        auto client = client_for(server);
        auto answer = client.Get("/v1/responses", {{"Upgrade", "websocket"}, {"Connection", "Upgrade"},
                                                   {"Sec-WebSocket-Version", "13"},
                                                   {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}});
        REQUIRE(answer);
        CHECK(answer->status == 426);
        CHECK(json::parse(answer->body)["error"]["code"] == "websocket_not_supported");
        auto rows = wait_for_rows(server.ledger_path(), 1);
        CHECK(rows[0].endpoint == "/v1/responses");
        CHECK(rows[0].status == 426);
        CHECK(rows[0].error_class == "websocket_refused");
        CHECK(calls == 0);
    }

    TEST_CASE("responses: an unknown previous_response_id gets OpenAI's own error, and nothing goes upstream")
    {
        int calls = 0;
        FakeUpstream upstream = chat_upstream(calls);
        Server server(config_for(upstream.url()));
        auto reply = post(server.port(), "/v1/responses",
                          R"({"model":"chat/gpt-test","input":"hi","previous_response_id":"resp_nope"})");
        CHECK(reply.status == 400);
        auto error = reply.json()["error"];
        CHECK(error["code"] == "previous_response_not_found");
        CHECK(error["param"] == "previous_response_id");
        CHECK(error["message"] == "Previous response with id 'resp_nope' not found.");
        CHECK(calls == 0);
        auto rows = wait_for_rows(server.ledger_path(), 1);
        CHECK(rows[0].dialect == "responses");
        CHECK(rows[0].status == 400);
    }

    TEST_CASE("responses: an unknown model is a 404 from the router before the body is judged")
    {
        int calls = 0;
        FakeUpstream upstream = chat_upstream(calls);
        Server server(config_for(upstream.url()));
        // The input is nonsense too: the model is what the client must hear about first.
        auto reply = post(server.port(), "/v1/responses", R"({"model":"nobody/none","input":42})");
        CHECK(reply.status == 404);
        auto anthropic = post(server.port(), "/v1/messages",
                              R"({"model":"nobody/none","max_tokens":10,"messages":[{"role":"user","content":"a"},{"role":"bogus","content":"b"}]})");
        CHECK(anthropic.status == 404);
        CHECK(anthropic.json()["error"]["type"] == "not_found_error");
    }

    TEST_CASE("responses: translated to a chat upstream, stored, continued by id and by item reference")
    {
        int calls = 0;
        FakeUpstream upstream = chat_upstream(calls);
        Server server(config_for(upstream.url()));

        auto first = post(server.port(), "/v1/responses",
                          R"({"model":"chat/gpt-test","instructions":"Be brief.","input":"first question"})");
        REQUIRE(first.status == 200);
        auto response = first.json();
        CHECK(response["object"] == "response");
        CHECK(response["status"] == "completed");
        CHECK(output_text(response) == "answer 1");
        std::string id = response["id"];
        CHECK(id.rfind("resp_", 0) == 0);
        CHECK(response["usage"]["input_tokens"] == 12);
        CHECK(response["usage"]["output_tokens"] == 3);
        auto sent = json::parse(upstream.seen()[0].body);
        CHECK(sent["model"] == "gpt-test");
        CHECK(sent["messages"][0]["role"] == "system");
        CHECK(sent["messages"][1]["content"] == "first question");

        // The AI SDK's second turn: previous_response_id and only the new input.
        auto second = post(server.port(), "/v1/responses",
                           json{{"model", "chat/gpt-test"}, {"previous_response_id", id}, {"input", "second question"}}.dump());
        REQUIRE(second.status == 200);
        CHECK(output_text(second.json()) == "answer 2");
        auto history = json::parse(upstream.seen()[1].body)["messages"];
        // instructions are not carried over by previous_response_id
        REQUIRE(history.size() == 3);
        CHECK(history[0]["content"] == "first question");
        CHECK(history[1]["role"] == "assistant");
        CHECK(history[1]["content"] == "answer 1");
        CHECK(history[2]["content"] == "second question");

        // An item_reference to the first answer's message item.
        std::string message_id;
        for (const auto& item : response["output"])
            if (item["type"] == "message") message_id = item["id"];
        REQUIRE(!message_id.empty());
        json third_body = {{"model", "chat/gpt-test"},
                           {"input", json::array({{{"role", "user"}, {"content", "first question"}},
                                                  {{"type", "item_reference"}, {"id", message_id}},
                                                  {{"role", "user"}, {"content", "third"}}})}};
        auto third = post(server.port(), "/v1/responses", third_body.dump());
        REQUIRE(third.status == 200);
        auto referenced = json::parse(upstream.seen()[2].body)["messages"];
        REQUIRE(referenced.size() == 3);
        CHECK(referenced[1]["role"] == "assistant");
        CHECK(referenced[1]["content"] == "answer 1");

        // An item that was never stored: OpenAI's 404.
        json missing = {{"model", "chat/gpt-test"}, {"input", json::array({{{"type", "item_reference"}, {"id", "msg_gone"}}})}};
        auto gone = post(server.port(), "/v1/responses", missing.dump());
        CHECK(gone.status == 404);
        CHECK(gone.json()["error"]["message"] == "Item with id 'msg_gone' not found.");
        CHECK(calls == 3);

        // GET gives the stored object back; input_items lists the turn's input; DELETE forgets it.
        auto client = client_for(server);
        auto got = client.Get("/v1/responses/" + id);
        REQUIRE(got);
        CHECK(got->status == 200);
        CHECK(json::parse(got->body)["id"] == id);
        auto items = client.Get("/v1/responses/" + id + "/input_items?order=asc");
        REQUIRE(items);
        CHECK(items->status == 200);
        auto listed = json::parse(items->body);
        CHECK(listed["object"] == "list");
        REQUIRE(listed["data"].size() == 1);
        CHECK(listed["data"][0]["content"] == "first question");
        auto deleted = client.Delete("/v1/responses/" + id);
        REQUIRE(deleted);
        CHECK(deleted->status == 200);
        CHECK(json::parse(deleted->body)["deleted"] == true);
        auto after = client.Get("/v1/responses/" + id);
        REQUIRE(after);
        CHECK(after->status == 404);

        auto rows = wait_for_rows(server.ledger_path(), 4);
        for (const auto& row : rows) {
            CHECK(row.dialect == "responses");
            CHECK(row.endpoint == "/v1/responses");
        }
        int priced = 0;
        for (const auto& row : rows)
            if (row.status == 200) {
                CHECK(row.usage.input == 12);
                CHECK(row.usage.output == 3);
                CHECK(row.cost_nanousd.value_or(0) == 12'000 + 6'000);
                ++priced;
            }
        CHECK(priced == 3);
    }

    TEST_CASE("responses: a tool only OpenAI runs is refused for another provider, naming it; Codex's is left out")
    {
        int calls = 0;
        FakeUpstream upstream = chat_upstream(calls);
        Server server(config_for(upstream.url()));
        std::string body = R"({"model":"chat/gpt-test","input":"search this",
            "tools":[{"type":"function","name":"f","parameters":{"type":"object"}},{"type":"web_search"}]})";
        auto refused = post(server.port(), "/v1/responses", body);
        CHECK(refused.status == 400);
        auto error = refused.json()["error"];
        CHECK(error["param"] == "tools[1].type");
        CHECK(error["code"] == "unsupported_parameter");
        CHECK(error["message"].get<std::string>().find("web_search") != std::string::npos);
        CHECK(calls == 0);

        // Codex declares web_search on every request: served without it.
        auto codex = post(server.port(), "/v1/responses", body, {{"originator", "codex_exec"}});
        CHECK(codex.status == 200);
        REQUIRE(calls == 1);
        auto tools = json::parse(upstream.seen()[0].body)["tools"];
        REQUIRE(tools.size() == 1);
        CHECK(tools[0]["function"]["name"] == "f");
    }

    TEST_CASE("responses: store false keeps nothing")
    {
        int calls = 0;
        FakeUpstream upstream = chat_upstream(calls);
        Server server(config_for(upstream.url()));
        auto reply = post(server.port(), "/v1/responses", R"({"model":"chat/gpt-test","input":"hi","store":false})");
        REQUIRE(reply.status == 200);
        auto client = client_for(server);
        auto got = client.Get("/v1/responses/" + reply.json()["id"].get<std::string>());
        REQUIRE(got);
        CHECK(got->status == 404);
    }

    TEST_CASE("responses: a streamed translation starts with response.created, ends with response.completed, and is stored")
    {
        FakeUpstream upstream([](const httplib::Request& req, httplib::Response& res) {
            auto body = json::parse(req.body);
            CHECK(body["stream"] == true);
            auto frames = stream_frames(body["model"], {"str", "eam"}, true, 7, 2);
            res.set_chunked_content_provider("text/event-stream", [frames](size_t, httplib::DataSink& sink) {
                for (const auto& f : frames) sink.write(f.data(), f.size());
                sink.done();
                return true;
            });
        });
        Server server(config_for(upstream.url()));
        auto reply = post(server.port(), "/v1/responses", R"({"model":"chat/gpt-test","input":"hi","stream":true})");
        REQUIRE(reply.status == 200);
        auto events = sse_payloads(reply.body);
        REQUIRE(events.size() >= 4);
        CHECK(json::parse(events.front())["type"] == "response.created");
        auto last = json::parse(events.back());
        CHECK(last["type"] == "response.completed");
        CHECK(output_text(last["response"]) == "stream");
        CHECK(last["response"]["usage"]["input_tokens"] == 7);
        std::string id = last["response"]["id"];
        auto client = client_for(server);
        auto got = client.Get("/v1/responses/" + id);
        REQUIRE(got);
        CHECK(got->status == 200);
        CHECK(output_text(json::parse(got->body)) == "stream");
        auto rows = wait_for_rows(server.ledger_path(), 1);
        CHECK(rows[0].streamed);
        CHECK(rows[0].usage.input == 7);
        CHECK(rows[0].usage.output == 2);
    }

    TEST_CASE("responses: passed through to a Responses upstream, which is sent the whole input and keeps nothing")
    {
        int calls = 0;
        FakeUpstream chat = chat_upstream(calls);
        FakeUpstream responses([](const httplib::Request&, httplib::Response& res) {
            json answer = {{"id", "resp_upstream1"}, {"object", "response"}, {"created_at", 1}, {"status", "completed"},
                           {"model", "gpt-5-codex"}, {"extra_field", "kept"},
                           {"output", json::array({{{"type", "message"}, {"id", "msg_up1"}, {"status", "completed"},
                                                    {"role", "assistant"},
                                                    {"content", json::array({{{"type", "output_text"}, {"text", "from upstream"},
                                                                              {"annotations", json::array()}}})}}})},
                           {"usage", {{"input_tokens", 20}, {"input_tokens_details", {{"cached_tokens", 5}}},
                                      {"output_tokens", 4}, {"output_tokens_details", {{"reasoning_tokens", 1}}},
                                      {"total_tokens", 24}}}};
            res.set_content(answer.dump(), "application/json");
        });
        Server server(config_for(chat.url(), responses.url()));
        auto first = post(server.port(), "/v1/responses", R"({"model":"resp/gpt-5-codex","input":"one"})");
        REQUIRE(first.status == 200);
        CHECK(first.json()["extra_field"] == "kept");  // the upstream's object, as it came
        CHECK(first.json()["id"] == "resp_upstream1");
        auto second = post(server.port(), "/v1/responses",
                           R"({"model":"resp/gpt-5-codex","input":"two","previous_response_id":"resp_upstream1"})");
        REQUIRE(second.status == 200);
        auto seen = responses.seen();
        REQUIRE(seen.size() == 2);
        CHECK(seen[0].path == "/v1/responses");
        CHECK(seen[0].headers.find("Authorization")->second == "Bearer sk-resp");
        auto sent = json::parse(seen[1].body);
        CHECK(sent["model"] == "gpt-5-codex");
        CHECK(sent["store"] == false);
        CHECK_FALSE(sent.contains("previous_response_id"));
        REQUIRE(sent["input"].size() == 3);
        CHECK(sent["input"][1]["id"] == "msg_up1");
        CHECK(sent["input"][2]["content"] == "two");
        auto rows = wait_for_rows(server.ledger_path(), 2);
        CHECK(rows[0].usage.input == 15);
        CHECK(rows[0].usage.cached_input == 5);
        CHECK(rows[0].usage.output == 4);
        CHECK(calls == 0);
    }

    TEST_CASE("anthropic passthrough relays anthropic-beta")
    {
        FakeUpstream anthropic([](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":1}})",
                            "application/json");
        });
        Server server("[ledger]\npath = \"{ledger}\"\n[providers.ant]\nkind = \"anthropic\"\nbase_url = \""
                      + anthropic.url() + "\"\napi_key = \"sk-ant\"\n");
        // Claude Code's shape: a system message in the middle of the conversation.
        auto reply = post(server.port(), "/v1/messages",
                          R"({"model":"ant/claude-x","max_tokens":10,"messages":[{"role":"user","content":"a"},{"role":"system","content":"mid"},{"role":"user","content":"b"}]})",
                          {{"anthropic-beta", "mid-conversation-system-2026-04-07,context-management-2025-06-27"},
                           {"anthropic-version", "2023-06-01"}});
        CHECK(reply.status == 200);
        auto seen = anthropic.seen();
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].headers.find("anthropic-beta")->second
              == "mid-conversation-system-2026-04-07,context-management-2025-06-27");
        CHECK(seen[0].headers.count("anthropic-version") == 1);
        CHECK(seen[0].headers.find("x-api-key")->second == "sk-ant");
        CHECK(json::parse(seen[0].body)["messages"][1]["role"] == "system");
    }
}
