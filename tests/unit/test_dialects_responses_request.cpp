#include "llmp/dialects/anthropic.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/dialects/responses.hpp"
#include "llmp/dialects/responses/items.hpp"

#include "test_dialects_responses_fixtures.hpp"

#include <doctest/doctest.h>

using llmp::Json;
namespace canonical = llmp::canonical;
namespace responses = llmp::dialects::responses;
using canonical::Part;
using canonical::Role;

namespace
{

Json parse(const char* text) { return Json::parse(text); }

canonical::Request decoded(const Json& body,
                           responses::BuiltinTools builtin = responses::BuiltinTools::refuse)
{
    auto request = responses::decode_request(body, builtin);
    if (!request) FAIL(request.error().message);
    return *request;
}

std::string refusal(const Json& body)
{
    auto request = responses::decode_request(body);
    if (request) return "(decoded)";
    CHECK(request.error().code == llmp::ErrorCode::invalid_input);
    return request.error().message;
}

// {"model":"m","input":[<item>]}
Json with_input(Json items) { return Json{{"model", "m"}, {"input", std::move(items)}}; }

}  // namespace

TEST_CASE("responses request: Codex CLI's first turn (captured)")
{
    Json body = parse(responses_fixtures::k_codex_responses);

    SUBCASE("its web_search tool is refused, naming the tool")
    {
        CHECK(refusal(body)
              == "tools[8].type: Unsupported tool type 'web_search' for model 'mock/echo': "
                 "built-in tools need an OpenAI Responses upstream.");
    }
    SUBCASE("with built-in tools dropped, the rest decodes")
    {
        auto request = decoded(body, responses::BuiltinTools::drop);
        CHECK(request.model == "mock/echo");
        // The two leading developer messages (three text parts) are the system prompt; the
        // user turns follow.
        REQUIRE(request.system.size() == 3);
        CHECK(
            request.system[0].text.starts_with("You are a coding agent running in the Codex CLI"));
        CHECK(request.system[1].text.starts_with("<skills_instructions>"));
        REQUIRE(request.messages.size() == 2);
        CHECK(request.messages[0].role == Role::user);
        CHECK(request.messages[1].parts[0].text == "say hi");
        // 7 functions, and the namespace's functions under qualified names.
        std::vector<std::string> names;
        for (const auto& tool : request.tools) names.push_back(tool.name);
        CHECK(names.size() > 8);
        CHECK(names[0] == "exec_command");
        CHECK(std::find(names.begin(), names.end(), "multi_agent_v1__close_agent") != names.end());
        CHECK(request.tools[0].strict == false);
        CHECK(request.tool_choice.mode == canonical::ToolChoice::Mode::auto_);
        CHECK(request.parallel_tool_calls == true);
        // reasoning {summary:"auto"} without an effort asks nothing of the model.
        CHECK_FALSE(request.reasoning.has_value());
        CHECK(request.stream);
    }
}

TEST_CASE("responses request: Codex CLI's tool follow-up (captured)")
{
    auto request
        = decoded(parse(responses_fixtures::k_codex_tool_followup), responses::BuiltinTools::drop);
    REQUIRE(request.messages.size() == 4);
    const auto& call_turn = request.messages[2];
    CHECK(call_turn.role == Role::assistant);
    REQUIRE(call_turn.parts.size() == 1);
    CHECK(call_turn.parts[0].kind == Part::Kind::tool_call);
    CHECK(call_turn.parts[0].id == "call_1");
    CHECK(call_turn.parts[0].name == "exec_command");
    CHECK(call_turn.parts[0].arguments == R"({"cmd":"echo tool-ran-42"})");
    const auto& result_turn = request.messages[3];
    CHECK(result_turn.role == Role::tool);
    REQUIRE(result_turn.parts.size() == 1);
    CHECK(result_turn.parts[0].kind == Part::Kind::tool_result);
    CHECK(result_turn.parts[0].id == "call_1");
    CHECK(result_turn.parts[0].name == "exec_command");
    CHECK(result_turn.parts[0].content[0].text.find("tool-ran-42") != std::string::npos);
}

