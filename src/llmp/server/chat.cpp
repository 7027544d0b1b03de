#include "llmp/server/chat.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/core/ids.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/router/resolve.hpp"
#include "llmp/server/errors.hpp"

namespace llmp::server {

namespace {

Result<Json> parse_body(std::string_view text)
{
    Json body = Json::parse(text, nullptr, false);
    if (body.is_discarded()) {
        // Parse again, only on this error path, for the position of the mistake.
        std::string detail;
        try {
            Json ignored = Json::parse(text);
        } catch (const Json::parse_error& e) {
            detail = e.what();
            if (size_t at = detail.find("] "); at != std::string::npos) detail.erase(0, at + 2);
        }
        return fail(ErrorCode::invalid_input,
                    "request body is not valid JSON" + (detail.empty() ? "" : ": " + detail));
    }
    if (!body.is_object()) return fail(ErrorCode::invalid_input, "request body must be a JSON object");
    return body;
}

Result<void> validate(const Json& body)
{
    auto model = body.find("model");
    if (model == body.end()) return fail(ErrorCode::invalid_input, "missing required parameter: 'model'");
    if (!model->is_string() || model->get_ref<const std::string&>().empty())
        return fail(ErrorCode::invalid_input, "'model' must be a non-empty string");
    auto messages = body.find("messages");
    if (messages == body.end())
        return fail(ErrorCode::invalid_input, "missing required parameter: 'messages'");
    if (!messages->is_array()) return fail(ErrorCode::invalid_input, "'messages' must be an array");
    if (messages->empty())
        return fail(ErrorCode::invalid_input, "'messages' must contain at least one message");
    for (const auto& message : *messages)
        if (!message.is_object() || !message.contains("role"))
            return fail(ErrorCode::invalid_input, "each message must be an object with a 'role'");
    if (auto stream = body.find("stream"); stream != body.end() && !stream->is_boolean() && !stream->is_null())
        return fail(ErrorCode::invalid_input, "'stream' must be a boolean");
    if (auto options = body.find("stream_options");
        options != body.end() && !options->is_object() && !options->is_null())
        return fail(ErrorCode::invalid_input, "'stream_options' must be an object");
    return {};
}

Reply finish_plain(Context& context, PreparedCall call)
{
    auto& record = call.record;
    providers::Call upstream_call{"/chat/completions", &call.body, call.body.dump()};
    auto response = call.provider->send(std::move(upstream_call), nullptr);
    record.duration_ms = (clock::monotonic_us() - call.started_us) / 1000;

    Reply reply;
    if (!response) {
        reply = error_reply(response.error());
        record.status = reply.status;
        record.error_class = error_class_for(response.error().code);
        record.response_body = reply.body;
    } else if (response->status < 200 || response->status >= 300) {
        reply = upstream_error_reply(response->status, response->headers, response->body);
        record.status = reply.status;
        record.error_class = "upstream_error";
        record.response_body = reply.body;
    } else {
        Json parsed = Json::parse(response->body, nullptr, false);
        if (parsed.is_object()) {
            if (auto usage = parsed.find("usage"); usage != parsed.end())
                record.usage = dialects::openai::usage_from(*usage);
        }
        reply.status = response->status;
        reply.headers = relayable_headers(response->headers);
        record.status = reply.status;
        if (context.config().ledger.store_bodies) record.response_body = response->body;
        reply.body = std::move(response->body);  // as the upstream sent it
    }
    reply.headers.emplace_back("x-request-id", record.id);
    context.record(std::move(record));
    return reply;
}

} // namespace

Reply handle_chat_completions(Context& context, const Request& request)
{
    PreparedCall call;
    call.started_us = clock::monotonic_us();
    auto& record = call.record;
    record.id = ids::random_id("req_", 24);
    record.started_unix_ms = clock::unix_ms();
    record.endpoint = "/v1/chat/completions";
    record.dialect = "openai";
    record.source = "serve";
    if (context.config().ledger.store_bodies) record.request_body = std::string(request.body);

    auto reject = [&](const Error& error) {
        Reply reply = error_reply(error);
        record.status = reply.status;
        record.error_class = error_class_for(error.code);
        record.duration_ms = (clock::monotonic_us() - call.started_us) / 1000;
        reply.headers.emplace_back("x-request-id", record.id);
        context.record(std::move(record));
        return reply;
    };

    auto body = parse_body(request.body);
    if (!body) return reject(body.error());
    call.body = std::move(*body);
    if (auto valid = validate(call.body); !valid) {
        if (call.body.contains("model") && call.body["model"].is_string())
            record.requested_model = call.body["model"].get<std::string>();
        return reject(valid.error());
    }
    record.requested_model = call.body["model"].get<std::string>();
    bool stream = json::is_true(call.body, "stream");
    record.streamed = stream;

    auto route = router::resolve(context.config(), record.requested_model);
    if (!route) return reject(route.error());
    const auto& target = route->targets.front();
    record.provider = target.provider;
    record.upstream_model = target.model;
    call.provider = context.registry().find(target.provider);
    if (!call.provider) return reject(Error{ErrorCode::internal, "provider missing"});

    call.body["model"] = target.model;
    if (!stream) return finish_plain(context, std::move(call));

    // Ask for usage even when the client did not, so the ledger has tokens; the relay hides
    // the usage chunk from a client that did not ask for it.
    auto& options = call.body["stream_options"];
    if (!options.is_object()) options = Json::object();
    call.client_wants_usage = json::is_true(options, "include_usage");
    options["include_usage"] = true;
    return relay_stream(context, std::move(call));
}

} // namespace llmp::server
