// A Responses client's request (reference §2) → canonical. Only cross-dialect traffic comes
// here: a Responses client in front of an OpenAI Responses upstream is relayed as it came, so
// what this refuses (hosted tools, stored state, files) is what no other provider could be given.
// State was expanded by the server before this runs (responses.hpp), so a reference still left
// is unknown, and is refused with OpenAI's own words.
#include "llmp/dialects/responses.hpp"

#include "llmp/canonical/reasoning.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/dialects/responses/fields.hpp"
#include "llmp/dialects/responses/items.hpp"

#include <array>
#include <cctype>
#include <limits>
#include <set>
#include <unordered_map>

namespace llmp::dialects::responses
{

namespace
{

using canonical::Message;
using canonical::Part;
using canonical::Role;

// Hosted tools leave these in the history; OpenAI ran them, nobody else can, and the answer
// they led to is in the messages that follow, so they are dropped rather than refused.
constexpr std::array<std::string_view, 8> k_hosted_history
    = {"web_search_call", "file_search_call", "code_interpreter_call", "image_generation_call",
       "mcp_call",        "mcp_list_tools",   "tool_search_call",      "tool_search_output"};

struct Decoding {
    std::string model;
    BuiltinTools builtin_tools = BuiltinTools::refuse;
    canonical::Request request;
    // No conversation item yet: system and developer text still belongs to the system prompt.
    bool leading = true;
    // call_id → tool name, so a result is checked against its call and carries the name
    // Gemini needs.
    std::unordered_map<std::string, std::string> calls;
};

bool starts_with_ci(std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    return true;
}

// input_image: image_url is an http(s) URL or a base64 data URL; a file_id names a file stored
// at OpenAI, which no other provider can read.
Result<Part> image_part(const Json& item, const std::string& path)
{
    const Json* url_field = optional_field(item, "image_url");
    if (!url_field) {
        if (optional_field(item, "file_id"))
            return bad(path + ".file_id",
                       "file ids name files stored at OpenAI and cannot be "
                       "sent to this model; send image_url (an http(s) URL "
                       "or a data URL) instead");
        return bad(path + ".image_url", "required");
    }
    if (!url_field->is_string()) return bad(path + ".image_url", "expected a string");
    std::string url = url_field->get<std::string>();
    Part part;
    part.kind = Part::Kind::image;
    if (starts_with_ci(url, "data:")) {
        size_t comma = url.find(',');
        std::string_view header = comma == std::string::npos
            ? std::string_view()
            : std::string_view(url).substr(5, comma - 5);
        size_t semicolon = header.find(';');
        if (semicolon == std::string_view::npos || semicolon == 0 || !header.ends_with(";base64"))
            return bad(path + ".image_url",
                       "expected a base64 data URL (data:<media type>;base64,<data>)");
        part.media_type = std::string(header.substr(0, semicolon));
        part.data = url.substr(comma + 1);
    } else if (starts_with_ci(url, "http://") || starts_with_ci(url, "https://")) {
        part.url = std::move(url);
    } else {
        return bad(path + ".image_url", "expected an http(s) URL or a base64 data URL");
    }
    return part;
}

// One content part, whatever the role: clients send output_text under user and input_text
// under assistant (§2.2), and OpenAI takes both.
Result<Part> content_part(const Json& item, const std::string& path)
{
    if (!item.is_object()) return bad(path, "expected an object");
    std::string type = LLMP_TRY(string_field(item, "type", path + ".type"));
    if (type == "input_text" || type == "output_text")
        return Part::make_text(LLMP_TRY(string_field(item, "text", path + ".text")));
    if (type == "refusal")
        return Part::make_text(LLMP_TRY(string_field(item, "refusal", path + ".refusal")));
    if (type == "input_image") return image_part(item, path);
    if (type == "input_file")
        return bad(path + ".type",
                   "files (input_file) cannot be sent to this model; send their "
                   "text as input_text");
    return bad(path + ".type", "unsupported content type " + in_quotes(type));
}

Result<std::vector<Part>> content_parts(const Json& item, const std::string& path)
{
    const Json* content = optional_field(item, "content");
    if (content && content->is_string())
        return std::vector<Part>{Part::make_text(content->get<std::string>())};
    if (!content || !content->is_array())
        return bad(path, "expected a string or an array of content parts");
    std::vector<Part> parts;
    for (size_t j = 0; j < content->size(); ++j)
        parts.push_back(LLMP_TRY(content_part((*content)[j], at(path, j))));
    return parts;
}

// The assistant turn items append to: reasoning, text and calls of one answer are one message.
Message& assistant_turn(Decoding& decoding)
{
    auto& messages = decoding.request.messages;
    if (messages.empty() || messages.back().role != Role::assistant)
        messages.push_back(Message{Role::assistant, {}});
    return messages.back();
}

Result<void> message_item(Decoding& decoding, const Json& item, const std::string& path)
{
    std::string role = LLMP_TRY(string_field(item, "role", path + ".role"));
    std::vector<Part> parts = LLMP_TRY(content_parts(item, path + ".content"));
    if (role == "system" || role == "developer") {
        for (size_t j = 0; j < parts.size(); ++j)
            if (parts[j].kind != Part::Kind::text)
                return bad(at(path + ".content", j) + ".type",
                           "a " + role + " message takes only text");
        // Empty text says nothing, and Anthropic refuses empty text blocks.
        std::erase_if(parts, [](const Part& part) { return part.text.empty(); });
        if (decoding.leading) {
            for (auto& part : parts) decoding.request.system.push_back(std::move(part));
        } else if (!parts.empty()) {
            decoding.request.messages.push_back(Message{Role::system, std::move(parts)});
        }
        return {};
    }
    decoding.leading = false;
    if (role == "user") {
        decoding.request.messages.push_back(Message{Role::user, std::move(parts)});
    } else if (role == "assistant") {
        auto& turn = assistant_turn(decoding).parts;
        for (auto& part : parts) turn.push_back(std::move(part));
    } else {
        return bad(path + ".role", "expected one of user, assistant, system, developer");
    }
    return {};
}

// A namespaced tool reaches other providers as "<namespace>__<name>" (their tool names allow
// [A-Za-z0-9_-] only); call_item splits it again.
std::string qualified(const std::string& space, const std::string& name)
{
    return space.empty() ? name : space + "__" + name;
}

Result<void> call_item(Decoding& decoding, const Json& item, const std::string& path, bool custom)
{
    Part call;
    call.kind = Part::Kind::tool_call;
    call.id = LLMP_TRY(string_field(item, "call_id", path + ".call_id"));
    std::string space;
    if (const Json* value = optional_field(item, "namespace")) {
        if (!value->is_string()) return bad(path + ".namespace", "expected a string");
        space = value->get<std::string>();
    }
    call.name = qualified(space, LLMP_TRY(string_field(item, "name", path + ".name")));
    if (custom) {
        // A custom tool is a function with one string parameter, `input`, everywhere else.
        std::string input = LLMP_TRY(string_field(item, "input", path + ".input"));
        call.arguments = openai::dump(Json{{"input", std::move(input)}});
    } else if (const Json* arguments = optional_field(item, "arguments")) {
        if (arguments->is_string())
            call.arguments = arguments->get<std::string>();
        else if (arguments->is_object())
            call.arguments = openai::dump(*arguments);  // lenient
        else
            return bad(path + ".arguments", "expected a string");
    }
    decoding.calls[call.id] = call.name;
    assistant_turn(decoding).parts.push_back(std::move(call));
    return {};
}

Result<void> output_item(Decoding& decoding, const Json& item, const std::string& path)
{
    Part result;
    result.kind = Part::Kind::tool_result;
    result.id = LLMP_TRY(string_field(item, "call_id", path + ".call_id"));
    auto call = decoding.calls.find(result.id);
    if (call == decoding.calls.end())
        return bad(path + ".call_id",
                   "no function_call item with call_id " + in_quotes(result.id) + " precedes it");
    result.name = call->second;
    const Json* output = optional_field(item, "output");
    std::string output_path = path + ".output";
    if (output && output->is_string()) {
        result.content.push_back(Part::make_text(output->get<std::string>()));
    } else if (output && output->is_array()) {
        for (size_t j = 0; j < output->size(); ++j)
            result.content.push_back(LLMP_TRY(content_part((*output)[j], at(output_path, j))));
    } else {
        return bad(output_path, "expected a string or an array of content parts");
    }
    decoding.request.messages.push_back(Message{Role::tool, {std::move(result)}});
    return {};
}

// The summary (or the raw reasoning text) becomes the thinking text; an llmp blob in
// encrypted_content gives back the provider's signature. OpenAI's own blobs mean nothing to
// another provider and are dropped.
Result<void> reasoning_item(Decoding& decoding, const Json& item, const std::string& path)
{
    std::string text;
    for (const char* key : {"summary", "content"}) {
        const Json* pieces = optional_field(item, key);
        if (!pieces) continue;
        if (!pieces->is_array()) return bad(path + "." + key, "expected an array");
        for (size_t j = 0; j < pieces->size(); ++j) {
            std::string piece
                = LLMP_TRY(string_field((*pieces)[j], "text", at(path + "." + key, j) + ".text"));
            if (piece.empty()) continue;
            if (!text.empty()) text += "\n\n";
            text += piece;
        }
        if (!text.empty()) break;
    }
    std::optional<Part> sealed;
    if (const Json* blob = optional_field(item, "encrypted_content")) {
        if (!blob->is_string()) return bad(path + ".encrypted_content", "expected a string");
        sealed = open_reasoning(blob->get<std::string>());
    }
    Part thinking;
    thinking.kind = Part::Kind::thinking;
    thinking.text = std::move(text);
    if (sealed && sealed->kind == Part::Kind::thinking) thinking.signature = sealed->signature;
    auto& turn = assistant_turn(decoding).parts;
    if (!thinking.text.empty() || !thinking.signature.empty()) turn.push_back(std::move(thinking));
    if (sealed && sealed->kind == Part::Kind::redacted_thinking) turn.push_back(std::move(*sealed));
    if (turn.empty()) decoding.request.messages.pop_back();  // nothing to carry
    return {};
}

Result<void> decode_tools(Decoding& decoding, const Json& tools, const std::string& path,
                          const std::string& space = "");

Result<void> decode_tool(Decoding& decoding, const Json& item, const std::string& path,
                         const std::string& space)
{
    if (!item.is_object()) return bad(path, "expected an object");
    std::string type = LLMP_TRY(string_field(item, "type", path + ".type"));
    if (type == "namespace") {
        std::string name = LLMP_TRY(string_field(item, "name", path + ".name"));
        const Json* inner = optional_field(item, "tools");
        if (!inner) return bad(path + ".tools", "required");
        return decode_tools(decoding, *inner, path + ".tools", qualified(space, name));
    }
    if (type != "function" && type != "custom") {
        if (decoding.builtin_tools == BuiltinTools::drop) return {};
        return bad(path + ".type",
                   "Unsupported tool type '" + type + "' for model '" + decoding.model
                       + "': built-in tools need an OpenAI Responses upstream.");
    }
    canonical::Tool tool;
    tool.name = qualified(space, LLMP_TRY(string_field(item, "name", path + ".name")));
    if (const Json* description = optional_field(item, "description")) {
        if (!description->is_string()) return bad(path + ".description", "expected a string");
        tool.description = description->get<std::string>();
    }
    if (type == "custom") {
        tool.freeform = true;
        tool.parameters = {{"type", "object"},
                           {"properties", {{"input", {{"type", "string"}}}}},
                           {"required", Json::array({"input"})},
                           {"additionalProperties", false}};
        // A grammar has no place in a function's schema: the model reads it in the description.
        if (const Json* format = optional_field(item, "format")) {
            if (!format->is_object()) return bad(path + ".format", "expected an object");
            if (json::string_at(*format, "type") == "grammar") {
                std::string syntax = json::string_at(*format, "syntax");
                std::string definition = json::string_at(*format, "definition");
                if (!tool.description.empty()) tool.description += "\n\n";
                tool.description
                    += "The input must match this " + syntax + " grammar:\n" + definition;
            }
        }
    } else {
        if (const Json* parameters = optional_field(item, "parameters")) {
            if (!parameters->is_object()) return bad(path + ".parameters", "expected an object");
            tool.parameters = *parameters;
        }
        if (const Json* strict = optional_field(item, "strict")) {
            if (!strict->is_boolean()) return bad(path + ".strict", "expected a boolean");
            tool.strict = strict->get<bool>();
        }
    }
    decoding.request.tools.push_back(std::move(tool));
    return {};
}

Result<void> decode_tools(Decoding& decoding, const Json& tools, const std::string& path,
                          const std::string& space)
{
    if (!tools.is_array()) return bad(path, "expected an array");
    for (size_t i = 0; i < tools.size(); ++i)
        LLMP_TRY(decode_tool(decoding, tools[i], at(path, i), space));
    return {};
}

Result<void> decode_item(Decoding& decoding, const Json& item, const std::string& path)
{
    if (!item.is_object()) return bad(path, "expected an object");
    const Json* type_field = optional_field(item, "type");
    if (type_field && !type_field->is_string()) return bad(path + ".type", "expected a string");
    std::string type = type_field ? type_field->get<std::string>() : std::string();
    // `type` is optional on messages (an object with a role) and item references (only an id).
    if (type.empty())
        type = item.contains("role") ? "message" : item.contains("id") ? "item_reference" : "";
    if (type == "message") return message_item(decoding, item, path);
    if (type == "additional_tools") {
        const Json* tools = optional_field(item, "tools");
        if (!tools) return bad(path + ".tools", "required");
        return decode_tools(decoding, *tools, path + ".tools");
    }
    if (type == "item_reference")
        return bad(path, "Item with id '" + json::string_at(item, "id") + "' not found.");
    decoding.leading = false;
    if (type == "function_call") return call_item(decoding, item, path, false);
    if (type == "custom_tool_call") return call_item(decoding, item, path, true);
    if (type == "function_call_output" || type == "custom_tool_call_output")
        return output_item(decoding, item, path);
    if (type == "reasoning") return reasoning_item(decoding, item, path);
    for (auto hosted : k_hosted_history)
        if (type == hosted) return {};
    if (type.empty()) return bad(path + ".type", "required");
    return bad(path + ".type", "unsupported item type " + in_quotes(type));
}

Result<void> decode_input(Decoding& decoding, const Json& body)
{
    if (const Json* instructions = optional_field(body, "instructions")) {
        if (!instructions->is_string()) return bad("instructions", "expected a string");
        if (!instructions->get<std::string>().empty())
            decoding.request.system.push_back(Part::make_text(instructions->get<std::string>()));
    }
    const Json* input = optional_field(body, "input");
    if (!input) return bad("input", "required");
    if (input->is_string()) {
        decoding.request.messages.push_back(
            Message{Role::user, {Part::make_text(input->get<std::string>())}});
        return {};
    }
    if (!input->is_array()) return bad("input", "expected a string or an array of items");
    if (input->empty()) return bad("input", "must not be empty");
    for (size_t i = 0; i < input->size(); ++i)
        LLMP_TRY(decode_item(decoding, (*input)[i], at("input", i)));
    return {};
}

using Mode = canonical::ToolChoice::Mode;

// allowed_tools narrows the tools the model may call this turn: the others are left out.
Result<void> allowed_tools(Decoding& decoding, const Json& choice)
{
    std::string mode = json::string_at(choice, "mode");
    if (mode != "auto" && mode != "required")
        return bad("tool_choice.mode", "expected \"auto\" or \"required\"");
    decoding.request.tool_choice.mode = mode == "auto" ? Mode::auto_ : Mode::required;
    const Json* tools = optional_field(choice, "tools");
    if (!tools || !tools->is_array()) return bad("tool_choice.tools", "expected an array");
    std::set<std::string> names;
    for (size_t i = 0; i < tools->size(); ++i) {
        std::string path = at("tool_choice.tools", i);
        std::string type = LLMP_TRY(string_field((*tools)[i], "type", path + ".type"));
        if (type == "function" || type == "custom")
            names.insert(LLMP_TRY(string_field((*tools)[i], "name", path + ".name")));
    }
    std::erase_if(decoding.request.tools,
                  [&](const canonical::Tool& tool) { return !names.contains(tool.name); });
    return {};
}

Result<void> decode_tool_choice(Decoding& decoding, const Json& body)
{
    const Json* choice = optional_field(body, "tool_choice");
    if (!choice) return {};
    auto& out = decoding.request.tool_choice;
    if (choice->is_string()) {
        std::string mode = choice->get<std::string>();
        if (mode == "auto")
            out.mode = Mode::auto_;
        else if (mode == "none")
            out.mode = Mode::none;
        else if (mode == "required")
            out.mode = Mode::required;
        else
            return bad("tool_choice", "expected \"none\", \"auto\", \"required\" or an object");
        return {};
    }
    if (!choice->is_object()) return bad("tool_choice", "expected a string or an object");
    std::string type = LLMP_TRY(string_field(*choice, "type", "tool_choice.type"));
    if (type == "function" || type == "custom") {
        out.mode = Mode::named;
        out.name = LLMP_TRY(string_field(*choice, "name", "tool_choice.name"));
        return {};
    }
    if (type == "allowed_tools") return allowed_tools(decoding, *choice);
    if (decoding.builtin_tools == BuiltinTools::drop) return {};
    return bad("tool_choice",
               "Unsupported tool type '" + type + "' for model '" + decoding.model
                   + "': built-in tools need an OpenAI Responses upstream.");
}

Result<void> decode_text_format(Decoding& decoding, const Json& body)
{
    const Json* text = optional_field(body, "text");
    if (!text) return {};
    if (!text->is_object()) return bad("text", "expected an object");
    const Json* format = optional_field(*text, "format");
    if (!format) return {};
    if (!format->is_object()) return bad("text.format", "expected an object");
    using Kind = canonical::ResponseFormat::Kind;
    auto& out = decoding.request.response_format;
    std::string type = json::string_at(*format, "type");
    if (type == "text") {
        out.kind = Kind::text;
    } else if (type == "json_object") {
        out.kind = Kind::json_object;
    } else if (type == "json_schema") {
        out.kind = Kind::json_schema;
        if (const Json* name = optional_field(*format, "name")) {
            if (!name->is_string()) return bad("text.format.name", "expected a string");
            out.name = name->get<std::string>();
        }
        const Json* schema = optional_field(*format, "schema");
        if (!schema || !schema->is_object()) return bad("text.format.schema", "expected an object");
        out.schema = *schema;
        if (const Json* strict = optional_field(*format, "strict")) {
            if (!strict->is_boolean()) return bad("text.format.strict", "expected a boolean");
            out.strict = strict->get<bool>();
        }
    } else {
        return bad("text.format.type", "expected one of text, json_object, json_schema");
    }
    return {};
}

Result<void> decode_reasoning(Decoding& decoding, const Json& body)
{
    const Json* reasoning = optional_field(body, "reasoning");
    if (!reasoning) return {};  // Codex sends null for "no reasoning settings"
    if (!reasoning->is_object()) return bad("reasoning", "expected an object");
    const Json* effort = optional_field(*reasoning, "effort");
    if (!effort) return {};  // a summary alone asks nothing of a model that does not reason
    constexpr std::array<const char*, 7> k_efforts
        = {"none", "minimal", "low", "medium", "high", "xhigh", "max"};
    std::string word = effort->is_string() ? effort->get<std::string>() : std::string();
    bool known = false;
    for (const char* name : k_efforts) known = known || word == name;
    if (!known)
        return bad("reasoning.effort",
                   "expected one of none, minimal, low, medium, high, xhigh, max");
    canonical::Reasoning out;
    out.effort = word;
    out.budget_tokens = canonical::budget_for_effort(word);
    // OpenAI shows no reasoning text unless a summary is asked for.
    std::string summary = json::string_at(*reasoning, "summary");
    out.include_thoughts = !summary.empty() && summary != "none";
    decoding.request.reasoning = std::move(out);
    return {};
}

Result<std::optional<double>> number(const Json& body, const char* key)
{
    const Json* value = optional_field(body, key);
    if (!value) return std::optional<double>();
    if (!value->is_number()) return bad(key, "expected a number");
    return std::optional<double>(value->get<double>());
}

Result<std::optional<bool>> boolean(const Json& body, const char* key)
{
    const Json* value = optional_field(body, key);
    if (!value) return std::optional<bool>();
    if (!value->is_boolean()) return bad(key, "expected a boolean");
    return std::optional<bool>(value->get<bool>());
}

Result<void> decode_options(Decoding& decoding, const Json& body)
{
    auto& request = decoding.request;
    request.temperature = LLMP_TRY(number(body, "temperature"));
    request.top_p = LLMP_TRY(number(body, "top_p"));
    request.parallel_tool_calls = LLMP_TRY(boolean(body, "parallel_tool_calls"));
    request.stream = LLMP_TRY(boolean(body, "stream")).value_or(false);
    if (const Json* limit = optional_field(body, "max_output_tokens")) {
        // Above INT64_MAX, get<int64_t>() would wrap to a negative limit.
        bool positive = limit->is_number_integer()
            && !(limit->is_number_unsigned()
                 && limit->get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
            && limit->get<int64_t>() >= 1;
        if (!positive) return bad("max_output_tokens", "expected a positive integer");
        request.max_tokens = limit->get<int64_t>();
    }
    // safety_identifier replaces the deprecated `user`; either names the end user.
    for (const char* key : {"safety_identifier", "user"}) {
        const Json* user = optional_field(body, key);
        if (!user) continue;
        if (!user->is_string()) return bad(key, "expected a string");
        if (request.user.empty()) request.user = user->get<std::string>();
    }
    return {};
}

// What only OpenAI's servers can do (§6.6). store, metadata, include, truncation,
// prompt_cache_key and service_tier are the proxy's business, or nobody's, and are ignored.
Result<void> refuse_openai_state(const Json& body)
{
    if (auto background = LLMP_TRY(boolean(body, "background")); background && *background)
        return bad("background", "background responses are not supported by this proxy");
    if (optional_field(body, "prompt"))
        return bad("prompt", "stored prompts are not supported by this proxy");
    if (const Json* previous = optional_field(body, "previous_response_id"))
        return bad("previous_response_id",
                   "Previous response with id '"
                       + (previous->is_string() ? previous->get<std::string>() : std::string())
                       + "' not found.");
    if (const Json* conversation = optional_field(body, "conversation")) {
        std::string id = conversation->is_string() ? conversation->get<std::string>()
                                                   : json::string_at(*conversation, "id");
        return bad("conversation", "Conversation with id '" + id + "' not found.");
    }
    return {};
}

}  // namespace

Result<canonical::Request> decode_request(const Json& body, BuiltinTools builtin_tools)
{
    if (!body.is_object()) return bad("request body", "expected a JSON object");
    Decoding decoding;
    decoding.builtin_tools = builtin_tools;
    decoding.model = LLMP_TRY(string_field(body, "model", "model"));
    decoding.request.model = decoding.model;
    LLMP_TRY(refuse_openai_state(body));
    if (const Json* tools = optional_field(body, "tools"))
        LLMP_TRY(decode_tools(decoding, *tools, "tools"));
    LLMP_TRY(decode_input(decoding, body));
    LLMP_TRY(decode_tool_choice(decoding, body));
    LLMP_TRY(decode_text_format(decoding, body));
    LLMP_TRY(decode_reasoning(decoding, body));
    LLMP_TRY(decode_options(decoding, body));
    return std::move(decoding.request);
}

Result<canonical::Request> decode_request(const Json& body)
{
    return decode_request(body, BuiltinTools::refuse);
}

}  // namespace llmp::dialects::responses
