// An Anthropic client's POST /v1/messages body → the canonical request (§3.1). The body comes
// from anyone, so every access is type-checked and every refusal names the field's path, the way
// Anthropic's own 400s do. Fields llmp has no use for (cache_control, service_tier, container,
// citations ...) are ignored; content llmp cannot carry to another provider (documents, server
// tools) is refused rather than silently dropped.
#include "llmp/dialects/anthropic.hpp"

#include "llmp/canonical/reasoning.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <string>

namespace llmp::dialects::anthropic {

namespace {

using canonical::Message;
using canonical::Part;
using canonical::Role;

std::unexpected<Error> bad(const std::string& path, const std::string& what)
{
    return fail(ErrorCode::invalid_input, path + ": " + what);
}

std::string in_quotes(const std::string& text)
{
    return dump(Json(text));
}

std::string at(const std::string& path, size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

// The value of an optional field, or nullptr when it is absent or null (SDKs send null for
// "not given" in places).
const Json* optional_field(const Json& object, const char* key)
{
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    return &*it;
}

Result<const Json*> required_field(const Json& object, const char* key, const std::string& path)
{
    const Json* value = optional_field(object, key);
    if (value == nullptr) return bad(path, "field required");
    return value;
}

Result<std::string> as_string(const Json& value, const std::string& path)
{
    if (!value.is_string()) return bad(path, "expected a string");
    return value.get<std::string>();
}

Result<int64_t> as_integer(const Json& value, const std::string& path)
{
    if (value.is_number_unsigned()) {
        if (value.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
            return bad(path, "out of range");
        return int64_t(value.get<uint64_t>());
    }
    if (value.is_number_integer()) return value.get<int64_t>();
    // 1024.0 is an integer too (some JSON writers only have doubles).
    if (value.is_number_float()) {
        double d = value.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) return int64_t(d);
    }
    return bad(path, "expected an integer");
}

Result<double> as_number(const Json& value, const std::string& path)
{
    if (!value.is_number()) return bad(path, "expected a number");
    return value.get<double>();
}

Result<bool> as_bool(const Json& value, const std::string& path)
{
    if (!value.is_boolean()) return bad(path, "expected a boolean");
    return value.get<bool>();
}

Result<std::string> required_string(const Json& object, const char* key, const std::string& path)
{
    const Json* value = LLMP_TRY(required_field(object, key, path));
    return as_string(*value, path);
}

Result<std::string> optional_string(const Json& object, const char* key, const std::string& path)
{
    const Json* value = optional_field(object, key);
    if (value == nullptr) return std::string();
    return as_string(*value, path);
}

Result<void> expect_object(const Json& value, const std::string& path)
{
    if (!value.is_object()) return bad(path, "expected an object");
    return {};
}

// {"type":"image","source":{"type":"base64","media_type","data"}|{"type":"url","url"}}
Result<Part> decode_image(const Json& block, const std::string& path)
{
    const Json* source = LLMP_TRY(required_field(block, "source", path + ".source"));
    if (auto ok = expect_object(*source, path + ".source"); !ok) return std::unexpected(ok.error());
    std::string type = LLMP_TRY(required_string(*source, "type", path + ".source.type"));
    Part part;
    part.kind = Part::Kind::image;
    if (type == "base64") {
        part.media_type =
            LLMP_TRY(required_string(*source, "media_type", path + ".source.media_type"));
        part.data = LLMP_TRY(required_string(*source, "data", path + ".source.data"));
    } else if (type == "url") {
        part.url = LLMP_TRY(required_string(*source, "url", path + ".source.url"));
    } else {
        return bad(path + ".source.type", "unsupported image source " + in_quotes(type));
    }
    return part;
}

Result<Part> decode_text(const Json& block, const std::string& path)
{
    return Part::make_text(LLMP_TRY(required_string(block, "text", path + ".text")));
}

// The blocks a tool_result may hold: text and images.
Result<std::vector<Part>> decode_result_content(const Json& content, const std::string& path)
{
    std::vector<Part> parts;
    if (content.is_string()) {
        parts.push_back(Part::make_text(content.get<std::string>()));
        return parts;
    }
    if (!content.is_array()) return bad(path, "expected a string or an array of content blocks");
    for (size_t k = 0; k < content.size(); ++k) {
        std::string block_path = at(path, k);
        const Json& block = content[k];
        if (auto ok = expect_object(block, block_path); !ok) return std::unexpected(ok.error());
        std::string type = LLMP_TRY(required_string(block, "type", block_path + ".type"));
        if (type == "text")
            parts.push_back(LLMP_TRY(decode_text(block, block_path)));
        else if (type == "image")
            parts.push_back(LLMP_TRY(decode_image(block, block_path)));
        else
            return bad(block_path + ".type", "unsupported content type " + in_quotes(type));
    }
    return parts;
}

// Walks the messages in order, remembering tool_use ids so that each tool_result can be checked
// against a call that precedes it and can carry the function's name (Gemini needs it).
class MessageDecoder {
public:
    Result<void> decode(const Json& message, size_t i, std::vector<Message>& out)
    {
        std::string path = at("messages", i);
        if (auto ok = expect_object(message, path); !ok) return ok;
        std::string role_name = LLMP_TRY(required_string(message, "role", path + ".role"));
        Role role;
        if (role_name == "user")
            role = Role::user;
        else if (role_name == "assistant")
            role = Role::assistant;
        else if (role_name == "system")
            return decode_system_message(message, path, out);
        else
            return bad(path + ".role", "unsupported role " + in_quotes(role_name));

        const Json* content = LLMP_TRY(required_field(message, "content", path + ".content"));
        if (content->is_string()) {
            out.push_back(Message{role, {Part::make_text(content->get<std::string>())}});
            return {};
        }
        if (!content->is_array())
            return bad(path + ".content", "expected a string or an array of content blocks");

        // A user turn carries tool results (first) and then, possibly, text: canonically that
        // is a tool message followed by a user message.
        Message results{Role::tool, {}};
        Message rest{role, {}};
        for (size_t j = 0; j < content->size(); ++j) {
            std::string block_path = at(path + ".content", j);
            const Json& block = (*content)[j];
            if (auto ok = expect_object(block, block_path); !ok) return ok;
            std::string type = LLMP_TRY(required_string(block, "type", block_path + ".type"));
            if (type == "tool_result") {
                if (role != Role::user) return only_in(block_path, type, "user");
                results.parts.push_back(LLMP_TRY(decode_tool_result(block, block_path)));
            } else {
                rest.parts.push_back(LLMP_TRY(decode_block(block, type, role, block_path)));
            }
        }
        bool has_results = !results.parts.empty();
        if (has_results) out.push_back(std::move(results));
        if (!rest.parts.empty() || !has_results) out.push_back(std::move(rest));
        return {};
    }

private:
    // A system message (Claude Code's mid-conversation instructions, beta
    // mid-conversation-system-2026-04-07): text only, a string or text blocks. One ahead of
    // every turn joins the system prompt; a later one stays in place.
    static Result<void> decode_system_message(const Json& message, const std::string& path,
                                              std::vector<Message>& out)
    {
        const Json* content = LLMP_TRY(required_field(message, "content", path + ".content"));
        Message system{Role::system, {}};
        if (content->is_string()) {
            system.parts.push_back(Part::make_text(content->get<std::string>()));
        } else if (content->is_array()) {
            for (size_t j = 0; j < content->size(); ++j) {
                std::string block_path = at(path + ".content", j);
                const Json& block = (*content)[j];
                if (auto ok = expect_object(block, block_path); !ok) return ok;
                std::string type = LLMP_TRY(required_string(block, "type", block_path + ".type"));
                if (type != "text")
                    return bad(block_path + ".type",
                               "system messages hold only text blocks, not " + in_quotes(type));
                system.parts.push_back(LLMP_TRY(decode_text(block, block_path)));
            }
        } else {
            return bad(path + ".content", "expected a string or an array of text blocks");
        }
        std::erase_if(system.parts, [](const Part& part) { return part.text.empty(); });
        if (!system.parts.empty()) out.push_back(std::move(system));
        return {};
    }

    static std::unexpected<Error> only_in(const std::string& block_path, const std::string& type,
                                          const char* role)
    {
        return bad(block_path + ".type",
                   in_quotes(type) + " blocks are only allowed in " + role + " messages");
    }

    Result<Part> decode_block(const Json& block, const std::string& type, Role role,
                              const std::string& path)
    {
        if (type == "text") return decode_text(block, path);
        if (type == "image") {
            if (role != Role::user) return only_in(path, type, "user");
            return decode_image(block, path);
        }
        if (type == "tool_use") {
            if (role != Role::assistant) return only_in(path, type, "assistant");
            return decode_tool_use(block, path);
        }
        if (type == "thinking" || type == "redacted_thinking") {
            if (role != Role::assistant) return only_in(path, type, "assistant");
            Part part;
            if (type == "thinking") {
                part.kind = Part::Kind::thinking;
                part.text = LLMP_TRY(required_string(block, "thinking", path + ".thinking"));
                part.signature = LLMP_TRY(optional_string(block, "signature", path + ".signature"));
            } else {
                part.kind = Part::Kind::redacted_thinking;
                part.data = LLMP_TRY(required_string(block, "data", path + ".data"));
            }
            return part;
        }
        return bad(path + ".type", "unsupported content type " + in_quotes(type));
    }

    Result<Part> decode_tool_use(const Json& block, const std::string& path)
    {
        Part part;
        part.kind = Part::Kind::tool_call;
        part.id = LLMP_TRY(required_string(block, "id", path + ".id"));
        part.name = LLMP_TRY(required_string(block, "name", path + ".name"));
        const Json* input = LLMP_TRY(required_field(block, "input", path + ".input"));
        if (auto ok = expect_object(*input, path + ".input"); !ok)
            return std::unexpected(ok.error());
        part.arguments = dump(*input);
        m_tool_names[part.id] = part.name;
        return part;
    }

    Result<Part> decode_tool_result(const Json& block, const std::string& path)
    {
        Part part;
        part.kind = Part::Kind::tool_result;
        part.id = LLMP_TRY(required_string(block, "tool_use_id", path + ".tool_use_id"));
        auto call = m_tool_names.find(part.id);
        if (call == m_tool_names.end())
            return bad(path + ".tool_use_id",
                       "no tool_use with id " + in_quotes(part.id) + " precedes it");
        part.name = call->second;
        if (const Json* content = optional_field(block, "content"))
            part.content = LLMP_TRY(decode_result_content(*content, path + ".content"));
        if (const Json* is_error = optional_field(block, "is_error"))
            part.is_error = LLMP_TRY(as_bool(*is_error, path + ".is_error"));
        return part;
    }

    std::map<std::string, std::string> m_tool_names;  // tool_use id → function name
};

Result<std::vector<Part>> decode_system(const Json& system)
{
    std::vector<Part> parts;
    if (system.is_string()) {
        if (!system.get<std::string>().empty())
            parts.push_back(Part::make_text(system.get<std::string>()));
        return parts;
    }
    if (!system.is_array()) return bad("system", "expected a string or an array of text blocks");
    for (size_t i = 0; i < system.size(); ++i) {
        std::string path = at("system", i);
        if (auto ok = expect_object(system[i], path); !ok) return std::unexpected(ok.error());
        std::string type = LLMP_TRY(required_string(system[i], "type", path + ".type"));
        if (type != "text")
            return bad(path + ".type", "unsupported content type " + in_quotes(type));
        parts.push_back(LLMP_TRY(decode_text(system[i], path)));
    }
    return parts;
}

Result<std::vector<canonical::Tool>> decode_tools(const Json& tools)
{
    std::vector<canonical::Tool> out;
    if (!tools.is_array()) return bad("tools", "expected an array");
    for (size_t i = 0; i < tools.size(); ++i) {
        std::string path = at("tools", i);
        const Json& tool = tools[i];
        if (auto ok = expect_object(tool, path); !ok) return std::unexpected(ok.error());
        // Server tools (web search, code execution ...) run inside Anthropic; no other
        // provider could honour them, so they are refused instead of dropped.
        std::string type = LLMP_TRY(optional_string(tool, "type", path + ".type"));
        if (!type.empty() && type != "custom")
            return bad(path + ".type", "server tool " + in_quotes(type) + " is not supported");
        canonical::Tool out_tool;
        out_tool.name = LLMP_TRY(required_string(tool, "name", path + ".name"));
        out_tool.description =
            LLMP_TRY(optional_string(tool, "description", path + ".description"));
        const Json* schema = LLMP_TRY(required_field(tool, "input_schema", path + ".input_schema"));
        if (auto ok = expect_object(*schema, path + ".input_schema"); !ok)
            return std::unexpected(ok.error());
        out_tool.parameters = *schema;
        if (const Json* strict = optional_field(tool, "strict"))
            out_tool.strict = LLMP_TRY(as_bool(*strict, path + ".strict"));
        out.push_back(std::move(out_tool));
    }
    return out;
}

Result<void> decode_tool_choice(const Json& choice, canonical::Request& request)
{
    using Mode = canonical::ToolChoice::Mode;
    if (auto ok = expect_object(choice, "tool_choice"); !ok) return ok;
    std::string type = LLMP_TRY(required_string(choice, "type", "tool_choice.type"));
    if (type == "auto") {
        request.tool_choice.mode = Mode::auto_;
    } else if (type == "any") {
        request.tool_choice.mode = Mode::required;
    } else if (type == "none") {
        request.tool_choice.mode = Mode::none;
    } else if (type == "tool") {
        request.tool_choice.mode = Mode::named;
        request.tool_choice.name = LLMP_TRY(required_string(choice, "name", "tool_choice.name"));
    } else {
        return bad("tool_choice.type", "unsupported value " + in_quotes(type));
    }
    if (const Json* disable = optional_field(choice, "disable_parallel_tool_use")) {
        if (LLMP_TRY(as_bool(*disable, "tool_choice.disable_parallel_tool_use")))
            request.parallel_tool_calls = false;
    }
    return {};
}

Result<void> decode_thinking(const Json& thinking, canonical::Request& request)
{
    if (auto ok = expect_object(thinking, "thinking"); !ok) return ok;
    std::string type = LLMP_TRY(required_string(thinking, "type", "thinking.type"));
    canonical::Reasoning reasoning;
    if (type == "enabled") {
        const Json* budget =
            LLMP_TRY(required_field(thinking, "budget_tokens", "thinking.budget_tokens"));
        int64_t tokens = LLMP_TRY(as_integer(*budget, "thinking.budget_tokens"));
        if (tokens < 1) return bad("thinking.budget_tokens", "must be a positive integer");
        reasoning.budget_tokens = tokens;
        reasoning.effort = canonical::effort_for_budget(tokens);
    } else if (type == "adaptive") {
        reasoning.effort = "medium";  // the model decides; medium is the neutral point elsewhere
    } else if (type == "disabled") {
        reasoning.effort = "none";
    } else {
        return bad("thinking.type", "unsupported value " + in_quotes(type));
    }
    std::string display = LLMP_TRY(optional_string(thinking, "display", "thinking.display"));
    if (display == "omitted") reasoning.include_thoughts = false;
    request.reasoning = std::move(reasoning);
    return {};
}

Result<void> decode_output_config(const Json& config, canonical::Request& request)
{
    if (auto ok = expect_object(config, "output_config"); !ok) return ok;
    if (const Json* effort = optional_field(config, "effort")) {
        std::string value = LLMP_TRY(as_string(*effort, "output_config.effort"));
        constexpr std::array<std::string_view, 5> k_efforts = {"low", "medium", "high", "xhigh",
                                                               "max"};
        if (std::find(k_efforts.begin(), k_efforts.end(), value) == k_efforts.end())
            return bad("output_config.effort", "unsupported value " + in_quotes(value));
        // Explicitly disabled thinking wins over an effort hint.
        if (!request.reasoning) request.reasoning = canonical::Reasoning{};
        if (request.reasoning->effort != "none" || request.reasoning->budget_tokens)
            request.reasoning->effort = value;
    }
    if (const Json* format = optional_field(config, "format")) {
        if (auto ok = expect_object(*format, "output_config.format"); !ok) return ok;
        std::string type = LLMP_TRY(required_string(*format, "type", "output_config.format.type"));
        if (type != "json_schema")
            return bad("output_config.format.type", "unsupported value " + in_quotes(type));
        const Json* schema =
            LLMP_TRY(required_field(*format, "schema", "output_config.format.schema"));
        if (auto ok = expect_object(*schema, "output_config.format.schema"); !ok) return ok;
        request.response_format.kind = canonical::ResponseFormat::Kind::json_schema;
        request.response_format.schema = *schema;
    }
    return {};
}

Result<void> decode_options(const Json& body, canonical::Request& request)
{
    if (const Json* v = optional_field(body, "temperature"))
        request.temperature = LLMP_TRY(as_number(*v, "temperature"));
    if (const Json* v = optional_field(body, "top_p"))
        request.top_p = LLMP_TRY(as_number(*v, "top_p"));
    if (const Json* v = optional_field(body, "top_k"))
        request.top_k = LLMP_TRY(as_integer(*v, "top_k"));
    if (const Json* v = optional_field(body, "stop_sequences")) {
        if (!v->is_array()) return bad("stop_sequences", "expected an array of strings");
        for (size_t i = 0; i < v->size(); ++i)
            request.stop.push_back(LLMP_TRY(as_string((*v)[i], at("stop_sequences", i))));
    }
    if (const Json* v = optional_field(body, "stream"))
        request.stream = LLMP_TRY(as_bool(*v, "stream"));
    if (const Json* v = optional_field(body, "metadata")) {
        if (auto ok = expect_object(*v, "metadata"); !ok) return ok;
        request.user = LLMP_TRY(optional_string(*v, "user_id", "metadata.user_id"));
    }
    return {};
}

} // namespace

Result<canonical::Request> decode_request(const Json& body)
{
    if (!body.is_object()) return bad("body", "expected a JSON object");
    canonical::Request request;
    request.model = LLMP_TRY(required_string(body, "model", "model"));

    const Json* max_tokens = LLMP_TRY(required_field(body, "max_tokens", "max_tokens"));
    request.max_tokens = LLMP_TRY(as_integer(*max_tokens, "max_tokens"));
    if (*request.max_tokens < 1) return bad("max_tokens", "must be at least 1");

    const Json* messages = LLMP_TRY(required_field(body, "messages", "messages"));
    if (!messages->is_array()) return bad("messages", "expected an array");
    MessageDecoder decoder;
    for (size_t i = 0; i < messages->size(); ++i)
        if (auto ok = decoder.decode((*messages)[i], i, request.messages); !ok)
            return std::unexpected(ok.error());

    if (const Json* system = optional_field(body, "system"))
        request.system = LLMP_TRY(decode_system(*system));
    // System messages ahead of the first turn are more of the system prompt (canonical form:
    // Request::system holds what comes before the conversation).
    auto first_turn = std::find_if(request.messages.begin(), request.messages.end(),
                                   [](const Message& m) { return m.role != Role::system; });
    for (auto it = request.messages.begin(); it != first_turn; ++it)
        for (auto& part : it->parts) request.system.push_back(std::move(part));
    request.messages.erase(request.messages.begin(), first_turn);
    if (const Json* tools = optional_field(body, "tools"))
        request.tools = LLMP_TRY(decode_tools(*tools));
    if (const Json* choice = optional_field(body, "tool_choice"))
        if (auto ok = decode_tool_choice(*choice, request); !ok) return std::unexpected(ok.error());
    if (const Json* thinking = optional_field(body, "thinking"))
        if (auto ok = decode_thinking(*thinking, request); !ok) return std::unexpected(ok.error());
    if (const Json* config = optional_field(body, "output_config"))
        if (auto ok = decode_output_config(*config, request); !ok)
            return std::unexpected(ok.error());
    if (auto ok = decode_options(body, request); !ok) return std::unexpected(ok.error());
    return request;
}

} // namespace llmp::dialects::anthropic
