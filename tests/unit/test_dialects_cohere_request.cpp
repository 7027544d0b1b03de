#include "llmp/dialects/cohere.hpp"

#include <doctest/doctest.h>

using llmp::Json;
namespace canonical = llmp::canonical;
namespace cohere = llmp::dialects::cohere;
using Kind = canonical::Part::Kind;

namespace {
canonical::Part part(Kind kind, std::string text = {})
{
    canonical::Part p;
    p.kind = kind;
    p.text = std::move(text);
    return p;
}

canonical::Part tool_call(std::string id, std::string name, std::string arguments)
{
    canonical::Part p = part(Kind::tool_call);
    p.id = std::move(id);
    p.name = std::move(name);
    p.arguments = std::move(arguments);
    return p;
}

canonical::Part tool_result(std::string id, std::vector<canonical::Part> content)
{
    canonical::Part p = part(Kind::tool_result);
    p.id = std::move(id);
    p.content = std::move(content);
    return p;
}

canonical::Part image_url(std::string url)
{
    canonical::Part p = part(Kind::image);
    p.url = std::move(url);
    return p;
}

canonical::Message message(canonical::Role role, std::vector<canonical::Part> parts)
{
    return canonical::Message{role, std::move(parts)};
}

canonical::Request hello()
{
    canonical::Request r;
    r.model = "command-a-03-2025";
    r.messages.push_back(message(canonical::Role::user, {canonical::Part::make_text("Hi")}));
    return r;
}

std::string encoded(const canonical::Request& request)
{
    auto body = cohere::encode_request(request);
    REQUIRE(body.has_value());
    return body->dump();
}

std::string refusal(const canonical::Request& request)
{
    auto body = cohere::encode_request(request);
    REQUIRE_FALSE(body.has_value());
    CHECK(body.error().code == llmp::ErrorCode::invalid_input);
    return body.error().message;
}
} // namespace

TEST_CASE("cohere request: system, tools, a tool round trip and sampling fields")
{
    CHECK(cohere::k_chat_path == "/v2/chat");
    canonical::Request r;
    r.model = "command-a-03-2025";
    r.system = {canonical::Part::make_text("Be brief."), canonical::Part::make_text("Use metric.")};
    r.messages.push_back(message(canonical::Role::user, {canonical::Part::make_text("Weather in Paris?")}));
    r.messages.push_back(message(canonical::Role::assistant,
                                 {part(Kind::thinking, "They want weather."),
                                  canonical::Part::make_text("Let me check."),
                                  tool_call("t1", "get_weather", R"({"city":"Paris"})")}));
    r.messages.push_back(message(canonical::Role::tool,
                                 {tool_result("t1", {canonical::Part::make_text("18"),
                                                     canonical::Part::make_text("sunny")})}));
    r.messages.push_back(message(canonical::Role::assistant,
                                 {part(Kind::thinking, "done"), canonical::Part::make_text("18 C, sunny.")}));
    r.messages.push_back(message(canonical::Role::user, {canonical::Part::make_text("And"),
                                                         canonical::Part::make_text("Rome?")}));
    canonical::Tool tool;
    tool.name = "get_weather";
    tool.description = "Current weather";
    tool.parameters = Json::parse(R"({"type":"object","properties":{"city":{"type":"string"}}})");
    r.tools.push_back(tool);
    canonical::Tool bare;
    bare.name = "now";
    r.tools.push_back(bare);
    r.tool_choice.mode = canonical::ToolChoice::Mode::required;
    r.parallel_tool_calls = false;
    r.max_tokens = 100;
    r.stop = {"END"};
    r.temperature = 0.5;
    r.top_p = 0.25;
    r.top_k = 40;
    r.seed = 7;
    r.user = "u-1";
    r.stream = true;

    CHECK(encoded(r) == Json::parse(R"({
        "model":"command-a-03-2025",
        "messages":[
          {"role":"system","content":"Be brief.\n\nUse metric."},
          {"role":"user","content":"Weather in Paris?"},
          {"role":"assistant","tool_plan":"Let me check.",
           "tool_calls":[{"id":"t1","type":"function",
                          "function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
          {"role":"tool","tool_call_id":"t1","content":"18\n\nsunny"},
          {"role":"assistant","content":"18 C, sunny."},
          {"role":"user","content":[{"type":"text","text":"And"},{"type":"text","text":"Rome?"}]}],
        "tools":[
          {"type":"function","function":{"name":"get_weather","description":"Current weather",
            "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},
          {"type":"function","function":{"name":"now","parameters":{}}}],
        "tool_choice":"REQUIRED",
        "max_tokens":100,
        "stop_sequences":["END"],
        "temperature":0.5,
        "p":0.25,
        "k":40,
        "seed":7,
        "stream":true})").dump());
}

TEST_CASE("cohere request: assistant turns")
{
    canonical::Request r = hello();
    SUBCASE("a tool call without text sends the thinking back as tool_plan")
    {
        r.messages.push_back(message(canonical::Role::assistant,
                                     {part(Kind::thinking, "I will call now."), tool_call("c9", "now", "")}));
        CHECK(encoded(r) == R"({"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"},)"
                            R"({"role":"assistant","tool_plan":"I will call now.","tool_calls":[{"id":"c9",)"
                            R"("type":"function","function":{"name":"now","arguments":"{}"}}]}]})");
    }
    SUBCASE("a turn of thinking only is left out")
    {
        r.messages.push_back(message(canonical::Role::assistant, {part(Kind::thinking, "hm")}));
        CHECK(encoded(r) == R"({"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}]})");
    }
    SUBCASE("tool results and text in one user turn: results first")
    {
        r.messages[0].parts.insert(r.messages[0].parts.begin(),
                                   tool_result("c9", {canonical::Part::make_text("12:00")}));
        CHECK(encoded(r) == R"({"model":"command-a-03-2025","messages":[{"role":"tool","tool_call_id":"c9",)"
                            R"("content":"12:00"},{"role":"user","content":"Hi"}]})");
    }
}

TEST_CASE("cohere request: tool_choice")
{
    canonical::Request r = hello();
    SUBCASE("none")
    {
        r.tool_choice.mode = canonical::ToolChoice::Mode::none;
        CHECK(encoded(r) == R"({"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}],"tool_choice":"NONE"})");
    }
    SUBCASE("auto is Cohere's default and omitted")
    {
        r.tool_choice.mode = canonical::ToolChoice::Mode::auto_;
        CHECK(encoded(r) == R"({"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}]})");
    }
    SUBCASE("a named tool is refused")
    {
        r.tool_choice.mode = canonical::ToolChoice::Mode::named;
        r.tool_choice.name = "get_weather";
        CHECK(refusal(r) == "tool_choice: Cohere upstreams cannot force a specific tool");
    }
}

