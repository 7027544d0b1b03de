#include "llmp/canonical/tool_ids.hpp"
#include "llmp/dialects/gemini.hpp"

#include <doctest/doctest.h>

using llmp::ErrorCode;
using llmp::Json;
using llmp::canonical::Message;
using llmp::canonical::Part;
using llmp::canonical::Request;
using llmp::canonical::Role;
namespace gemini = llmp::dialects::gemini;

namespace {

Part text(std::string t) { return Part::make_text(std::move(t)); }

Part image_data(std::string media_type, std::string data)
{
    Part p;
    p.kind = Part::Kind::image;
    p.media_type = std::move(media_type);
    p.data = std::move(data);
    return p;
}

Part image_url(std::string url)
{
    Part p;
    p.kind = Part::Kind::image;
    p.url = std::move(url);
    return p;
}

Part thinking(std::string t, std::string signature)
{
    Part p;
    p.kind = Part::Kind::thinking;
    p.text = std::move(t);
    p.signature = std::move(signature);
    return p;
}

Part call(std::string id, std::string name, std::string arguments, std::string signature = "")
{
    Part p;
    p.kind = Part::Kind::tool_call;
    p.id = std::move(id);
    p.name = std::move(name);
    p.arguments = std::move(arguments);
    p.signature = std::move(signature);
    return p;
}

Part result(std::string id, std::string content, std::string name = "", bool is_error = false)
{
    Part p;
    p.kind = Part::Kind::tool_result;
    p.id = std::move(id);
    p.name = std::move(name);
    p.content.push_back(Part::make_text(std::move(content)));
    p.is_error = is_error;
    return p;
}

Message message(Role role, std::vector<Part> parts) { return Message{role, std::move(parts)}; }

Request user_says(std::string words)
{
    Request r;
    r.model = "gemini-2.5-flash";
    r.messages.push_back(message(Role::user, {text(std::move(words))}));
    return r;
}

// The encoded body, compared as exact text so key order and every value count.
std::string encoded(const Request& request)
{
    auto body = gemini::encode_request(request);
    REQUIRE_MESSAGE(body.has_value(), body.error().message);
    return body->dump();
}

std::string refusal(const Request& request)
{
    auto body = gemini::encode_request(request);
    REQUIRE_FALSE(body.has_value());
    CHECK(body.error().code == ErrorCode::invalid_input);
    return body.error().message;
}

std::string exact(const char* json) { return Json::parse(json).dump(); }

} // namespace

TEST_CASE("gemini request: the providers.md §4.1 example")
{
    Request r;
    r.model = "gemini-2.5-flash";
    r.system.push_back(text("Be brief."));
    r.messages.push_back(message(Role::user, {text("Weather in Paris?")}));
    r.messages.push_back(message(Role::assistant,
                                 {call("call_1", "get_weather", R"({"city":"Paris"})", "EjQK")}));
    r.messages.push_back(message(Role::tool, {result("call_1", R"({"temp_c":18})")}));
    llmp::canonical::Tool tool;
    tool.name = "get_weather";
    tool.description = "Current weather";
    tool.parameters = Json::parse(
        R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]})");
    tool.strict = true;
    r.tools.push_back(tool);
    r.tool_choice.mode = llmp::canonical::ToolChoice::Mode::auto_;
    r.parallel_tool_calls = false;
    r.user = "user-42";
    r.temperature = 0.7;
    r.top_p = 0.95;
    r.top_k = 40;
    r.max_tokens = 1024;
    r.stop = {"END"};
    r.seed = 42;
    r.response_format.kind = llmp::canonical::ResponseFormat::Kind::json_schema;
    r.response_format.name = "weather";
    r.response_format.schema = Json::parse(R"({"type":"object"})");
    r.reasoning = llmp::canonical::Reasoning{"", 1024, true};
    r.stream = true;

    CHECK(encoded(r) == exact(R"({
      "systemInstruction":{"parts":[{"text":"Be brief."}]},
      "contents":[
        {"role":"user","parts":[{"text":"Weather in Paris?"}]},
        {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},
                                  "thoughtSignature":"EjQK"}]},
        {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"temp_c":18}}}]}],
      "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Current weather",
        "parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}],
      "toolConfig":{"functionCallingConfig":{"mode":"AUTO"}},
      "generationConfig":{"temperature":0.7,"topP":0.95,"topK":40,"maxOutputTokens":1024,
        "stopSequences":["END"],"seed":42,
        "responseMimeType":"application/json","responseJsonSchema":{"type":"object"},
        "thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}})"));
}