TEST_CASE("responses request: Codex CLI on its default model declares tools in an input item")
{
    auto request = decoded(parse(responses_fixtures::k_codex_responses_default_model));
    bool has_exec = false;
    for (const auto& tool : request.tools)
        if (tool.name == "functions__exec") has_exec = tool.freeform;
    CHECK(has_exec);
    REQUIRE(request.reasoning.has_value());
    CHECK(request.reasoning->effort == "low");
    CHECK(request.parallel_tool_calls == false);
    CHECK(request.response_format.kind == canonical::ResponseFormat::Kind::text);
    CHECK(request.system.size() == 6);  // 4 developer messages' text parts before the user turns
    CHECK(request.messages.size() == 2);
}

TEST_CASE("responses request: the AI SDK's requests (captured)")
{
    SUBCASE("generateText: a system message and a user part")
    {
        auto request = decoded(parse(responses_fixtures::k_ai_sdk_responses));
        REQUIRE(request.system.size() == 1);
        CHECK(request.system[0].text == "be brief");
        REQUIRE(request.messages.size() == 1);
        CHECK(request.messages[0].role == Role::user);
    }
    SUBCASE("a tool step: function_call without an id, then its output")
    {
        auto request = decoded(parse(responses_fixtures::k_ai_sdk_tools_followup));
        REQUIRE(request.messages.size() == 3);
        CHECK(request.messages[1].parts[0].id == "call_1");
        CHECK(request.messages[2].parts[0].content[0].text == "sunny in Paris");
        REQUIRE(request.tools.size() == 1);
        CHECK(request.tools[0].parameters["required"] == Json::array({"city"}));
        CHECK_FALSE(request.tools[0].strict.has_value());
    }
    SUBCASE("generateObject: a flat json_schema format")
    {
        auto request = decoded(parse(responses_fixtures::k_ai_sdk_object));
        CHECK(request.response_format.kind == canonical::ResponseFormat::Kind::json_schema);
        CHECK(request.response_format.name == "response");
        CHECK(request.response_format.strict == true);
        CHECK(request.response_format.schema["properties"]["name"]["type"] == "string");
    }
    SUBCASE("an item_reference the server could not expand")
    {
        CHECK(refusal(parse(responses_fixtures::k_ai_sdk_followup))
              == "input[1]: Item with id 'msg_1' not found.");
    }
}

TEST_CASE("responses request: LangChain and the openai SDK (captured)")
{
    auto langchain = decoded(parse(responses_fixtures::k_langchain_responses));
    REQUIRE(langchain.messages.size() == 1);
    CHECK(langchain.messages[0].parts[0].text == "say hi");
    auto sdk = decoded(parse(responses_fixtures::k_openai_sdk_responses));
    REQUIRE(sdk.messages.size() == 1);
    CHECK(sdk.messages[0].role == Role::user);
    CHECK(sdk.messages[0].parts[0].text == "say hi");
    CHECK(refusal(parse(responses_fixtures::k_openai_sdk_followup))
          == "previous_response_id: Previous response with id 'resp_7' not found.");
}

TEST_CASE("responses request: instructions and system/developer messages")
{
    Json body = with_input(Json::array({
        {{"role", "developer"}, {"content", "first rules"}},
        {{"role", "user"}, {"content", "hi"}},
        {{"type", "message"},
         {"role", "system"},
         {"content", Json::array({{{"type", "input_text"}, {"text", "later rule"}}})}},
        {{"role", "assistant"}, {"content", "hello"}},
    }));
    body["instructions"] = "be kind";
    auto request = decoded(body);
    REQUIRE(request.system.size() == 2);
    CHECK(request.system[0].text == "be kind");
    CHECK(request.system[1].text == "first rules");
    REQUIRE(request.messages.size() == 3);
    CHECK(request.messages[0].role == Role::user);
    // After the conversation began, a system message keeps its place.
    CHECK(request.messages[1].role == Role::system);
    CHECK(request.messages[1].parts[0].text == "later rule");
    CHECK(request.messages[2].role == Role::assistant);
}

