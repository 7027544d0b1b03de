#include "llmp/canonical/reasoning.hpp"
#include "llmp/canonical/tool_ids.hpp"
#include "llmp/dialects/openai.hpp"

#include <doctest/doctest.h>

using llmp::Json;
namespace canonical = llmp::canonical;
namespace openai = llmp::dialects::openai;
using canonical::Part;

namespace {

// §2.1's example request: a tool round trip.
const char* k_fixture = R"({"model":"gpt-4o-mini",
 "messages":[{"role":"system","content":"Be brief."},
  {"role":"user","content":"Weather in Paris?"},
  {"role":"assistant","content":null,"tool_calls":[{"id":"call_abc","type":"function",
    "function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
  {"role":"tool","tool_call_id":"call_abc","content":"{\"temp_c\":18}"}],
 "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
   "strict":false}}],
 "tool_choice":"auto","stream":true,"stream_options":{"include_usage":true}})";

const char* kind_name(Part::Kind kind)
{
    switch (kind) {
    case Part::Kind::text: return "text";
    case Part::Kind::image: return "image";
    case Part::Kind::thinking: return "thinking";
    case Part::Kind::redacted_thinking: return "redacted_thinking";
    case Part::Kind::tool_call: return "tool_call";
    case Part::Kind::tool_result: return "tool_result";
    }
    return "?";
}

Json describe(const Part& part)
{
    Json content = Json::array();
    for (const auto& piece : part.content) content.push_back(describe(piece));
    return Json{{"kind", kind_name(part.kind)}, {"text", part.text},       {"signature", part.signature},
                {"url", part.url},             {"media_type", part.media_type}, {"data", part.data},
                {"id", part.id},               {"name", part.name},       {"arguments", part.arguments},
                {"content", content},          {"is_error", part.is_error}};
}

template <typename T>
Json optional_json(const std::optional<T>& value)
{
    return value ? Json(*value) : Json(nullptr);
}

// Every field of a canonical request, so two requests compare field by field.
Json describe(const canonical::Request& r)
{
    Json system = Json::array();
    for (const auto& part : r.system) system.push_back(describe(part));
    Json messages = Json::array();
    for (const auto& message : r.messages) {
        Json parts = Json::array();
        for (const auto& part : message.parts) parts.push_back(describe(part));
        messages.push_back({{"role", static_cast<int>(message.role)}, {"parts", parts}});
    }
    Json tools = Json::array();
    for (const auto& tool : r.tools)
        tools.push_back({{"name", tool.name},
                         {"description", tool.description},
                         {"parameters", tool.parameters},
                         {"strict", optional_json(tool.strict)}});
    Json reasoning = nullptr;
    if (r.reasoning)
        reasoning = {{"effort", r.reasoning->effort},
                     {"budget", optional_json(r.reasoning->budget_tokens)},
                     {"include_thoughts", r.reasoning->include_thoughts}};
    return Json{{"model", r.model},
                {"system", system},
                {"messages", messages},
                {"tools", tools},
                {"tool_choice", {static_cast<int>(r.tool_choice.mode), r.tool_choice.name}},
                {"parallel_tool_calls", optional_json(r.parallel_tool_calls)},
                {"temperature", optional_json(r.temperature)},
                {"top_p", optional_json(r.top_p)},
                {"top_k", optional_json(r.top_k)},
                {"max_tokens", optional_json(r.max_tokens)},
                {"stop", r.stop},
                {"seed", optional_json(r.seed)},
                {"response_format",
                 {static_cast<int>(r.response_format.kind), r.response_format.name,
                  r.response_format.schema, optional_json(r.response_format.strict)}},
                {"reasoning", reasoning},
                {"user", r.user},
                {"stream", r.stream},
                {"include_usage", r.include_usage}};
}

Part tool_call(std::string id, std::string name, std::string arguments)
{
    Part p;
    p.kind = Part::Kind::tool_call;
    p.id = std::move(id);
    p.name = std::move(name);
    p.arguments = std::move(arguments);
    return p;
}

Part tool_result(std::string id, std::string name, std::string text)
{
    Part p;
    p.kind = Part::Kind::tool_result;
    p.id = std::move(id);
    p.name = std::move(name);
    p.content.push_back(Part::make_text(std::move(text)));
    return p;
}

} // namespace

