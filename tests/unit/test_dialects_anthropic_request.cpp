#include "llmp/dialects/anthropic.hpp"
#include "llmp/dialects/cohere.hpp"
#include "llmp/dialects/gemini.hpp"
#include "llmp/dialects/openai.hpp"

#include <doctest/doctest.h>

#include <string>

using llmp::Json;
using llmp::canonical::Message;
using llmp::canonical::Part;
using llmp::canonical::Request;
using llmp::canonical::Role;
namespace anthropic = llmp::dialects::anthropic;

namespace {

// The canonical request as JSON, every set field and nothing else, so a test states the whole
// expected meaning in one literal and a failure shows exactly what differs.
Json part_json(const Part& part)
{
    static const char* const k_kinds[] = {"text", "image", "thinking", "redacted_thinking", "tool_call", "tool_result"};
    Json out = {{"kind", k_kinds[int(part.kind)]}};
    auto add = [&](const char* key, const std::string& value) {
        if (!value.empty()) out[key] = value;
    };
    add("text", part.text);
    add("signature", part.signature);
    add("url", part.url);
    add("media_type", part.media_type);
    add("data", part.data);
    add("id", part.id);
    add("name", part.name);
    add("arguments", part.arguments);
    if (!part.content.empty()) {
        out["content"] = Json::array();
        for (const auto& inner : part.content) out["content"].push_back(part_json(inner));
    }
    if (part.is_error) out["is_error"] = true;
    return out;
}

Json parts_json(const std::vector<Part>& parts)
{
    Json out = Json::array();
    for (const auto& part : parts) out.push_back(part_json(part));
    return out;
}

Json request_json(const Request& r)
{
    static const char* const k_roles[] = {"user", "assistant", "tool", "system"};
    static const char* const k_modes[] = {"unset", "auto", "none", "required", "named"};
    static const char* const k_formats[] = {"text", "json_object", "json_schema"};
    Json out = {{"model", r.model}, {"max_tokens", r.max_tokens ? Json(*r.max_tokens) : Json(nullptr)}};
    if (!r.system.empty()) out["system"] = parts_json(r.system);
    out["messages"] = Json::array();
    for (const auto& m : r.messages)
        out["messages"].push_back({{"role", k_roles[int(m.role)]}, {"parts", parts_json(m.parts)}});
    if (!r.tools.empty()) {
        out["tools"] = Json::array();
        for (const auto& t : r.tools) {
            Json tool = {{"name", t.name}, {"description", t.description}, {"parameters", t.parameters}};
            if (t.strict) tool["strict"] = *t.strict;
            out["tools"].push_back(tool);
        }
    }
    if (r.tool_choice.mode != llmp::canonical::ToolChoice::Mode::unset)
        out["tool_choice"] = std::string(k_modes[int(r.tool_choice.mode)]) +
                             (r.tool_choice.name.empty() ? "" : ":" + r.tool_choice.name);
    if (r.parallel_tool_calls) out["parallel_tool_calls"] = *r.parallel_tool_calls;
    if (r.temperature) out["temperature"] = *r.temperature;
    if (r.top_p) out["top_p"] = *r.top_p;
    if (r.top_k) out["top_k"] = *r.top_k;
    if (!r.stop.empty()) out["stop"] = r.stop;
    if (r.response_format.kind != llmp::canonical::ResponseFormat::Kind::text)
        out["response_format"] = {{"kind", k_formats[int(r.response_format.kind)]},
                                  {"schema", r.response_format.schema}};
    if (r.reasoning) {
        Json reasoning = {{"effort", r.reasoning->effort}};
        if (r.reasoning->budget_tokens) reasoning["budget_tokens"] = *r.reasoning->budget_tokens;
        reasoning["include_thoughts"] = r.reasoning->include_thoughts;
        out["reasoning"] = reasoning;
    }
    if (!r.user.empty()) out["user"] = r.user;
    out["stream"] = r.stream;
    return out;
}

std::string decoded(const std::string& body)
{
    auto request = anthropic::decode_request(Json::parse(body));
    REQUIRE(request.has_value());
    return request_json(*request).dump();
}

std::string decode_error(const std::string& body)
{
    auto request = anthropic::decode_request(Json::parse(body));
    REQUIRE_FALSE(request.has_value());
    CHECK(request.error().code == llmp::ErrorCode::invalid_input);
    return request.error().message;
}

std::string encoded(const Request& request)
{
    auto body = anthropic::encode_request(request);
    REQUIRE(body.has_value());
    return body->dump();
}

std::string encode_error(const Request& request)
{
    auto body = anthropic::encode_request(request);
    REQUIRE_FALSE(body.has_value());
    CHECK(body.error().code == llmp::ErrorCode::invalid_input);
    return body.error().message;
}

Part text(const std::string& t)
{
    return Part::make_text(t);
}

Part tool_call(const std::string& id, const std::string& name, const std::string& arguments)
{
    Part p;
    p.kind = Part::Kind::tool_call;
    p.id = id;
    p.name = name;
    p.arguments = arguments;
    return p;
}

Part tool_result(const std::string& id, const std::string& content)
{
    Part p;
    p.kind = Part::Kind::tool_result;
    p.id = id;
    p.content.push_back(text(content));
    return p;
}

Part image_url(const std::string& url)
{
    Part p;
    p.kind = Part::Kind::image;
    p.url = url;
    return p;
}

Request minimal(std::vector<Message> messages)
{
    Request r;
    r.model = "claude-sonnet-4-5";
    r.max_tokens = 100;
    r.messages = std::move(messages);
    return r;
}

// providers.md §3.1
const char* const k_example = R"({"model":"claude-sonnet-4-5","max_tokens":1024,"system":"Be brief.",
 "messages":[{"role":"user","content":"Weather in Paris?"},
  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]},
  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"18C"}]}],
 "tools":[{"name":"get_weather","description":"Current weather","input_schema":{"type":"object",
   "properties":{"city":{"type":"string"}},"required":["city"]}}],
 "tool_choice":{"type":"auto"},"stream":false})";

} // namespace

