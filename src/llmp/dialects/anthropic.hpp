// The Anthropic Messages wire format (reference/providers.md §3), both ways: llmp serves
// POST /v1/messages to Anthropic SDK clients (and Claude Code), and calls Anthropic upstreams.
// Everything here is a pure translation between JSON/SSE text and the canonical types: no I/O,
// no clock on the request path (only decode_error reads the clock, for an HTTP-date retry-after),
// and no exception escapes whatever the input.
#pragma once

#include "llmp/canonical/error.hpp"
#include "llmp/canonical/json.hpp"
#include "llmp/canonical/message.hpp"
#include "llmp/canonical/response.hpp"
#include "llmp/canonical/usage.hpp"
#include "llmp/core/result.hpp"
#include "llmp/dialects/dialect.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace llmp::dialects::anthropic {

// The dialect contract (dialects/dialect.hpp).
Result<canonical::Request> decode_request(const Json& body);
Result<Json> encode_request(const canonical::Request& request);
Result<canonical::Response> decode_response(const Json& body);
Json encode_response(const canonical::Response& response);
std::unique_ptr<StreamDecoder> make_stream_decoder();
std::unique_ptr<StreamEncoder> make_stream_encoder(const StreamContext& context);
canonical::UpstreamError decode_error(int status, const upstream::Headers& headers,
                                      std::string_view body);
WireError encode_error(const canonical::UpstreamError& error);

// Normalise an Anthropic `usage` object (§9.3): input_tokens already excludes cache reads and
// writes, so the buckets map one to one.
canonical::Usage usage_from(const Json& usage);

// The wire vocabulary, shared by the codec files (and handy in tests).

// `stop_reason` → canonical (§9.2); unknown or null reads as `stop`.
canonical::FinishReason finish_from_stop_reason(std::string_view stop_reason);
// canonical → `stop_reason`: `stop` with a known stop sequence is "stop_sequence"; `stop` with
// tool calls in the answer is "tool_use" (Anthropic clients loop on it).
std::string stop_reason_for(canonical::FinishReason finish, const std::string& stop_sequence,
                            bool has_tool_calls);

// `usage` as Anthropic clients read it: input_tokens, output_tokens, cache_creation_input_tokens,
// cache_read_input_tokens.
Json usage_json(const canonical::Usage& usage);

// Anthropic message ids start with "msg_"; others get the prefix, none gets a fresh one.
std::string message_id(const std::string& id);

// Compact JSON text; invalid UTF-8 (which can only come from another dialect's strings) is
// replaced rather than thrown on.
inline std::string dump(const Json& value)
{
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// error.type ↔ canonical type (§3.4); an unknown name reads as the status's type.
canonical::ErrorType error_type_from_wire(std::string_view type, int status);
const char* wire_error_type(canonical::ErrorType type);
// The status an Anthropic client sees for a type (529 for overloaded, 429 for quota, ...).
int wire_status(canonical::ErrorType type);

} // namespace llmp::dialects::anthropic
