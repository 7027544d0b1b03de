// Errors (§5): the Responses API uses Chat Completions' envelope and statuses, so the openai
// dialect's reader and writer serve both.
#include "llmp/dialects/responses.hpp"

#include "llmp/dialects/openai.hpp"

#include <cctype>

namespace llmp::dialects::responses
{

canonical::UpstreamError decode_error(int status, const upstream::Headers& headers,
                                      std::string_view body)
{
    return openai::decode_error(status, headers, body);
}

WireError encode_error(const canonical::UpstreamError& error)
{
    return openai::encode_error(error);
}

RequestFault request_fault(const std::string& message)
{
    RequestFault fault;
    size_t colon = message.find(": ");
    if (colon == std::string::npos || colon == 0) return fault;
    std::string path = message.substr(0, colon);
    // A field path (input[2].content[0].type), not the first words of a sentence.
    for (char c : path)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '['
            && c != ']')
            return fault;
    fault.param = path;
    std::string_view rest = std::string_view(message).substr(colon + 2);
    if (rest.find("built-in tools need an OpenAI Responses upstream") != std::string_view::npos)
        fault.code = "unsupported_parameter";
    else if (path == "previous_response_id")
        fault.code = "previous_response_not_found";
    return fault;
}

}  // namespace llmp::dialects::responses
