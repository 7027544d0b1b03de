// The Google Gemini Developer API wire format, v1beta (reference/providers.md §4, §9), upstream
// direction only: llmp calls Gemini (base https://generativelanguage.googleapis.com/v1beta,
// header x-goog-api-key) but no client speaks Gemini to llmp, so decode_request,
// encode_response, make_stream_encoder and encode_error of the dialect contract
// (dialects/dialect.hpp) are deliberately absent.
// Everything here is pure translation: no I/O, and nothing throws; upstream JSON is read with
// type checks and oddities are tolerated.
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

namespace llmp::dialects::gemini {

// Paths below the base URL. The model is part of the path; "gemini-2.5-flash" becomes
// "/models/gemini-2.5-flash:generateContent", and a name that already has a collection
// ("tunedModels/x") keeps it. Streams always use alt=sse: without it Gemini streams one JSON array.
std::string generate_path(const std::string& model, bool stream);
std::string embed_path(const std::string& model);  // ":batchEmbedContents"

// The generateContent body (the model goes in the path, not the body). invalid_input, naming
// the field, when Gemini cannot express the request: image URLs (Gemini takes only inline
// base64), tool-call arguments that are not a JSON object, a tool result whose call is unknown.
Result<Json> encode_request(const canonical::Request& request);

// A GenerateContentResponse. Function calls come with finishReason STOP, so a response with
// calls finishes as tool_calls; a blocked prompt (no candidates) is empty content_filter.
Result<canonical::Response> decode_response(const Json& body);

// streamGenerateContent?alt=sse: data-only events, each a GenerateContentResponse, no
// terminator; the end of the body ends the stream.
std::unique_ptr<StreamDecoder> make_stream_decoder();

// {"error":{"code","message","status","details"}} (also wrapped in a one-element array); the
// type follows the google.rpc status, the retry hint comes from retry-after(-ms) headers or a
// RetryInfo detail ("37s").
canonical::UpstreamError decode_error(int status, const upstream::Headers& headers,
                                      std::string_view body);

// Normalise a `usageMetadata` object (§9.3): promptTokenCount includes the cached tokens and
// thoughtsTokenCount is reported apart from candidatesTokenCount.
canonical::Usage usage_from(const Json& usage_metadata);

// STOP and the other benign reasons → stop; MAX_TOKENS → length; the safety family → content_
// filter. Never tool_calls: callers turn stop into tool_calls when the answer holds calls.
canonical::FinishReason finish_reason_from(std::string_view reason);

// An OpenAI /v1/embeddings request (its `model` already the upstream model) as a
// batchEmbedContents body; invalid_input naming `input` for anything but a string or an array
// of strings.
Result<Json> encode_embeddings(const Json& openai_request);

// {"embeddings":[{"values":[...]}]} as an OpenAI embeddings response. Gemini reports no token
// usage here [UNVERIFIED], so usage is zero.
Result<Json> decode_embeddings(const Json& gemini_body, const std::string& model);

} // namespace llmp::dialects::gemini