TEST_CASE("anthropic decode_request: the reference example")
{
    CHECK(decoded(k_example) ==
          Json::parse(R"({"model":"claude-sonnet-4-5","max_tokens":1024,
            "system":[{"kind":"text","text":"Be brief."}],
            "messages":[
              {"role":"user","parts":[{"kind":"text","text":"Weather in Paris?"}]},
              {"role":"assistant","parts":[{"kind":"tool_call","id":"toolu_01","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}]},
              {"role":"tool","parts":[{"kind":"tool_result","id":"toolu_01","name":"get_weather","content":[{"kind":"text","text":"18C"}]}]}],
            "tools":[{"name":"get_weather","description":"Current weather","parameters":{"type":"object",
              "properties":{"city":{"type":"string"}},"required":["city"]}}],
            "tool_choice":"auto","stream":false})")
              .dump());
}

TEST_CASE("anthropic decode_request: options")
{
    CHECK(decoded(R"({"model":"m","max_tokens":2000,"messages":[],"temperature":0.5,"top_p":0.9,"top_k":40,
        "stop_sequences":["END","STOP"],"stream":true,"metadata":{"user_id":"u-42"},
        "tools":[{"type":"custom","name":"f","input_schema":{"type":"object"},"strict":true}],
        "tool_choice":{"type":"any","disable_parallel_tool_use":true},
        "thinking":{"type":"enabled","budget_tokens":2048},
        "output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{}}}},
        "service_tier":"auto","cache_control":{"type":"ephemeral"}})") ==
          Json::parse(R"({"model":"m","max_tokens":2000,"messages":[],
            "tools":[{"name":"f","description":"","parameters":{"type":"object"},"strict":true}],
            "tool_choice":"required","parallel_tool_calls":false,"temperature":0.5,"top_p":0.9,"top_k":40,
            "stop":["END","STOP"],
            "response_format":{"kind":"json_schema","schema":{"type":"object","properties":{}}},
            "reasoning":{"effort":"low","budget_tokens":2048,"include_thoughts":true},
            "user":"u-42","stream":true})")
              .dump());
}

TEST_CASE("anthropic decode_request: tool_choice")
{
    auto choice = [](const std::string& json) {
        return decoded(R"({"model":"m","max_tokens":1,"messages":[],"tool_choice":)" + json + "}");
    };
    CHECK(choice(R"({"type":"none"})") ==
          R"({"model":"m","max_tokens":1,"messages":[],"tool_choice":"none","stream":false})");
    CHECK(choice(R"({"type":"tool","name":"get_weather"})") ==
          R"({"model":"m","max_tokens":1,"messages":[],"tool_choice":"named:get_weather","stream":false})");
    CHECK(choice(R"({"type":"auto","disable_parallel_tool_use":false})") ==
          R"({"model":"m","max_tokens":1,"messages":[],"tool_choice":"auto","stream":false})");
}

TEST_CASE("anthropic decode_request: thinking and effort")
{
    auto reasoning = [](const std::string& fields) {
        auto r = anthropic::decode_request(Json::parse(R"({"model":"m","max_tokens":1,"messages":[])" + fields + "}"));
        REQUIRE(r.has_value());
        REQUIRE(r->reasoning.has_value());
        Json out = {{"effort", r->reasoning->effort}};
        if (r->reasoning->budget_tokens) out["budget"] = *r->reasoning->budget_tokens;
        if (!r->reasoning->include_thoughts) out["include_thoughts"] = false;
        return out.dump();
    };
    CHECK(reasoning(R"(,"thinking":{"type":"enabled","budget_tokens":16000})") == R"({"effort":"high","budget":16000})");
    CHECK(reasoning(R"(,"thinking":{"type":"enabled","budget_tokens":1024,"display":"omitted"})") ==
          R"({"effort":"minimal","budget":1024,"include_thoughts":false})");
    CHECK(reasoning(R"(,"thinking":{"type":"adaptive"})") == R"({"effort":"medium"})");
    CHECK(reasoning(R"(,"thinking":{"type":"adaptive"},"output_config":{"effort":"xhigh"})") == R"({"effort":"xhigh"})");
    CHECK(reasoning(R"(,"output_config":{"effort":"low"})") == R"({"effort":"low"})");
    CHECK(reasoning(R"(,"thinking":{"type":"disabled"})") == R"({"effort":"none"})");
    CHECK(reasoning(R"(,"thinking":{"type":"disabled"},"output_config":{"effort":"max"})") == R"({"effort":"none"})");
    CHECK(reasoning(R"(,"thinking":{"type":"enabled","budget_tokens":4000},"output_config":{"effort":"high"})") ==
          R"({"effort":"high","budget":4000})");
    auto none = anthropic::decode_request(Json::parse(R"({"model":"m","max_tokens":1,"messages":[]})"));
    REQUIRE(none.has_value());
    CHECK_FALSE(none->reasoning.has_value());
}