TEST_CASE("gemini request: the smallest body")
{
    CHECK(encoded(user_says("Hi")) == exact(R"({"contents":[{"role":"user","parts":[{"text":"Hi"}]}]})"));
}

TEST_CASE("gemini request: turns")
{
    SUBCASE("several system parts, in order")
    {
        Request r = user_says("Hi");
        r.system = {text("One."), text(""), text("Two.")};
        CHECK(encoded(r) == exact(R"({"systemInstruction":{"parts":[{"text":"One."},{"text":"Two."}]},
            "contents":[{"role":"user","parts":[{"text":"Hi"}]}]})"));
    }
    SUBCASE("consecutive same-role messages merge into one content")
    {
        Request r = user_says("a");
        r.messages.push_back(message(Role::user, {text("b")}));
        r.messages.push_back(message(Role::assistant, {text("c")}));
        r.messages.push_back(message(Role::assistant, {text("d")}));
        r.messages.push_back(message(Role::user, {text("e")}));
        CHECK(encoded(r) == exact(R"({"contents":[
            {"role":"user","parts":[{"text":"a"},{"text":"b"}]},
            {"role":"model","parts":[{"text":"c"},{"text":"d"}]},
            {"role":"user","parts":[{"text":"e"}]}]})"));
    }
    SUBCASE("thinking is not sent back; a turn left empty is left out")
    {
        Request r = user_says("a");
        r.messages.push_back(message(Role::assistant, {thinking("hmm", "sig-t")}));
        r.messages.push_back(message(Role::user, {text("b")}));
        r.messages.push_back(
            message(Role::assistant, {thinking("more", ""), text("answer"), text("")}));
        CHECK(encoded(r) == exact(R"({"contents":[
            {"role":"user","parts":[{"text":"a"},{"text":"b"}]},
            {"role":"model","parts":[{"text":"answer"}]}]})"));
    }
    SUBCASE("a signature on an assistant text part is echoed")
    {
        Request r = user_says("a");
        Part answer = text("answer");
        answer.signature = "sig-text";
        r.messages.push_back(message(Role::assistant, {answer}));
        CHECK(encoded(r) == exact(R"({"contents":[
            {"role":"user","parts":[{"text":"a"}]},
            {"role":"model","parts":[{"text":"answer","thoughtSignature":"sig-text"}]}]})"));
    }
    SUBCASE("refusals")
    {
        Request r = user_says("a");
        SUBCASE("a tool call in a user message")
        {
            r.messages[0].parts.push_back(call("c1", "f", "{}"));
            CHECK(refusal(r) == "messages[0].content[1]: tool calls can only appear in assistant messages");
        }
        SUBCASE("a tool result in an assistant message")
        {
            r.messages.push_back(message(Role::assistant, {result("c1", "x", "f")}));
            CHECK(refusal(r) == "messages[1].content[0]: tool results cannot appear in assistant messages");
        }
        SUBCASE("an image in the system instruction")
        {
            r.system.push_back(text("ok"));
            r.system.push_back(image_data("image/png", "iVBORw0KGgo"));
            CHECK(refusal(r) == "system[1]: only text is supported in Gemini system instructions");
        }
    }
}

