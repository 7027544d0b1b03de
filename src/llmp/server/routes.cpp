#include "llmp/server/routes.hpp"

#include "llmp/canonical/json.hpp"
#include "llmp/core/clock.hpp"
#include "llmp/server/chat.hpp"
#include "llmp/server/embeddings.hpp"
#include "llmp/server/messages.hpp"
#include "llmp/server/errors.hpp"

namespace llmp::server {

namespace {

Reply list_models(const Context& context)
{
    Json data = Json::array();
    auto add = [&](const std::string& id, const std::string& owner) {
        data.push_back({{"id", id}, {"object", "model"}, {"created", 0}, {"owned_by", owner}});
    };
    for (const auto& alias : context.config().models) add(alias.name, "llmp");
    for (const auto& provider : context.config().providers) {
        if (provider.kind == config::ProviderKind::mock && provider.models.empty())
            add(provider.name + "/echo", provider.name);
        for (const auto& model : provider.models) add(provider.name + "/" + model, provider.name);
    }
    Reply reply;
    reply.body = Json{{"object", "list"}, {"data", std::move(data)}}.dump();
    return reply;
}

} // namespace

void add_routes(HttpServer& http, Context& context)
{
    auto chat = [&context](const Request& request) {
        return handle_chat_completions(context, request);
    };
    http.route("POST", "/v1/chat/completions", chat);
    http.route("POST", "/chat/completions", chat);
    http.route("POST", "/v1/messages", [&context](const Request& request) {
        return handle_messages(context, request);
    });
    http.route("POST", "/v1/messages/count_tokens", [&context](const Request& request) {
        return handle_count_tokens(context, request);
    });
    http.route("POST", "/v1/embeddings", [&context](const Request& request) {
        return handle_embeddings(context, request);
    });
    http.route("POST", "/embeddings", [&context](const Request& request) {
        return handle_embeddings(context, request);
    });
    http.route("GET", "/v1/models", [&context](const Request&) { return list_models(context); });
    // 503 while draining, or while the ledger cannot write: requests are still served (their
    // records wait in memory), but a supervisor should know the bill is not being kept.
    http.route("GET", "/healthz", [&context](const Request&) {
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
    http.on_error([limit](int status, const Request& request) {
        switch (status) {
        case 404:
            return error_reply(404,
                               "unknown path: " + std::string(request.method) + " "
                                   + std::string(request.path),
                               "invalid_request_error", "unknown_url")
                .body;
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
