// OpenAI's Responses API wire format (reference/responses-api.md), both ways: llmp serves
// POST /v1/responses to Codex, the AI SDK's default OpenAI provider, LangChain and the openai
// SDKs' `responses.*`, and calls Responses upstreams (the openai-responses kind) for models that
// exist only there. Pure translations between JSON/SSE text and the canonical types: no I/O, and
// no exception escapes whatever the input.
//
// State (previous_response_id, item_reference) is not this codec's business: the server expands
// a request against its response store before decoding (server/response_store), so the decoder
// sees full input items only, and refuses any reference still left.
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

namespace llmp::dialects::responses {

// The dialect contract (dialects/dialect.hpp). encode_response without an echo repeats no
// request parameters (nulls and defaults where the object needs them).
Result<canonical::Request> decode_request(const Json& body);
Result<Json> encode_request(const canonical::Request& request);
Result<canonical::Response> decode_response(const Json& body);
Json encode_response(const canonical::Response& response);
std::unique_ptr<StreamDecoder> make_stream_decoder();
std::unique_ptr<StreamEncoder> make_stream_encoder(const StreamContext& context);
canonical::UpstreamError decode_error(int status, const upstream::Headers& headers,
                                      std::string_view body);
WireError encode_error(const canonical::UpstreamError& error);
canonical::Usage usage_from(const Json& usage);

// What decode_request does with tools only OpenAI can run (web_search, file_search, mcp,
// local_shell, ...) and a tool_choice naming one: refuse them with a 400 that names the tool
// (§6.6, the default), or drop them (Codex sends web_search whenever its search is enabled).
enum class BuiltinTools { refuse, drop };
Result<canonical::Request> decode_request(const Json& body, BuiltinTools builtin_tools);

// OpenAI's `param` and `code` for a decode_request refusal, for the server's error body:
// `param` is the field the message starts with ("tools[3].type: ..."), `code` is
// `unsupported_parameter` for a built-in tool (§6.6) and `previous_response_not_found` for an
// unknown previous response (§2.6), empty otherwise (null on the wire).
struct RequestFault {
    std::string param;
    std::string code;
};
RequestFault request_fault(const std::string& message);

// The request parameters a response object repeats (instructions, tools, tool_choice,
// temperature, top_p, parallel_tool_calls, text, reasoning, max_output_tokens, store, metadata,
// previous_response_id, ...), taken from the client's body. Also tells the encoders which tools
// are `custom` (their calls come back as custom_tool_call items).
Json echo_of(const Json& request_body);

// A response object for the client: the canonical answer, the echoed parameters, and the id to
// show (`resp_...`; a fresh one when empty).
Json encode_response(const canonical::Response& response, const Json& echo);

// `usage` as Responses clients read it: both detail objects always present (Codex fails on a
// details object without its keys).
Json usage_json(const canonical::Usage& usage);

} // namespace llmp::dialects::responses