TEST_CASE("responses request: every text part type under every role, and images")
{
    auto request = decoded(with_input(Json::array({
        {{"role", "user"},
         {"content",
          Json::array({{{"type", "output_text"}, {"text", "a"}},
                       {{"type", "input_image"},
                        {"image_url", "https://x.test/cat.png"},
                        {"detail", "high"}},
                       {{"type", "input_image"}, {"image_url", "data:image/png;base64,iVBOR"}}})}},
        {{"role", "assistant"},
         {"content",
          Json::array({{{"type", "input_text"}, {"text", "b"}},
                       {{"type", "output_text"}, {"text", "c"}, {"annotations", Json::array()}},
                       {{"type", "refusal"}, {"refusal", "no"}}})}},
    })));
    REQUIRE(request.messages.size() == 2);
    const auto& user = request.messages[0].parts;
    REQUIRE(user.size() == 3);
    CHECK(user[0].text == "a");
    CHECK(user[1].kind == Part::Kind::image);
    CHECK(user[1].url == "https://x.test/cat.png");
    CHECK(user[2].media_type == "image/png");
    CHECK(user[2].data == "iVBOR");
    const auto& assistant = request.messages[1].parts;
    REQUIRE(assistant.size() == 3);
    CHECK(assistant[0].text == "b");
    CHECK(assistant[1].text == "c");
    CHECK(assistant[2].text == "no");
}

TEST_CASE("responses request: custom (freeform) tools and their calls")
{
    Json body = with_input(Json::array({
        {{"role", "user"}, {"content", "patch it"}},
        {{"type", "custom_tool_call"},
         {"call_id", "call_p"},
         {"name", "apply_patch"},
         {"input", "*** Begin Patch"}},
        {{"type", "custom_tool_call_output"}, {"call_id", "call_p"}, {"output", "done"}},
    }));
    body["tools"] = Json::array(
        {{{"type", "custom"},
          {"name", "apply_patch"},
          {"description", "Apply a patch."},
          {"format", {{"type", "grammar"}, {"syntax", "lark"}, {"definition", "start: x"}}}}});
    body["tool_choice"] = {{"type", "custom"}, {"name", "apply_patch"}};
    auto request = decoded(body);
    REQUIRE(request.tools.size() == 1);
    const auto& tool = request.tools[0];
    CHECK(tool.freeform);
    CHECK(tool.parameters["properties"]["input"]["type"] == "string");
    CHECK(tool.parameters["required"] == Json::array({"input"}));
    CHECK(tool.description
          == "Apply a patch.\n\nThe input must match this lark grammar:\nstart: x");
    CHECK(request.tool_choice.mode == canonical::ToolChoice::Mode::named);
    CHECK(request.tool_choice.name == "apply_patch");
    REQUIRE(request.messages.size() == 3);
    CHECK(Json::parse(request.messages[1].parts[0].arguments)
          == Json{{"input", "*** Begin Patch"}});
    CHECK(request.messages[2].parts[0].name == "apply_patch");
}

TEST_CASE("responses request: reasoning items")
{
    Part signed_thinking;
    signed_thinking.kind = Part::Kind::thinking;
    signed_thinking.signature = "EqQBCkYIARgC";
    Part redacted;
    redacted.kind = Part::Kind::redacted_thinking;
    redacted.data = "opaque";
    auto request = decoded(with_input(Json::array({
        {{"role", "user"}, {"content", "think"}},
        {{"type", "reasoning"},
         {"summary",
          Json::array({{{"type", "summary_text"}, {"text", "step one"}},
                       {{"type", "summary_text"}, {"text", "step two"}}})},
         {"encrypted_content", responses::seal_reasoning(signed_thinking)}},
        {{"type", "reasoning"},
         {"summary", Json::array()},
         {"encrypted_content", responses::seal_reasoning(redacted)}},
        {{"type", "reasoning"},
         {"id", "rs_1"},
         {"summary", Json::array({{{"type", "summary_text"}, {"text", "openai's"}}})},
         {"encrypted_content", "gAAAAABopaque"}},
        {{"type", "reasoning"}, {"summary", Json::array()}, {"encrypted_content", "gAAAAABother"}},
        {{"role", "assistant"}, {"content", "answer"}},
    })));
    REQUIRE(request.messages.size() == 2);
    const auto& parts = request.messages[1].parts;
    REQUIRE(parts.size() == 4);
    CHECK(parts[0].kind == Part::Kind::thinking);
    CHECK(parts[0].text == "step one\n\nstep two");
    CHECK(parts[0].signature == "EqQBCkYIARgC");
    CHECK(parts[1].kind == Part::Kind::redacted_thinking);
    CHECK(parts[1].data == "opaque");
    // OpenAI's blob means nothing elsewhere: the text stays, the blob goes; nothing is left of
    // a reasoning item with neither.
    CHECK(parts[2].kind == Part::Kind::thinking);
    CHECK(parts[2].text == "openai's");
    CHECK(parts[2].signature.empty());
    CHECK(parts[3].text == "answer");
}