TEST_CASE("anthropic decode_request: content blocks")
{
    CHECK(decoded(R"({"model":"m","max_tokens":1,
        "system":[{"type":"text","text":"One."},{"type":"text","text":"Two.","cache_control":{"type":"ephemeral"}}],
        "messages":[
          {"role":"user","content":[{"type":"text","text":"Look:"},
            {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0K"}},
            {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]},
          {"role":"assistant","content":[{"type":"thinking","thinking":"Hmm.","signature":"sig=="},
            {"type":"redacted_thinking","data":"opaque"},{"type":"text","text":"Checking."},
            {"type":"tool_use","id":"toolu_a","name":"look","input":{}},
            {"type":"tool_use","id":"toolu_b","name":"zoom","input":{"x":1}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_a","is_error":true,
              "content":[{"type":"text","text":"failed"},{"type":"image","source":{"type":"url","url":"https://x/y.png"}}]},
            {"type":"tool_result","tool_use_id":"toolu_b"},
            {"type":"text","text":"Go on."}]}]})") ==
          Json::parse(R"({"model":"m","max_tokens":1,
            "system":[{"kind":"text","text":"One."},{"kind":"text","text":"Two."}],
            "messages":[
              {"role":"user","parts":[{"kind":"text","text":"Look:"},
                {"kind":"image","media_type":"image/png","data":"iVBORw0K"},
                {"kind":"image","url":"https://example.com/cat.jpg"}]},
              {"role":"assistant","parts":[{"kind":"thinking","text":"Hmm.","signature":"sig=="},
                {"kind":"redacted_thinking","data":"opaque"},{"kind":"text","text":"Checking."},
                {"kind":"tool_call","id":"toolu_a","name":"look","arguments":"{}"},
                {"kind":"tool_call","id":"toolu_b","name":"zoom","arguments":"{\"x\":1}"}]},
              {"role":"tool","parts":[
                {"kind":"tool_result","id":"toolu_a","name":"look","content":[{"kind":"text","text":"failed"},
                  {"kind":"image","url":"https://x/y.png"}],"is_error":true},
                {"kind":"tool_result","id":"toolu_b","name":"zoom"}]},
              {"role":"user","parts":[{"kind":"text","text":"Go on."}]}],
            "stream":false})")
              .dump());
}

// Claude Code's request shape (beta mid-conversation-system-2026-04-07): a system message
// between a user and an assistant turn, text blocks with cache_control.
const char* k_claude_code_body = R"({"model":"claude-opus-4-6","max_tokens":32000,
 "system":[{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}],
 "messages":[
  {"role":"user","content":[{"type":"text","text":"List the files.","cache_control":{"type":"ephemeral"}}]},
  {"role":"system","content":[{"type":"text","text":"<system-reminder>Plan mode is on.</system-reminder>","cache_control":{"type":"ephemeral","ttl":"1h"}}]},
  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"ls","input":{}}]},
  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"a.txt"}]},
  {"role":"system","content":"Be terse."}]})";

TEST_CASE("anthropic decode_request: system messages anywhere")
{
    SUBCASE("Claude Code's shape: in place, text only, cache_control ignored")
    {
        CHECK(decoded(k_claude_code_body) ==
              R"({"model":"claude-opus-4-6","max_tokens":32000,"system":[{"kind":"text","text":"You are Claude Code."}],"messages":[)"
              R"({"role":"user","parts":[{"kind":"text","text":"List the files."}]},)"
              R"({"role":"system","parts":[{"kind":"text","text":"<system-reminder>Plan mode is on.</system-reminder>"}]},)"
              R"({"role":"assistant","parts":[{"kind":"tool_call","id":"toolu_1","name":"ls","arguments":"{}"}]},)"
              R"({"role":"tool","parts":[{"kind":"tool_result","id":"toolu_1","name":"ls","content":[{"kind":"text","text":"a.txt"}]}]},)"
              R"({"role":"system","parts":[{"kind":"text","text":"Be terse."}]}],"stream":false})");
    }
    SUBCASE("ahead of every turn: more of the system prompt, after the top-level one")
    {
        CHECK(decoded(R"({"model":"m","max_tokens":5,"system":"A","messages":[{"role":"system","content":"B"},)"
                      R"({"role":"system","content":[{"type":"text","text":"C"}]},{"role":"user","content":"hi"}]})") ==
              R"({"model":"m","max_tokens":5,"system":[{"kind":"text","text":"A"},{"kind":"text","text":"B"},{"kind":"text","text":"C"}],)"
              R"("messages":[{"role":"user","parts":[{"kind":"text","text":"hi"}]}],"stream":false})");
    }
    SUBCASE("only text")
    {
        CHECK(decode_error(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"},)"
                           R"({"role":"system","content":[{"type":"text","text":"x"},{"type":"image","source":{"type":"url","url":"https://x"}}]}]})") ==
              R"(messages[1].content[1].type: system messages hold only text blocks, not "image")");
        CHECK(decode_error(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"},{"role":"system","content":7}]})") ==
              "messages[1].content: expected a string or an array of text blocks");
        CHECK(decode_error(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"},{"role":"system"}]})") ==
              "messages[1].content: field required");
    }
}

TEST_CASE("Claude Code's request with a system message, translated to every other dialect")
{
    auto request = anthropic::decode_request(Json::parse(k_claude_code_body));
    REQUIRE(request.has_value());
    request->reasoning = llmp::canonical::Reasoning{"high", std::nullopt, true};  // adaptive + effort

    request->model = "gpt-4o";
    auto openai_body = llmp::dialects::openai::encode_request(*request);
    REQUIRE(openai_body.has_value());
    CHECK((*openai_body)["messages"].dump() ==
          R"([{"role":"system","content":"You are Claude Code."},{"role":"user","content":"List the files."},)"
          R"({"role":"system","content":"<system-reminder>Plan mode is on.</system-reminder>"},)"
          R"({"role":"assistant","content":null,"tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"ls","arguments":"{}"}}]},)"
          R"({"role":"tool","tool_call_id":"toolu_1","content":"a.txt"},{"role":"system","content":"Be terse."}])");
    CHECK_FALSE(openai_body->contains("reasoning_effort"));  // gpt-4o does not reason

    request->model = "gemini-2.5-flash";
    auto gemini_body = llmp::dialects::gemini::encode_request(*request);
    REQUIRE(gemini_body.has_value());
    CHECK((*gemini_body)["systemInstruction"].dump() ==
          R"({"parts":[{"text":"You are Claude Code."},{"text":"<system-reminder>Plan mode is on.</system-reminder>"},{"text":"Be terse."}]})");
    CHECK((*gemini_body)["contents"].size() == 3);  // user, model, user (the tool result)

    request->model = "command-a-03-2025";
    auto cohere_body = llmp::dialects::cohere::encode_request(*request);
    REQUIRE(cohere_body.has_value());
    CHECK((*cohere_body)["messages"][2].dump() ==
          R"({"role":"system","content":"<system-reminder>Plan mode is on.</system-reminder>"})");
    CHECK((*cohere_body)["messages"].back().dump() == R"({"role":"system","content":"Be terse."})");
}

