#include "llmp/server/embeddings.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/core/ids.hpp"
#include "llmp/core/redact.hpp"
#include "llmp/dialects/gemini.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/router/resolve.hpp"
#include "llmp/server/embeddings_encoding.hpp"
#include "llmp/server/errors.hpp"
#include "llmp/server/limits.hpp"
#include "llmp/server/pipeline.hpp"

namespace llmp::server {

namespace {

Result<void> validate(const Json& body)
{
    auto model = body.find("model");
    if (model == body.end() || !model->is_string() || model->get_ref<const std::string&>().empty())
        return fail(ErrorCode::invalid_input, "model: a non-empty string is required");
    auto input = body.find("input");
    if (input == body.end()) return fail(ErrorCode::invalid_input, "input: field required");
    bool ok = input->is_string() || (input->is_array() && !input->empty());
    if (!ok) return fail(ErrorCode::invalid_input, "input: expected a string or a non-empty array");
    return {};
}

} // namespace

Reply handle_embeddings(Context& context, const Request& request)
{
    int64_t started_us = clock::monotonic_us();
    ledger::RequestRecord record;
    record.id = ids::request_id();
    record.started_unix_ms = clock::unix_ms();
    record.endpoint = "/v1/embeddings";
    record.dialect = "openai";
    if (context.config().ledger.store_bodies) record.request_body = std::string(request.body);

    auto finish = [&](Reply reply, const std::string& error_class) {
        record.status = reply.status;
        record.error_class = error_class;
        record.duration_ms = (clock::monotonic_us() - started_us) / 1000;
        reply.headers.emplace_back("x-request-id", record.id);
        context.record(std::move(record));
        return reply;
    };
    auto reject = [&](const Error& error) { return finish(error_reply(error), error_class_for(error.code)); };

    auto parsed = parse_body(request.body);
    if (!parsed) return reject(parsed.error());
    Json body = std::move(*parsed);
    record.requested_model = json::string_at(body, "model");
    if (auto valid = validate(body); !valid) return reject(valid.error());
    auto options = embedding_options(body);
    if (!options) return reject(options.error());

    auto route = router::resolve(context.config(), record.requested_model);
    if (!route) return reject(route.error());
    const auto& target = route->targets.front();
    record.provider = target.provider;
    record.upstream_model = target.model;
    auto* provider = context.registry().find(target.provider);
    if (!provider) return reject(Error{ErrorCode::internal, "provider missing"});

    config::Dialect upstream = provider->dialect();
    if (upstream != config::Dialect::openai && upstream != config::Dialect::gemini)
        return reject(Error{ErrorCode::invalid_input,
                            "model: provider " + target.provider + " (kind "
                                + config::kind_info(provider->settings().kind).name
                                + ") does not offer embeddings"});
    body["model"] = target.model;
    Json upstream_body = body;
    if (upstream == config::Dialect::gemini) {
        auto encoded = dialects::gemini::encode_embeddings(body);
        if (!encoded) return reject(encoded.error());
        upstream_body = std::move(*encoded);
    }
    providers::Call call{providers::Operation::embeddings, target.model, false, &upstream_body,
                         upstream_body.dump()};
    auto response = provider->send(std::move(call), nullptr);
    if (!response) return reject(response.error());
    if (response->status != 200)
        return finish(upstream_error_reply(config::Dialect::openai, upstream, response->status,
                                           response->headers, response->body),
                      "upstream_error");

    Reply reply;
    reply.headers = relayable_headers(response->headers);
    Json answer = limits::parse_bounded(response->body);
    if (upstream == config::Dialect::gemini) {
        auto decoded = dialects::gemini::decode_embeddings(answer, target.model);
        if (!decoded)
            return reject(Error{ErrorCode::upstream, "the upstream's answer could not be read: "
                                                         + decoded.error().message});
        answer = std::move(*decoded);
    }
    // Whatever form the upstream chose (some ignore encoding_format, Gemini has none), the
    // client gets the one it asked for; an answer already in that form goes back as sent.
    auto changed = encode_vectors(answer, options->encoding);
    if (!changed)
        return reject(Error{ErrorCode::upstream,
                            "the upstream's answer could not be read: " + changed.error().message});
    reply.body = redact::scrubbed(upstream == config::Dialect::gemini || *changed
                                      ? answer.dump()
                                      : std::move(response->body),
                                  redact::Userinfo::keep);
    // Gemini reports no token usage for embeddings: its tokens (and so its cost) stay unknown
    // in the ledger rather than a made-up zero.
    if (answer.is_object() && upstream != config::Dialect::gemini)
        if (auto usage = answer.find("usage"); usage != answer.end() && usage->is_object())
            record.usage = dialects::openai::usage_from(*usage);
    // Vectors are large and replay has no use for them: keep the request only.
    record.response_body.reset();
    return finish(std::move(reply), "");
}

} // namespace llmp::server