TEST_CASE("openai decode_request: the tool round trip of the reference, field by field")
{
    auto decoded = openai::decode_request(Json::parse(k_fixture));
    REQUIRE(decoded);
    const auto& r = *decoded;
    CHECK(r.model == "gpt-4o-mini");
    REQUIRE(r.system.size() == 1);
    CHECK(r.system[0].kind == Part::Kind::text);
    CHECK(r.system[0].text == "Be brief.");

    REQUIRE(r.messages.size() == 3);
    CHECK(r.messages[0].role == canonical::Role::user);
    REQUIRE(r.messages[0].parts.size() == 1);
    CHECK(r.messages[0].parts[0].kind == Part::Kind::text);
    CHECK(r.messages[0].parts[0].text == "Weather in Paris?");

    CHECK(r.messages[1].role == canonical::Role::assistant);
    REQUIRE(r.messages[1].parts.size() == 1);
    const Part& call = r.messages[1].parts[0];
    CHECK(call.kind == Part::Kind::tool_call);
    CHECK(call.id == "call_abc");
    CHECK(call.signature == "");
    CHECK(call.name == "get_weather");
    CHECK(call.arguments == R"({"city":"Paris"})");

    CHECK(r.messages[2].role == canonical::Role::tool);
    REQUIRE(r.messages[2].parts.size() == 1);
    const Part& result = r.messages[2].parts[0];
    CHECK(result.kind == Part::Kind::tool_result);
    CHECK(result.id == "call_abc");
    CHECK(result.name == "get_weather");
    CHECK_FALSE(result.is_error);
    REQUIRE(result.content.size() == 1);
    CHECK(result.content[0].kind == Part::Kind::text);
    CHECK(result.content[0].text == R"({"temp_c":18})");

    REQUIRE(r.tools.size() == 1);
    CHECK(r.tools[0].name == "get_weather");
    CHECK(r.tools[0].description == "Current weather");
    CHECK(r.tools[0].parameters.dump()
          == R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]})");
    REQUIRE(r.tools[0].strict.has_value());
    CHECK(*r.tools[0].strict == false);
    CHECK(r.tool_choice.mode == canonical::ToolChoice::Mode::auto_);
    CHECK(r.stream);
    CHECK(r.include_usage);

    CHECK_FALSE(r.parallel_tool_calls.has_value());
    CHECK_FALSE(r.temperature.has_value());
    CHECK_FALSE(r.top_p.has_value());
    CHECK_FALSE(r.max_tokens.has_value());
    CHECK(r.stop.empty());
    CHECK_FALSE(r.seed.has_value());
    CHECK(r.response_format.kind == canonical::ResponseFormat::Kind::text);
    CHECK_FALSE(r.reasoning.has_value());
    CHECK(r.user == "");
}

TEST_CASE("openai encode_request: the reference request comes back byte for byte")
{
    Json fixture = Json::parse(k_fixture);
    auto decoded = openai::decode_request(fixture);
    REQUIRE(decoded);
    auto encoded = openai::encode_request(*decoded);
    REQUIRE(encoded);
    CHECK(encoded->dump() == fixture.dump());
}

