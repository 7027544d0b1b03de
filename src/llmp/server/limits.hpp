// What a client may send, and how slowly: the fixed limits on a request's head, the pace a body
// must keep, and how deep a JSON body may nest. The HTTP layer (http.cpp) enforces the transport
// limits as bytes arrive; request handlers call check_json_depth() before parsing a body, so a
// hostile body is refused before any code that recurses over JSON (dump, decoders) sees it.
// The configurable limits (body size, request timeout, open connections) live in
// config::Server; the ones here are fixed because no real client comes near them.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/core/result.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace llmp::server::limits {

// The request line and every header line together.
constexpr size_t k_max_head_bytes = 64 * 1024;
// One line of the head (cpp-httplib's compiled CPPHTTPLIB_HEADER_MAX_LENGTH and
// CPPHTTPLIB_REQUEST_URI_MAX_LENGTH are the same 8192).
constexpr size_t k_max_head_line = 8192;
constexpr size_t k_max_header_fields = 100;
// After its head, a body gets server.request_timeout_ms, plus one second for every this many
// bytes that arrived: a client that keeps up this average is never cut.
constexpr int64_t k_min_body_bytes_per_second = 64 * 1024;
// SDK bodies with tool schemas nest 20 to 40 levels.
constexpr int k_max_json_depth = 512;

// Fails with invalid_input ("request body is JSON nested deeper than 512 levels") when the
// arrays and objects of `text` nest deeper than `max_depth`, counting JSON held in a string
// (tool-call arguments) as nested below the string: within a string, unclosed brackets add to
// the depth. Does not validate: malformed JSON is the parser's to report.
Result<void> check_json_depth(std::string_view text, int max_depth = k_max_json_depth,
                              std::string_view what = "request body");

// For the exception nlohmann's parser threw on `text`: " (at 'key')" when the error is in the
// value of an object member, so the message names the field ("number overflow parsing '1e400'
// (at 'max_tokens')"); empty otherwise.
std::string json_error_field(std::string_view text, const Json::exception& error);

// Json::parse(text, nullptr, false) for a body from outside (an upstream's answer): discarded
// when it nests deeper than check_json_depth allows.
Json parse_bounded(std::string_view text, int max_depth = k_max_json_depth);

// The milliseconds a body of `received` bytes may have taken so far (see
// k_min_body_bytes_per_second).
int64_t body_allowance_ms(int64_t request_timeout_ms, int64_t received);

// Why the HTTP layer refused a request before any handler saw it, and in which part of the
// request. Each has a status and a message naming the limit that was hit.
enum class Breach {
    none,
    head_too_large,       // 431
    line_too_long,        // 414 for the request line, 431 for a header line
    too_many_headers,     // 431
    body_too_large,       // 413
    too_slow,             // 408
    too_many_connections, // 503
    // Framing the server cannot read one way only (RFC 9112): each is a 400 (501 for a transfer
    // coding llmp does not implement), and the connection closes, so no second request can be
    // smuggled after it. They stay last: limits.cpp tells them apart by their place.
    length_and_chunked,   // Content-Length and Transfer-Encoding both present
    bad_content_length,   // not a decimal number
    conflicting_content_length,  // two values that differ
    bad_transfer_encoding,       // chunked not last, or given twice
    unsupported_transfer_encoding,  // 501: a coding other than chunked
    header_without_colon,
    folded_header,        // a line starting with a space or tab (obs-fold)
    space_before_colon,
    bad_header_character, // a control character, a bare CR or LF, a separator in a name
    bad_chunk,            // a chunk size line of a chunked body that is not hex digits + CRLF
};

enum class Phase { request_line, headers, body };

struct BreachSettings {
    int64_t max_body_bytes = 0;
    int64_t request_timeout_ms = 0;
    int64_t max_connections = 0;
};

int status_for(Breach breach, Phase phase);
std::string message_for(Breach breach, Phase phase, const BreachSettings& settings);
// The OpenAI error `code` for a breach ("request_timeout", "request_too_large", ...).
std::string code_for(Breach breach, Phase phase);

} // namespace llmp::server::limits
