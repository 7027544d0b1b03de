#include "llmp/dialects/dispatch.hpp"

#include "llmp/dialects/anthropic.hpp"
#include "llmp/dialects/cohere.hpp"
#include "llmp/dialects/gemini.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/dialects/responses.hpp"

namespace llmp::dialects {

bool is_client_dialect(Dialect dialect)
{
    return dialect == Dialect::openai || dialect == Dialect::anthropic || dialect == Dialect::responses;
}

Result<canonical::Request> decode_request(Dialect client, const Json& body)
{
    if (client == Dialect::anthropic) return anthropic::decode_request(body);
    if (client == Dialect::responses) return responses::decode_request(body);
    return openai::decode_request(body);
}

Json encode_response(Dialect client, const canonical::Response& response)
{
    if (client == Dialect::anthropic) return anthropic::encode_response(response);
    if (client == Dialect::responses) return responses::encode_response(response);
    return openai::encode_response(response);
}

std::unique_ptr<StreamEncoder> make_stream_encoder(Dialect client, const StreamContext& context)
{
    if (client == Dialect::anthropic) return anthropic::make_stream_encoder(context);
    if (client == Dialect::responses) return responses::make_stream_encoder(context);
    return openai::make_stream_encoder(context);
}

WireError encode_error(Dialect client, const canonical::UpstreamError& error)
{
    if (client == Dialect::anthropic) return anthropic::encode_error(error);
    if (client == Dialect::responses) return responses::encode_error(error);
    return openai::encode_error(error);
}

Result<Json> encode_request(Dialect upstream, const canonical::Request& request)
{
    switch (upstream) {
    case Dialect::openai: return openai::encode_request(request);
    case Dialect::anthropic: return anthropic::encode_request(request);
    case Dialect::gemini: return gemini::encode_request(request);
    case Dialect::cohere: return cohere::encode_request(request);
    case Dialect::responses: return responses::encode_request(request);
    }
    return openai::encode_request(request);
}

Result<canonical::Response> decode_response(Dialect upstream, const Json& body)
{
    switch (upstream) {
    case Dialect::openai: return openai::decode_response(body);
    case Dialect::anthropic: return anthropic::decode_response(body);
    case Dialect::gemini: return gemini::decode_response(body);
    case Dialect::cohere: return cohere::decode_response(body);
    case Dialect::responses: return responses::decode_response(body);
    }
    return openai::decode_response(body);
}

std::unique_ptr<StreamDecoder> make_stream_decoder(Dialect upstream)
{
    switch (upstream) {
    case Dialect::openai: return openai::make_stream_decoder();
    case Dialect::anthropic: return anthropic::make_stream_decoder();
    case Dialect::gemini: return gemini::make_stream_decoder();
    case Dialect::cohere: return cohere::make_stream_decoder();
    case Dialect::responses: return responses::make_stream_decoder();
    }
    return openai::make_stream_decoder();
}

canonical::UpstreamError decode_error(Dialect upstream, int status, const upstream::Headers& headers,
                                      std::string_view body)
{
    switch (upstream) {
    case Dialect::openai: return openai::decode_error(status, headers, body);
    case Dialect::anthropic: return anthropic::decode_error(status, headers, body);
    case Dialect::gemini: return gemini::decode_error(status, headers, body);
    case Dialect::cohere: return cohere::decode_error(status, headers, body);
    case Dialect::responses: return responses::decode_error(status, headers, body);
    }
    return openai::decode_error(status, headers, body);
}

canonical::Usage usage_from(Dialect upstream, const Json& usage)
{
    switch (upstream) {
    case Dialect::openai: return openai::usage_from(usage);
    case Dialect::anthropic: return anthropic::usage_from(usage);
    case Dialect::gemini: return gemini::usage_from(usage);
    case Dialect::cohere: return cohere::usage_from(usage);
    case Dialect::responses: return responses::usage_from(usage);
    }
    return openai::usage_from(usage);
}

} // namespace llmp::dialects
