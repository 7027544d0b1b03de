// The Cohere v2 chat wire format (reference/providers.md §7), upstream direction only: llmp
// calls Cohere (POST https://api.cohere.com/v2/chat, Authorization: Bearer <key>) but no client
// speaks Cohere to llmp, so decode_request, encode_response, make_stream_encoder and
// encode_error of the dialect contract (dialects/dialect.hpp) are deliberately absent.
// Nothing here throws: upstream JSON is read with type checks, and oddities are tolerated.
#pragma once

#include "llmp/canonical/error.hpp"
#include "llmp/canonical/message.hpp"
#include "llmp/canonical/response.hpp"
#include "llmp/canonical/usage.hpp"
#include "llmp/core/result.hpp"
#include "llmp/dialects/dialect.hpp"
#include "llmp/upstream/client.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace llmp::dialects::cohere {

// Appended to the provider's base URL (https://api.cohere.com).
inline constexpr std::string_view k_chat_path = "/v2/chat";

// The upstream body; invalid_input when Cohere cannot express the request (images, a forced
// named tool).
Result<Json> encode_request(const canonical::Request& request);

Result<canonical::Response> decode_response(const Json& body);

// Cohere's SSE events (`data:` JSON keyed by "type") to canonical stream events.
std::unique_ptr<StreamDecoder> make_stream_decoder();

// Cohere's error bodies are {"message":"..."}; the type follows the HTTP status.
canonical::UpstreamError decode_error(int status, const upstream::Headers& headers,
                                      std::string_view body);

// The message of an error object: {"message":"..."}, {"error":"..."} or
// {"error":{"message":"..."}}; "" when there is none. Also used for errors inside a stream.
std::string error_message_from(const Json& body);

// Normalise a Cohere `usage` object (§9.3); shared by the response and stream decoders.
canonical::Usage usage_from(const Json& usage);

// COMPLETE, STOP_SEQUENCE → stop; MAX_TOKENS → length; TOOL_CALL → tool_calls;
// ERROR, TIMEOUT → error; anything else → stop.
canonical::FinishReason finish_reason_from(std::string_view reason);

} // namespace llmp::dialects::cohere
