#include "llmp/server/pipeline.hpp"

#include "llmp/canonical/json_unique.hpp"
#include "llmp/canonical/tool_ids.hpp"
#include "llmp/core/clock.hpp"
#include "llmp/core/ids.hpp"
#include "llmp/core/json_splice.hpp"
#include "llmp/core/log.hpp"
#include "llmp/core/redact.hpp"
#include "llmp/dialects/dispatch.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/dialects/responses.hpp"
#include "llmp/providers/quirks.hpp"
#include "llmp/router/resolve.hpp"
#include "llmp/server/chat.hpp"
#include "llmp/server/errors.hpp"
#include "llmp/server/limits.hpp"
#include "llmp/server/response_state.hpp"

namespace llmp::server {

namespace {

// A non-streamed call: one upstream exchange, one reply, one record.
Reply finish_plain(Context& context, PreparedCall call)
{
    auto& record = call.record;
    providers::Call upstream_call{providers::Operation::chat, record.upstream_model, false,
                                  &call.body, upstream_text(call), call.relayed};
    auto response = call.provider->send(std::move(upstream_call), nullptr);
    record.duration_ms = (clock::monotonic_us() - call.started_us) / 1000;

    Reply reply;
    if (!response) {
        reply = error_reply(call.client, response.error());
        record.error_class = error_class_for(response.error().code);
    } else if (response->status < 200 || response->status >= 300) {
        reply = upstream_error_reply(call.client, call.upstream, response->status, response->headers,
                                     response->body);
        record.error_class = "upstream_error";
    } else if (call.client == call.upstream) {
        // Same dialect: the body goes back as the upstream sent it; only usage is read. A body
        // that is not JSON would only break the client's SDK: it is the upstream's failure.
        Json parsed = limits::parse_bounded(response->body);  // a hostile upstream's nesting
        if (!parsed.is_object()) {
            reply = error_reply(call.client, Error{ErrorCode::upstream, "the upstream's answer is not a JSON object"});
            record.error_class = "upstream_error";
        } else {
            if (auto usage = parsed.find("usage"); usage != parsed.end() && usage->is_object())
                record.usage = dialects::usage_from(call.upstream, *usage);
            if (call.on_final) call.on_final(parsed);
            reply.status = response->status;
            reply.headers = relayable_headers(response->headers);
            reply.body = redact::scrubbed(std::move(response->body), redact::Userinfo::keep);
        }
    } else {
        Json parsed = limits::parse_bounded(response->body);  // decoding recurses
        auto decoded = dialects::decode_response(call.upstream, parsed);
        if (!decoded) {
            reply = error_reply(call.client, Error{ErrorCode::upstream,
                                                   "the upstream's answer could not be read: "
                                                       + decoded.error().message});
            record.error_class = "upstream_error";
        } else {
            record.usage = decoded->usage;
            canonical::pack_tool_ids(*decoded);
            reply.status = 200;
            reply.headers = relayable_headers(response->headers);
            Json answer = call.client == config::Dialect::responses
                ? dialects::responses::encode_response(*decoded, call.echo)
                : dialects::encode_response(call.client, *decoded);
            if (call.on_final) call.on_final(answer);
            reply.body = redact::scrubbed(dialects::openai::dump(answer), redact::Userinfo::keep);
        }
    }
    record.status = reply.status;
    if (context.config().ledger.store_bodies) record.response_body = reply.body;
    reply.headers.emplace_back("x-request-id", record.id);
    reply.headers.emplace_back("x-llmp-provider", record.provider);
    context.record(std::move(record));
    return reply;
}

} // namespace

std::string upstream_text(PreparedCall& call)
{
    return call.body_text.empty() ? call.body.dump() : std::move(call.body_text);
}

Result<Json> parse_body(std::string_view text)
{
    LLMP_TRY(limits::check_json_depth(text));  // JSON is walked recursively later
    // nlohmann reads a NUL as the end of the input: `{...}\0,"model":"gpt-4-32k"}` would parse
    // as the object before it while the same-dialect path forwards every byte.
    if (size_t nul = text.find('\0'); nul != std::string_view::npos)
        return fail(ErrorCode::invalid_input,
                    "request body is not valid JSON: a NUL byte at offset " + std::to_string(nul)
                        + " (JSON text has none, and nothing may follow the JSON value)");
    // The router must read what the provider will: a key given twice is refused at any depth,
    // since the same-dialect path forwards the client's text and parsers differ on which wins.
    auto parsed = json::parse_unique_keys(text);
    if (const auto& key = parsed.duplicate_key) {
        std::string named = key->size() <= 64 ? "the key \"" + *key + "\""
                                              : "a key of " + std::to_string(key->size()) + " bytes";
        return fail(ErrorCode::invalid_input,
                    "request body has " + named + " twice in one object; send each key once");
    }
    Json& body = parsed.value;
    if (body.is_discarded()) {
        // Parse again, only on this error path, for the position of the mistake.
        std::string detail;
        try {
            Json ignored = Json::parse(text);
        } catch (const Json::exception& e) {
            detail = e.what();
            if (size_t at = detail.find("] "); at != std::string::npos) detail.erase(0, at + 2);
            detail += limits::json_error_field(text, e);
        }
        return fail(ErrorCode::invalid_input,
                    "request body is not valid JSON" + (detail.empty() ? "" : ": " + detail));
    }
    if (!body.is_object()) return fail(ErrorCode::invalid_input, "request body must be a JSON object");
    return std::move(body);
}

namespace {

// Claude Code's betas, the SDK's `betas`, context management, effort: meaningful only to
// Anthropic. A translated request drops them: their features either have a field of their own
// in the body (thinking, output_config), which the translation maps, or no equivalent.
upstream::Headers anthropic_relayed(const Request& request)
{
    upstream::Headers relayed;
    // anthropic-version stays llmp's own (2023-06-01, the one version there is): the provider
    // kind sends it.
    if (std::string value = request.header("anthropic-beta"); !value.empty())
        relayed.emplace_back("anthropic-beta", value);
    return relayed;
}

// A Responses upstream keeps no state for llmp: every request carries its whole input (llmp's
// store expanded it), and reasoning comes back sealed so the next turn can hand it back.
void prepare_responses_passthrough(Json& body)
{
    body["store"] = false;
    auto& include = body["include"];
    if (!include.is_array()) include = Json::array();
    bool has = false;
    for (const auto& entry : include)
        if (entry == "reasoning.encrypted_content") has = true;
    if (!has) include.push_back("reasoning.encrypted_content");
    // Reasoning items the upstream stored under an id cannot be found again with store:false.
    if (auto input = body.find("input"); input != body.end() && input->is_array()) {
        Json kept = Json::array();
        for (auto& item : *input) {
            bool unsealed_reasoning = item.is_object() && json::string_at(item, "type") == "reasoning"
                && json::string_at(item, "encrypted_content").empty();
            if (!unsealed_reasoning) kept.push_back(std::move(item));
        }
        *input = std::move(kept);
    }
}

// Tools only OpenAI runs (web_search...) cannot reach another provider. A client asking for one
// is told so (400), except Codex: it declares web_search on every request whether or not the
// task needs a search, so for Codex the tool is left out and the rest of the request served.
dialects::responses::BuiltinTools builtin_tools_for(const Request& request)
{
    return request.header("originator").starts_with("codex")
        ? dialects::responses::BuiltinTools::drop
        : dialects::responses::BuiltinTools::refuse;
}

} // namespace

Reply handle_chat(Context& context, const Request& request, config::Dialect client,
                  const std::string& endpoint, const Validate& validate)
{
    PreparedCall call;
    call.client = client;
    call.started_us = clock::monotonic_us();
    auto& record = call.record;
    record.id = ids::request_id();
    record.started_unix_ms = clock::unix_ms();
    record.endpoint = endpoint;
    record.dialect = config::dialect_name(client);
    record.source = std::string(request.source);
    if (context.config().ledger.store_bodies) record.request_body = std::string(request.body);

    auto reject = [&](const Error& error) {
        Reply reply = error_reply(client, error);
        record.status = reply.status;
        record.error_class = error_class_for(error.code);
        record.duration_ms = (clock::monotonic_us() - call.started_us) / 1000;
        reply.headers.emplace_back("x-request-id", record.id);
        context.record(std::move(record));
        return reply;
    };

    auto parsed = parse_body(request.body);
    if (!parsed) return reject(parsed.error());
    Json body = std::move(*parsed);
    record.requested_model = json::string_at(body, "model");

    // The model first: a client that names an unknown model learns that, not what llmp thinks
    // of the rest of a body its real upstream would have read differently.
    std::optional<router::Route> route;
    if (!record.requested_model.empty()) {
        auto resolved = router::resolve(context.config(), record.requested_model);
        if (!resolved) return reject(resolved.error());
        route = std::move(*resolved);
    }
    Json expanded_input;
    if (client == config::Dialect::responses) {
        call.echo = dialects::responses::echo_of(body);  // as sent: previous_response_id too
        auto whole = response_state::expand(std::move(body), context.responses());
        if (!whole) return reject(whole.error());
        body = std::move(*whole);
        expanded_input = response_state::input_items(body);
    }
    if (auto valid = validate(body); !valid) return reject(valid.error());
    if (!route) return reject(Error{ErrorCode::invalid_input, "missing required parameter: 'model'"});
    bool stream = json::is_true(body, "stream");
    record.streamed = stream;

    const auto& target = route->targets.front();
    record.provider = target.provider;
    record.upstream_model = target.model;
    call.provider = context.registry().find(target.provider);
    if (!call.provider) return reject(Error{ErrorCode::internal, "provider missing"});
    call.upstream = call.provider->dialect();
    if (client == config::Dialect::responses && response_state::wants_store(body)) {
        if (auto* store = context.responses()) {
            call.on_final = [store, input = std::move(expanded_input)](const Json& response) {
                auto kept = store->put(response_state::to_stored(input, response));
                if (!kept) log::warn("responses: not stored (" + kept.error().message + ")");
            };
        }
    }

    if (client == call.upstream) {
        call.body = std::move(body);
        call.body["model"] = target.model;
        std::vector<json_splice::Member> changed{{"model", call.body["model"].dump()}};
        if (stream && client == config::Dialect::openai) {
            // Ask for usage even when the client did not, so the ledger has tokens; the relay
            // hides the usage chunk from a client that did not ask for it.
            auto& options = call.body["stream_options"];
            if (!options.is_object()) options = Json::object();
            call.client_wants_usage = json::is_true(options, "include_usage");
            options["include_usage"] = true;
            changed.emplace_back("stream_options", options.dump());
            call.translator = make_openai_passthrough(call.client_wants_usage);
        } else if (stream && client == config::Dialect::anthropic) {
            call.translator = make_anthropic_passthrough();
        } else if (stream) {
            call.translator = make_responses_passthrough(call.on_final);
        }
        if (client == config::Dialect::anthropic) call.relayed = anthropic_relayed(request);
        if (client == config::Dialect::responses) prepare_responses_passthrough(call.body);
        else if (!providers::has_request_quirks(call.provider->settings().kind))
            call.body_text = json_splice::set_members(request.body, changed).value_or("");
    } else {
        auto decoded = client == config::Dialect::responses
            ? dialects::responses::decode_request(body, builtin_tools_for(request))
            : dialects::decode_request(client, body);
        if (!decoded) {
            Error error = decoded.error();
            if (client == config::Dialect::responses && error.param.empty()) {
                auto fault = dialects::responses::request_fault(error.message);
                error.param = fault.param;
                error.wire_code = fault.code;
            }
            return reject(error);
        }
        canonical::unpack_tool_ids(*decoded);
        decoded->model = target.model;
        decoded->stream = stream;
        auto encoded = dialects::encode_request(call.upstream, *decoded);
        if (!encoded) return reject(encoded.error());
        call.body = std::move(*encoded);
        providers::apply_translation_quirks(call.provider->settings().kind, call.body);
        if (stream) {
            dialects::StreamContext stream_context;
            stream_context.id = client == config::Dialect::anthropic ? ids::random_id("msg_", 24)
                : client == config::Dialect::responses               ? ids::random_id("resp_", 48)
                                                                     : ids::random_id("chatcmpl-", 24);
            stream_context.model = target.model;
            stream_context.created = clock::unix_seconds();
            stream_context.include_usage = decoded->include_usage;
            stream_context.echo = call.echo;
            stream_context.on_final = call.on_final;
            call.translator = make_stream_translation(client, call.upstream, stream_context);
        }
    }
    providers::apply_request_quirks(call.provider->settings().kind, call.body);
    if (!stream) return finish_plain(context, std::move(call));
    return relay_stream(context, std::move(call));
}

} // namespace llmp::server