TEST_CASE("openai decode_request: every field the canonical form holds")
{
    std::string packed = canonical::pack_tool_id("call_1", "sig-bytes");
    Json body = {
        {"model", "m"},
        {"messages",
         {{{"role", "developer"}, {"content", "Rule one."}},
          {{"role", "system"},
           {"content", {{{"type", "text"}, {"text", "Rule two."}}, {{"type", "text"}, {"text", ""}}}}},
          {{"role", "user"},
           {"content",
            {{{"type", "text"}, {"text", "Look:"}},
             {{"type", "image_url"},
              {"image_url", {{"url", "https://example.com/a.png"}, {"detail", "low"}}}},
             {{"type", "image_url"}, {"image_url", {{"url", "data:image/png;base64,iVBORw0KGgo="}}}}}}},
          {{"role", "assistant"},
           {"reasoning_content", "Let me think."},
           {"content", "Checking."},
           {"tool_calls",
            {{{"id", packed}, {"type", "function"},
              {"function", {{"name", "lookup"}, {"arguments", "{}"}}}}}}},
          {{"role", "tool"},
           {"tool_call_id", packed},
           {"content", {{{"type", "text"}, {"text", "part one, "}}, {{"type", "text"}, {"text", "part two"}}}}},
          {{"role", "assistant"}, {"reasoning", "Ollama-style."}, {"content", nullptr}, {"refusal", "No."}}}},
        {"tool_choice", {{"type", "function"}, {"function", {{"name", "lookup"}}}}},
        {"tools", {{{"type", "function"}, {"function", {{"name", "lookup"}}}}}},
        {"parallel_tool_calls", false},
        {"temperature", 0.5},
        {"top_p", 0.9},
        {"max_completion_tokens", 300},
        {"max_tokens", 100},
        {"stop", "END"},
        {"seed", 42},
        {"response_format",
         {{"type", "json_schema"},
          {"json_schema", {{"name", "answer"}, {"schema", {{"type", "object"}}}, {"strict", true}}}}},
        {"reasoning_effort", "low"},
        {"user", "legacy-user"},
        {"safety_identifier", "user-7"},
        {"n", 1},
        {"logprobs", nullptr},
        {"stream", false}};
    auto decoded = openai::decode_request(body);
    REQUIRE(decoded);
    const auto& r = *decoded;

    REQUIRE(r.system.size() == 2);  // in order; the empty text part says nothing
    CHECK(r.system[0].text == "Rule one.");
    CHECK(r.system[1].text == "Rule two.");

    REQUIRE(r.messages.size() == 4);
    const auto& user = r.messages[0].parts;
    REQUIRE(user.size() == 3);
    CHECK(user[0].text == "Look:");
    CHECK(user[1].kind == Part::Kind::image);
    CHECK(user[1].url == "https://example.com/a.png");
    CHECK(user[1].data == "");
    CHECK(user[2].kind == Part::Kind::image);
    CHECK(user[2].url == "");
    CHECK(user[2].media_type == "image/png");
    CHECK(user[2].data == "iVBORw0KGgo=");

    const auto& assistant = r.messages[1].parts;
    REQUIRE(assistant.size() == 3);
    CHECK(assistant[0].kind == Part::Kind::thinking);
    CHECK(assistant[0].text == "Let me think.");
    CHECK(assistant[1].kind == Part::Kind::text);
    CHECK(assistant[1].text == "Checking.");
    CHECK(assistant[2].kind == Part::Kind::tool_call);
    CHECK(assistant[2].id == "call_1");
    CHECK(assistant[2].signature == "sig-bytes");
    CHECK(assistant[2].name == "lookup");
    CHECK(assistant[2].arguments == "{}");

    CHECK(r.messages[2].role == canonical::Role::tool);
    REQUIRE(r.messages[2].parts.size() == 1);
    CHECK(r.messages[2].parts[0].id == "call_1");
    CHECK(r.messages[2].parts[0].name == "lookup");
    REQUIRE(r.messages[2].parts[0].content.size() == 1);
    CHECK(r.messages[2].parts[0].content[0].text == "part one, part two");

    const auto& refused = r.messages[3].parts;
    REQUIRE(refused.size() == 2);
    CHECK(refused[0].kind == Part::Kind::thinking);
    CHECK(refused[0].text == "Ollama-style.");
    CHECK(refused[1].kind == Part::Kind::text);
    CHECK(refused[1].text == "No.");

    REQUIRE(r.tools.size() == 1);
    CHECK(r.tools[0].parameters == Json::object());
    CHECK_FALSE(r.tools[0].strict.has_value());
    CHECK(r.tool_choice.mode == canonical::ToolChoice::Mode::named);
    CHECK(r.tool_choice.name == "lookup");
    CHECK(r.parallel_tool_calls == std::optional<bool>(false));
    CHECK(r.temperature == std::optional<double>(0.5));
    CHECK(r.top_p == std::optional<double>(0.9));
    CHECK(r.max_tokens == std::optional<int64_t>(300));  // max_completion_tokens wins
    CHECK(r.stop == std::vector<std::string>{"END"});
    CHECK(r.seed == std::optional<int64_t>(42));
    CHECK(r.response_format.kind == canonical::ResponseFormat::Kind::json_schema);
    CHECK(r.response_format.name == "answer");
    CHECK(r.response_format.schema.dump() == R"({"type":"object"})");
    CHECK(r.response_format.strict == std::optional<bool>(true));
    REQUIRE(r.reasoning.has_value());
    CHECK(r.reasoning->effort == "low");
    CHECK(r.reasoning->budget_tokens == std::optional<int64_t>(2048));
    CHECK(r.user == "user-7");  // safety_identifier replaces user
    CHECK_FALSE(r.stream);
    CHECK_FALSE(r.include_usage);
}

TEST_CASE("openai decode_request: small variants")
{
    SUBCASE("max_tokens alone, stop as an array, json_object, a bare image_url string")
    {
        auto r = openai::decode_request(Json::parse(R"({"model":"m","max_tokens":7,"stop":["a","b"],
            "response_format":{"type":"json_object"},
            "messages":[{"role":"user","content":[{"type":"image_url","image_url":"HTTPS://x.org/i.jpg"}]}]})"));
        REQUIRE(r);
        CHECK(r->max_tokens == std::optional<int64_t>(7));
        CHECK(r->stop == std::vector<std::string>{"a", "b"});
        CHECK(r->response_format.kind == canonical::ResponseFormat::Kind::json_object);
        REQUIRE(r->messages[0].parts.size() == 1);
        CHECK(r->messages[0].parts[0].url == "HTTPS://x.org/i.jpg");
    }
    SUBCASE("tool_choice words")
    {
        for (auto [word, mode] : {std::pair{"none", canonical::ToolChoice::Mode::none},
                                  std::pair{"required", canonical::ToolChoice::Mode::required}}) {
            Json body = {{"model", "m"},
                         {"messages", {{{"role", "user"}, {"content", "hi"}}}},
                         {"tool_choice", word}};
            auto r = openai::decode_request(body);
            REQUIRE(r);
            CHECK(r->tool_choice.mode == mode);
        }
    }
    SUBCASE("an assistant turn with content parts, including a refusal part")
    {
        auto r = openai::decode_request(Json::parse(R"({"model":"m","messages":[
            {"role":"assistant","content":[{"type":"text","text":"a"},{"type":"refusal","refusal":"b"}]}]})"));
        REQUIRE(r);
        REQUIRE(r->messages[0].parts.size() == 2);
        CHECK(r->messages[0].parts[0].text == "a");
        CHECK(r->messages[0].parts[1].text == "b");
    }
}