TEST_CASE("responses request: tool_choice forms")
{
    Json body = with_input("hi");
    body["tools"] = Json::array(
        {{{"type", "function"}, {"name", "a"}}, {{"type", "function"}, {"name", "b"}}});
    using Mode = canonical::ToolChoice::Mode;

    SUBCASE("strings")
    {
        for (auto [word, mode] :
             {std::pair{"auto", Mode::auto_}, {"none", Mode::none}, {"required", Mode::required}}) {
            body["tool_choice"] = word;
            CHECK(decoded(body).tool_choice.mode == mode);
        }
    }
    SUBCASE("a flat function")
    {
        body["tool_choice"] = {{"type", "function"}, {"name", "b"}};
        auto request = decoded(body);
        CHECK(request.tool_choice.mode == Mode::named);
        CHECK(request.tool_choice.name == "b");
    }
    SUBCASE("allowed_tools narrows the tools")
    {
        body["tool_choice"] = {{"type", "allowed_tools"},
                               {"mode", "required"},
                               {"tools", Json::array({{{"type", "function"}, {"name", "b"}}})}};
        auto request = decoded(body);
        CHECK(request.tool_choice.mode == Mode::required);
        REQUIRE(request.tools.size() == 1);
        CHECK(request.tools[0].name == "b");
    }
    SUBCASE("a hosted tool is refused")
    {
        body["tool_choice"] = {{"type", "web_search_preview"}};
        CHECK(refusal(body)
              == "tool_choice: Unsupported tool type 'web_search_preview' for model 'm': "
                 "built-in tools need an OpenAI Responses upstream.");
        auto dropped = responses::decode_request(body, responses::BuiltinTools::drop);
        REQUIRE(dropped);
        CHECK(dropped->tool_choice.mode == Mode::unset);
    }
}

TEST_CASE("responses request: parameters")
{
    Json body = with_input("hi");
    body.update(Json{{"max_output_tokens", 256},
                     {"temperature", 0.2},
                     {"top_p", 0.9},
                     {"parallel_tool_calls", false},
                     {"stream", true},
                     {"safety_identifier", "user-7"},
                     {"reasoning", {{"effort", "high"}, {"summary", "auto"}}},
                     {"text", {{"format", {{"type", "json_object"}}}, {"verbosity", "low"}}},
                     // The proxy's business, or nobody's: ignored.
                     {"store", false},
                     {"metadata", {{"k", "v"}}},
                     {"include", Json::array({"reasoning.encrypted_content"})},
                     {"truncation", "auto"},
                     {"prompt_cache_key", "abc"},
                     {"service_tier", "auto"}});
    auto request = decoded(body);
    CHECK(request.max_tokens == 256);
    CHECK(request.temperature == 0.2);
    CHECK(request.top_p == 0.9);
    CHECK(request.parallel_tool_calls == false);
    CHECK(request.stream);
    CHECK(request.user == "user-7");
    REQUIRE(request.reasoning.has_value());
    CHECK(request.reasoning->effort == "high");
    CHECK(request.reasoning->include_thoughts);
    CHECK(request.response_format.kind == canonical::ResponseFormat::Kind::json_object);
}

