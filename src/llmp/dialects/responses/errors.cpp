// Errors (§5): the Responses API uses Chat Completions' envelope and statuses, so the openai
// dialect's reader and writer serve both.
#include "llmp/dialects/responses.hpp"

#include "llmp/dialects/openai.hpp"

namespace llmp::dialects::responses {

canonical::UpstreamError decode_error(int status, const upstream::Headers& headers,
                                      std::string_view body)
{
    return openai::decode_error(status, headers, body);
}

WireError encode_error(const canonical::UpstreamError& error) { return openai::encode_error(error); }

} // namespace llmp::dialects::responses