TEST_CASE("anthropic encode_request: system messages join the system prompt in order")
{
    // From another dialect (an OpenAI client's late system message): Anthropic takes no system
    // role, so the text goes to `system` and the turns around it merge.
    Request r = minimal({Message{Role::user, {text("one")}}, Message{Role::system, {text("Mid.")}},
                         Message{Role::user, {text("two")}}, Message{Role::assistant, {text("ok")}},
                         Message{Role::system, {text("Late.")}}});
    r.system = {text("First.")};
    CHECK(encoded(r) == R"({"model":"claude-sonnet-4-5","max_tokens":100,)"
                        R"("system":[{"type":"text","text":"First."},{"type":"text","text":"Mid."},{"type":"text","text":"Late."}],)"
                        R"("messages":[{"role":"user","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]},)"
                        R"({"role":"assistant","content":"ok"}]})");
    r.system.clear();
    r.messages = {Message{Role::user, {text("one")}}, Message{Role::system, {text("Only.")}}};
    CHECK(encoded(r) == R"({"model":"claude-sonnet-4-5","max_tokens":100,"system":"Only.",)"
                        R"("messages":[{"role":"user","content":"one"}]})");
}

TEST_CASE("anthropic decode_request: refusals name the field")
{
    const std::string head = R"({"model":"m","max_tokens":10,)";
    auto with_messages = [&](const std::string& messages) { return head + R"("messages":)" + messages + "}"; };
    const std::string call = R"({"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"f","input":{}}]})";

    SUBCASE("body") { CHECK(decode_error("[]") == "body: expected a JSON object"); }
    SUBCASE("max_tokens missing")
    {
        CHECK(decode_error(R"({"model":"m","messages":[]})") == "max_tokens: field required");
    }
    SUBCASE("max_tokens as a string")
    {
        CHECK(decode_error(R"({"model":"m","max_tokens":"100","messages":[]})") == "max_tokens: expected an integer");
    }
    SUBCASE("max_tokens zero")
    {
        CHECK(decode_error(R"({"model":"m","max_tokens":0,"messages":[]})") == "max_tokens: must be at least 1");
    }
    SUBCASE("model missing") { CHECK(decode_error(R"({"max_tokens":1,"messages":[]})") == "model: field required"); }
    SUBCASE("model not a string")
    {
        CHECK(decode_error(R"({"model":7,"max_tokens":1,"messages":[]})") == "model: expected a string");
    }
    SUBCASE("messages missing") { CHECK(decode_error(R"({"model":"m","max_tokens":1})") == "messages: field required"); }
    SUBCASE("messages not an array") { CHECK(decode_error(head + R"("messages":{}})") == "messages: expected an array"); }
    SUBCASE("message not an object") { CHECK(decode_error(with_messages("[1]")) == "messages[0]: expected an object"); }
    SUBCASE("role")
    {
        CHECK(decode_error(with_messages(R"([{"role":"tool","content":"x"}])")) ==
              R"(messages[0].role: unsupported role "tool")");
    }
    SUBCASE("content missing")
    {
        CHECK(decode_error(with_messages(R"([{"role":"user"}])")) == "messages[0].content: field required");
    }
    SUBCASE("content of the wrong type")
    {
        CHECK(decode_error(with_messages(R"([{"role":"user","content":5}])")) ==
              "messages[0].content: expected a string or an array of content blocks");
    }
    SUBCASE("unknown block type")
    {
        CHECK(decode_error(with_messages(R"([{"role":"user","content":[{"type":"text","text":"a"},{"type":"audio"}]}])")) ==
              R"(messages[0].content[1].type: unsupported content type "audio")");
    }
    SUBCASE("document blocks cannot travel")
    {
        CHECK(decode_error(with_messages(R"([{"role":"user","content":[{"type":"document","source":{}}]}])")) ==
              R"(messages[0].content[0].type: unsupported content type "document")");
    }
    SUBCASE("block without a type")
    {
        CHECK(decode_error(with_messages(R"([{"role":"user","content":[{"text":"a"}]}])")) ==
              "messages[0].content[0].type: field required");
    }
    SUBCASE("text of the wrong type")
    {
        CHECK(decode_error(with_messages(R"([{"role":"user","content":[{"type":"text","text":1}]}])")) ==
              "messages[0].content[0].text: expected a string");
    }
    SUBCASE("tool_use in a user message")
    {
        CHECK(decode_error(with_messages(R"([{"role":"user","content":[{"type":"tool_use","id":"t","name":"f","input":{}}]}])")) ==
              R"(messages[0].content[0].type: "tool_use" blocks are only allowed in assistant messages)");
    }
    SUBCASE("tool_result in an assistant message")
    {
        CHECK(decode_error(with_messages(R"([{"role":"assistant","content":[{"type":"tool_result","tool_use_id":"t"}]}])")) ==
              R"(messages[0].content[0].type: "tool_result" blocks are only allowed in user messages)");
    }
    SUBCASE("tool_use input not an object")
    {
        CHECK(decode_error(with_messages(R"([{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":"{}"}]}])")) ==
              "messages[0].content[0].input: expected an object");
    }
    SUBCASE("tool_result answering no call")
    {
        CHECK(decode_error(with_messages("[" + call + R"(,{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"x"}]}])")) ==
              R"(messages[2].content[0].tool_use_id: no tool_use with id "toolu_9" precedes it)");
    }
    SUBCASE("tool_result before its call")
    {
        CHECK(decode_error(with_messages(R"([{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1"}]},)" +
                                         call.substr(call.find("},{") + 2) + "]")) ==
              R"(messages[0].content[0].tool_use_id: no tool_use with id "toolu_1" precedes it)");
    }
    SUBCASE("tool_result content block")
    {
        CHECK(decode_error(with_messages("[" + call + R"(,{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"document"}]}]}])")) ==
              R"(messages[2].content[0].content[0].type: unsupported content type "document")");
    }
    SUBCASE("tool_result is_error")
    {
        CHECK(decode_error(with_messages("[" + call + R"(,{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","is_error":"yes"}]}])")) ==
              "messages[2].content[0].is_error: expected a boolean");
    }
    SUBCASE("image source")
    {
        CHECK(decode_error(with_messages(R"([{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"f"}}]}])")) ==
              R"(messages[0].content[0].source.type: unsupported image source "file")");
        CHECK(decode_error(with_messages(R"([{"role":"user","content":[{"type":"image","source":{"type":"base64","data":"x"}}]}])")) ==
              "messages[0].content[0].source.media_type: field required");
    }
    SUBCASE("thinking without text")
    {
        CHECK(decode_error(with_messages(R"([{"role":"assistant","content":[{"type":"thinking","signature":"s"}]}])")) ==
              "messages[0].content[0].thinking: field required");
    }
    SUBCASE("system")
    {
        CHECK(decode_error(head + R"("messages":[],"system":5})") == "system: expected a string or an array of text blocks");
        CHECK(decode_error(head + R"("messages":[],"system":[{"type":"image"}]})") ==
              R"(system[0].type: unsupported content type "image")");
    }
    SUBCASE("sampling")
    {
        CHECK(decode_error(head + R"("messages":[],"temperature":"hot"})") == "temperature: expected a number");
        CHECK(decode_error(head + R"("messages":[],"top_k":0.5})") == "top_k: expected an integer");
        CHECK(decode_error(head + R"("messages":[],"stop_sequences":"END"})") == "stop_sequences: expected an array of strings");
        CHECK(decode_error(head + R"("messages":[],"stop_sequences":["a",1]})") == "stop_sequences[1]: expected a string");
        CHECK(decode_error(head + R"("messages":[],"stream":"yes"})") == "stream: expected a boolean");
    }
    SUBCASE("server tools")
    {
        CHECK(decode_error(head + R"("messages":[],"tools":[{"type":"web_search_20250305","name":"web_search"}]})") ==
              R"(tools[0].type: server tool "web_search_20250305" is not supported)");
    }
    SUBCASE("tools")
    {
        CHECK(decode_error(head + R"("messages":[],"tools":{}})") == "tools: expected an array");
        CHECK(decode_error(head + R"("messages":[],"tools":[{"name":"f"}]})") == "tools[0].input_schema: field required");
        CHECK(decode_error(head + R"("messages":[],"tools":[{"name":"f","input_schema":[]}]})") ==
              "tools[0].input_schema: expected an object");
        CHECK(decode_error(head + R"("messages":[],"tools":[{"input_schema":{}}]})") == "tools[0].name: field required");
    }
    SUBCASE("tool_choice")
    {
        CHECK(decode_error(head + R"("messages":[],"tool_choice":"auto"})") == "tool_choice: expected an object");
        CHECK(decode_error(head + R"("messages":[],"tool_choice":{"type":"sometimes"}})") ==
              R"(tool_choice.type: unsupported value "sometimes")");
        CHECK(decode_error(head + R"("messages":[],"tool_choice":{"type":"tool"}})") == "tool_choice.name: field required");
        CHECK(decode_error(head + R"("messages":[],"tool_choice":{"type":"any","disable_parallel_tool_use":1}})") ==
              "tool_choice.disable_parallel_tool_use: expected a boolean");
    }
    SUBCASE("thinking")
    {
        CHECK(decode_error(head + R"("messages":[],"thinking":{"type":"enabled"}})") == "thinking.budget_tokens: field required");
        CHECK(decode_error(head + R"("messages":[],"thinking":{"type":"enabled","budget_tokens":"lots"}})") ==
              "thinking.budget_tokens: expected an integer");
        CHECK(decode_error(head + R"("messages":[],"thinking":{"type":"on"}})") == R"(thinking.type: unsupported value "on")");
    }
    SUBCASE("output_config")
    {
        CHECK(decode_error(head + R"("messages":[],"output_config":{"effort":"extreme"}})") ==
              R"(output_config.effort: unsupported value "extreme")");
        CHECK(decode_error(head + R"("messages":[],"output_config":{"format":{"type":"json_object"}}})") ==
              R"(output_config.format.type: unsupported value "json_object")");
        CHECK(decode_error(head + R"("messages":[],"output_config":{"format":{"type":"json_schema"}}})") ==
              "output_config.format.schema: field required");
    }
    SUBCASE("metadata")
    {
        CHECK(decode_error(head + R"("messages":[],"metadata":{"user_id":5}})") == "metadata.user_id: expected a string");
    }
}