TEST_CASE("gemini request: images")
{
    auto with_image = [](Part image) {
        Request r = user_says("What is this?");
        r.messages[0].parts.push_back(std::move(image));
        return r;
    };
    SUBCASE("base64 with a media type")
    {
        CHECK(encoded(with_image(image_data("image/jpeg", "AAAA"))) == exact(R"({"contents":[
            {"role":"user","parts":[{"text":"What is this?"},
                                    {"inlineData":{"mimeType":"image/jpeg","data":"AAAA"}}]}]})"));
    }
    SUBCASE("a base64 data: URL")
    {
        CHECK(encoded(with_image(image_url("data:image/webp;base64,UklGRxyz"))) == exact(R"({"contents":[
            {"role":"user","parts":[{"text":"What is this?"},
                                    {"inlineData":{"mimeType":"image/webp","data":"UklGRxyz"}}]}]})"));
    }
    SUBCASE("base64 without a media type is recognised by its first bytes")
    {
        CHECK(encoded(with_image(image_data("", "iVBORw0KGgoAAAA"))) == exact(R"({"contents":[
            {"role":"user","parts":[{"text":"What is this?"},
                                    {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgoAAAA"}}]}]})"));
        CHECK(encoded(with_image(image_url("data:;base64,/9j/4AAQ"))) == exact(R"({"contents":[
            {"role":"user","parts":[{"text":"What is this?"},
                                    {"inlineData":{"mimeType":"image/jpeg","data":"/9j/4AAQ"}}]}]})"));
    }
    SUBCASE("an http(s) URL is refused")
    {
        const char* message = "messages[0].content[1]: image URLs are not supported by Gemini "
                              "upstreams; send the image as base64 data";
        CHECK(refusal(with_image(image_url("https://example.com/cat.png"))) == message);
        CHECK(refusal(with_image(image_url("HTTP://example.com/cat.png"))) == message);
    }
    SUBCASE("a data: URL that is not base64")
    {
        CHECK(refusal(with_image(image_url("data:image/svg+xml,<svg/>"))) ==
              "messages[0].content[1]: only base64 data: URLs are supported by Gemini upstreams");
    }
    SUBCASE("an unknown media type")
    {
        CHECK(refusal(with_image(image_data("", "AAAA"))) ==
              "messages[0].content[1]: image media type is unknown; Gemini upstreams need one");
    }
    SUBCASE("no data, no URL")
    {
        CHECK(refusal(with_image(image_url(""))) ==
              "messages[0].content[1]: image has neither data nor a URL");
        CHECK(refusal(with_image(image_url("ftp://example.com/cat.png"))) ==
              "messages[0].content[1]: unsupported image URL; send the image as base64 data");
    }
}

TEST_CASE("gemini request: a tool round trip")
{
    Request r = user_says("Weather in Paris and Rome?");
    r.messages.push_back(message(Role::assistant,
                                 {text("Checking."),
                                  call("call_a", "get_weather", R"({"city":"Paris"})", "sig-1"),
                                  call("call_b", "get_time", R"({"city":"Rome"})")}));
    // Results come back in another order, without names, one tool message each.
    r.messages.push_back(message(Role::tool, {result("call_b", "12:00")}));
    r.messages.push_back(message(Role::tool, {result("call_a", R"({"temp_c":18})")}));
    r.messages.push_back(message(Role::user, {text("Thanks")}));
    CHECK(encoded(r) == exact(R"({"contents":[
        {"role":"user","parts":[{"text":"Weather in Paris and Rome?"}]},
        {"role":"model","parts":[{"text":"Checking."},
            {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"sig-1"},
            {"functionCall":{"name":"get_time","args":{"city":"Rome"}}}]},
        {"role":"user","parts":[
            {"functionResponse":{"name":"get_time","response":{"result":"12:00"}}},
            {"functionResponse":{"name":"get_weather","response":{"temp_c":18}}},
            {"text":"Thanks"}]}]})"));
}

