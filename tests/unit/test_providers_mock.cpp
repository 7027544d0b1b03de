#include "llmp/providers/provider.hpp"
#include "llmp/upstream/sse.hpp"

#include <doctest/doctest.h>

using namespace llmp;

namespace {
std::unique_ptr<providers::Provider> mock_with(config::MockSettings settings)
{
    config::Provider p;
    p.name = "mock";
    p.kind = config::ProviderKind::mock;
    p.mock = settings;
    return providers::make_mock(p);
}

Json chat(const std::string& text, bool stream = false, bool usage = false)
{
    Json body = {{"model", "echo"},
                 {"messages", {{{"role", "system"}, {"content", "be brief"}},
                               {{"role", "user"}, {"content", text}}}}};
    if (stream) body["stream"] = true;
    if (usage) body["stream_options"] = {{"include_usage", true}};
    return body;
}
} // namespace

TEST_CASE("mock echoes the last user message with exact usage")
{
    auto mock = mock_with({});
    Json request = chat("hello big world");
    auto r = mock->send({providers::Operation::chat, "echo", false, &request, request.dump()}, nullptr);
    REQUIRE(r);
    CHECK(r->status == 200);
    auto body = Json::parse(r->body);
    CHECK(body["object"] == "chat.completion");
    CHECK(body["model"] == "echo");
    CHECK(body["choices"][0]["message"]["content"] == "hello big world");
    CHECK(body["choices"][0]["finish_reason"] == "stop");
    CHECK(body["usage"]["prompt_tokens"] == 5);  // "be brief" + "hello big world"
    CHECK(body["usage"]["completion_tokens"] == 3);
    CHECK(body["usage"]["total_tokens"] == 8);
}

TEST_CASE("mock: configured text, answer length and max_tokens")
{
    config::MockSettings s;
    s.text = "one two";
    s.answer_tokens = 5;
    auto mock = mock_with(s);
    Json request = chat("ignored");
    auto body = Json::parse(mock->send({providers::Operation::chat, "echo", false, &request, ""}, nullptr)->body);
    CHECK(body["choices"][0]["message"]["content"] == "one two one two one");
    CHECK(body["usage"]["completion_tokens"] == 5);

    request["max_tokens"] = 2;
    body = Json::parse(mock->send({providers::Operation::chat, "echo", false, &request, ""}, nullptr)->body);
    CHECK(body["choices"][0]["message"]["content"] == "one two");
    CHECK(body["choices"][0]["finish_reason"] == "length");
}

TEST_CASE("mock stream is exact OpenAI SSE")
{
    auto mock = mock_with({});
    Json request = chat("a b", true, true);
    std::string raw;
    upstream::BodyStream hooks;
    int head_status = 0;
    hooks.on_head = [&](int status, const upstream::Headers&) { head_status = status; return true; };
    hooks.on_body = [&](std::string_view piece) { raw += piece; return true; };
    auto r = mock->send({providers::Operation::chat, "echo", true, &request, ""}, &hooks);
    REQUIRE(r);
    CHECK(head_status == 200);
    std::vector<upstream::SseEvent> events;
    upstream::SseParser parser([&](upstream::SseEvent&& e) { events.push_back(e); return true; });
    parser.feed(raw);
    REQUIRE(events.size() == 6);  // role, "a", " b", finish, usage, [DONE]
    auto first = Json::parse(events[0].data);
    CHECK(first["object"] == "chat.completion.chunk");
    CHECK(first["choices"][0]["delta"]["role"] == "assistant");
    CHECK(first["usage"].is_null());
    CHECK(Json::parse(events[1].data)["choices"][0]["delta"]["content"] == "a");
    CHECK(Json::parse(events[2].data)["choices"][0]["delta"]["content"] == " b");
    CHECK(Json::parse(events[3].data)["choices"][0]["finish_reason"] == "stop");
    auto usage = Json::parse(events[4].data);
    CHECK(usage["choices"].empty());
    CHECK(usage["usage"]["completion_tokens"] == 2);
    CHECK(events[5].data == "[DONE]");
}

TEST_CASE("mock stream without include_usage has no usage at all")
{
    auto mock = mock_with({});
    Json request = chat("a", true, false);
    std::string raw;
    upstream::BodyStream hooks;
    hooks.on_body = [&](std::string_view piece) { raw += piece; return true; };
    REQUIRE(mock->send({providers::Operation::chat, "echo", true, &request, ""}, &hooks));
    CHECK(raw.find("usage") == std::string::npos);
}

TEST_CASE("mock error injection is deterministic")
{
    config::MockSettings s;
    s.error_status = 503;
    s.error_rate = 0.25;
    auto mock = mock_with(s);
    Json request = chat("x");
    std::vector<int> statuses;
    for (int i = 0; i < 8; ++i)
        statuses.push_back(mock->send({providers::Operation::chat, "echo", false, &request, ""}, nullptr)->status);
    CHECK(statuses == std::vector<int>{200, 200, 200, 503, 200, 200, 200, 503});
}