TEST_CASE("openai decode_request: bad input is refused with the field's path")
{
    auto refused = [](const Json& body) {
        auto r = openai::decode_request(body);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == llmp::ErrorCode::invalid_input);
        return r.error().message;
    };
    Json base = {{"model", "m"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    auto with = [&](const char* key, Json value) {
        Json body = base;
        body[key] = std::move(value);
        return body;
    };
    auto with_messages = [&](const char* messages) { return with("messages", Json::parse(messages)); };
    const char* call = R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]})";

    SUBCASE("body") { CHECK(refused(Json::array()) == "request body: expected a JSON object"); }
    SUBCASE("model missing")
    {
        Json body = base;
        body.erase("model");
        CHECK(refused(body) == "model: required");
    }
    SUBCASE("model type") { CHECK(refused(with("model", 5)) == "model: expected a string"); }
    SUBCASE("messages missing")
    {
        Json body = base;
        body.erase("messages");
        CHECK(refused(body) == "messages: required");
    }
    SUBCASE("messages type") { CHECK(refused(with("messages", Json::object())) == "messages: expected an array"); }
    SUBCASE("messages empty") { CHECK(refused(with("messages", Json::array())) == "messages: must not be empty"); }
    SUBCASE("message type") { CHECK(refused(with_messages(R"(["hi"])")) == "messages[0]: expected an object"); }
    SUBCASE("unknown role")
    {
        CHECK(refused(with_messages(R"([{"role":"robot","content":"x"}])"))
              == "messages[0].role: expected one of system, developer, user, assistant, tool");
    }
    SUBCASE("missing role")
    {
        CHECK(refused(with_messages(R"([{"content":"x"}])"))
              == "messages[0].role: expected one of system, developer, user, assistant, tool");
    }
    SUBCASE("legacy function role")
    {
        CHECK(refused(with_messages(R"([{"role":"function","name":"f","content":"x"}])"))
              == "messages[0].role: the legacy \"function\" role is not supported; use tool messages");
    }
    SUBCASE("user content type")
    {
        CHECK(refused(with_messages(R"([{"role":"user","content":5}])"))
              == "messages[0].content: expected a string or an array of content parts");
    }
    SUBCASE("user content null")
    {
        CHECK(refused(with_messages(R"([{"role":"user","content":null}])"))
              == "messages[0].content: expected a string or an array of content parts");
    }
    SUBCASE("input_audio")
    {
        CHECK(refused(with_messages(R"([{"role":"user","content":[{"type":"text","text":"a"},
                  {"type":"input_audio","input_audio":{"data":"AAA","format":"wav"}}]}])"))
              == "messages[0].content[1].type: unsupported content type \"input_audio\"");
    }
    SUBCASE("file")
    {
        CHECK(refused(with_messages(R"([{"role":"user","content":[{"type":"file","file":{"file_id":"f"}}]}])"))
              == "messages[0].content[0].type: unsupported content type \"file\"");
    }
    SUBCASE("part without type")
    {
        CHECK(refused(with_messages(R"([{"role":"user","content":[{"text":"a"}]}])"))
              == "messages[0].content[0].type: expected a string");
    }
    SUBCASE("part not an object")
    {
        CHECK(refused(with_messages(R"([{"role":"user","content":["a"]}])"))
              == "messages[0].content[0]: expected an object");
    }
    SUBCASE("text part without text")
    {
        CHECK(refused(with_messages(R"([{"role":"user","content":[{"type":"text","text":5}]}])"))
              == "messages[0].content[0].text: expected a string");
    }
    SUBCASE("image_url missing")
    {
        CHECK(refused(with_messages(R"([{"role":"user","content":[{"type":"image_url"}]}])"))
              == "messages[0].content[0].image_url: expected an object with a url");
    }
    SUBCASE("image url scheme")
    {
        CHECK(refused(with_messages(R"([{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/a.png"}}]}])"))
              == "messages[0].content[0].image_url.url: expected an http(s) URL or a base64 data URL");
    }
    SUBCASE("data URL not base64")
    {
        CHECK(refused(with_messages(R"([{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/svg+xml,<svg/>"}}]}])"))
              == "messages[0].content[0].image_url.url: expected a base64 data URL (data:<media type>;base64,<data>)");
    }
    SUBCASE("image in a system message")
    {
        CHECK(refused(with_messages(R"([{"role":"system","content":[{"type":"image_url","image_url":{"url":"https://x/a.png"}}]}])"))
              == "messages[0].content[0].type: unsupported content type \"image_url\"");
    }
    SUBCASE("tool result for no call")
    {
        CHECK(refused(with_messages(R"([{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"x","content":"1"}])"))
              == "messages[1].tool_call_id: no assistant tool call with id \"x\" precedes it");
    }
    SUBCASE("tool result before its call")
    {
        std::string messages = std::string(R"([{"role":"tool","tool_call_id":"call_1","content":"1"},)") + call + "]";
        CHECK(refused(with_messages(messages.c_str()))
              == "messages[0].tool_call_id: no assistant tool call with id \"call_1\" precedes it");
    }
    SUBCASE("tool result without id")
    {
        std::string messages = std::string("[") + call + R"(,{"role":"tool","content":"1"}])";
        CHECK(refused(with_messages(messages.c_str())) == "messages[1].tool_call_id: expected a string");
    }
    SUBCASE("tool result content")
    {
        std::string messages = std::string("[") + call + R"(,{"role":"tool","tool_call_id":"call_1","content":7}])";
        CHECK(refused(with_messages(messages.c_str()))
              == "messages[1].content: expected a string or an array of text parts");
    }
    SUBCASE("tool call without function")
    {
        CHECK(refused(with_messages(R"([{"role":"assistant","tool_calls":[{"id":"c","type":"function"}]}])"))
              == "messages[0].tool_calls[0].function: expected an object");
    }
    SUBCASE("tool call without id")
    {
        CHECK(refused(with_messages(R"([{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f"}}]}])"))
              == "messages[0].tool_calls[0].id: expected a string");
    }
    SUBCASE("custom tool call")
    {
        CHECK(refused(with_messages(R"([{"role":"assistant","tool_calls":[{"id":"c","type":"custom","custom":{}}]}])"))
              == "messages[0].tool_calls[0].type: unsupported tool call type \"custom\"");
    }
    SUBCASE("tool call arguments")
    {
        CHECK(refused(with_messages(R"([{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":3}}]}])"))
              == "messages[0].tool_calls[0].function.arguments: expected a string");
    }
    SUBCASE("tool_calls type")
    {
        CHECK(refused(with_messages(R"([{"role":"assistant","tool_calls":{}}])"))
              == "messages[0].tool_calls: expected an array");
    }
    SUBCASE("assistant content type")
    {
        CHECK(refused(with_messages(R"([{"role":"assistant","content":5}])"))
              == "messages[0].content: expected a string, an array of content parts or null");
    }
    SUBCASE("assistant function_call")
    {
        CHECK(refused(with_messages(R"([{"role":"assistant","function_call":{"name":"f","arguments":"{}"}}])"))
              == "messages[0].function_call: legacy function calls are not supported; use tool_calls");
    }
    SUBCASE("tools type") { CHECK(refused(with("tools", Json::object())) == "tools: expected an array"); }
    SUBCASE("custom tool")
    {
        CHECK(refused(with("tools", Json::parse(R"([{"type":"function","function":{"name":"f"}},{"type":"custom","custom":{"name":"g"}}])")))
              == "tools[1].type: unsupported tool type \"custom\"");
    }
    SUBCASE("tool without type")
    {
        CHECK(refused(with("tools", Json::parse(R"([{"function":{"name":"f"}}])"))) == "tools[0].type: expected a string");
    }
    SUBCASE("tool without name")
    {
        CHECK(refused(with("tools", Json::parse(R"([{"type":"function","function":{"description":"d"}}])")))
              == "tools[0].function.name: expected a string");
    }
    SUBCASE("tool parameters")
    {
        CHECK(refused(with("tools", Json::parse(R"([{"type":"function","function":{"name":"f","parameters":"x"}}])")))
              == "tools[0].function.parameters: expected an object");
    }
    SUBCASE("tool strict")
    {
        CHECK(refused(with("tools", Json::parse(R"([{"type":"function","function":{"name":"f","strict":"yes"}}])")))
              == "tools[0].function.strict: expected a boolean");
    }
    SUBCASE("legacy functions")
    {
        CHECK(refused(with("functions", Json::array())) == "functions: legacy functions are not supported; use tools");
    }
    SUBCASE("tool_choice word")
    {
        CHECK(refused(with("tool_choice", "any"))
              == "tool_choice: expected \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":...}}");
    }
    SUBCASE("tool_choice allowed_tools")
    {
        CHECK(refused(with("tool_choice", Json::parse(R"({"type":"allowed_tools","allowed_tools":{}})")))
              == "tool_choice.type: unsupported tool choice type \"allowed_tools\"");
    }
    SUBCASE("tool_choice without name")
    {
        CHECK(refused(with("tool_choice", Json::parse(R"({"type":"function","function":{}})")))
              == "tool_choice.function.name: expected a string");
    }
    SUBCASE("parallel_tool_calls")
    {
        CHECK(refused(with("parallel_tool_calls", "no")) == "parallel_tool_calls: expected a boolean");
    }
    SUBCASE("temperature") { CHECK(refused(with("temperature", "hot")) == "temperature: expected a number"); }
    SUBCASE("top_p") { CHECK(refused(with("top_p", Json::array())) == "top_p: expected a number"); }
    SUBCASE("max_completion_tokens")
    {
        CHECK(refused(with("max_completion_tokens", 1.5)) == "max_completion_tokens: expected an integer");
    }
    SUBCASE("max_tokens zero") { CHECK(refused(with("max_tokens", 0)) == "max_tokens: expected a positive integer"); }
    SUBCASE("stop type") { CHECK(refused(with("stop", 5)) == "stop: expected a string or an array of strings"); }
    SUBCASE("stop element") { CHECK(refused(with("stop", Json::parse(R"(["a",1])"))) == "stop[1]: expected a string"); }
    SUBCASE("seed") { CHECK(refused(with("seed", "7")) == "seed: expected an integer"); }
    SUBCASE("n")
    {
        CHECK(refused(with("n", 2)) == "n: only 1 choice is supported when translating to another provider");
    }
    SUBCASE("response_format type")
    {
        CHECK(refused(with("response_format", Json::parse(R"({"type":"xml"})")))
              == "response_format.type: expected one of text, json_object, json_schema");
    }
    SUBCASE("response_format not an object")
    {
        CHECK(refused(with("response_format", "json")) == "response_format: expected an object");
    }
    SUBCASE("json_schema missing")
    {
        CHECK(refused(with("response_format", Json::parse(R"({"type":"json_schema"})")))
              == "response_format.json_schema: expected an object");
    }
    SUBCASE("json_schema schema")
    {
        CHECK(refused(with("response_format", Json::parse(R"({"type":"json_schema","json_schema":{"name":"x","schema":[]}})")))
              == "response_format.json_schema.schema: expected an object");
    }
    SUBCASE("reasoning_effort")
    {
        CHECK(refused(with("reasoning_effort", "extreme"))
              == "reasoning_effort: expected one of none, minimal, low, medium, high, xhigh, max");
    }
    SUBCASE("user") { CHECK(refused(with("user", 5)) == "user: expected a string"); }
    SUBCASE("safety_identifier") { CHECK(refused(with("safety_identifier", true)) == "safety_identifier: expected a string"); }
    SUBCASE("stream") { CHECK(refused(with("stream", "yes")) == "stream: expected a boolean"); }
    SUBCASE("stream_options") { CHECK(refused(with("stream_options", true)) == "stream_options: expected an object"); }
    SUBCASE("include_usage")
    {
        CHECK(refused(with("stream_options", Json::parse(R"({"include_usage":"yes"})")))
              == "stream_options.include_usage: expected a boolean");
    }
}

