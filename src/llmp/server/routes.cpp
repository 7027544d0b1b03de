#include "llmp/server/routes.hpp"

#include "llmp/canonical/json.hpp"
#include "llmp/core/clock.hpp"
#include "llmp/core/ids.hpp"
#include "llmp/dialects/dispatch.hpp"
#include "llmp/server/browser_guard.hpp"
#include "llmp/server/chat.hpp"
#include "llmp/server/embeddings.hpp"
#include "llmp/server/messages.hpp"
#include "llmp/server/models.hpp"
#include "llmp/server/responses.hpp"
#include "llmp/server/errors.hpp"

namespace llmp::server {

namespace {

// The client's dialect as far as a path tells it (for requests no handler reads).
config::Dialect dialect_of_path(std::string_view path)
{
    return path.starts_with("/v1/messages") ? config::Dialect::anthropic : config::Dialect::openai;
}

// The path as the ledger shows it: printable ASCII, every other byte %XX as on the request
// line (a decoded path can hold bytes that are not UTF-8, which no JSON report could print),
// and no longer than a screen line.
std::string printable_path(std::string_view path)
{
    constexpr size_t k_max = 256;
    constexpr std::string_view k_hex = "0123456789ABCDEF";
    std::string out;
    for (char c : path) {
        auto byte = static_cast<unsigned char>(c);
        if (byte > 0x20 && byte < 0x7f && byte != '%') {
            out += c;
        } else {
            out += '%';
            out += k_hex[byte >> 4];
            out += k_hex[byte & 15];
        }
        if (out.size() >= k_max) break;
    }
    return out;
}

// A ledger row for a request no handler took, so `llmp logs` shows why a client failed: the
// path and the status only (no header, no body: they may carry keys). Returns the row's id.
std::string record_unhandled(Context& context, const Request& request, int status,
                      const std::string& error_class)
{
    ledger::RequestRecord record;
    record.id = ids::request_id();
    record.started_unix_ms = clock::unix_ms();
    record.source = std::string(request.source);
    record.endpoint = printable_path(request.path);
    record.dialect = config::dialect_name(dialect_of_path(request.path));
    record.status = status;
    record.error_class = error_class;
    std::string id = record.id;
    context.record(std::move(record));
    return id;
}

// An unknown path (any method): 404 in the dialect the path suggests, and a ledger row.
std::string unknown_path(Context& context, const Request& request)
{
    std::string message
        = "unknown path: " + std::string(request.method) + " " + std::string(request.path);
    record_unhandled(context, request, 404, "unknown_path");
    auto client = dialect_of_path(request.path);
    if (client == config::Dialect::openai)
        return error_reply(404, message, "invalid_request_error", "unknown_url").body;
    return error_reply(client, Error{ErrorCode::not_found, message}).body;
}

// A request the browser guard refused: the error in the dialect of the endpoint, a ledger row
// with the guard's error class, and nothing else (the body is neither read nor stored).
Reply refusal(Context& context, const Request& request, const GuardDecision& decision)
{
    auto client = dialect_of_path(request.path);
    Reply reply;
    if (client == config::Dialect::openai) {
        reply = error_reply(decision.status, decision.message,
                            decision.status == 400 ? "invalid_request_error" : "permission_error",
                            decision.error_class);
    } else {
        canonical::UpstreamError error;
        error.status = decision.status;
        error.type = decision.status == 400 ? canonical::ErrorType::invalid_request
                                            : canonical::ErrorType::permission;
        error.message = decision.message;
        reply.body = dialects::encode_error(client, error).body;
        reply.status = decision.status;
    }
    std::string id = record_unhandled(context, request, reply.status, decision.error_class);
    reply.headers.emplace_back("x-request-id", id);
    return reply;
}

// Every route runs behind the browser guard: Host and Origin are checked before the handler
// reads the body (whatever its content type) and long before any provider is called.
Handler guarded(Context& context, Handler handler)
{
    return [&context, handler = std::move(handler)](const Request& request) {
        std::string host = request.header("Host");
        std::string origin = request.header("Origin");
        std::string asked = request.header("Access-Control-Request-Headers");
        GuardDecision decision
            = check_browser(context.config().server, {request.method, host, origin, asked});
        if (decision.verdict == Verdict::refuse) return refusal(context, request, decision);
        Reply reply;
        if (decision.verdict == Verdict::preflight) {
            reply.status = 204;
            reply.content_type = "text/plain";
        } else {
            reply = handler(request);
        }
        for (auto& header : decision.headers) reply.headers.push_back(std::move(header));
        return reply;
    };
}

// Registers a path for its method and for OPTIONS (preflights, answered by the guard).
void add(HttpServer& http, Context& context, std::string_view method, const std::string& path,
         Handler handler)
{
    http.route(method, path, guarded(context, std::move(handler)));
    http.route("OPTIONS", path, guarded(context, [](const Request&) { return Reply{}; }));
}

} // namespace

void add_routes(HttpServer& http, Context& context)
{
    auto chat = [&context](const Request& request) {
        return handle_chat_completions(context, request);
    };
    add(http, context, "POST", "/v1/chat/completions", chat);
    add(http, context, "POST", "/chat/completions", chat);
    add(http, context, "POST", "/v1/messages", [&context](const Request& request) {
        return handle_messages(context, request);
    });
    add(http, context, "POST", "/v1/messages/count_tokens", [&context](const Request& request) {
        return handle_count_tokens(context, request);
    });
    add(http, context, "POST", "/v1/embeddings", [&context](const Request& request) {
        return handle_embeddings(context, request);
    });
    add(http, context, "POST", "/embeddings", [&context](const Request& request) {
        return handle_embeddings(context, request);
    });
    auto responses = [&context](const Request& request) { return handle_responses(context, request); };
    add(http, context, "POST", "/v1/responses", responses);
    add(http, context, "POST", "/responses", responses);
    add(http, context, "GET", "/v1/responses", [&context](const Request& request) {
        return handle_responses_get(context, request);
    });
    add(http, context, "POST", "/v1/responses/input_tokens", [&context](const Request& request) {
        return handle_response_input_tokens(context, request);
    });
    add(http, context, "GET", "/v1/responses/[^/]+", [&context](const Request& request) {
        return handle_response_get(context, request);
    });
    add(http, context, "DELETE", "/v1/responses/[^/]+", [&context](const Request& request) {
        return handle_response_delete(context, request);
    });
    add(http, context, "GET", "/v1/responses/[^/]+/input_items", [&context](const Request& request) {
        return handle_response_input_items(context, request);
    });
    add(http, context, "GET", "/v1/models",
        [&context](const Request& request) { return handle_list_models(context, request); });
    add(http, context, "GET", "/v1/models/(.+)",
        [&context](const Request& request) { return handle_retrieve_model(context, request); });
    // Claude Code checks that its base URL answers (HEAD /) before the first request; HEAD is
    // served by the GET route.
    add(http, context, "GET", "/", [](const Request&) {
        Reply reply;
        reply.body = R"({"name":"llmp","endpoints":["/v1/chat/completions","/v1/messages","/v1/responses","/v1/embeddings","/v1/models"]})";
        return reply;
    });
    // 503 while draining, or while the ledger cannot write: requests are still served (their
    // records wait in memory), but a supervisor should know the bill is not being kept.
    add(http, context, "GET", "/healthz", [&context](const Request&) {
        Json body = {{"status", "ok"}};
        if (const auto* ledger = context.ledger()) {
            auto health = ledger->health();
            Json state = {{"ok", health.ok}, {"waiting", health.waiting}, {"lost", health.lost}};
            if (!health.ok) {
                state["error"] = health.error;
                body["status"] = "degraded";
            }
            body["ledger"] = std::move(state);
        }
        if (context.draining()) body["status"] = "draining";
        Reply reply;
        reply.body = body.dump();
        if (body["status"] != "ok") reply.status = 503;
        return reply;
    });

    int64_t limit = context.config().server.max_body_bytes;
    http.on_error([limit, &context](int status, const Request& request) {
        switch (status) {
        case 404:
            return unknown_path(context, request);
        case 413:
            return error_reply(413,
                               "request body is larger than the limit of " + std::to_string(limit)
                                   + " bytes (server.max_body_bytes)",
                               "invalid_request_error", "request_too_large")
                .body;
        default:
            return error_reply(status, "bad request", status >= 500 ? "server_error" : "invalid_request_error", "")
                .body;
        }
    });
}

} // namespace llmp::server
