// Reasoning effort (OpenAI's words) and thinking budgets (Anthropic's and Gemini's tokens) are
// two scales for one knob; these convert between them so every dialect pair round-trips. What a
// given model accepts (and the clamping to it) is reasoning_models.hpp's job.
#pragma once

#include <cstdint>
#include <string>

namespace llmp::canonical {

// "minimal" → 1024 ... "max" → 32768 tokens; "none" → 0; unknown words → medium's budget.
int64_t budget_for_effort(const std::string& effort);

// The effort whose budget is nearest from below: 0 → "none", 1..1024 → "minimal", ...
std::string effort_for_budget(int64_t budget_tokens);

} // namespace llmp::canonical
