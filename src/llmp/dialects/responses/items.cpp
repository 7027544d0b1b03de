// The pieces of a Responses answer (items.hpp): ids, output items, the response object, and the
// llmp-owned reasoning blob that lets a provider's signed thinking survive a client round trip.
#include "llmp/dialects/responses/items.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/dialects/responses.hpp"

#include <array>
#include <random>
#include <string_view>
#include <utility>

namespace llmp::dialects::responses
{

namespace
{

using canonical::Part;

constexpr std::string_view k_blob_prefix = "llmp1.";
constexpr char k_base64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Standard base64 with padding: encrypted_content is opaque to clients, but OpenAI's own blobs
// look like this too, so nothing downstream is surprised by the alphabet.
std::string to_base64(std::string_view bytes)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (size_t i = 0; i < bytes.size(); i += 3) {
        size_t count = std::min<size_t>(3, bytes.size() - i);
        uint32_t group = 0;
        for (size_t k = 0; k < 3; ++k)
            group = (group << 8) | (k < count ? uint8_t(bytes[i + k]) : 0u);
        for (size_t k = 0; k < 4; ++k)
            out += k <= count ? k_base64[(group >> (18 - 6 * k)) & 63] : '=';
    }
    return out;
}

int sextet(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

std::optional<std::string> from_base64(std::string_view text)
{
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int value = sextet(c);
        if (value < 0) return std::nullopt;
        buffer = (buffer << 6) | uint32_t(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

const Json& echoed(const Json& echo, const char* key, const Json& fallback)
{
    if (echo.is_object())
        if (auto it = echo.find(key); it != echo.end()) return *it;
    return fallback;
}

// A tool the client declared, as the model calls it: request_decode names a tool inside a
// namespace "<namespace>__<name>", and the client wants the two apart again.
struct DeclaredTool {
    std::string type;  // "function", "custom", or "" when the client declared none such
    std::string space;  // the namespace, if any
    std::string name;  // the name within it
};

DeclaredTool find_in(const Json& tools, const std::string& called, const std::string& space)
{
    if (!tools.is_array()) return {};
    for (const auto& tool : tools) {
        std::string type = json::string_at(tool, "type");
        std::string name = json::string_at(tool, "name");
        if (type == "namespace" && space.empty() && tool.contains("tools")
            && called.starts_with(name + "__")) {
            DeclaredTool inner = find_in(tool["tools"], called.substr(name.size() + 2), name);
            if (!inner.type.empty()) return inner;
        } else if ((type == "function" || type == "custom") && name == called) {
            return {type, space, name};
        }
    }
    return {};
}

// Top-level tools, and those Codex declares in an additional_tools input item (echo_of keeps
// them aside, as OpenAI does not echo them).
DeclaredTool declared_tool(const Json& echo, const std::string& called)
{
    for (const char* key : {"tools", "additional_tools"}) {
        DeclaredTool found = find_in(echoed(echo, key, Json()), called, "");
        if (!found.type.empty()) return found;
    }
    return {"", "", called};
}

}  // namespace

std::string new_id(const char* prefix)
{
    thread_local std::mt19937_64 engine{std::random_device{}()};
    constexpr char k_hex[] = "0123456789abcdef";
    std::string id = prefix;
    if (id.empty() || id.back() != '_') id += '_';
    std::uniform_int_distribution<int> digit(0, 15);
    for (int i = 0; i < 48; ++i) id += k_hex[digit(engine)];
    return id;
}

Outcome outcome_of(canonical::FinishReason finish)
{
    using canonical::FinishReason;
    switch (finish) {
    case FinishReason::stop:
    case FinishReason::tool_calls: return {"completed", ""};
    case FinishReason::length: return {"incomplete", "max_output_tokens"};
    case FinishReason::content_filter: return {"incomplete", "content_filter"};
    case FinishReason::error: return {"failed", ""};
    }
    return {"completed", ""};
}

Json message_item(const std::string& id, const std::string& text, const std::string& status)
{
    Json part = {{"type", "output_text"},
                 {"text", text},
                 {"annotations", Json::array()},
                 {"logprobs", Json::array()}};
    return Json{{"type", "message"},
                {"id", id},
                {"status", status},
                {"role", "assistant"},
                {"content", Json::array({std::move(part)})}};
}

Json reasoning_item(const std::string& id, const Part& thinking)
{
    Json summary = Json::array();
    if (thinking.kind == Part::Kind::thinking && !thinking.text.empty())
        summary.push_back({{"type", "summary_text"}, {"text", thinking.text}});
    Json item = {{"type", "reasoning"}, {"id", id}, {"summary", std::move(summary)}};
    if (std::string blob = seal_reasoning(thinking); !blob.empty())
        item["encrypted_content"] = std::move(blob);
    return item;
}

Json call_item(const std::string& id, const Part& call, const Json& echo, const std::string& status)
{
    DeclaredTool tool = declared_tool(echo, call.name);
    Json item = {{"type", tool.type == "custom" ? "custom_tool_call" : "function_call"},
                 {"id", id},
                 {"call_id", call.id}};
    if (!tool.space.empty()) item["namespace"] = tool.space;
    item["name"] = tool.name;
    if (tool.type == "custom")
        item["input"] = custom_input(call.arguments);
    else
        item["arguments"] = call.arguments;
    item["status"] = status;
    return item;
}

Json response_object(const ResponseFields& fields, const Json& echo)
{
    static const Json k_null = nullptr;
    int64_t created = fields.created_at != 0 ? fields.created_at : clock::unix_seconds();
    Json object = {{"id", fields.id.empty() ? new_id("resp_") : fields.id},
                   {"object", "response"},
                   {"created_at", created},
                   {"status", fields.outcome.status}};
    object["background"] = echoed(echo, "background", Json(false));
    object["completed_at"]
        = fields.outcome.status == "completed" ? Json(clock::unix_seconds()) : k_null;
    if (fields.outcome.status == "failed")
        object["error"] = {{"code", fields.error_code.empty() ? "server_error" : fields.error_code},
                           {"message", fields.error_message}};
    else
        object["error"] = nullptr;
    object["incomplete_details"] = fields.outcome.status == "incomplete"
        ? Json{{"reason", fields.outcome.incomplete_reason}}
        : Json(nullptr);
    object["instructions"] = echoed(echo, "instructions", k_null);
    object["max_output_tokens"] = echoed(echo, "max_output_tokens", k_null);
    object["max_tool_calls"] = echoed(echo, "max_tool_calls", k_null);
    object["model"] = fields.model;
    object["output"] = fields.output.is_array() ? fields.output : Json::array();
    object["parallel_tool_calls"] = echoed(echo, "parallel_tool_calls", Json(true));
    object["previous_response_id"] = echoed(echo, "previous_response_id", k_null);
    object["prompt_cache_key"] = echoed(echo, "prompt_cache_key", k_null);
    object["reasoning"]
        = echoed(echo, "reasoning", Json{{"effort", nullptr}, {"summary", nullptr}});
    object["safety_identifier"] = echoed(echo, "safety_identifier", k_null);
    object["service_tier"] = echoed(echo, "service_tier", Json("default"));
    object["store"] = echoed(echo, "store", Json(true));
    object["temperature"] = echoed(echo, "temperature", Json(1.0));
    object["text"] = echoed(echo, "text", Json{{"format", {{"type", "text"}}}});
    object["tool_choice"] = echoed(echo, "tool_choice", Json("auto"));
    object["tools"] = echoed(echo, "tools", Json::array());
    object["top_logprobs"] = echoed(echo, "top_logprobs", Json(0));
    object["top_p"] = echoed(echo, "top_p", Json(1.0));
    object["truncation"] = echoed(echo, "truncation", Json("disabled"));
    object["usage"] = fields.usage ? usage_json(*fields.usage) : Json(nullptr);
    object["user"] = echoed(echo, "user", k_null);
    object["metadata"] = echoed(echo, "metadata", Json::object());
    return object;
}

std::string custom_input(const std::string& arguments)
{
    Json parsed = json::parse(arguments);
    if (parsed.is_object())
        if (auto input = parsed.find("input"); input != parsed.end() && input->is_string())
            return input->get<std::string>();
    return arguments;
}

std::string seal_reasoning(const Part& thinking)
{
    Json payload;
    if (thinking.kind == Part::Kind::thinking && !thinking.signature.empty())
        payload = {{"sig", thinking.signature}};
    else if (thinking.kind == Part::Kind::redacted_thinking && !thinking.data.empty())
        payload = {{"data", thinking.data}};
    else
        return "";
    return std::string(k_blob_prefix) + to_base64(openai::dump(payload));
}

std::optional<Part> open_reasoning(const std::string& encrypted_content)
{
    if (!encrypted_content.starts_with(k_blob_prefix)) return std::nullopt;
    auto decoded = from_base64(std::string_view(encrypted_content).substr(k_blob_prefix.size()));
    if (!decoded) return std::nullopt;
    Json payload = json::parse(*decoded);
    if (!payload.is_object()) return std::nullopt;
    Part part;
    if (std::string signature = json::string_at(payload, "sig"); !signature.empty()) {
        part.kind = Part::Kind::thinking;
        part.signature = std::move(signature);
        return part;
    }
    if (std::string data = json::string_at(payload, "data"); !data.empty()) {
        part.kind = Part::Kind::redacted_thinking;
        part.data = std::move(data);
        return part;
    }
    return std::nullopt;
}

}  // namespace llmp::dialects::responses