TEST_CASE("anthropic encode_request: an OpenAI-shaped conversation")
{
    Request r = minimal({});
    r.max_tokens.reset();
    r.system = {text("Be brief."), text("Use metric units.")};
    Part empty = text("");
    r.messages = {
        Message{Role::user, {text("Weather in Paris and Rome?")}},
        Message{Role::assistant,
                {empty, tool_call("call_1", "get_weather", R"({"city":"Paris"})"),
                 tool_call("call_2", "get_weather", R"({"city": "Rome"})")}},
        Message{Role::tool, {tool_result("call_1", "18C")}},
        Message{Role::tool, {tool_result("call_2", "21C")}},
        Message{Role::user, {text("Thanks.")}},
        Message{Role::user, {text("Which is warmer?")}},
    };
    r.tools = {llmp::canonical::Tool{"get_weather", "Current weather",
                                     Json::parse(R"({"properties":{"city":{"type":"string"}}})"), std::nullopt},
               llmp::canonical::Tool{"noop", "", Json::object(), true}};
    r.tool_choice.mode = llmp::canonical::ToolChoice::Mode::required;
    r.parallel_tool_calls = false;
    r.temperature = 1.5;
    r.top_p = 0.5;
    r.top_k = 20;
    r.stop = {"END"};
    r.seed = 7;
    r.user = "u-1";
    r.stream = true;
    CHECK(encoded(r) == Json::parse(R"({"model":"claude-sonnet-4-5","max_tokens":4096,
        "system":[{"type":"text","text":"Be brief."},{"type":"text","text":"Use metric units."}],
        "messages":[
          {"role":"user","content":"Weather in Paris and Rome?"},
          {"role":"assistant","content":[
            {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
            {"type":"tool_use","id":"call_2","name":"get_weather","input":{"city":"Rome"}}]},
          {"role":"user","content":[
            {"type":"tool_result","tool_use_id":"call_1","content":"18C"},
            {"type":"tool_result","tool_use_id":"call_2","content":"21C"},
            {"type":"text","text":"Thanks."},{"type":"text","text":"Which is warmer?"}]}],
        "tools":[
          {"name":"get_weather","description":"Current weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}},
          {"name":"noop","input_schema":{"type":"object","properties":{}},"strict":true}],
        "tool_choice":{"type":"any","disable_parallel_tool_use":true},
        "temperature":1.0,"top_p":0.5,"top_k":20,"stop_sequences":["END"],
        "metadata":{"user_id":"u-1"},"stream":true})")
                             .dump());
}

TEST_CASE("anthropic encode_request: results go first in a merged user turn")
{
    Request r = minimal({Message{Role::assistant, {tool_call("toolu_1", "f", "{}")}},
                         Message{Role::user, {text("Also, hurry.")}},
                         Message{Role::tool, {tool_result("toolu_1", "done")}}});
    auto body = anthropic::encode_request(r);
    REQUIRE(body.has_value());
    CHECK((*body)["messages"].dump() == R"([{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"f","input":{}}]},)"
                                        R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"done"},{"type":"text","text":"Also, hurry."}]}])");
}