TEST_CASE("openai encode_request: every canonical field, exactly")
{
    canonical::Request r;
    r.model = "llama3.2";
    r.system = {Part::make_text("Rule one."), Part::make_text("Rule two.")};
    canonical::Message user;
    Part image;
    image.kind = Part::Kind::image;
    image.media_type = "image/jpeg";
    image.data = "/9j/4AAQ";
    Part linked;
    linked.kind = Part::Kind::image;
    linked.url = "https://example.com/cat.png";
    user.parts = {Part::make_text("What is it?"), image, linked};
    canonical::Message assistant;
    assistant.role = canonical::Role::assistant;
    Part thinking;
    thinking.kind = Part::Kind::thinking;
    thinking.text = "hmm";
    thinking.signature = "sig";
    Part signed_call = tool_call("toolu_1", "look", "");
    signed_call.signature = "gemini-signature";
    assistant.parts = {thinking, Part::make_text("Let me look."), signed_call};
    // Anthropic-style: the tool result arrives inside a user turn, with more text after it.
    canonical::Message results;
    results.parts = {tool_result("toolu_1", "look", "a cat"), Part::make_text("Thanks")};
    r.messages = {user, assistant, results};
    canonical::Tool tool;
    tool.name = "look";
    tool.description = "Looks";
    tool.strict = true;
    r.tools = {tool};
    r.tool_choice.mode = canonical::ToolChoice::Mode::required;
    r.parallel_tool_calls = false;
    r.temperature = 0.25;
    r.top_p = 0.5;
    r.top_k = 40;
    r.max_tokens = 1024;
    r.stop = {"STOP"};
    r.seed = 9;
    r.response_format.kind = canonical::ResponseFormat::Kind::json_schema;
    r.response_format.schema = {{"type", "object"}};
    r.reasoning = canonical::Reasoning{"", 20000, true};
    r.user = "u-1";
    r.stream = true;

    auto body = openai::encode_request(r);
    REQUIRE(body);
    CHECK(body->dump() == R"({"model":"llama3.2","messages":[)"
          R"({"role":"system","content":"Rule one.\n\nRule two."},)"
          R"({"role":"user","content":[{"type":"text","text":"What is it?"},)"
          R"({"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},)"
          R"({"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]},)"
          R"({"role":"assistant","content":"Let me look.","tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"look","arguments":"{}"}}]},)"
          R"({"role":"tool","tool_call_id":"toolu_1","content":"a cat"},)"
          R"({"role":"user","content":"Thanks"}],)"
          R"("tools":[{"type":"function","function":{"name":"look","description":"Looks","parameters":{"type":"object","properties":{}},"strict":true}}],)"
          R"("tool_choice":"required","parallel_tool_calls":false,"temperature":0.25,"top_p":0.5,)"
          R"("max_tokens":1024,"stop":["STOP"],"seed":9,)"
          R"("response_format":{"type":"json_schema","json_schema":{"name":"response","schema":{"type":"object"}}},)"
          R"("reasoning_effort":"high","user":"u-1","stream":true,"stream_options":{"include_usage":true}})");
}