TEST_CASE("responses request: bad input is a 400 naming the field")
{
    auto refused = [](Json body) { return refusal(body); };
    CHECK(refused(Json::array()) == "request body: expected a JSON object");
    CHECK(refused(Json{{"input", "hi"}}) == "model: expected a string");
    CHECK(refused(Json{{"model", "m"}}) == "input: required");
    CHECK(refused(with_input(3)) == "input: expected a string or an array of items");
    CHECK(refused(with_input(Json::array())) == "input: must not be empty");
    CHECK(refused(with_input(Json::array({1}))) == "input[0]: expected an object");
    CHECK(refused(with_input(Json::array({{{"role", "tool"}, {"content", "x"}}})))
          == "input[0].role: expected one of user, assistant, system, developer");
    CHECK(refused(with_input(Json::array({{{"role", "user"}, {"content", 5}}})))
          == "input[0].content: expected a string or an array of content parts");
    CHECK(refused(with_input(Json::array(
              {{{"role", "user"}, {"content", Json::array({{{"type", "input_audio"}}})}}})))
          == "input[0].content[0].type: unsupported content type \"input_audio\"");
    CHECK(refused(with_input(Json::array(
              {{{"role", "user"},
                {"content", Json::array({{{"type", "input_image"}, {"file_id", "file-1"}}})}}})))
          == "input[0].content[0].file_id: file ids name files stored at OpenAI and cannot be sent "
             "to this "
             "model; send image_url (an http(s) URL or a data URL) instead");
    CHECK(refused(with_input(Json::array(
              {{{"role", "user"},
                {"content", Json::array({{{"type", "input_image"}, {"image_url", "ftp://x"}}})}}})))
          == "input[0].content[0].image_url: expected an http(s) URL or a base64 data URL");
    CHECK(refused(with_input(Json::array(
              {{{"role", "user"},
                {"content",
                 Json::array({{{"type", "input_file"},
                               {"file_data", "data:application/pdf;base64,JVBER"}}})}}})))
          == "input[0].content[0].type: files (input_file) cannot be sent to this model; send "
             "their text as input_text");
    CHECK(
        refused(with_input(Json::array(
            {{{"role", "developer"},
              {"content",
               Json::array({{{"type", "input_image"}, {"image_url", "https://x.test/a.png"}}})}}})))
        == "input[0].content[0].type: a developer message takes only text");
    CHECK(refused(with_input(Json::array(
              {{{"type", "function_call_output"}, {"call_id", "call_9"}, {"output", "x"}}})))
          == "input[0].call_id: no function_call item with call_id \"call_9\" precedes it");
    CHECK(refused(with_input(Json::array(
              {{{"type", "function_call"}, {"call_id", "c"}, {"name", "f"}, {"arguments", 3}}})))
          == "input[0].arguments: expected a string");
    CHECK(refused(with_input(Json::array({{{"type", "compaction"}, {"encrypted_content", "x"}}})))
          == "input[0].type: unsupported item type \"compaction\"");
    CHECK(refused(with_input(Json::array({{{"type", 7}}}))) == "input[0].type: expected a string");
    CHECK(refused(with_input(Json::array({{{"id", "msg_3"}}})))
          == "input[0]: Item with id 'msg_3' not found.");

    Json body = with_input("hi");
    auto with = [&](const char* key, Json value) {
        Json copy = body;
        copy[key] = std::move(value);
        return refusal(copy);
    };
    CHECK(with("max_output_tokens", 0) == "max_output_tokens: expected a positive integer");
    CHECK(with("max_output_tokens", "9") == "max_output_tokens: expected a positive integer");
    CHECK(with("temperature", "hot") == "temperature: expected a number");
    CHECK(with("stream", "yes") == "stream: expected a boolean");
    CHECK(with("reasoning", {{"effort", "huge"}})
          == "reasoning.effort: expected one of none, minimal, low, medium, high, xhigh, max");
    CHECK(with("text", {{"format", {{"type", "yaml"}}}})
          == "text.format.type: expected one of text, json_object, json_schema");
    CHECK(with("text", {{"format", {{"type", "json_schema"}, {"name", "x"}}}})
          == "text.format.schema: expected an object");
    CHECK(with("tools", Json::array({{{"type", "file_search"}}}))
          == "tools[0].type: Unsupported tool type 'file_search' for model 'm': built-in tools "
             "need an OpenAI Responses upstream.");
    CHECK(with("tools", Json::array({{{"type", "function"}, {"name", "f"}, {"parameters", "x"}}}))
          == "tools[0].parameters: expected an object");
    CHECK(with("tool_choice", "sometimes")
          == "tool_choice: expected \"none\", \"auto\", \"required\" or an object");
    CHECK(with("background", true)
          == "background: background responses are not supported by this proxy");
    CHECK(with("prompt", {{"id", "pmpt_1"}})
          == "prompt: stored prompts are not supported by this proxy");
    CHECK(with("conversation", "conv_1")
          == "conversation: Conversation with id 'conv_1' not found.");
    CHECK(with("user", 5) == "user: expected a string");
}

