#include "llmp/server/responses.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/core/ids.hpp"
#include "llmp/core/strings.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/dialects/responses.hpp"
#include "llmp/server/errors.hpp"
#include "llmp/server/messages.hpp"
#include "llmp/server/pipeline.hpp"
#include "llmp/server/response_state.hpp"

#include <algorithm>
#include <charconv>

namespace llmp::server {

namespace {

constexpr auto k_responses = config::Dialect::responses;

Result<void> validate(const Json& body)
{
    auto model = body.find("model");
    if (model == body.end()) return fail(ErrorCode::invalid_input, "missing required parameter: 'model'");
    if (!model->is_string() || model->get_ref<const std::string&>().empty())
        return fail(ErrorCode::invalid_input, "'model' must be a non-empty string");
    auto input = body.find("input");
    if (input != body.end() && !input->is_string() && !input->is_array() && !input->is_null())
        return fail(ErrorCode::invalid_input, "'input' must be a string or an array of items");
    if (auto stream = body.find("stream"); stream != body.end() && !stream->is_boolean() && !stream->is_null())
        return fail(ErrorCode::invalid_input, "'stream' must be a boolean");
    if (body.contains("conversation") && !body["conversation"].is_null()) {
        Error error{ErrorCode::invalid_input, "'conversation' is not supported by llmp: send "
                                              "previous_response_id or the whole input instead"};
        error.param = "conversation";
        return std::unexpected(std::move(error));
    }
    for (const char* unsupported : {"background", "prompt"}) {
        auto value = body.find(unsupported);
        if (value == body.end() || value->is_null() || (value->is_boolean() && !value->get<bool>())) continue;
        Error error{ErrorCode::invalid_input, std::string("'") + unsupported + "' is not supported by llmp"};
        error.param = unsupported;
        return std::unexpected(std::move(error));
    }
    return {};
}

Reply json_reply(const Json& body, int status = 200)
{
    Reply reply;
    reply.status = status;
    reply.body = dialects::openai::dump(body);
    return reply;
}

Reply not_found(const std::string& id)
{
    Error error{ErrorCode::not_found, "Response with id '" + id + "' not found."};
    error.param = "response_id";
    return error_reply(k_responses, error);
}

Reply store_failed(const Error& error)
{
    return error_reply(k_responses, Error{ErrorCode::internal, error.message});
}

// The {id} of /v1/responses/{id}[/...]: the segment after "responses/".
std::string response_id(std::string_view path)
{
    constexpr std::string_view k_marker = "/responses/";
    size_t at = path.find(k_marker);
    if (at == std::string_view::npos) return "";
    std::string_view rest = path.substr(at + k_marker.size());
    if (size_t query = rest.find('?'); query != std::string_view::npos) rest = rest.substr(0, query);
    return std::string(rest.substr(0, rest.find('/')));
}

std::optional<ledger::StoredResponse> stored(Context& context, const std::string& id, Reply& failure)
{
    auto* store = context.responses();
    if (!store) {
        failure = not_found(id);
        return std::nullopt;
    }
    auto found = store->get(id);
    if (!found) {
        failure = store_failed(found.error());
        return std::nullopt;
    }
    if (!*found) failure = not_found(id);
    return std::move(*found);
}

} // namespace

Reply handle_responses(Context& context, const Request& request)
{
    return handle_chat(context, request, k_responses, "/v1/responses", validate);
}

Reply handle_responses_get(Context& context, const Request& request)
{
    bool upgrade = strings::iequals(request.header("Upgrade"), "websocket");
    Reply reply;
    if (upgrade) {
        // Codex's built-in OpenAI provider tries a WebSocket first and falls back to HTTP at
        // once on 426; anything else costs it several retries.
        reply = error_reply(426, "llmp serves the Responses API over HTTP only: POST /v1/responses",
                            "invalid_request_error", "websocket_not_supported");
        reply.headers.emplace_back("Upgrade", "HTTP/1.1");
    } else {
        reply = error_reply(405, "use POST /v1/responses to create a response", "invalid_request_error",
                            "method_not_allowed");
        reply.headers.emplace_back("Allow", "POST");
    }
    ledger::RequestRecord record;
    record.id = ids::request_id();
    record.started_unix_ms = clock::unix_ms();
    record.source = std::string(request.source);
    record.endpoint = "/v1/responses";
    record.dialect = config::dialect_name(k_responses);
    record.status = reply.status;
    record.error_class = upgrade ? "websocket_refused" : "method_not_allowed";
    reply.headers.emplace_back("x-request-id", record.id);
    context.record(std::move(record));
    return reply;
}

Reply handle_response_get(Context& context, const Request& request)
{
    Reply failure;
    auto found = stored(context, response_id(request.path), failure);
    if (!found) return failure;
    Reply reply;
    reply.body = found->response;
    return reply;
}

Reply handle_response_delete(Context& context, const Request& request)
{
    std::string id = response_id(request.path);
    auto* store = context.responses();
    if (!store) return not_found(id);
    auto erased = store->erase(id);
    if (!erased) return store_failed(erased.error());
    if (!*erased) return not_found(id);
    return json_reply({{"id", id}, {"object", "response"}, {"deleted", true}});
}

Reply handle_response_input_items(Context& context, const Request& request)
{
    Reply failure;
    auto found = stored(context, response_id(request.path), failure);
    if (!found) return failure;
    Json items = json::parse(found->input);
    if (!items.is_array()) items = Json::array();
    // Newest first unless asked otherwise, as OpenAI lists them; `after` is an item id.
    if (request.query("order") != "asc") std::reverse(items.begin(), items.end());
    std::string after = request.query("after");
    int64_t limit = 20;
    if (std::string text = request.query("limit"); !text.empty()) {
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), limit);
        if (error != std::errc() || end != text.data() + text.size() || limit < 1 || limit > 100) {
            Error bad{ErrorCode::invalid_input, "'limit' must be an integer between 1 and 100"};
            bad.param = "limit";
            return error_reply(k_responses, bad);
        }
    }
    Json data = Json::array();
    bool started = after.empty();
    bool more = false;
    for (auto& item : items) {
        if (!started) {
            started = json::string_at(item, "id") == after;
            continue;
        }
        if (static_cast<int64_t>(data.size()) == limit) {
            more = true;
            break;
        }
        data.push_back(std::move(item));
    }
    Json first = data.empty() ? Json(nullptr) : Json(json::string_at(data.front(), "id"));
    Json last = data.empty() ? Json(nullptr) : Json(json::string_at(data.back(), "id"));
    return json_reply({{"object", "list"}, {"data", std::move(data)}, {"first_id", first},
                       {"last_id", last}, {"has_more", more}});
}

Reply handle_response_input_tokens(Context& context, const Request& request)
{
    auto parsed = parse_body(request.body);
    if (!parsed) return error_reply(k_responses, parsed.error());
    auto whole = response_state::expand(std::move(*parsed), context.responses());
    if (!whole) return error_reply(k_responses, whole.error());
    if (!whole->contains("model")) (*whole)["model"] = "any";
    auto decoded = dialects::responses::decode_request(*whole);
    if (!decoded) return error_reply(k_responses, decoded.error());
    return json_reply({{"object", "response.input_tokens"}, {"input_tokens", estimate_input_tokens(*decoded)}});
}

} // namespace llmp::server
