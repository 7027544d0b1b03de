#include "llmp/server/messages.hpp"

#include "llmp/core/redact.hpp"
#include "llmp/dialects/anthropic.hpp"
#include "llmp/router/resolve.hpp"
#include "llmp/server/errors.hpp"
#include "llmp/server/pipeline.hpp"

namespace llmp::server {

namespace {

constexpr auto k_anthropic = config::Dialect::anthropic;

Result<void> validate_messages(const Json& body)
{
    // The decoder is the validator: it names the field that is wrong.
    auto decoded = dialects::anthropic::decode_request(body);
    if (!decoded) return std::unexpected(decoded.error());
    return {};
}

size_t text_size(const canonical::Part& part)
{
    size_t size = part.text.size() + part.arguments.size() + part.name.size();
    for (const auto& inner : part.content) size += text_size(inner);
    return size;
}

Reply json_reply(const Json& body)
{
    Reply reply;
    reply.body = body.dump();
    return reply;
}

} // namespace

Reply handle_messages(Context& context, const Request& request)
{
    return handle_chat(context, request, k_anthropic, "/v1/messages", validate_messages);
}

int64_t estimate_input_tokens(const canonical::Request& request)
{
    size_t chars = 0;
    for (const auto& part : request.system) chars += text_size(part);
    for (const auto& message : request.messages)
        for (const auto& part : message.parts) chars += text_size(part);
    for (const auto& tool : request.tools)
        chars += tool.name.size() + tool.description.size() + tool.parameters.dump().size();
    return static_cast<int64_t>((chars + 3) / 4);
}

Reply handle_count_tokens(Context& context, const Request& request)
{
    auto parsed = parse_body(request.body);
    if (!parsed) return error_reply(k_anthropic, parsed.error());
    Json body = std::move(*parsed);
    // count_tokens takes a messages request without max_tokens; the decoder wants one.
    Json for_decoding = body;
    if (!for_decoding.contains("max_tokens")) for_decoding["max_tokens"] = 1;
    auto decoded = dialects::anthropic::decode_request(for_decoding);
    if (!decoded) return error_reply(k_anthropic, decoded.error());

    auto route = router::resolve(context.config(), decoded->model);
    if (!route) return error_reply(k_anthropic, route.error());
    const auto& target = route->targets.front();
    auto* provider = context.registry().find(target.provider);
    if (!provider) return error_reply(k_anthropic, Error{ErrorCode::internal, "provider missing"});

    if (provider->dialect() == k_anthropic) {
        body["model"] = target.model;
        providers::Call call{providers::Operation::count_tokens, target.model, false, &body, body.dump()};
        auto response = provider->send(std::move(call), nullptr);
        if (!response) return error_reply(k_anthropic, response.error());
        if (response->status != 200)
            return upstream_error_reply(k_anthropic, k_anthropic, response->status, response->headers,
                                        response->body);
        Reply reply;
        reply.body = redact::scrubbed(std::move(response->body), redact::Userinfo::keep);
        return reply;
    }
    return json_reply({{"input_tokens", estimate_input_tokens(*decoded)}});
}

} // namespace llmp::server
