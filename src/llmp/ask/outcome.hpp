// How one question ended, in the terms `llmp ask` turns into its exit code.
#pragma once

#include "llmp/ask/answer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmp::ask {

enum class Ending {
    answered,
    invalid,        // the request as given cannot be served: unknown model, bad field (4xx)
    upstream,       // the provider failed, or answered with an error
    unreachable,    // llmp could not connect to the provider (nothing was answered)
    refused,        // a rate limit or budget said no
    blocked,        // a policy blocked the prompt
    interrupted,    // Ctrl-C
    output_closed,  // whoever read stdout went away
};

struct Outcome {
    Ending ending = Ending::answered;
    std::string message;              // why, when it did not end answered
    int status = 0;                   // HTTP status of the answer
    Answer answer;
    std::string request_id;           // llmp's id, as in the ledger
    std::string provider;
    std::optional<int64_t> cost_nanousd;  // nullopt: the price (or the usage) is unknown
    int64_t latency_ms = 0;
    std::optional<int64_t> ttft_ms;
};

// llmp's own refusals carry `x-llmp-refused: limit | budget | policy`, so that a refusal by the
// proxy reads differently from the same status relayed from a provider.
inline constexpr std::string_view k_refused_header = "x-llmp-refused";

// The `code` llmp's error body carries when it could not connect to the provider.
inline constexpr std::string_view k_unreachable_code = "upstream_unreachable";

// The ending an error status means. 400/404/413/422 are the request's fault (fix the command),
// the rest the provider's, unless llmp itself refused or could not connect (`error_code`, the
// error body's code).
Ending ending_for(int status, std::string_view refused, std::string_view error_code = {});

// The message of an unreachable ending, from the error body's message ("could not connect to
// upstream https://host"): says that llmp could not connect, names the provider, and never
// shows a URL's user:password.
std::string unreachable_message(std::string_view provider, std::string_view message);

// The ending once the answer is read: Ctrl-C and a closed stdout win over the status, and an
// error event inside a 200 stream is the provider's failure.
void settle(Outcome& outcome, bool interrupted, bool output_closed);

} // namespace llmp::ask