TEST_CASE("cohere request: response_format")
{
    canonical::Request r = hello();
    SUBCASE("json_object")
    {
        r.response_format.kind = canonical::ResponseFormat::Kind::json_object;
        CHECK(encoded(r) == R"({"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}],)"
                            R"("response_format":{"type":"json_object"}})");
    }
    SUBCASE("json_schema")
    {
        r.response_format.kind = canonical::ResponseFormat::Kind::json_schema;
        r.response_format.name = "city";
        r.response_format.schema = Json::parse(R"({"type":"object","required":["name"]})");
        CHECK(encoded(r) == R"({"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}],)"
                            R"("response_format":{"type":"json_object","json_schema":{"type":"object","required":["name"]}}})");
    }
}

TEST_CASE("cohere request: reasoning becomes thinking")
{
    canonical::Request r = hello();
    r.model = "command-a-reasoning-08-2025";
    r.reasoning = canonical::Reasoning{};
    std::string prefix = R"({"model":"command-a-reasoning-08-2025","messages":[{"role":"user","content":"Hi"}],"thinking":)";
    SUBCASE("effort none disables it")
    {
        r.reasoning->effort = "none";
        CHECK(encoded(r) == prefix + R"({"type":"disabled"}})");
    }
    SUBCASE("an effort becomes its budget")
    {
        r.reasoning->effort = "high";
        CHECK(encoded(r) == prefix + R"({"type":"enabled","token_budget":16384}})");
    }
    SUBCASE("a budget is sent as it is")
    {
        r.reasoning->budget_tokens = 3000;
        CHECK(encoded(r) == prefix + R"({"type":"enabled","token_budget":3000}})");
    }
    SUBCASE("a zero budget disables it")
    {
        r.reasoning->budget_tokens = 0;
        CHECK(encoded(r) == prefix + R"({"type":"disabled"}})");
    }
    SUBCASE("models that do not reason get no thinking field")
    {
        r.model = "command-a-03-2025";
        r.reasoning->effort = "high";
        CHECK(encoded(r) == R"({"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}]})");
    }
}

TEST_CASE("cohere request: system messages stay in place")
{
    canonical::Request r = hello();
    r.system = {canonical::Part::make_text("Be brief.")};
    r.messages.push_back(message(canonical::Role::assistant, {canonical::Part::make_text("Hello.")}));
    r.messages.push_back(message(canonical::Role::system, {canonical::Part::make_text("Now in French."),
                                                           canonical::Part::make_text("Politely.")}));
    r.messages.push_back(message(canonical::Role::user, {canonical::Part::make_text("Merci")}));
    CHECK(encoded(r) == R"({"model":"command-a-03-2025","messages":[{"role":"system","content":"Be brief."},)"
                        R"({"role":"user","content":"Hi"},{"role":"assistant","content":"Hello."},)"
                        R"({"role":"system","content":"Now in French.\n\nPolitely."},{"role":"user","content":"Merci"}]})");
}

TEST_CASE("cohere request: images are refused")
{
    canonical::Request r = hello();
    SUBCASE("in a user turn")
    {
        r.messages[0].parts.push_back(image_url("https://example.com/cat.png"));
        CHECK(refusal(r) == "messages[0].content[1]: images are not supported by Cohere upstreams");
    }
    SUBCASE("in a tool result")
    {
        r.messages.push_back(message(canonical::Role::assistant, {tool_call("c1", "snap", "{}")}));
        r.messages.push_back(message(canonical::Role::tool,
                                     {tool_result("c1", {canonical::Part::make_text("ok"),
                                                         image_url("data:image/png;base64,AA==")})}));
        CHECK(refusal(r) == "messages[2].content[0].content[1]: images are not supported by Cohere upstreams");
    }
}