TEST_CASE("anthropic encode_request: tool results with rich content")
{
    Part result;
    result.kind = Part::Kind::tool_result;
    result.id = "toolu_1";
    result.is_error = true;
    result.content = {text("see"), image_url("https://x/y.png")};
    Part bare;
    bare.kind = Part::Kind::tool_result;
    bare.id = "toolu_2";
    Request r = minimal({Message{Role::assistant, {tool_call("toolu_1", "f", ""), tool_call("toolu_2", "g", " ")}},
                         Message{Role::tool, {result, bare}}});
    auto body = anthropic::encode_request(r);
    REQUIRE(body.has_value());
    CHECK((*body)["messages"].dump() ==
          R"([{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"f","input":{}},{"type":"tool_use","id":"toolu_2","name":"g","input":{}}]},)"
          R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"see"},)"
          R"({"type":"image","source":{"type":"url","url":"https://x/y.png"}}],"is_error":true},{"type":"tool_result","tool_use_id":"toolu_2"}]}])");
}

TEST_CASE("anthropic encode_request: reasoning becomes thinking")
{
    SUBCASE("effort → budget, max_tokens raised above it, sampling dropped")
    {
        Request r = minimal({Message{Role::user, {text("hi")}}});
        r.max_tokens = 1000;
        r.reasoning = llmp::canonical::Reasoning{"high", std::nullopt, true};
        r.temperature = 0.2;
        r.top_k = 5;
        r.top_p = 0.5;
        CHECK(encoded(r) == R"({"model":"claude-sonnet-4-5","max_tokens":17384,"messages":[{"role":"user","content":"hi"}],)"
                            R"("thinking":{"type":"enabled","budget_tokens":16384}})");
    }
    SUBCASE("a budget below Anthropic's minimum is raised; top_p of 0.95 or more stays")
    {
        Request r = minimal({Message{Role::user, {text("hi")}}});
        r.max_tokens.reset();
        r.reasoning = llmp::canonical::Reasoning{"", 500, true};
        r.top_p = 0.95;
        CHECK(encoded(r) == R"({"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"hi"}],)"
                            R"("thinking":{"type":"enabled","budget_tokens":1024},"top_p":0.95})");
    }
    SUBCASE("a budget wins over the effort")
    {
        Request r = minimal({});
        r.max_tokens = 20000;
        r.reasoning = llmp::canonical::Reasoning{"low", 9000, true};
        CHECK(encoded(r) == R"({"model":"claude-sonnet-4-5","max_tokens":20000,"messages":[],"thinking":{"type":"enabled","budget_tokens":9000}})");
    }
    SUBCASE("effort none: no thinking")
    {
        Request r = minimal({});
        r.reasoning = llmp::canonical::Reasoning{"none", std::nullopt, true};
        r.temperature = -1;
        CHECK(encoded(r) == R"({"model":"claude-sonnet-4-5","max_tokens":100,"messages":[],"temperature":0.0})");
    }
    SUBCASE("a tool loop whose assistant turn kept no thinking goes on without it")
    {
        Request r = minimal({Message{Role::user, {text("q")}},
                             Message{Role::assistant, {text("Let me look."), tool_call("call_1", "f", "{}")}},
                             Message{Role::tool, {tool_result("call_1", "ok")}}});
        r.reasoning = llmp::canonical::Reasoning{"low", std::nullopt, true};
        r.temperature = 0.3;
        auto body = anthropic::encode_request(r);
        REQUIRE(body.has_value());
        CHECK_FALSE(body->contains("thinking"));
        CHECK((*body)["max_tokens"] == 100);
        CHECK((*body)["temperature"] == 0.3);

        Part thinking;
        thinking.kind = Part::Kind::thinking;
        thinking.text = "Plan.";
        thinking.signature = "sig";
        r.messages[1].parts.insert(r.messages[1].parts.begin(), thinking);
        body = anthropic::encode_request(r);
        REQUIRE(body.has_value());
        CHECK((*body)["thinking"].dump() == R"({"type":"enabled","budget_tokens":2048})");
        CHECK((*body)["max_tokens"] == 2148);
        CHECK_FALSE(body->contains("temperature"));
    }
    SUBCASE("a forced tool wins over thinking")
    {
        Request r = minimal({});
        r.reasoning = llmp::canonical::Reasoning{"medium", std::nullopt, true};
        r.tools = {llmp::canonical::Tool{"f", "", Json::parse(R"({"type":"object"})"), std::nullopt}};
        r.tool_choice = {llmp::canonical::ToolChoice::Mode::named, "f"};
        r.temperature = 0.3;
        CHECK(encoded(r) == R"({"model":"claude-sonnet-4-5","max_tokens":100,"messages":[],)"
                            R"("tools":[{"name":"f","input_schema":{"type":"object"}}],"tool_choice":{"type":"tool","name":"f"},"temperature":0.3})");
    }
}

