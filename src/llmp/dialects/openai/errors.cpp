// Errors in OpenAI's shape (§2.4) and in the flavours OpenAI-compatible servers really send
// (§5): read any of them into a canonical error, and write the one shape OpenAI SDKs parse.
#include "llmp/dialects/openai.hpp"

#include "llmp/core/strings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

namespace llmp::dialects::openai {

namespace {

// What an upstream error body says, whichever flavour it came in.
struct ErrorFields {
    std::string message;
    std::string type;
    std::string code;
    std::optional<int> numeric_code;  // OpenRouter, llama.cpp and old vLLM put the status here
};

void read_code(const Json& object, ErrorFields& fields)
{
    auto it = object.find("code");
    if (it == object.end()) return;
    if (it->is_string())
        fields.code = it->get<std::string>();
    else if (it->is_number_integer() && it->get<int64_t>() >= 100 && it->get<int64_t>() <= 599)
        fields.numeric_code = static_cast<int>(it->get<int64_t>());
}

// A prefix of at most `limit` bytes that does not end inside a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, size_t limit)
{
    if (text.size() <= limit) return text;
    size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

ErrorFields fields_from(std::string_view body)
{
    ErrorFields fields;
    Json parsed = json::parse(body);
    if (parsed.is_discarded() || !parsed.is_object()) {
        // An HTML page from a load balancer, or plain text: its start is the best message.
        fields.message = std::string(utf8_prefix(strings::trim(body), 200));
        return fields;
    }
    auto error = parsed.find("error");
    if (error != parsed.end() && error->is_object()) {
        // {"error":{"message","type","param","code"}} (OpenAI, Ollama, newer vLLM, llama.cpp),
        // {"error":{"code":402,"message"}} (OpenRouter).
        fields.message = json::string_at(*error, "message");
        fields.type = json::string_at(*error, "type");
        read_code(*error, fields);
    } else if (error != parsed.end() && error->is_string()) {
        fields.message = error->get<std::string>();  // {"error":"..."} (Ollama, Gemini proxies)
    } else {
        // Flat {"object":"error","message","type","code"} (Mistral, older vLLM); FastAPI's
        // {"detail":"..."} from servers built on it.
        fields.message = json::string_at(parsed, "message");
        if (fields.message.empty()) fields.message = json::string_at(parsed, "detail");
        fields.type = json::string_at(parsed, "type");
        read_code(parsed, fields);
    }
    return fields;
}

std::optional<double> number_from(std::string_view text)
{
    text = strings::trim(text);
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    if (!std::isfinite(value) || value < 0) return std::nullopt;
    return value;
}

// §1.2: retry-after-ms (non-standard, precise) wins over retry-after in seconds. The HTTP-date
// form of retry-after is not read: no OpenAI-compatible server is known to send it.
std::optional<double> retry_after_from(const upstream::Headers& headers)
{
    for (const auto& [name, value] : headers)
        if (strings::iequals(name, "retry-after-ms"))
            if (auto ms = number_from(value)) return *ms / 1000.0;
    for (const auto& [name, value] : headers)
        if (strings::iequals(name, "retry-after"))
            if (auto s = number_from(value)) return *s;
    return std::nullopt;
}

} // namespace

std::string error_body(const std::string& message, const std::string& type, const std::string& code,
                       const std::string& param)
{
    Json body = {{"error",
                  {{"message", message},
                   {"type", type},
                   {"param", param.empty() ? Json(nullptr) : Json(param)},
                   {"code", code.empty() ? Json(nullptr) : Json(code)}}}};
    return dump(body);
}

std::string error_message_from(const std::string& body)
{
    Json parsed = json::parse(body);
    if (parsed.is_discarded() || !parsed.is_object()) return "";
    if (auto it = parsed.find("error"); it != parsed.end()) {
        if (it->is_string()) return it->get<std::string>();
        if (it->is_object()) {
            auto message = it->find("message");
            if (message != it->end() && message->is_string()) return message->get<std::string>();
        }
    }
    if (auto it = parsed.find("message"); it != parsed.end() && it->is_string())
        return it->get<std::string>();
    return "";
}

canonical::ErrorType error_type_from(int status, std::string_view type, std::string_view code)
{
    using canonical::ErrorType;
    // OpenAI sends a 429 for both; only the words tell "slow down" from "pay up" (no retry).
    if (type == "insufficient_quota" || code == "insufficient_quota") return ErrorType::quota;
    if (status == 429 || code == "rate_limit_exceeded" || type == "rate_limit_exceeded"
        || type == "rate_limit_error")
        return ErrorType::rate_limit;
    return canonical::error_type_for_status(status);
}

canonical::UpstreamError decode_error(int status, const upstream::Headers& headers,
                                      std::string_view body)
{
    ErrorFields fields = fields_from(body);
    canonical::UpstreamError error;
    // An error inside a 200 (a stream that failed after it began) carries its real status, if
    // any, in `code`.
    error.status = status < 400 && fields.numeric_code ? *fields.numeric_code : status;
    error.type = error_type_from(error.status, fields.type, fields.code);
    error.message = fields.message.empty()
        ? "upstream returned HTTP " + std::to_string(error.status)
        : std::move(fields.message);
    error.retry_after_s = retry_after_from(headers);
    return error;
}

ErrorStyle error_style(const canonical::UpstreamError& error)
{
    using canonical::ErrorType;
    switch (error.type) {
    case ErrorType::invalid_request: return {400, "invalid_request_error", ""};
    case ErrorType::authentication: return {401, "authentication_error", ""};
    case ErrorType::permission: return {403, "permission_error", ""};
    case ErrorType::not_found: return {404, "not_found_error", ""};
    case ErrorType::too_large: return {413, "invalid_request_error", "request_too_large"};
    case ErrorType::rate_limit: return {429, "rate_limit_error", "rate_limit_exceeded"};
    // A 429 too, but the SDKs' users look for this type/code to stop retrying (§9.4).
    case ErrorType::quota: return {429, "insufficient_quota", "insufficient_quota"};
    case ErrorType::overloaded: return {503, "server_error", ""};
    case ErrorType::timeout: return {504, "server_error", "upstream_timeout"};
    case ErrorType::server: break;
    }
    int status = error.status >= 500 && error.status <= 599 ? error.status : 500;
    return {status, "server_error", ""};
}

WireError encode_error(const canonical::UpstreamError& error)
{
    ErrorStyle style = error_style(error);
    WireError wire;
    wire.status = style.status;
    std::string message = error.message.empty()
        ? "upstream returned HTTP " + std::to_string(error.status)
        : error.message;
    wire.body = error_body(message, style.type, style.code);
    if (error.retry_after_s && std::isfinite(*error.retry_after_s) && *error.retry_after_s >= 0) {
        // Whole seconds, rounded up: a client that waits what it is told must not come too early.
        auto seconds = static_cast<int64_t>(std::ceil(std::min(*error.retry_after_s, 86400.0)));
        wire.headers.emplace_back("retry-after", std::to_string(seconds));
    }
    return wire;
}

} // namespace llmp::dialects::openai
