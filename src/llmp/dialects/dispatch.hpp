// One entry point per codec operation, chosen by dialect at run time, so the server pipeline
// can join any client dialect to any upstream dialect. Client-side operations (decoding a
// request, encoding a response, stream or error) exist for the dialects clients speak to llmp:
// openai, anthropic and responses.
#pragma once

#include "llmp/canonical/error.hpp"
#include "llmp/config/kinds.hpp"
#include "llmp/dialects/dialect.hpp"

#include <memory>

namespace llmp::dialects {

using config::Dialect;

bool is_client_dialect(Dialect dialect);

// Client side (openai, anthropic, responses).
Result<canonical::Request> decode_request(Dialect client, const Json& body);
Json encode_response(Dialect client, const canonical::Response& response);
std::unique_ptr<StreamEncoder> make_stream_encoder(Dialect client, const StreamContext& context);
WireError encode_error(Dialect client, const canonical::UpstreamError& error);

// Upstream side (every dialect).
Result<Json> encode_request(Dialect upstream, const canonical::Request& request);
Result<canonical::Response> decode_response(Dialect upstream, const Json& body);
std::unique_ptr<StreamDecoder> make_stream_decoder(Dialect upstream);
canonical::UpstreamError decode_error(Dialect upstream, int status, const upstream::Headers& headers,
                                      std::string_view body);
canonical::Usage usage_from(Dialect upstream, const Json& usage);

} // namespace llmp::dialects
