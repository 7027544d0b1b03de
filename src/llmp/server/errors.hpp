// The one place where an llmp Error becomes an HTTP status and an OpenAI-style error body.
#pragma once

#include "llmp/config/kinds.hpp"
#include "llmp/core/result.hpp"
#include "llmp/server/http.hpp"

#include <string>

namespace llmp::server {

int status_for(ErrorCode code);

// Error class recorded in the ledger (e.g. "invalid_request", "upstream_unreachable").
std::string error_class_for(ErrorCode code);

Reply error_reply(const Error& error);
Reply error_reply(int status, const std::string& message, const std::string& type,
                  const std::string& code);

// The same, in the client's dialect (an Anthropic client gets Anthropic's error shape).
Reply error_reply(config::Dialect client, const Error& error);

} // namespace llmp::server

namespace llmp::server {

// An upstream's error status relayed to the client: same status, the upstream's message, in
// OpenAI shape (an OpenAI-shaped body passes through untouched), with retry hints kept.
Reply upstream_error_reply(int status, const Headers& upstream_headers, const std::string& body);

// An upstream error crossing dialects: decoded in the upstream's terms, re-encoded in the
// client's (Anthropic 529 → OpenAI 503, Gemini RetryInfo → Retry-After, ...). Same-dialect
// errors keep the upstream's body.
Reply upstream_error_reply(config::Dialect client, config::Dialect upstream, int status,
                           const Headers& upstream_headers, const std::string& body);

// Headers worth relaying from an upstream response (retry hints, rate-limit state). Never
// credentials or cookies.
Headers relayable_headers(const Headers& upstream_headers);

} // namespace llmp::server
