// An error in canonical terms: what went wrong, independent of who reported it, so that an
// Anthropic 529 can reach an OpenAI client as a 503 and a Gemini RetryInfo as Retry-After
// (reference §9.4).
#pragma once

#include <optional>
#include <string>

namespace llmp::canonical {

enum class ErrorType {
    invalid_request,   // 400, 422
    authentication,    // 401
    permission,        // 403
    not_found,         // 404
    too_large,         // 413
    rate_limit,        // 429
    quota,             // credits or quota exhausted: OpenAI insufficient_quota, 402
    overloaded,        // Anthropic 529, Gemini/DeepSeek 503
    timeout,           // 504
    server,            // 500 and other 5xx
};

struct UpstreamError {
    int status = 500;                        // the status the upstream sent
    ErrorType type = ErrorType::server;
    std::string message;
    std::optional<double> retry_after_s;     // from retry-after(-ms) or a Gemini RetryInfo
};

// The canonical type for a status when the body says nothing more specific.
ErrorType error_type_for_status(int status);

// Stable lowercase names ("rate_limit", ...), used in StreamEvent::error_type and the ledger.
const char* error_type_name(ErrorType type);
ErrorType error_type_from_name(const std::string& name);

} // namespace llmp::canonical
