// Which reasoning settings each model family accepts, so an encoder sends a value the provider
// takes: an effort word the model knows, a budget inside its range, or nothing for models that
// do not reason. The rows live in reasoning_models.cpp, one per family, with their sources.
#pragma once

#include "llmp/canonical/message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmp::canonical {

// The provider a body is encoded for: the same model name means different things to each.
enum class Vendor { openai, anthropic, gemini, cohere };

// How a family is told to reason.
enum class ReasoningControl {
    omit,      // the model does not reason: send nothing
    effort,    // a word (OpenAI reasoning_effort)
    budget,    // a token budget (Anthropic thinking.budget_tokens, Gemini thinkingBudget,
               // Cohere thinking.token_budget)
    adaptive,  // Anthropic {type:"adaptive"} + output_config.effort word
    level,     // Gemini 3 thinkingLevel word
};

// The effort scale, lowest to highest; a family's words are a subset.
enum class Effort : uint8_t { none, minimal, low, medium, high, xhigh, max };

struct ReasoningFamily {
    ReasoningControl control = ReasoningControl::omit;
    uint8_t words = 0;               // bit (1 << Effort) per accepted word (effort/adaptive/level)
    int64_t min_budget = 0;          // budget: the smallest budget that thinks
    int64_t max_budget = 0;          // budget: the largest
    bool can_disable = false;        // budget: 0 turns thinking off
    int64_t max_output_tokens = 0;   // anthropic: the output limit max_tokens may be raised to
};

// The family of `model` (any case; a provider/ or models/ prefix is ignored) for `vendor`.
// Names no row knows get the vendor's defensive default.
ReasoningFamily reasoning_family(Vendor vendor, std::string_view model);

// The effort the client asked for: its word, or the word of its budget.
Effort requested_effort(const Reasoning& reasoning);

// The family's word nearest to the request (ties go up); nullopt when the family takes none or
// the request names neither an effort nor a budget.
std::optional<std::string> effort_word(const ReasoningFamily& family, const Reasoning& reasoning);

// The budget to send, clamped to the family's range: 0 means "off" and is only returned by
// families that can disable thinking; nullopt when the family takes no budget.
std::optional<int64_t> thinking_budget(const ReasoningFamily& family, const Reasoning& reasoning);

std::string_view effort_name(Effort effort);

} // namespace llmp::canonical