TEST_CASE("responses request encode: a whole conversation for a Responses upstream")
{
    canonical::Request request;
    request.model = "gpt-5";
    request.system = {Part::make_text("be brief"), Part::make_text("be kind")};
    Part call;
    call.kind = Part::Kind::tool_call;
    call.id = "toolu_1";
    call.name = "get_weather";
    call.arguments = R"({"city":"Paris"})";
    Part patch = call;
    patch.id = "toolu_2";
    patch.name = "apply_patch";
    patch.arguments = R"({"input":"*** Begin Patch"})";
    Part anthropic_thinking;
    anthropic_thinking.kind = Part::Kind::thinking;
    anthropic_thinking.text = "hmm";
    anthropic_thinking.signature = "EqQBCkYIARgC";
    Part openai_thinking = anthropic_thinking;
    openai_thinking.signature = "gAAAAABblob";
    Part result;
    result.kind = Part::Kind::tool_result;
    result.id = "toolu_1";
    result.content = {Part::make_text("18C")};
    Part patch_result = result;
    patch_result.id = "toolu_2";
    patch_result.content = {Part::make_text("ok")};
    Part image;
    image.kind = Part::Kind::image;
    image.media_type = "image/png";
    image.data = "iVBOR";
    request.messages = {
        {Role::user, {Part::make_text("weather?"), image}},
        {Role::assistant,
         {anthropic_thinking, openai_thinking, Part::make_text("checking"), call, patch}},
        {Role::user, {result, patch_result, Part::make_text("thanks")}},
        {Role::system, {Part::make_text("answer in French")}},
    };
    canonical::Tool weather;
    weather.name = "get_weather";
    weather.parameters = {{"type", "object"}, {"properties", {{"city", {{"type", "string"}}}}}};
    canonical::Tool freeform;
    freeform.name = "apply_patch";
    freeform.description = "Apply a patch.";
    freeform.freeform = true;
    request.tools = {weather, freeform};
    request.tool_choice = {canonical::ToolChoice::Mode::named, "apply_patch"};
    request.parallel_tool_calls = false;
    request.max_tokens = 500;
    request.stop = {"END"};
    request.response_format.kind = canonical::ResponseFormat::Kind::json_schema;
    request.response_format.schema = {{"type", "object"}};
    request.reasoning = canonical::Reasoning{"", 16384, true};
    request.stream = true;

    auto body = responses::encode_request(request);
    REQUIRE(body);
    CHECK(*body == Json::parse(R"({
      "model":"gpt-5","instructions":"be brief\n\nbe kind",
      "input":[
        {"type":"message","role":"user","content":[{"type":"input_text","text":"weather?"},
          {"type":"input_image","image_url":"data:image/png;base64,iVBOR","detail":"auto"}]},
        {"type":"reasoning","summary":[{"type":"summary_text","text":"hmm"}],"encrypted_content":"gAAAAABblob"},
        {"type":"message","role":"assistant","content":[{"type":"output_text","text":"checking"}]},
        {"type":"function_call","call_id":"toolu_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
        {"type":"custom_tool_call","call_id":"toolu_2","name":"apply_patch","input":"*** Begin Patch"},
        {"type":"function_call_output","call_id":"toolu_1","output":"18C"},
        {"type":"custom_tool_call_output","call_id":"toolu_2","output":"ok"},
        {"type":"message","role":"user","content":[{"type":"input_text","text":"thanks"}]},
        {"type":"message","role":"developer","content":[{"type":"input_text","text":"answer in French"}]}],
      "tools":[
        {"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":false},
        {"type":"custom","name":"apply_patch","description":"Apply a patch."}],
      "tool_choice":{"type":"custom","name":"apply_patch"},
      "parallel_tool_calls":false,
      "max_output_tokens":500,
      "text":{"format":{"type":"json_schema","name":"response","schema":{"type":"object"}}},
      "reasoning":{"effort":"high","summary":"auto"},
      "include":["reasoning.encrypted_content"],
      "store":false,
      "stream":true})"));
}

TEST_CASE("responses request encode: a plain request asks for no reasoning and stores nothing")
{
    auto request = decoded(parse(responses_fixtures::k_ai_sdk_tools_followup));
    auto body = responses::encode_request(request);
    REQUIRE(body);
    CHECK_FALSE(body->contains("include"));
    CHECK_FALSE(body->contains("reasoning"));
    CHECK((*body)["store"] == false);
    CHECK(
        (*body)["input"][1]
        == Json::parse(
            R"({"type":"function_call","call_id":"call_1","name":"weather","arguments":"{\"city\":\"Paris\"}"})"));
    CHECK((*body)["input"][2]
          == Json::parse(
              R"({"type":"function_call_output","call_id":"call_1","output":"sunny in Paris"})"));
    CHECK((*body)["tool_choice"] == "auto");
}

namespace {

// Every value in `body`, leaves and the containers above them, replaced in turn by each JSON
// type: `visit` sees each variant.
template <typename Visit>
void each_mutation(const Json& body, Visit visit)
{
    const Json replacements[] = {nullptr, 7, -1, 2.5, "x", true, Json::array(), Json::object()};
    Json flat = body.flatten();
    for (const auto& [pointer, value] : flat.items()) {
        for (Json::json_pointer at(pointer); !at.empty(); at.pop_back()) {
            for (const auto& replacement : replacements) {
                Json mutated = body;
                mutated[at] = replacement;
                visit(mutated);
            }
        }
    }
}

} // namespace

TEST_CASE("responses request: no input of any type makes the codec throw")
{
    Json body = Json::parse(R"({"model":"m","instructions":"i","input":[
      {"role":"developer","content":"d"},
      {"role":"user","content":[{"type":"input_text","text":"t"},{"type":"input_image","image_url":"data:image/png;base64,AA"}]},
      {"type":"reasoning","summary":[{"type":"summary_text","text":"s"}],"encrypted_content":"llmp1.e30="},
      {"type":"function_call","call_id":"c","name":"f","arguments":"{}","namespace":"n"},
      {"type":"function_call_output","call_id":"c","output":[{"type":"input_text","text":"o"}]},
      {"type":"custom_tool_call","call_id":"d","name":"g","input":"raw"},
      {"type":"custom_tool_call_output","call_id":"d","output":"ok"},
      {"type":"additional_tools","tools":[{"type":"function","name":"h"}]}],
     "tools":[{"type":"function","name":"f","parameters":{"type":"object"},"strict":true},
              {"type":"custom","name":"g","format":{"type":"grammar","syntax":"lark","definition":"x"}},
              {"type":"namespace","name":"n","tools":[{"type":"function","name":"f"}]}],
     "tool_choice":{"type":"allowed_tools","mode":"auto","tools":[{"type":"function","name":"f"}]},
     "text":{"format":{"type":"json_schema","name":"r","schema":{},"strict":true}},
     "reasoning":{"effort":"low","summary":"auto"},"max_output_tokens":9,"temperature":1,
     "top_p":1,"parallel_tool_calls":true,"stream":false,"user":"u","background":false})");
    REQUIRE(responses::decode_request(body));
    size_t decoded = 0;
    each_mutation(body, [&](const Json& mutated) {
        CHECK_NOTHROW({
            auto request = responses::decode_request(mutated, responses::BuiltinTools::drop);
            if (request) {
                ++decoded;
                (void)responses::encode_request(*request);
            }
            (void)responses::encode_response(canonical::Response{}, responses::echo_of(mutated));
        });
    });
    CHECK(decoded > 0);
}