TEST_CASE("openai encode_request: details")
{
    canonical::Request r;
    r.model = "m";
    canonical::Message user;
    user.parts = {Part::make_text("hi")};
    r.messages = {user};

    SUBCASE("a plain request stays plain; tool_choice needs tools")
    {
        r.tool_choice.mode = canonical::ToolChoice::Mode::auto_;
        r.parallel_tool_calls = true;
        auto body = openai::encode_request(r);
        REQUIRE(body);
        CHECK(body->dump() == R"({"model":"m","messages":[{"role":"user","content":"hi"}]})");
    }
    SUBCASE("the client's stream without usage still asks the upstream for usage")
    {
        r.stream = true;
        r.include_usage = false;
        auto body = openai::encode_request(r);
        REQUIRE(body);
        CHECK((*body)["stream_options"].dump() == R"({"include_usage":true})");
    }
    SUBCASE("effort wins over budget; json_object; named tool choice")
    {
        r.model = "gpt-5";
        r.reasoning = canonical::Reasoning{"minimal", 9999, true};
        r.response_format.kind = canonical::ResponseFormat::Kind::json_object;
        r.tools = {canonical::Tool{"f", "", Json{{"type", "object"}}, std::nullopt}};
        r.tool_choice.mode = canonical::ToolChoice::Mode::named;
        r.tool_choice.name = "f";
        auto body = openai::encode_request(r);
        REQUIRE(body);
        CHECK((*body)["reasoning_effort"] == "minimal");
        CHECK((*body)["response_format"].dump() == R"({"type":"json_object"})");
        CHECK((*body)["tool_choice"].dump() == R"({"type":"function","function":{"name":"f"}})");
        CHECK((*body)["tools"].dump() == R"([{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}])");
    }
    SUBCASE("consecutive tool results become consecutive tool messages")
    {
        canonical::Message calls;
        calls.role = canonical::Role::assistant;
        calls.parts = {tool_call("a", "f", "{}"), tool_call("b", "f", "{}")};
        canonical::Message results;
        results.role = canonical::Role::tool;
        results.parts = {tool_result("a", "f", "1")};
        canonical::Message more;
        more.role = canonical::Role::tool;
        more.parts = {tool_result("b", "f", "2")};
        r.messages = {user, calls, results, more};
        auto body = openai::encode_request(r);
        REQUIRE(body);
        CHECK((*body)["messages"].dump() == R"([{"role":"user","content":"hi"},)"
              R"({"role":"assistant","content":null,"tool_calls":[)"
              R"({"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},)"
              R"({"id":"b","type":"function","function":{"name":"f","arguments":"{}"}}]},)"
              R"({"role":"tool","tool_call_id":"a","content":"1"},{"role":"tool","tool_call_id":"b","content":"2"}])");
    }
    SUBCASE("an image in a tool result cannot be sent")
    {
        Part result = tool_result("a", "f", "see");
        Part image;
        image.kind = Part::Kind::image;
        image.url = "https://x/y.png";
        result.content.push_back(image);
        canonical::Message calls;
        calls.role = canonical::Role::assistant;
        calls.parts = {tool_call("a", "f", "{}")};
        canonical::Message results;
        results.role = canonical::Role::tool;
        results.parts = {result};
        r.messages = {user, calls, results};
        auto body = openai::encode_request(r);
        REQUIRE_FALSE(body);
        CHECK(body.error().code == llmp::ErrorCode::invalid_input);
        CHECK(body.error().message
              == "messages[2].content[0].content[1]: an OpenAI-compatible upstream takes only text in a tool result");
    }
}