TEST_CASE("gemini request: tool calls and results, field by field")
{
    auto after_call = [](Part the_call, Part the_result) {
        Request r = user_says("go");
        r.messages.push_back(message(Role::assistant, {std::move(the_call)}));
        r.messages.push_back(message(Role::tool, {std::move(the_result)}));
        return r;
    };
    auto turn = [](const Request& r, size_t index) {
        return gemini::encode_request(r).value()["contents"][index]["parts"][0].dump();
    };

    SUBCASE("empty arguments are an empty object")
    {
        auto r = after_call(call("c", "now", ""), result("c", "noon"));
        CHECK(turn(r, 1) == exact(R"({"functionCall":{"name":"now","args":{}}})"));
    }
    SUBCASE("a signature still packed in the id is unpacked")
    {
        std::string packed = llmp::canonical::pack_tool_id("c", "sig-packed");
        auto r = after_call(call(packed, "now", "{}"), result(packed, "noon"));
        CHECK(turn(r, 1) == exact(R"({"functionCall":{"name":"now","args":{}},"thoughtSignature":"sig-packed"})"));
        CHECK(turn(r, 2) == exact(R"({"functionResponse":{"name":"now","response":{"result":"noon"}}})"));
    }
    SUBCASE("a result matched through the unpacked id")
    {
        std::string packed = llmp::canonical::pack_tool_id("c", "sig");
        auto r = after_call(call("c", "now", "{}", "sig"), result(packed, "noon"));
        CHECK(turn(r, 2) == exact(R"({"functionResponse":{"name":"now","response":{"result":"noon"}}})"));
    }
    SUBCASE("a result's own name wins over the lookup")
    {
        auto r = after_call(call("c", "now", "{}"), result("c", "noon", "clock"));
        CHECK(turn(r, 2) == exact(R"({"functionResponse":{"name":"clock","response":{"result":"noon"}}})"));
    }
    SUBCASE("results that are not JSON objects are wrapped")
    {
        for (const char* content : {"[1,2]", "42", "\"quoted\"", "plain words", "{broken"}) {
            CAPTURE(content);
            auto r = after_call(call("c", "f", "{}"), result("c", content));
            Json expected = {{"functionResponse", {{"name", "f"}, {"response", {{"result", content}}}}}};
            CHECK(turn(r, 2) == expected.dump());
        }
    }
    SUBCASE("a failed call reports under \"error\"")
    {
        auto r = after_call(call("c", "f", "{}"), result("c", R"({"code":7})", "", true));
        CHECK(turn(r, 2) == exact(R"({"functionResponse":{"name":"f","response":{"error":"{\"code\":7}"}}})"));
    }
    SUBCASE("a result in several text pieces")
    {
        Part multi = result("c", R"({"a":)");
        multi.content.push_back(Part::make_text("1}"));
        auto r = after_call(call("c", "f", "{}"), multi);
        CHECK(turn(r, 2) == exact(R"({"functionResponse":{"name":"f","response":{"a":1}}})"));
    }
    SUBCASE("refusals")
    {
        SUBCASE("arguments that are not JSON")
        {
            auto r = after_call(call("c", "f", "{city:"), result("c", "x"));
            CHECK(refusal(r) == "messages[1].content[0].arguments: not valid JSON");
        }
        SUBCASE("arguments that are not an object")
        {
            auto r = after_call(call("c", "f", "[1]"), result("c", "x"));
            CHECK(refusal(r) == "messages[1].content[0].arguments: Gemini upstreams need a JSON object");
        }
        SUBCASE("a result for an unknown call")
        {
            auto r = after_call(call("c", "f", "{}"), result("zzz", "x"));
            CHECK(refusal(r) == "messages[2].content[0]: no earlier tool call has id \"zzz\"; Gemini "
                                "upstreams need the function name of every tool result");
        }
        SUBCASE("a result given before its call")
        {
            Request r = user_says("go");
            r.messages.push_back(message(Role::tool, {result("c", "x")}));
            r.messages.push_back(message(Role::assistant, {call("c", "f", "{}")}));
            CHECK(refusal(r) == "messages[1].content[0]: no earlier tool call has id \"c\"; Gemini "
                                "upstreams need the function name of every tool result");
        }
        SUBCASE("an image inside a result")
        {
            Part with_image = result("c", "see");
            with_image.content.push_back(image_data("image/png", "iVBORw0KGgo"));
            auto r = after_call(call("c", "f", "{}"), with_image);
            CHECK(refusal(r) == "messages[2].content[0].content[1]: only text tool results are "
                                "supported by Gemini upstreams");
        }
    }
}

TEST_CASE("gemini request: tools and tool choice")
{
    using Mode = llmp::canonical::ToolChoice::Mode;
    Request r = user_says("go");
    llmp::canonical::Tool bare;
    bare.name = "ping";
    r.tools.push_back(bare);
    auto tools_and_config = [](const Request& request) {
        Json body = gemini::encode_request(request).value();
        Json out = Json::object();
        for (const char* key : {"tools", "toolConfig"})
            if (body.contains(key)) out[key] = body[key];
        return out.dump();
    };

    SUBCASE("a tool with no description or parameters; no choice")
    {
        CHECK(tools_and_config(r) == exact(R"({"tools":[{"functionDeclarations":[{"name":"ping"}]}]})"));
    }
    SUBCASE("modes")
    {
        r.tool_choice.mode = Mode::none;
        CHECK(tools_and_config(r) == exact(R"({"tools":[{"functionDeclarations":[{"name":"ping"}]}],
            "toolConfig":{"functionCallingConfig":{"mode":"NONE"}}})"));
        r.tool_choice.mode = Mode::required;
        CHECK(tools_and_config(r) == exact(R"({"tools":[{"functionDeclarations":[{"name":"ping"}]}],
            "toolConfig":{"functionCallingConfig":{"mode":"ANY"}}})"));
        r.tool_choice.mode = Mode::named;
        r.tool_choice.name = "ping";
        CHECK(tools_and_config(r) == exact(R"({"tools":[{"functionDeclarations":[{"name":"ping"}]}],
            "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["ping"]}}})"));
    }
    SUBCASE("no tools: neither tools nor toolConfig")
    {
        r.tools.clear();
        r.tool_choice.mode = Mode::required;
        CHECK(tools_and_config(r) == "{}");
    }
}

