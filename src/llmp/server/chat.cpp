#include "llmp/server/chat.hpp"

#include "llmp/server/pipeline.hpp"

#include <cstdint>

namespace llmp::server {

namespace {

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
    // Passed through as sent to an OpenAI-compatible upstream, so checked here (translations
    // check them in the decoder): a hostile number is a 400 naming the field.
    for (const char* key : {"max_tokens", "max_completion_tokens"}) {
        auto limit = body.find(key);
        if (limit == body.end() || limit->is_null()) continue;
        if (!limit->is_number_integer() || (limit->is_number_unsigned() && limit->get<uint64_t>() > INT64_MAX)
            || limit->get<int64_t>() < 1)
            return fail(ErrorCode::invalid_input, std::string("'") + key + "' must be a positive integer");
    }
    if (auto options = body.find("stream_options");
        options != body.end() && !options->is_object() && !options->is_null())
        return fail(ErrorCode::invalid_input, "'stream_options' must be an object");
    return {};
}

} // namespace

Reply handle_chat_completions(Context& context, const Request& request)
{
    return handle_chat(context, request, config::Dialect::openai, "/v1/chat/completions", validate);
}

} // namespace llmp::server
