#include "llmp/server/errors.hpp"

#include "llmp/canonical/json.hpp"
#include "llmp/canonical/error.hpp"
#include "llmp/dialects/dispatch.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/core/redact.hpp"
#include "llmp/core/strings.hpp"

namespace llmp::server {

namespace {

// Error text comes from upstreams and from URLs in messages: a provider that quotes the key
// it was sent, or a base_url with userinfo, must not reach the client, the ledger or a log.
using redact::scrubbed;

Reply scrubbed(Reply reply)
{
    reply.body = scrubbed(std::move(reply.body));
    for (auto& header : reply.headers) header.second = scrubbed(std::move(header.second));
    return reply;
}

} // namespace

int status_for(ErrorCode code)
{
    switch (code) {
    case ErrorCode::invalid_input: return 400;
    case ErrorCode::not_found: return 404;
    case ErrorCode::too_large: return 413;
    case ErrorCode::network: return 502;
    case ErrorCode::upstream: return 502;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::timeout: return 504;
    case ErrorCode::config:
    case ErrorCode::io:
    case ErrorCode::internal: return 500;
    }
    return 500;
}

std::string error_class_for(ErrorCode code)
{
    switch (code) {
    case ErrorCode::invalid_input: return "invalid_request";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::network: return "upstream_unreachable";
    case ErrorCode::upstream: return "upstream_error";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::timeout: return "upstream_timeout";
    case ErrorCode::config:
    case ErrorCode::io:
    case ErrorCode::internal: return "internal";
    }
    return "internal";
}

Reply error_reply(int status, const std::string& message, const std::string& type,
                  const std::string& code)
{
    Reply reply;
    reply.status = status;
    reply.body = dialects::openai::error_body(scrubbed(message), type, code);
    return reply;
}

Reply error_reply(const Error& error)
{
    if (!error.wire_code.empty() || !error.param.empty()) {
        int status = status_for(error.code);
        Reply reply;
        reply.status = status;
        reply.body = dialects::openai::error_body(scrubbed(error.message),
                                                  status >= 500 ? "server_error" : "invalid_request_error",
                                                  error.wire_code, error.param);
        return reply;
    }
    switch (error.code) {
    case ErrorCode::invalid_input:
        return error_reply(400, error.message, "invalid_request_error", "");
    case ErrorCode::not_found:
        return error_reply(404, error.message, "invalid_request_error", "model_not_found");
    case ErrorCode::too_large:
        return error_reply(413, error.message, "invalid_request_error", "request_too_large");
    case ErrorCode::network:
        return error_reply(502, error.message, "server_error", "upstream_unreachable");
    case ErrorCode::upstream:
        return error_reply(502, error.message, "server_error", "upstream_error");
    case ErrorCode::unavailable:
        return error_reply(503, error.message, "server_error", "unavailable");
    case ErrorCode::timeout:
        return error_reply(504, error.message, "server_error", "upstream_timeout");
    case ErrorCode::config:
    case ErrorCode::io:
    case ErrorCode::internal: break;
    }
    return error_reply(500, "internal error", "server_error", "");
}

} // namespace llmp::server

namespace llmp::server {

Headers relayable_headers(const Headers& upstream_headers)
{
    Headers kept;
    for (const auto& [name, value] : upstream_headers) {
        std::string lower = name;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == "retry-after" || lower == "retry-after-ms"
            || lower.rfind("x-ratelimit-", 0) == 0)
            kept.emplace_back(name, redact::scrubbed(value));
    }
    return kept;
}

Reply upstream_error_reply(int status, const Headers& upstream_headers, const std::string& body)
{
    Reply reply;
    Json parsed = json::parse(body);  // bounded depth: nlohmann recurses
    bool openai_shaped = parsed.is_object() && parsed.contains("error")
        && parsed["error"].is_object() && parsed["error"].contains("message");
    if (openai_shaped) {
        reply.status = status;
        reply.body = body;
    } else {
        std::string message = dialects::openai::error_message_from(body);
        if (message.empty()) message = "upstream returned HTTP " + std::to_string(status);
        std::string type = status == 429 ? "rate_limit_error"
            : status >= 500             ? "server_error"
                                        : "invalid_request_error";
        reply = error_reply(status, message, type, status == 429 ? "rate_limit_exceeded" : "");
    }
    reply.headers = relayable_headers(upstream_headers);
    return scrubbed(std::move(reply));
}

} // namespace llmp::server

namespace llmp::server {

namespace {

canonical::ErrorType error_type_for(ErrorCode code)
{
    switch (code) {
    case ErrorCode::invalid_input: return canonical::ErrorType::invalid_request;
    case ErrorCode::not_found: return canonical::ErrorType::not_found;
    case ErrorCode::too_large: return canonical::ErrorType::too_large;
    case ErrorCode::unavailable: return canonical::ErrorType::overloaded;
    case ErrorCode::timeout: return canonical::ErrorType::timeout;
    default: return canonical::ErrorType::server;
    }
}

Reply from_wire(dialects::WireError wire)
{
    Reply reply;
    reply.status = wire.status;
    reply.body = std::move(wire.body);
    reply.headers = std::move(wire.headers);
    return reply;
}

} // namespace

Reply error_reply(config::Dialect client, const Error& error)
{
    // The Responses API shares Chat Completions' error envelope.
    if (client == config::Dialect::openai || client == config::Dialect::responses) return error_reply(error);
    canonical::UpstreamError canonical_error;
    canonical_error.status = status_for(error.code);
    canonical_error.type = error_type_for(error.code);
    canonical_error.message = canonical_error.status == 500 ? "internal error" : scrubbed(error.message);
    return from_wire(dialects::encode_error(client, canonical_error));
}

Reply upstream_error_reply(config::Dialect client, config::Dialect upstream, int status,
                           const Headers& upstream_headers, const std::string& body)
{
    // Chat Completions and the Responses API share one error envelope.
    auto openai_family = [](config::Dialect d) {
        return d == config::Dialect::openai || d == config::Dialect::responses;
    };
    if (openai_family(client) && openai_family(upstream))
        return upstream_error_reply(status, upstream_headers, body);
    if (client == upstream) {
        // Anthropic to Anthropic: the upstream's own body, if it is one of Anthropic's.
        Json parsed = json::parse(body);  // bounded depth: nlohmann recurses
        if (parsed.is_object() && json::string_at(parsed, "type") == "error") {
            Reply reply;
            reply.status = status;
            reply.body = body;
            reply.headers = relayable_headers(upstream_headers);
            return scrubbed(std::move(reply));
        }
    }
    auto canonical_error = dialects::decode_error(upstream, status, upstream_headers, body);
    Reply reply = from_wire(dialects::encode_error(client, canonical_error));
    for (auto& header : relayable_headers(upstream_headers)) {
        bool present = false;
        for (const auto& [name, value] : reply.headers)
            if (strings::iequals(name, header.first)) present = true;
        if (!present) reply.headers.push_back(std::move(header));
    }
    return scrubbed(std::move(reply));
}

} // namespace llmp::server