TEST_CASE("anthropic encode_request: tool_choice")
{
    using Mode = llmp::canonical::ToolChoice::Mode;
    Request r = minimal({});
    r.tools = {llmp::canonical::Tool{"f", "", Json::parse(R"({"type":"object"})"), std::nullopt}};
    auto choice = [&]() {
        auto body = anthropic::encode_request(r);
        REQUIRE(body.has_value());
        return body->contains("tool_choice") ? (*body)["tool_choice"].dump() : std::string("absent");
    };
    CHECK(choice() == "absent");
    r.parallel_tool_calls = false;
    CHECK(choice() == R"({"type":"auto","disable_parallel_tool_use":true})");
    r.tool_choice.mode = Mode::none;
    CHECK(choice() == R"({"type":"none"})");
    r.parallel_tool_calls = true;
    r.tool_choice.mode = Mode::auto_;
    CHECK(choice() == R"({"type":"auto"})");
    r.tools.clear();
    CHECK(choice() == "absent");  // Anthropic refuses tool_choice without tools
}

TEST_CASE("anthropic encode_request: response formats")
{
    Request r = minimal({});
    r.response_format.kind = llmp::canonical::ResponseFormat::Kind::json_object;
    CHECK(encoded(r) == R"({"model":"claude-sonnet-4-5","max_tokens":100,"system":"Respond with a single valid JSON object only, with no text before or after it.","messages":[]})");
    r.system = {text("Be brief.")};
    CHECK(encoded(r) == R"({"model":"claude-sonnet-4-5","max_tokens":100,"system":[{"type":"text","text":"Be brief."},)"
                        R"({"type":"text","text":"Respond with a single valid JSON object only, with no text before or after it."}],"messages":[]})");
    r.response_format.kind = llmp::canonical::ResponseFormat::Kind::json_schema;
    r.response_format.name = "answer";
    r.response_format.schema = Json::parse(R"({"type":"object","properties":{"a":{"type":"integer"}}})");
    CHECK(encoded(r) == R"({"model":"claude-sonnet-4-5","max_tokens":100,"system":"Be brief.","messages":[],)"
                        R"("output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"integer"}}}}}})");
}

TEST_CASE("anthropic encode_request: images")
{
    Part with_data;
    with_data.kind = Part::Kind::image;
    with_data.media_type = "image/webp";
    with_data.data = "UklGRabc";
    Part sniffed = with_data;
    sniffed.media_type.clear();
    sniffed.data = "/9j/4AAQ";
    Request r = minimal({Message{Role::user,
                                 {image_url("data:image/png;base64,iVBORw0KGgo="), image_url("https://example.com/a.gif"),
                                  with_data, sniffed}}});
    auto body = anthropic::encode_request(r);
    REQUIRE(body.has_value());
    CHECK((*body)["messages"][0]["content"].dump() ==
          R"([{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},)"
          R"({"type":"image","source":{"type":"url","url":"https://example.com/a.gif"}},)"
          R"({"type":"image","source":{"type":"base64","media_type":"image/webp","data":"UklGRabc"}},)"
          R"({"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}}])");
}

