// Canonical request → Gemini generateContent body (reference §4.1, §9.1).
#include "llmp/dialects/gemini.hpp"

#include "llmp/canonical/reasoning_models.hpp"
#include "llmp/canonical/tool_ids.hpp"
#include "llmp/core/strings.hpp"

#include <cctype>
#include <unordered_map>

namespace llmp::dialects::gemini {

namespace {

using canonical::Part;
using canonical::Role;

std::string field_of(size_t message, size_t part)
{
    return "messages[" + std::to_string(message) + "].content[" + std::to_string(part) + "]";
}

// Gemini insists on a mimeType; a client that sent bare base64 is helped by the magic numbers
// of the formats Gemini takes.
std::string sniff_media_type(std::string_view base64)
{
    if (base64.starts_with("iVBORw0KGgo")) return "image/png";
    if (base64.starts_with("/9j/")) return "image/jpeg";
    if (base64.starts_with("R0lGOD")) return "image/gif";
    if (base64.starts_with("UklGR")) return "image/webp";
    return "";
}

// Gemini takes images only inline (fileData needs the File API or gs:// URIs), so an http(s)
// URL is refused rather than fetched: the proxy never downloads on a client's behalf.
Result<Json> encode_image(const Part& part, const std::string& field)
{
    std::string media_type = part.media_type;
    std::string data = part.data;
    if (data.empty()) {
        std::string scheme = strings::to_lower(part.url.substr(0, part.url.find(':') + 1));
        if (scheme == "http:" || scheme == "https:")
            return fail(ErrorCode::invalid_input,
                        field + ": image URLs are not supported by Gemini upstreams; send the "
                                "image as base64 data");
        if (part.url.empty())
            return fail(ErrorCode::invalid_input, field + ": image has neither data nor a URL");
        if (scheme != "data:")
            return fail(ErrorCode::invalid_input,
                        field + ": unsupported image URL; send the image as base64 data");
        // data:[<media type>][;parameter]*;base64,<data>
        size_t comma = part.url.find(',');
        std::string_view head = std::string_view(part.url).substr(0, comma);
        if (comma == std::string::npos || !strings::to_lower(head).ends_with(";base64"))
            return fail(ErrorCode::invalid_input,
                        field + ": only base64 data: URLs are supported by Gemini upstreams");
        head.remove_prefix(5);
        head = head.substr(0, head.find(';'));
        if (!head.empty()) media_type = std::string(head);
        data = part.url.substr(comma + 1);
    }
    if (media_type.empty()) media_type = sniff_media_type(data);
    if (media_type.empty())
        return fail(ErrorCode::invalid_input,
                    field + ": image media type is unknown; Gemini upstreams need one");
    return Json{{"inlineData", {{"mimeType", media_type}, {"data", data}}}};
}

// The signature normally arrives in Part::signature (the pipeline unpacks the client's id);
// an id that still carries one is unpacked here too, so a missed unpack cannot lose it.
canonical::ToolId call_id_of(const Part& part)
{
    canonical::ToolId unpacked = canonical::unpack_tool_id(part.id);
    if (!part.signature.empty()) unpacked.signature = part.signature;
    return unpacked;
}

// Call ids are not sent to Gemini: the Developer API has rejected `id` on request-side
// functionCall/functionResponse ("Unknown name \"id\"", reported by several client libraries)
// and pairs results with calls by name and order, so the name is what matters.
Result<Json> encode_tool_call(const Part& part, const std::string& field)
{
    Json args = Json::object();
    if (!part.arguments.empty()) {
        args = json::parse(part.arguments);
        if (args.is_discarded())
            return fail(ErrorCode::invalid_input, field + ".arguments: not valid JSON");
        if (!args.is_object())
            return fail(ErrorCode::invalid_input,
                        field + ".arguments: Gemini upstreams need a JSON object");
    }
    Json out = {{"functionCall", {{"name", part.name}, {"args", std::move(args)}}}};
    std::string signature = call_id_of(part).signature;
    if (!signature.empty()) out["thoughtSignature"] = signature;
    return out;
}

using CallNames = std::unordered_map<std::string, std::string>;

// `response` must be a JSON object: a result that is one goes as is, anything else is wrapped.
// Google's docs name "error" as the key for a failed call, so is_error results use it.
Result<Json> encode_tool_result(const Part& part, const std::string& field, const CallNames& names)
{
    std::string name = part.name;
    if (name.empty()) {
        auto it = names.find(part.id);
        if (it == names.end()) it = names.find(canonical::unpack_tool_id(part.id).id);
        if (it == names.end())
            return fail(ErrorCode::invalid_input,
                        field + ": no earlier tool call has id \"" + part.id +
                            "\"; Gemini upstreams need the function name of every tool result");
        name = it->second;
    }
    std::string text = part.content.empty() ? part.text : std::string();
    for (size_t k = 0; k < part.content.size(); ++k) {
        const Part& piece = part.content[k];
        if (piece.kind != Part::Kind::text)
            return fail(ErrorCode::invalid_input,
                        field + ".content[" + std::to_string(k) +
                            "]: only text tool results are supported by Gemini upstreams");
        text += piece.text;
    }
    Json response;
    Json parsed = json::parse(text);
    if (!part.is_error && parsed.is_object())
        response = std::move(parsed);
    else
        response = Json{{part.is_error ? "error" : "result", text}};
    return Json{{"functionResponse", {{"name", name}, {"response", std::move(response)}}}};
}

// One canonical part as a Gemini part; null when Gemini has no place for it.
Result<Json> encode_part(const Part& part, Role role, const std::string& field,
                         CallNames& names)
{
    switch (part.kind) {
    case Part::Kind::text: {
        // Gemini refuses empty text parts ("empty text parameter").
        if (part.text.empty()) return Json();
        Json out = {{"text", part.text}};
        if (role == Role::assistant && !part.signature.empty())
            out["thoughtSignature"] = part.signature;
        return out;
    }
    case Part::Kind::image: return encode_image(part, field);
    case Part::Kind::thinking:
    case Part::Kind::redacted_thinking:
        // Thought summaries are output only; what Gemini needs back to continue its reasoning
        // is the thoughtSignature, which rides on the function-call (or text) parts.
        return Json();
    case Part::Kind::tool_call: {
        if (role != Role::assistant)
            return fail(ErrorCode::invalid_input,
                        field + ": tool calls can only appear in assistant messages");
        Json out = LLMP_TRY(encode_tool_call(part, field));
        canonical::ToolId id = call_id_of(part);
        names[id.id] = part.name;
        names[part.id] = part.name;
        return out;
    }
    case Part::Kind::tool_result:
        if (role == Role::assistant)
            return fail(ErrorCode::invalid_input,
                        field + ": tool results cannot appear in assistant messages");
        return encode_tool_result(part, field, names);
    }
    return Json();
}

// Gemini wants alternating turns: a turn of the same role as the previous one (consecutive tool
// messages, or tool results followed by the user's text) joins it. Turns with nothing Gemini
// can take (an assistant turn of thinking only) are left out: Gemini rejects empty parts.
void append_turn(Json& contents, const char* role, Json parts)
{
    if (parts.empty()) return;
    if (!contents.empty() && contents.back()["role"] == role) {
        for (auto& part : parts) contents.back()["parts"].push_back(std::move(part));
        return;
    }
    contents.push_back(Json{{"role", role}, {"parts", std::move(parts)}});
}

Result<Json> encode_contents(const canonical::Request& request)
{
    Json contents = Json::array();
    CallNames names;
    for (size_t i = 0; i < request.messages.size(); ++i) {
        const canonical::Message& message = request.messages[i];
        // Gemini has no system turn: encode_system folds these into systemInstruction.
        if (message.role == Role::system) continue;
        Json parts = Json::array();
        for (size_t j = 0; j < message.parts.size(); ++j) {
            const Part& part = message.parts[j];
            Json encoded = LLMP_TRY(encode_part(part, message.role, field_of(i, j), names));
            if (!encoded.is_null()) parts.push_back(std::move(encoded));
        }
        append_turn(contents, message.role == Role::assistant ? "model" : "user", std::move(parts));
    }
    return contents;
}

Result<void> append_system_parts(const std::vector<Part>& from, const std::string& path,
                                 Json& parts)
{
    for (size_t i = 0; i < from.size(); ++i) {
        const Part& part = from[i];
        if (part.kind != Part::Kind::text)
            return fail(ErrorCode::invalid_input,
                        path + "[" + std::to_string(i) +
                            "]: only text is supported in Gemini system instructions");
        if (!part.text.empty()) parts.push_back(Json{{"text", part.text}});
    }
    return {};
}

// The system prompt, then the instructions given mid-conversation in their order: Gemini has
// only the one systemInstruction.
Result<Json> encode_system(const canonical::Request& request)
{
    Json parts = Json::array();
    LLMP_TRY(append_system_parts(request.system, "system", parts));
    for (size_t i = 0; i < request.messages.size(); ++i)
        if (request.messages[i].role == Role::system)
            LLMP_TRY(append_system_parts(request.messages[i].parts,
                                         "messages[" + std::to_string(i) + "].content", parts));
    return parts;
}

Json encode_tools(const canonical::Request& request)
{
    Json declarations = Json::array();
    for (const auto& tool : request.tools) {
        Json declaration = {{"name", tool.name}};
        if (!tool.description.empty()) declaration["description"] = tool.description;
        // parametersJsonSchema takes full JSON Schema, unlike `parameters` (an OpenAPI subset).
        // `strict` has no Gemini equivalent.
        if (tool.parameters.is_object() && !tool.parameters.empty())
            declaration["parametersJsonSchema"] = tool.parameters;
        declarations.push_back(std::move(declaration));
    }
    Json tools = Json::array();
    tools.push_back(Json{{"functionDeclarations", std::move(declarations)}});
    return tools;
}

Json encode_tool_config(const canonical::ToolChoice& choice)
{
    using Mode = canonical::ToolChoice::Mode;
    Json config;
    switch (choice.mode) {
    case Mode::unset: return Json();
    case Mode::auto_: config = {{"mode", "AUTO"}}; break;
    case Mode::none: config = {{"mode", "NONE"}}; break;
    case Mode::required: config = {{"mode", "ANY"}}; break;
    case Mode::named:
        config = {{"mode", "ANY"}, {"allowedFunctionNames", Json::array({choice.name})}};
        break;
    }
    return {{"functionCallingConfig", std::move(config)}};
}

// By the model's family (reasoning_models.cpp): Gemini 3 takes a thinkingLevel, 2.5 a budget
// within its range, 1.5/2.0 nothing at all (they refuse thinkingConfig).
Json encode_thinking(const std::string& model, const canonical::Reasoning& reasoning)
{
    auto family = canonical::reasoning_family(canonical::Vendor::gemini, model);
    Json config = Json::object();
    bool model_default = reasoning.effort.empty() && !reasoning.budget_tokens;
    if (family.control == canonical::ReasoningControl::omit) {
        return Json();
    } else if (model_default) {
        // Only whether to show thoughts; how much to think is the model's default.
    } else if (family.control == canonical::ReasoningControl::level) {
        std::string level = canonical::effort_word(family, reasoning).value_or("high");
        for (char& c : level) c = char(std::toupper(static_cast<unsigned char>(c)));
        config["thinkingLevel"] = level;
    } else if (auto budget = canonical::thinking_budget(family, reasoning)) {
        config["thinkingBudget"] = *budget;
    } else {
        return Json();
    }
    config["includeThoughts"] = reasoning.include_thoughts;
    return config;
}

Json encode_generation_config(const canonical::Request& request)
{
    Json config = Json::object();
    if (request.temperature) config["temperature"] = *request.temperature;
    if (request.top_p) config["topP"] = *request.top_p;
    if (request.top_k) config["topK"] = *request.top_k;
    if (request.max_tokens) config["maxOutputTokens"] = *request.max_tokens;
    if (!request.stop.empty()) config["stopSequences"] = request.stop;
    if (request.seed) config["seed"] = *request.seed;
    using Kind = canonical::ResponseFormat::Kind;
    if (request.response_format.kind != Kind::text) {
        config["responseMimeType"] = "application/json";
        // responseJsonSchema takes full JSON Schema (responseSchema only an OpenAPI subset).
        if (request.response_format.kind == Kind::json_schema &&
            !request.response_format.schema.is_null())
            config["responseJsonSchema"] = request.response_format.schema;
    }
    if (request.reasoning)
        if (Json thinking = encode_thinking(request.model, *request.reasoning); !thinking.is_null())
            config["thinkingConfig"] = std::move(thinking);
    return config;
}

} // namespace

std::string generate_path(const std::string& model, bool stream)
{
    std::string resource = model.find('/') == std::string::npos ? "models/" + model : model;
    return "/" + resource + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
}

// Not sent: `model` (it is in the path), `stream` (the path decides), `parallel_tool_calls`
// (Gemini has no switch for it) and `user` (Gemini has no end-user field).
Result<Json> encode_request(const canonical::Request& request)
{
    Json body = Json::object();
    Json system = LLMP_TRY(encode_system(request));
    if (!system.empty()) body["systemInstruction"] = {{"parts", std::move(system)}};
    body["contents"] = LLMP_TRY(encode_contents(request));
    if (!request.tools.empty()) {
        body["tools"] = encode_tools(request);
        Json tool_config = encode_tool_config(request.tool_choice);
        if (!tool_config.is_null()) body["toolConfig"] = std::move(tool_config);
    }
    Json generation = encode_generation_config(request);
    if (!generation.empty()) body["generationConfig"] = std::move(generation);
    return body;
}

} // namespace llmp::dialects::gemini
