// The OpenAI chat-completions wire format (reference/providers.md §2, and the OpenAI-compatible
// servers of §5), both ways: llmp serves POST /v1/chat/completions to OpenAI SDK clients, and
// calls OpenAI-compatible upstreams (OpenAI, Groq, DeepSeek, Ollama, vLLM, ...) for clients of
// other dialects. Same-dialect traffic is relayed as it came and never passes through these
// codecs. Everything here is a pure translation between JSON/SSE text and the canonical types:
// no I/O, and no exception escapes whatever the input.
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

namespace llmp::dialects::openai {

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

// Normalise an OpenAI-style `usage` object (also DeepSeek's cache fields).
canonical::Usage usage_from(const Json& usage);

// {"error":{"message","type","param":null,"code"}}: all four keys, as the SDKs expect.
std::string error_body(const std::string& message, const std::string& type,
                       const std::string& code, const std::string& param = "");

// The error message inside an upstream's error body, whatever its flavour ({"error":{...}},
// {"error":"..."}, {"message":"..."}), or "" if none can be found.
std::string error_message_from(const std::string& body);

// The wire vocabulary, shared by the codec files (and handy in tests).

// `finish_reason` → canonical (§9.2), with the compatible servers' extra words; null, empty or
// unknown reads as `stop`.
canonical::FinishReason finish_from(std::string_view finish_reason);
// canonical → `finish_reason`.
const char* finish_reason_name(canonical::FinishReason finish);

// `usage` as OpenAI clients read it: prompt_tokens counts every input bucket, the details say
// how much of it was cached (and cache-written, when any was).
Json usage_json(const canonical::Usage& usage);

// The canonical type of an upstream error from its status and its `error.type` / `error.code`.
canonical::ErrorType error_type_from(int status, std::string_view type, std::string_view code);

// How an OpenAI client is shown an error of a canonical type: status, `type` and `code`
// (empty code = null).
struct ErrorStyle {
    int status = 500;
    std::string type;
    std::string code;
};
ErrorStyle error_style(const canonical::UpstreamError& error);

// JSON text that never throws: invalid UTF-8 (from an upstream's bytes) is replaced, not fatal.
std::string dump(const Json& value);

} // namespace llmp::dialects::openai