TEST_CASE("anthropic encode_request: thinking parts go back signed or not at all")
{
    Part signed_part;
    signed_part.kind = Part::Kind::thinking;
    signed_part.text = "Let me think.";
    signed_part.signature = "EqQB";
    Part unsigned_part = signed_part;
    unsigned_part.signature.clear();
    Part redacted;
    redacted.kind = Part::Kind::redacted_thinking;
    redacted.data = "opaque==";
    Request r = minimal({Message{Role::user, {text("q")}},
                         Message{Role::assistant, {unsigned_part, signed_part, redacted, text("a")}}});
    auto body = anthropic::encode_request(r);
    REQUIRE(body.has_value());
    CHECK((*body)["messages"][1].dump() ==
          R"({"role":"assistant","content":[{"type":"thinking","thinking":"Let me think.","signature":"EqQB"},)"
          R"({"type":"redacted_thinking","data":"opaque=="},{"type":"text","text":"a"}]})");
}

TEST_CASE("anthropic encode_request: what Anthropic cannot express")
{
    SUBCASE("arguments that are not JSON")
    {
        Request r = minimal({Message{Role::user, {text("q")}},
                             Message{Role::assistant, {text("x"), tool_call("toolu_1", "f", "{\"city\":")}}});
        CHECK(encode_error(r) == "messages[1].content[1].arguments: tool call arguments are not valid JSON");
    }
    SUBCASE("arguments that are not an object")
    {
        Request r = minimal({Message{Role::assistant, {tool_call("toolu_1", "f", "[1,2]")}}});
        CHECK(encode_error(r) == "messages[0].content[0].arguments: anthropic needs tool call arguments to be a JSON object");
    }
    SUBCASE("a tool call without an id")
    {
        Request r = minimal({Message{Role::assistant, {tool_call("", "f", "{}")}}});
        CHECK(encode_error(r) == "messages[0].content[0].id: anthropic needs an id for every tool call");
    }
    SUBCASE("an image URL of another scheme")
    {
        Request r = minimal({Message{Role::user, {image_url("ftp://example.com/a.png")}}});
        CHECK(encode_error(r) == "messages[0].content[0].url: anthropic accepts only http(s) URLs or base64 data for images");
    }
    SUBCASE("a data URL that is not base64")
    {
        Request r = minimal({Message{Role::user, {image_url("data:image/svg+xml,<svg/>")}}});
        CHECK(encode_error(r) == "messages[0].content[0].url: anthropic accepts only base64 data URLs");
    }
    SUBCASE("base64 data of unknown type")
    {
        Part p;
        p.kind = Part::Kind::image;
        p.data = "AAAA";
        Request r = minimal({Message{Role::user, {p}}});
        CHECK(encode_error(r) == "messages[0].content[0].media_type: anthropic needs the image's media type");
    }
    SUBCASE("an image in an assistant message")
    {
        Request r = minimal({Message{Role::assistant, {image_url("https://x/y.png")}}});
        CHECK(encode_error(r) == "messages[0].content[0]: anthropic accepts images only in user messages");
    }
    SUBCASE("a tool call in a user message")
    {
        Request r = minimal({Message{Role::user, {tool_call("toolu_1", "f", "{}")}}});
        CHECK(encode_error(r) == "messages[0].content[0]: tool calls belong in assistant messages");
    }
}

TEST_CASE("anthropic requests round-trip")
{
    SUBCASE("the reference example: decode then encode gives it back")
    {
        auto request = anthropic::decode_request(Json::parse(k_example));
        REQUIRE(request.has_value());
        Json expected = Json::parse(k_example);
        expected.erase("stream");  // false is the default and is not sent
        Json reordered = Json::object();
        for (const char* key : {"model", "max_tokens", "system", "messages", "tools", "tool_choice"})
            reordered[key] = expected[key];
        CHECK(encoded(*request) == reordered.dump());
    }
    SUBCASE("canonical → anthropic → canonical keeps the meaning")
    {
        Part thinking;
        thinking.kind = Part::Kind::thinking;
        thinking.text = "Plan.";
        thinking.signature = "sig";
        Part result = tool_result("toolu_1", "18C");
        result.name = "get_weather";
        result.is_error = true;
        Part image;
        image.kind = Part::Kind::image;
        image.media_type = "image/png";
        image.data = "iVBORw0KGgo=";
        Request r = minimal({Message{Role::user, {text("Weather?"), image}},
                             Message{Role::assistant, {thinking, text("Checking."), tool_call("toolu_1", "get_weather", R"({"city":"Paris"})")}},
                             Message{Role::tool, {result}},
                             Message{Role::user, {text("And tomorrow?")}}});
        r.system = {text("Be brief.")};
        r.tools = {llmp::canonical::Tool{"get_weather", "Current weather", Json::parse(R"({"type":"object"})"), std::nullopt}};
        r.tool_choice = {llmp::canonical::ToolChoice::Mode::named, "get_weather"};
        r.parallel_tool_calls = false;
        r.temperature = 0.5;
        r.top_p = 0.9;
        r.top_k = 10;
        r.stop = {"END"};
        r.response_format.kind = llmp::canonical::ResponseFormat::Kind::json_schema;
        r.response_format.schema = Json::parse(R"({"type":"object"})");
        r.user = "u-7";
        r.stream = true;
        auto body = anthropic::encode_request(r);
        REQUIRE(body.has_value());
        auto back = anthropic::decode_request(*body);
        REQUIRE(back.has_value());
        CHECK(request_json(*back).dump() == request_json(r).dump());
    }
    SUBCASE("reasoning survives as a budget")
    {
        Request r = minimal({Message{Role::user, {text("hi")}}});
        r.max_tokens = 30000;
        r.reasoning = llmp::canonical::Reasoning{"high", std::nullopt, true};
        auto body = anthropic::encode_request(r);
        REQUIRE(body.has_value());
        auto back = anthropic::decode_request(*body);
        REQUIRE(back.has_value());
        REQUIRE(back->reasoning.has_value());
        CHECK(back->reasoning->effort == "high");
        CHECK(back->reasoning->budget_tokens == 16384);
        CHECK(back->max_tokens == 30000);
    }
}