TEST_CASE("responses request: captured client bodies translate for Chat and Anthropic upstreams")
{
    for (const char* fixture : {responses_fixtures::k_codex_tool_followup,
                                responses_fixtures::k_codex_responses_default_model,
                                responses_fixtures::k_ai_sdk_tools_followup,
                                responses_fixtures::k_ai_sdk_object}) {
        auto request = decoded(parse(fixture), responses::BuiltinTools::drop);
        auto chat = llmp::dialects::openai::encode_request(request);
        CHECK_MESSAGE(chat, (chat ? "" : chat.error().message));
        auto messages = llmp::dialects::anthropic::encode_request(request);
        CHECK_MESSAGE(messages, (messages ? "" : messages.error().message));
    }
    // The tool round trip, as Chat sees it.
    auto request = decoded(parse(responses_fixtures::k_codex_tool_followup), responses::BuiltinTools::drop);
    auto chat = llmp::dialects::openai::encode_request(request);
    REQUIRE(chat);
    const Json& messages = (*chat)["messages"];
    CHECK(messages[0]["role"] == "system");
    CHECK(messages[messages.size() - 2]["tool_calls"][0]["id"] == "call_1");
    CHECK(messages.back()["role"] == "tool");
    CHECK(messages.back()["tool_call_id"] == "call_1");
}