TEST_CASE("openai request round trip: decode(encode(x)) == x")
{
    canonical::Request x;
    x.model = "o4-mini";  // a reasoning model, so reasoning_effort goes out and comes back
    x.system = {Part::make_text("Be brief.")};
    canonical::Message user;
    Part image;
    image.kind = Part::Kind::image;
    image.media_type = "image/png";
    image.data = "iVBORw0KGgo=";
    user.parts = {Part::make_text("Weather here?"), image};
    canonical::Message assistant;
    assistant.role = canonical::Role::assistant;
    assistant.parts = {Part::make_text("Checking."), tool_call("call_abc", "get_weather", R"({"city":"Paris"})"),
                       tool_call("call_def", "get_time", R"({"tz":"CET"})")};
    canonical::Message first;
    first.role = canonical::Role::tool;
    first.parts = {tool_result("call_abc", "get_weather", R"({"temp_c":18})")};
    canonical::Message second;
    second.role = canonical::Role::tool;
    second.parts = {tool_result("call_def", "get_time", "12:00")};
    canonical::Message done;
    done.role = canonical::Role::assistant;
    done.parts = {Part::make_text("18 °C at noon.")};
    x.messages = {user, assistant, first, second, done};
    x.tools = {canonical::Tool{"get_weather", "Current weather",
                               Json::parse(R"({"type":"object","properties":{"city":{"type":"string"}}})"), false},
               canonical::Tool{"get_time", "", Json::parse(R"({"type":"object"})"), std::nullopt}};
    x.tool_choice.mode = canonical::ToolChoice::Mode::named;
    x.tool_choice.name = "get_time";
    x.parallel_tool_calls = true;
    x.temperature = 0.7;
    x.top_p = 0.95;
    x.max_tokens = 500;
    x.stop = {"\n\n", "END"};
    x.seed = 1234;
    x.response_format.kind = canonical::ResponseFormat::Kind::json_schema;
    x.response_format.name = "weather";
    x.response_format.schema = Json::parse(R"({"type":"object","properties":{"t":{"type":"number"}}})");
    x.response_format.strict = true;
    x.reasoning = canonical::Reasoning{"high", canonical::budget_for_effort("high"), true};
    x.user = "user-42";
    x.stream = true;
    x.include_usage = true;  // the encoder always asks for it when streaming

    auto body = openai::encode_request(x);
    REQUIRE(body);
    auto back = openai::decode_request(*body);
    REQUIRE(back);
    CHECK(describe(*back).dump() == describe(x).dump());
}

