// An OpenAI client's chat request → canonical (§2.1, §9.1). Only cross-dialect traffic comes
// here: an OpenAI client talking to an OpenAI-compatible upstream is relayed as it came, so
// everything this refuses is something the other providers could not be given anyway.
// Every refusal names the field, so the client learns what to change.
#include "llmp/dialects/openai.hpp"

#include "llmp/canonical/reasoning.hpp"
#include "llmp/canonical/tool_ids.hpp"

#include <array>
#include <cctype>
#include <limits>
#include <optional>
#include <unordered_map>

namespace llmp::dialects::openai {

namespace {

using canonical::Part;

std::unexpected<Error> bad(const std::string& path, const std::string& what)
{
    return fail(ErrorCode::invalid_input, path + ": " + what);
}

std::string in_quotes(const std::string& text) { return "\"" + text + "\""; }

std::string at(const std::string& path, size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

// An optional field: nullptr when absent or null (clients send explicit nulls for "default").
const Json* optional_field(const Json& object, const char* key)
{
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    return &*it;
}

Result<std::string> string_field(const Json& object, const char* key, const std::string& path)
{
    const Json* value = optional_field(object, key);
    if (!value || !value->is_string()) return bad(path, "expected a string");
    return value->get<std::string>();
}

bool starts_with_ci(std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    return true;
}

// image_url: {"url": "https://..." | "data:image/png;base64,...", "detail"}. The detail hint
// has no canonical place and is dropped. A bare string is accepted: some clients send one.
Result<Part> image_part(const Json& image_url, const std::string& path)
{
    std::string url;
    std::string url_path = path;
    if (image_url.is_string()) {
        url = image_url.get<std::string>();
    } else if (image_url.is_object()) {
        url_path = path + ".url";
        url = LLMP_TRY(string_field(image_url, "url", url_path));
    } else {
        return bad(path, "expected an object with a url");
    }
    Part part;
    part.kind = Part::Kind::image;
    if (starts_with_ci(url, "data:")) {
        // data:<media type>[;parameters];base64,<data>. Other providers take base64 bytes and a
        // media type, never a percent-encoded data URL.
        size_t comma = url.find(',');
        std::string_view header = comma == std::string::npos
            ? std::string_view()
            : std::string_view(url).substr(5, comma - 5);
        constexpr std::string_view k_base64 = ";base64";
        bool is_base64 = header.size() > k_base64.size()
            && header.substr(header.size() - k_base64.size()) == k_base64;
        std::string_view media_type = header.substr(0, header.find(';'));
        if (!is_base64 || media_type.empty())
            return bad(url_path, "expected a base64 data URL (data:<media type>;base64,<data>)");
        part.media_type = std::string(media_type);
        part.data = url.substr(comma + 1);
    } else if (starts_with_ci(url, "http://") || starts_with_ci(url, "https://")) {
        part.url = std::move(url);
    } else {
        return bad(url_path, "expected an http(s) URL or a base64 data URL");
    }
    return part;
}

// A content part's type, checked to be a string.
Result<std::string> part_type(const Json& part, const std::string& path)
{
    if (!part.is_object()) return bad(path, "expected an object");
    return string_field(part, "type", path + ".type");
}

Result<std::string> text_of_part(const Json& part, const std::string& path)
{
    return string_field(part, "text", path + ".text");
}

// System, developer and tool messages: a string, or an array of text parts.
Result<std::vector<std::string>> texts(const Json& message, const std::string& path)
{
    const Json* content = optional_field(message, "content");
    std::string content_path = path + ".content";
    if (content && content->is_string())
        return std::vector<std::string>{content->get<std::string>()};
    if (!content || !content->is_array())
        return bad(content_path, "expected a string or an array of text parts");
    std::vector<std::string> out;
    for (size_t j = 0; j < content->size(); ++j) {
        std::string part_path = at(content_path, j);
        std::string type = LLMP_TRY(part_type((*content)[j], part_path));
        if (type != "text")
            return bad(part_path + ".type", "unsupported content type " + in_quotes(type));
        out.push_back(LLMP_TRY(text_of_part((*content)[j], part_path)));
    }
    return out;
}

Result<std::vector<Part>> user_parts(const Json& message, const std::string& path)
{
    const Json* content = optional_field(message, "content");
    std::string content_path = path + ".content";
    if (content && content->is_string())
        return std::vector<Part>{Part::make_text(content->get<std::string>())};
    if (!content || !content->is_array())
        return bad(content_path, "expected a string or an array of content parts");
    std::vector<Part> out;
    for (size_t j = 0; j < content->size(); ++j) {
        const Json& item = (*content)[j];
        std::string part_path = at(content_path, j);
        std::string type = LLMP_TRY(part_type(item, part_path));
        if (type == "text") {
            out.push_back(Part::make_text(LLMP_TRY(text_of_part(item, part_path))));
        } else if (type == "image_url") {
            const Json* image_url = optional_field(item, "image_url");
            if (!image_url) return bad(part_path + ".image_url", "expected an object with a url");
            out.push_back(LLMP_TRY(image_part(*image_url, part_path + ".image_url")));
        } else {
            // input_audio and file have no counterpart in the canonical form (yet).
            return bad(part_path + ".type", "unsupported content type " + in_quotes(type));
        }
    }
    return out;
}

// The calls of this request so far: unpacked id → function name, so a tool result can be
// checked against its call and carry the name Gemini needs.
using KnownCalls = std::unordered_map<std::string, std::string>;

Result<Part> tool_call_part(const Json& call, const std::string& path)
{
    if (!call.is_object()) return bad(path, "expected an object");
    if (const Json* type = optional_field(call, "type")) {
        if (!type->is_string()) return bad(path + ".type", "expected a string");
        if (type->get<std::string>() != "function")
            return bad(path + ".type",
                       "unsupported tool call type " + in_quotes(type->get<std::string>()));
    }
    std::string packed = LLMP_TRY(string_field(call, "id", path + ".id"));
    const Json* function = optional_field(call, "function");
    if (!function || !function->is_object()) return bad(path + ".function", "expected an object");
    Part part;
    part.kind = Part::Kind::tool_call;
    auto id = canonical::unpack_tool_id(packed);
    part.id = std::move(id.id);
    part.signature = std::move(id.signature);
    part.name = LLMP_TRY(string_field(*function, "name", path + ".function.name"));
    const Json* arguments = optional_field(*function, "arguments");
    if (arguments && arguments->is_string())
        part.arguments = arguments->get<std::string>();
    else if (arguments && arguments->is_object())
        part.arguments = dump(*arguments);  // lenient
    else if (arguments)
        return bad(path + ".function.arguments", "expected a string");
    return part;
}

Result<canonical::Message> assistant_message(const Json& message, const std::string& path,
                                             KnownCalls& calls)
{
    canonical::Message out;
    out.role = canonical::Role::assistant;
    // Reasoning text as DeepSeek/vLLM (reasoning_content) or Ollama/OpenRouter (reasoning)
    // clients send it back; it came before the answer, so it goes first.
    for (const char* key : {"reasoning_content", "reasoning"}) {
        const Json* reasoning = optional_field(message, key);
        if (!reasoning) continue;
        if (!reasoning->is_string()) return bad(path + "." + key, "expected a string");
        if (reasoning->get<std::string>().empty()) continue;
        Part thinking;
        thinking.kind = Part::Kind::thinking;
        thinking.text = reasoning->get<std::string>();
        out.parts.push_back(std::move(thinking));
        break;
    }
    bool has_text = false;
    const Json* content = optional_field(message, "content");
    std::string content_path = path + ".content";
    if (content && content->is_string()) {
        out.parts.push_back(Part::make_text(content->get<std::string>()));
        has_text = true;
    } else if (content && content->is_array()) {
        for (size_t j = 0; j < content->size(); ++j) {
            const Json& item = (*content)[j];
            std::string part_path = at(content_path, j);
            std::string type = LLMP_TRY(part_type(item, part_path));
            if (type == "text") {
                out.parts.push_back(Part::make_text(LLMP_TRY(text_of_part(item, part_path))));
            } else if (type == "refusal") {
                out.parts.push_back(Part::make_text(
                    LLMP_TRY(string_field(item, "refusal", part_path + ".refusal"))));
            } else {
                return bad(part_path + ".type", "unsupported content type " + in_quotes(type));
            }
            has_text = true;
        }
    } else if (content) {
        return bad(content_path, "expected a string, an array of content parts or null");
    }
    // A refusal is what the model said; with content null it is the only text of the turn.
    if (const Json* refusal = optional_field(message, "refusal"); refusal && !has_text) {
        if (!refusal->is_string()) return bad(path + ".refusal", "expected a string");
        out.parts.push_back(Part::make_text(refusal->get<std::string>()));
    }
    if (optional_field(message, "function_call"))
        return bad(path + ".function_call",
                   "legacy function calls are not supported; use tool_calls");
    if (const Json* tool_calls = optional_field(message, "tool_calls")) {
        if (!tool_calls->is_array()) return bad(path + ".tool_calls", "expected an array");
        for (size_t k = 0; k < tool_calls->size(); ++k) {
            Part call = LLMP_TRY(tool_call_part((*tool_calls)[k], at(path + ".tool_calls", k)));
            calls[call.id] = call.name;
            out.parts.push_back(std::move(call));
        }
    }
    return out;
}

Result<canonical::Message> tool_message(const Json& message, const std::string& path,
                                        const KnownCalls& calls)
{
    std::string packed = LLMP_TRY(string_field(message, "tool_call_id", path + ".tool_call_id"));
    std::string id = canonical::unpack_tool_id(packed).id;
    auto call = calls.find(id);
    if (call == calls.end())
        return bad(path + ".tool_call_id",
                   "no assistant tool call with id " + in_quotes(packed) + " precedes it");
    std::string text;
    for (const auto& piece : LLMP_TRY(texts(message, path))) text += piece;
    Part result;
    result.kind = Part::Kind::tool_result;
    result.id = id;
    result.name = call->second;
    result.content.push_back(Part::make_text(std::move(text)));
    canonical::Message out;
    out.role = canonical::Role::tool;
    out.parts.push_back(std::move(result));
    return out;
}

Result<void> decode_messages(const Json& body, canonical::Request& request)
{
    const Json* messages = optional_field(body, "messages");
    if (!messages) return bad("messages", "required");
    if (!messages->is_array()) return bad("messages", "expected an array");
    if (messages->empty()) return bad("messages", "must not be empty");
    KnownCalls calls;
    for (size_t i = 0; i < messages->size(); ++i) {
        const Json& message = (*messages)[i];
        std::string path = at("messages", i);
        if (!message.is_object()) return bad(path, "expected an object");
        std::string role = json::string_at(message, "role");
        if (role == "system" || role == "developer") {
            // Developer is system under its reasoning-model name. Before the first turn both
            // make up the system prompt, in order; later ones are instructions given at that
            // point of the conversation. An empty one says nothing and would trip Anthropic.
            std::vector<Part>* into = &request.system;
            if (!request.messages.empty()) {
                request.messages.push_back(canonical::Message{canonical::Role::system, {}});
                into = &request.messages.back().parts;
            }
            for (auto& text : LLMP_TRY(texts(message, path)))
                if (!text.empty()) into->push_back(Part::make_text(std::move(text)));
            if (into != &request.system && into->empty()) request.messages.pop_back();
        } else if (role == "user") {
            canonical::Message out;
            out.parts = LLMP_TRY(user_parts(message, path));
            request.messages.push_back(std::move(out));
        } else if (role == "assistant") {
            request.messages.push_back(LLMP_TRY(assistant_message(message, path, calls)));
        } else if (role == "tool") {
            request.messages.push_back(LLMP_TRY(tool_message(message, path, calls)));
        } else if (role == "function") {
            return bad(path + ".role",
                       "the legacy \"function\" role is not supported; use tool messages");
        } else {
            return bad(path + ".role", "expected one of system, developer, user, assistant, tool");
        }
    }
    return {};
}

Result<void> decode_tools(const Json& body, canonical::Request& request)
{
    if (optional_field(body, "functions") || optional_field(body, "function_call"))
        return bad(optional_field(body, "functions") ? "functions" : "function_call",
                   "legacy functions are not supported; use tools");
    if (const Json* tools = optional_field(body, "tools")) {
        if (!tools->is_array()) return bad("tools", "expected an array");
        for (size_t i = 0; i < tools->size(); ++i) {
            const Json& item = (*tools)[i];
            std::string path = at("tools", i);
            if (!item.is_object()) return bad(path, "expected an object");
            std::string type = LLMP_TRY(string_field(item, "type", path + ".type"));
            if (type != "function")
                return bad(path + ".type", "unsupported tool type " + in_quotes(type));
            const Json* function = optional_field(item, "function");
            if (!function || !function->is_object())
                return bad(path + ".function", "expected an object");
            std::string fpath = path + ".function";
            canonical::Tool tool;
            tool.name = LLMP_TRY(string_field(*function, "name", fpath + ".name"));
            if (const Json* description = optional_field(*function, "description")) {
                if (!description->is_string())
                    return bad(fpath + ".description", "expected a string");
                tool.description = description->get<std::string>();
            }
            if (const Json* parameters = optional_field(*function, "parameters")) {
                if (!parameters->is_object())
                    return bad(fpath + ".parameters", "expected an object");
                tool.parameters = *parameters;
            }
            if (const Json* strict = optional_field(*function, "strict")) {
                if (!strict->is_boolean()) return bad(fpath + ".strict", "expected a boolean");
                tool.strict = strict->get<bool>();
            }
            request.tools.push_back(std::move(tool));
        }
    }
    if (const Json* choice = optional_field(body, "tool_choice")) {
        using Mode = canonical::ToolChoice::Mode;
        constexpr const char* k_expected = "expected \"none\", \"auto\", \"required\" or "
                                           "{\"type\":\"function\",\"function\":{\"name\":...}}";
        if (choice->is_string()) {
            std::string mode = choice->get<std::string>();
            if (mode == "auto")
                request.tool_choice.mode = Mode::auto_;
            else if (mode == "none")
                request.tool_choice.mode = Mode::none;
            else if (mode == "required")
                request.tool_choice.mode = Mode::required;
            else
                return bad("tool_choice", k_expected);
        } else if (choice->is_object()) {
            std::string type = LLMP_TRY(string_field(*choice, "type", "tool_choice.type"));
            if (type != "function")
                return bad("tool_choice.type", "unsupported tool choice type " + in_quotes(type));
            const Json* function = optional_field(*choice, "function");
            if (!function || !function->is_object())
                return bad("tool_choice.function", "expected an object");
            request.tool_choice.mode = Mode::named;
            request.tool_choice.name =
                LLMP_TRY(string_field(*function, "name", "tool_choice.function.name"));
        } else {
            return bad("tool_choice", k_expected);
        }
    }
    if (const Json* parallel = optional_field(body, "parallel_tool_calls")) {
        if (!parallel->is_boolean()) return bad("parallel_tool_calls", "expected a boolean");
        request.parallel_tool_calls = parallel->get<bool>();
    }
    return {};
}

Result<std::optional<double>> number(const Json& body, const char* key)
{
    const Json* value = optional_field(body, key);
    if (!value) return std::optional<double>();
    if (!value->is_number()) return bad(key, "expected a number");
    return std::optional<double>(value->get<double>());
}

Result<std::optional<int64_t>> integer(const Json& body, const char* key)
{
    const Json* value = optional_field(body, key);
    if (!value) return std::optional<int64_t>();
    if (!value->is_number_integer()) return bad(key, "expected an integer");
    // Above INT64_MAX, get<int64_t>() would wrap: a seed of 2^63 went out as -2^63.
    if (value->is_number_unsigned()
        && value->get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
        return bad(key, "out of range");
    return std::optional<int64_t>(value->get<int64_t>());
}

Result<void> decode_sampling(const Json& body, canonical::Request& request)
{
    request.temperature = LLMP_TRY(number(body, "temperature"));
    request.top_p = LLMP_TRY(number(body, "top_p"));
    // Not OpenAI's, but vLLM and Ollama clients send it through the OpenAI SDK's extra_body.
    request.top_k = LLMP_TRY(integer(body, "top_k"));
    // max_tokens is the deprecated name; max_completion_tokens (reasoning included) wins.
    for (const char* key : {"max_completion_tokens", "max_tokens"}) {
        auto limit = LLMP_TRY(integer(body, key));
        if (!limit) continue;
        if (*limit < 1) return bad(key, "expected a positive integer");
        request.max_tokens = limit;
        break;
    }
    if (const Json* stop = optional_field(body, "stop")) {
        if (stop->is_string()) {
            request.stop.push_back(stop->get<std::string>());
        } else if (stop->is_array()) {
            for (size_t i = 0; i < stop->size(); ++i) {
                if (!(*stop)[i].is_string()) return bad(at("stop", i), "expected a string");
                request.stop.push_back((*stop)[i].get<std::string>());
            }
        } else {
            return bad("stop", "expected a string or an array of strings");
        }
    }
    request.seed = LLMP_TRY(integer(body, "seed"));
    // Same-dialect traffic, the only kind that could ask several providers' worth of choices
    // of an OpenAI upstream, never comes through here.
    if (auto n = LLMP_TRY(integer(body, "n")); n && *n > 1)
        return bad("n", "only 1 choice is supported when translating to another provider");
    return {};
}

Result<void> decode_response_format(const Json& body, canonical::Request& request)
{
    const Json* format = optional_field(body, "response_format");
    if (!format) return {};
    if (!format->is_object()) return bad("response_format", "expected an object");
    using Kind = canonical::ResponseFormat::Kind;
    std::string type = json::string_at(*format, "type");
    if (type == "text") {
        request.response_format.kind = Kind::text;
    } else if (type == "json_object") {
        request.response_format.kind = Kind::json_object;
    } else if (type == "json_schema") {
        request.response_format.kind = Kind::json_schema;
        const Json* schema = optional_field(*format, "json_schema");
        if (!schema || !schema->is_object())
            return bad("response_format.json_schema", "expected an object");
        if (const Json* name = optional_field(*schema, "name")) {
            if (!name->is_string())
                return bad("response_format.json_schema.name", "expected a string");
            request.response_format.name = name->get<std::string>();
        }
        if (const Json* value = optional_field(*schema, "schema")) {
            if (!value->is_object())
                return bad("response_format.json_schema.schema", "expected an object");
            request.response_format.schema = *value;
        }
        if (const Json* strict = optional_field(*schema, "strict")) {
            if (!strict->is_boolean())
                return bad("response_format.json_schema.strict", "expected a boolean");
            request.response_format.strict = strict->get<bool>();
        }
    } else {
        return bad("response_format.type", "expected one of text, json_object, json_schema");
    }
    return {};
}

Result<void> decode_reasoning(const Json& body, canonical::Request& request)
{
    const Json* effort = optional_field(body, "reasoning_effort");
    if (!effort) return {};
    constexpr std::array<const char*, 7> k_efforts = {"none", "minimal", "low", "medium",
                                                      "high", "xhigh",   "max"};
    std::string word = effort->is_string() ? effort->get<std::string>() : std::string();
    bool known = false;
    for (const char* name : k_efforts) known = known || word == name;
    if (!known)
        return bad("reasoning_effort",
                   "expected one of none, minimal, low, medium, high, xhigh, max");
    canonical::Reasoning reasoning;
    reasoning.effort = word;
    reasoning.budget_tokens = canonical::budget_for_effort(word);
    request.reasoning = std::move(reasoning);
    return {};
}

Result<void> decode_options(const Json& body, canonical::Request& request)
{
    // safety_identifier replaces the deprecated `user`; either names the end user.
    for (const char* key : {"safety_identifier", "user"}) {
        const Json* user = optional_field(body, key);
        if (!user) continue;
        if (!user->is_string()) return bad(key, "expected a string");
        if (request.user.empty()) request.user = user->get<std::string>();
    }
    if (const Json* stream = optional_field(body, "stream")) {
        if (!stream->is_boolean()) return bad("stream", "expected a boolean");
        request.stream = stream->get<bool>();
    }
    if (const Json* options = optional_field(body, "stream_options")) {
        if (!options->is_object()) return bad("stream_options", "expected an object");
        if (const Json* include = optional_field(*options, "include_usage")) {
            if (!include->is_boolean())
                return bad("stream_options.include_usage", "expected a boolean");
            request.include_usage = include->get<bool>();
        }
    }
    return {};
}

} // namespace

Result<canonical::Request> decode_request(const Json& body)
{
    if (!body.is_object()) return bad("request body", "expected a JSON object");
    canonical::Request request;
    const Json* model = optional_field(body, "model");
    if (!model) return bad("model", "required");
    if (!model->is_string()) return bad("model", "expected a string");
    request.model = model->get<std::string>();
    LLMP_TRY(decode_messages(body, request));
    LLMP_TRY(decode_tools(body, request));
    LLMP_TRY(decode_sampling(body, request));
    LLMP_TRY(decode_response_format(body, request));
    LLMP_TRY(decode_reasoning(body, request));
    LLMP_TRY(decode_options(body, request));
    return request;
}

} // namespace llmp::dialects::openai
