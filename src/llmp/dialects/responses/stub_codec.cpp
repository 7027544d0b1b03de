// Placeholder until the Responses codec lands (replaced by request_decode.cpp, request_encode.cpp,
// response.cpp, errors.cpp).
#include "llmp/dialects/responses.hpp"

#include "llmp/dialects/openai.hpp"

namespace llmp::dialects::responses {

Result<canonical::Request> decode_request(const Json&)
{
    return fail(ErrorCode::invalid_input, "the Responses API is not built yet");
}
Result<Json> encode_request(const canonical::Request&)
{
    return fail(ErrorCode::invalid_input, "the Responses API is not built yet");
}
Result<canonical::Response> decode_response(const Json&)
{
    return fail(ErrorCode::upstream, "the Responses API is not built yet");
}
Json encode_response(const canonical::Response& response) { return encode_response(response, Json::object()); }
Json encode_response(const canonical::Response&, const Json&) { return Json::object(); }
Json echo_of(const Json&) { return Json::object(); }
Json usage_json(const canonical::Usage&) { return Json::object(); }
canonical::Usage usage_from(const Json& usage) { return openai::usage_from(usage); }
canonical::UpstreamError decode_error(int status, const upstream::Headers& headers, std::string_view body)
{
    return openai::decode_error(status, headers, body);
}
WireError encode_error(const canonical::UpstreamError& error) { return openai::encode_error(error); }

} // namespace llmp::dialects::responses