TEST_CASE("gemini request: generation config")
{
    using Kind = llmp::canonical::ResponseFormat::Kind;
    Request r = user_says("go");
    auto config = [](const Request& request) {
        return gemini::encode_request(request).value()["generationConfig"].dump();
    };
    SUBCASE("json_object asks for JSON without a schema")
    {
        r.response_format.kind = Kind::json_object;
        CHECK(config(r) == exact(R"({"responseMimeType":"application/json"})"));
    }
    SUBCASE("several stop sequences, no other field")
    {
        r.stop = {"a", "b"};
        CHECK(config(r) == exact(R"({"stopSequences":["a","b"]})"));
    }
    SUBCASE("reasoning effort becomes a budget")
    {
        r.reasoning = llmp::canonical::Reasoning{"high", std::nullopt, true};
        CHECK(config(r) == exact(R"({"thinkingConfig":{"thinkingBudget":16384,"includeThoughts":true}})"));
    }
    SUBCASE("effort none turns thinking off")
    {
        r.reasoning = llmp::canonical::Reasoning{"none", std::nullopt, false};
        CHECK(config(r) == exact(R"({"thinkingConfig":{"thinkingBudget":0,"includeThoughts":false}})"));
    }
    SUBCASE("a budget wins over an effort")
    {
        r.reasoning = llmp::canonical::Reasoning{"low", 3000, true};
        CHECK(config(r) == exact(R"({"thinkingConfig":{"thinkingBudget":3000,"includeThoughts":true}})"));
    }
    SUBCASE("no effort and no budget: only whether to show thoughts")
    {
        r.reasoning = llmp::canonical::Reasoning{"", std::nullopt, true};
        CHECK(config(r) == exact(R"({"thinkingConfig":{"includeThoughts":true}})"));
    }
    SUBCASE("nothing set: no generationConfig at all")
    {
        r.parallel_tool_calls = true;
        r.user = "u";
        CHECK_FALSE(gemini::encode_request(r).value().contains("generationConfig"));
    }
}

TEST_CASE("gemini paths")
{
    CHECK(gemini::generate_path("gemini-2.5-flash", false) == "/models/gemini-2.5-flash:generateContent");
    CHECK(gemini::generate_path("gemini-2.5-flash", true) ==
          "/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    CHECK(gemini::generate_path("models/gemini-2.5-pro", false) == "/models/gemini-2.5-pro:generateContent");
    CHECK(gemini::generate_path("tunedModels/mine", true) == "/tunedModels/mine:streamGenerateContent?alt=sse");
    CHECK(gemini::embed_path("gemini-embedding-001") == "/models/gemini-embedding-001:batchEmbedContents");
}

TEST_CASE("gemini request: system messages join systemInstruction in order")
{
    Request r = user_says("one");
    r.system = {text("First.")};
    r.messages.push_back(message(Role::system, {text("Mid.")}));
    r.messages.push_back(message(Role::user, {text("two")}));
    r.messages.push_back(message(Role::assistant, {text("ok")}));
    r.messages.push_back(message(Role::system, {text("Late."), text("")}));
    CHECK(encoded(r) == exact(R"({"systemInstruction":{"parts":[{"text":"First."},{"text":"Mid."},{"text":"Late."}]},
        "contents":[{"role":"user","parts":[{"text":"one"},{"text":"two"}]},
                    {"role":"model","parts":[{"text":"ok"}]}]})"));
    r.messages[1].parts.push_back(image_url("https://example.com/a.png"));
    CHECK(refusal(r) == "messages[1].content[1]: only text is supported in Gemini system instructions");
}
