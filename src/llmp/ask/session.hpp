// Asking one question, two ways: in-process (the same pipeline `llmp serve` runs: routing,
// providers, pricing, the ledger with source "ask") or through a running proxy (--via URL).
#pragma once

#include "llmp/ask/outcome.hpp"
#include "llmp/ask/question.hpp"
#include "llmp/config/config.hpp"
#include "llmp/core/result.hpp"

#include <atomic>
#include <functional>
#include <string>
#include <string_view>

namespace llmp::ask {

struct Hooks {
    // Each piece of answer text as it arrives; false when the output has gone (stop asking).
    std::function<bool(std::string_view)> on_text;
    // Set by Ctrl-C: the answer stops at the next piece or within 100 ms of silence, and what
    // was used so far is recorded.
    const std::atomic<bool>* interrupted = nullptr;
};

// An error result means the question could not be asked at all (the ledger would not open, a
// provider is misconfigured); everything after that is in the Outcome.
Result<Outcome> ask_in_process(const config::Config& config, const Question& question, const Hooks& hooks);

// `url` is the proxy's address, with or without its /v1. $LLMP_API_KEY, when set, is sent as
// the bearer key. The cost is priced here from the answer's usage with the local price table.
Result<Outcome> ask_via(const std::string& url, const config::Config& config, const Question& question,
                        const Hooks& hooks);

} // namespace llmp::ask