TEST_CASE("openai: system and developer messages after the first turn stay in place")
{
    auto decoded = openai::decode_request(Json::parse(R"({"model":"gpt-4o","messages":[
        {"role":"system","content":"Be brief."},
        {"role":"developer","content":[{"type":"text","text":"Use tools."}]},
        {"role":"user","content":"hi"},
        {"role":"system","content":"Now in French."},
        {"role":"assistant","content":"Bonjour."},
        {"role":"developer","content":""},
        {"role":"user","content":"Merci"}]})"));
    REQUIRE(decoded);
    const canonical::Request& r = *decoded;
    REQUIRE(r.system.size() == 2);
    CHECK(r.system[1].text == "Use tools.");
    // The empty developer message says nothing and leaves no message behind.
    REQUIRE(r.messages.size() == 4);
    CHECK(r.messages[1].role == canonical::Role::system);
    REQUIRE(r.messages[1].parts.size() == 1);
    CHECK(r.messages[1].parts[0].text == "Now in French.");
    CHECK(r.messages[2].role == canonical::Role::assistant);
    CHECK(r.messages[3].role == canonical::Role::user);

    auto body = openai::encode_request(r);
    REQUIRE(body);
    CHECK((*body)["messages"].dump() ==
          R"([{"role":"system","content":"Be brief.\n\nUse tools."},{"role":"user","content":"hi"},)"
          R"({"role":"system","content":"Now in French."},{"role":"assistant","content":"Bonjour."},)"
          R"({"role":"user","content":"Merci"}])");
}
