#include "llmp/canonical/reasoning_models.hpp"

#include "llmp/canonical/reasoning.hpp"

#include <array>
#include <cctype>
#include <cstdlib>
#include <span>

namespace llmp::canonical {

namespace {

using C = ReasoningControl;

constexpr uint8_t bit(Effort e)
{
    return uint8_t(1u << uint8_t(e));
}

constexpr uint8_t k_low_high = bit(Effort::low) | bit(Effort::high);
constexpr uint8_t k_lmh = bit(Effort::low) | bit(Effort::medium) | bit(Effort::high);
constexpr uint8_t k_minimal_to_high = bit(Effort::minimal) | k_lmh;
constexpr uint8_t k_none_to_high = bit(Effort::none) | k_lmh;
constexpr uint8_t k_none_to_xhigh = k_none_to_high | bit(Effort::xhigh);
constexpr uint8_t k_low_to_xhigh = k_lmh | bit(Effort::xhigh);
constexpr uint8_t k_lmh_max = k_lmh | bit(Effort::max);

struct Row {
    std::string_view prefix;  // of the model name (lower case, after the last '/')
    ReasoningFamily family;
};

ReasoningFamily words(ReasoningControl control, uint8_t accepted)
{
    return ReasoningFamily{.control = control, .words = accepted};
}

ReasoningFamily budget(int64_t min, int64_t max, bool can_disable)
{
    return ReasoningFamily{
        .control = C::budget, .min_budget = min, .max_budget = max, .can_disable = can_disable};
}

// OpenAI chat completions `reasoning_effort`, from OpenAI's model pages and the API reference
// (platform.openai.com/docs/models, "reasoning_effort"). First matching prefix wins, so the
// more specific names come first.
const std::array k_openai = {
    // Non-reasoning chat models refuse reasoning_effort.
    Row{"gpt-5-chat", words(C::omit, 0)},
    Row{"gpt-4", words(C::omit, 0)},  // gpt-4, gpt-4-turbo, gpt-4o*, gpt-4.1*
    Row{"gpt-3.5", words(C::omit, 0)},
    Row{"chatgpt-", words(C::omit, 0)},
    Row{"o1-mini", words(C::omit, 0)},     // predates the parameter
    Row{"o1-preview", words(C::omit, 0)},  // predates the parameter
    Row{"o1", words(C::effort, k_lmh)},
    Row{"o3", words(C::effort, k_lmh)},
    Row{"o4", words(C::effort, k_lmh)},
    // gpt-5.1-codex-max introduced xhigh; "none" is gpt-5.1's, not codex-max's.
    Row{"gpt-5.1-codex-max", words(C::effort, k_low_to_xhigh)},
    Row{"gpt-5.1", words(C::effort, k_none_to_high)},  // none replaces minimal
    Row{"gpt-5.", words(C::effort, k_none_to_xhigh)},  // gpt-5.2 and later add xhigh
    Row{"gpt-5-pro", words(C::effort, bit(Effort::high))},  // high only
    Row{"gpt-5", words(C::effort, k_minimal_to_high)},      // gpt-5, -mini, -nano, -codex
};
// Local servers, OpenRouter, Groq, DeepSeek ...: the three words every one of them knows.
const ReasoningFamily k_openai_default = words(C::effort, k_lmh);

// Gemini `thinkingConfig`, from ai.google.dev/gemini-api/docs/thinking (budget ranges per model;
// Gemini 3 takes thinkingLevel instead of a budget).
const std::array k_gemini = {
    Row{"gemini-3-pro", words(C::level, k_low_high)},
    Row{"gemini-3.1-pro", words(C::level, k_low_high)},
    Row{"gemini-3", words(C::level, k_minimal_to_high)},  // Flash: minimal|low|medium|high
    Row{"gemini-2.5-pro", budget(128, 32768, false)},      // cannot be turned off
    Row{"gemini-2.5-flash-lite", budget(512, 24576, true)},
    Row{"gemini-2.5-flash", budget(1, 24576, true)},
    Row{"gemini-2.0", words(C::omit, 0)},
    Row{"gemini-1", words(C::omit, 0)},
    Row{"gemini-pro", words(C::omit, 0)},
    Row{"gemma", words(C::omit, 0)},
};
// Unknown names (-latest aliases, new previews): the range every 2.5 model accepts, never 0.
const ReasoningFamily k_gemini_default = budget(512, 24576, false);

// Cohere v2 `thinking` ({type, token_budget}, cohere-python types/thinking.py): only the
// reasoning models take it. The upper bound is Command A Reasoning's 32k output [UNVERIFIED].
const std::array k_cohere = {
    Row{"command-a-reasoning", budget(1, 32000, true)},
};
const ReasoningFamily k_cohere_default = words(C::omit, 0);

// Anthropic: by tier and version, newest first within a tier (docs.anthropic.com, "Models
// overview" for output limits, "Extended thinking" and "Adaptive thinking" for the modes).
// Budgets are at least 1024 and below max_tokens.
struct ClaudeRow {
    std::string_view tier;
    int major;
    int minor;  // this version and later, until the row above
    ReasoningFamily family;
};

ReasoningFamily claude(ReasoningControl control, int64_t max_output)
{
    ReasoningFamily f;
    f.control = control;
    if (control == C::adaptive) f.words = k_lmh_max;
    if (control == C::budget) {
        f.min_budget = 1024;
        f.max_budget = max_output - 1;
        f.can_disable = true;
    }
    f.max_output_tokens = max_output;
    return f;
}

const std::array k_claude = {
    ClaudeRow{"opus", 4, 6, claude(C::adaptive, 128000)},
    ClaudeRow{"opus", 4, 5, claude(C::budget, 64000)},
    ClaudeRow{"opus", 4, 0, claude(C::budget, 32000)},  // opus 4, 4.1
    ClaudeRow{"opus", 0, 0, claude(C::omit, 0)},        // claude-3-opus
    ClaudeRow{"sonnet", 4, 6, claude(C::adaptive, 64000)},
    ClaudeRow{"sonnet", 3, 7, claude(C::budget, 64000)},  // 3.7, 4, 4.5
    ClaudeRow{"sonnet", 0, 0, claude(C::omit, 0)},        // 3, 3.5
    ClaudeRow{"haiku", 4, 5, claude(C::budget, 64000)},
    ClaudeRow{"haiku", 0, 0, claude(C::omit, 0)},  // 3, 3.5
};
// An unknown Claude (or an Anthropic-compatible server's model): the budget form, which every
// thinking Claude accepts, and the smallest output limit among them.
const ReasoningFamily k_anthropic_default = claude(C::budget, 32000);

std::string key_of(std::string_view model)
{
    size_t slash = model.rfind('/');
    if (slash != std::string_view::npos) model.remove_prefix(slash + 1);
    std::string key(model);
    for (char& c : key) c = char(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

// "o1" matches "o1-pro" but not "o10": a prefix ending in a digit must end the number too.
bool starts_family(std::string_view key, std::string_view prefix)
{
    if (!key.starts_with(prefix)) return false;
    if (key.size() == prefix.size() || !std::isdigit(static_cast<unsigned char>(prefix.back())))
        return true;
    return !std::isdigit(static_cast<unsigned char>(key[prefix.size()]));
}

ReasoningFamily by_prefix(std::span<const Row> rows, std::string_view key,
                          const ReasoningFamily& fallback)
{
    for (const Row& row : rows)
        if (starts_family(key, row.prefix)) return row.family;
    return fallback;
}

// claude-opus-4-6, claude-sonnet-4-20250514, claude-3-7-sonnet-latest, anthropic.claude-...:
// the tier word, and the first one or two short numbers as the version (a date is not one).
ReasoningFamily claude_family(std::string_view key)
{
    size_t at = key.find("claude");
    if (at == std::string_view::npos) return k_anthropic_default;
    key.remove_prefix(at);
    std::string_view tier;
    int version[2] = {-1, -1};
    int numbers = 0;
    while (!key.empty()) {
        size_t dash = key.find_first_of("-.@:");
        std::string_view token = key.substr(0, dash);
        key = dash == std::string_view::npos ? std::string_view() : key.substr(dash + 1);
        if (token == "opus" || token == "sonnet" || token == "haiku") {
            tier = token;
        } else if (!token.empty() && token.size() <= 2 && numbers < 2 &&
                   std::isdigit(static_cast<unsigned char>(token[0])) &&
                   std::isdigit(static_cast<unsigned char>(token.back()))) {
            version[numbers++] = std::atoi(std::string(token).c_str());
        }
    }
    if (tier.empty() || version[0] < 0) return k_anthropic_default;
    int major = version[0];
    int minor = version[1] < 0 ? 0 : version[1];
    for (const ClaudeRow& row : k_claude)
        if (row.tier == tier && (major > row.major || (major == row.major && minor >= row.minor)))
            return row.family;
    return k_anthropic_default;
}

constexpr std::array<std::string_view, 7> k_effort_names = {"none", "minimal", "low", "medium",
                                                            "high", "xhigh",   "max"};

} // namespace

std::string_view effort_name(Effort effort)
{
    return k_effort_names[size_t(effort)];
}

ReasoningFamily reasoning_family(Vendor vendor, std::string_view model)
{
    std::string key = key_of(model);
    switch (vendor) {
    case Vendor::openai: return by_prefix(k_openai, key, k_openai_default);
    case Vendor::anthropic: return claude_family(key);
    case Vendor::gemini: return by_prefix(k_gemini, key, k_gemini_default);
    case Vendor::cohere: return by_prefix(k_cohere, key, k_cohere_default);
    }
    return ReasoningFamily{};
}

Effort requested_effort(const Reasoning& reasoning)
{
    std::string word = reasoning.effort;
    if (word.empty() && reasoning.budget_tokens) word = effort_for_budget(*reasoning.budget_tokens);
    for (size_t i = 0; i < k_effort_names.size(); ++i)
        if (word == k_effort_names[i]) return Effort(i);
    return Effort::medium;
}

std::optional<std::string> effort_word(const ReasoningFamily& family, const Reasoning& reasoning)
{
    // Neither a word nor a budget: the model's own default is what was asked for.
    if (family.words == 0 || (reasoning.effort.empty() && !reasoning.budget_tokens))
        return std::nullopt;
    int wanted = int(requested_effort(reasoning));
    int best = -1;
    for (int i = 0; i < int(k_effort_names.size()); ++i) {
        if (!(family.words & bit(Effort(i)))) continue;
        // <= keeps the later (higher) word on a tie.
        if (best < 0 || std::abs(i - wanted) <= std::abs(best - wanted)) best = i;
    }
    return std::string(k_effort_names[size_t(best)]);
}

std::optional<int64_t> thinking_budget(const ReasoningFamily& family, const Reasoning& reasoning)
{
    if (family.control != C::budget) return std::nullopt;
    int64_t wanted = reasoning.effort == "none" ? 0
                     : reasoning.budget_tokens  ? *reasoning.budget_tokens
                                                : budget_for_effort(reasoning.effort);
    if (wanted <= 0 && family.can_disable) return 0;
    if (wanted < family.min_budget) return family.min_budget;
    if (wanted > family.max_budget) return family.max_budget;
    return wanted;
}

} // namespace llmp::canonical
