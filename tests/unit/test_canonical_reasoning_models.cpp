// The reasoning mapping table, end to end: model × requested setting → what each request
// encoder sends. The first rows are the issue's three bugs (Claude Code's budget 31999 became
// reasoning_effort "max"; adaptive thinking became "high" for gpt-4o; Gemini 2.5 Flash got a
// 31999 budget over its 24576 limit).
#include "llmp/canonical/reasoning_models.hpp"
#include "llmp/dialects/anthropic.hpp"
#include "llmp/dialects/cohere.hpp"
#include "llmp/dialects/gemini.hpp"
#include "llmp/dialects/openai.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using llmp::Json;
namespace canonical = llmp::canonical;
using canonical::Vendor;

namespace {

struct Case {
    Vendor vendor;
    const char* model;
    const char* effort;             // as a decoder fills it ("" = none given)
    std::optional<int64_t> budget;  // as a decoder fills it
    const char* sent;               // the reasoning fields of the body, "-" for none
    int64_t max_tokens = 4096;
};

// The fields of `body` that carry reasoning, compactly; "-" when there are none.
std::string reasoning_fields(Vendor vendor, const Json& body)
{
    Json out = Json::object();
    switch (vendor) {
    case Vendor::openai:
        if (body.contains("reasoning_effort")) out = body["reasoning_effort"];
        break;
    case Vendor::anthropic:
        if (body.contains("thinking")) out["thinking"] = body["thinking"];
        if (body.contains("output_config")) out["effort"] = body["output_config"]["effort"];
        if (!out.empty()) out["max_tokens"] = body["max_tokens"];
        break;
    case Vendor::gemini:
        if (body.contains("generationConfig") &&
            body["generationConfig"].contains("thinkingConfig")) {
            out = body["generationConfig"]["thinkingConfig"];
            out.erase("includeThoughts");
        }
        break;
    case Vendor::cohere:
        if (body.contains("thinking")) out = body["thinking"];
        break;
    }
    if (out.is_object() && out.empty()) return "-";
    return out.dump();
}

std::string sent(const Case& c)
{
    canonical::Request request;
    request.model = c.model;
    request.max_tokens = c.max_tokens;
    request.messages.push_back(
        canonical::Message{canonical::Role::user, {canonical::Part::make_text("hi")}});
    request.reasoning = canonical::Reasoning{c.effort, c.budget, true};
    llmp::Result<Json> body = [&] {
        switch (c.vendor) {
        case Vendor::openai: return llmp::dialects::openai::encode_request(request);
        case Vendor::anthropic: return llmp::dialects::anthropic::encode_request(request);
        case Vendor::gemini: return llmp::dialects::gemini::encode_request(request);
        case Vendor::cohere: return llmp::dialects::cohere::encode_request(request);
        }
        return llmp::Result<Json>(Json());
    }();
    REQUIRE(body.has_value());
    return reasoning_fields(c.vendor, *body);
}

// Claude Code's thinking budget, as the Anthropic decoder fills it.
constexpr int64_t k_claude_code = 31999;

const Case k_cases[] = {
    // The three bugs of the issue.
    {Vendor::openai, "gpt-4o", "max", k_claude_code, "-"},
    {Vendor::openai, "o3", "max", k_claude_code, R"("high")"},
    {Vendor::openai, "gpt-4o", "high", std::nullopt, "-"},  // adaptive + effort high
    {Vendor::gemini, "gemini-2.5-flash", "max", k_claude_code, R"({"thinkingBudget":24576})"},

    // OpenAI: no reasoning_effort for chat models; the nearest word the model knows otherwise.
    {Vendor::openai, "gpt-4o-mini", "low", 2048, "-"},
    {Vendor::openai, "gpt-4.1", "high", std::nullopt, "-"},
    {Vendor::openai, "gpt-4-turbo", "high", std::nullopt, "-"},
    {Vendor::openai, "gpt-3.5-turbo", "high", std::nullopt, "-"},
    {Vendor::openai, "chatgpt-4o-latest", "high", std::nullopt, "-"},
    {Vendor::openai, "gpt-5-chat-latest", "high", std::nullopt, "-"},
    {Vendor::openai, "o1-mini", "high", std::nullopt, "-"},
    {Vendor::openai, "openai/gpt-4o", "high", std::nullopt, "-"},  // OpenRouter's name
    {Vendor::openai, "o1", "none", std::nullopt, R"("low")"},
    {Vendor::openai, "o4-mini", "minimal", std::nullopt, R"("low")"},
    {Vendor::openai, "o3-mini", "medium", std::nullopt, R"("medium")"},
    {Vendor::openai, "gpt-5", "none", std::nullopt, R"("minimal")"},
    {Vendor::openai, "gpt-5-mini", "max", k_claude_code, R"("high")"},
    {Vendor::openai, "gpt-5-pro", "low", std::nullopt, R"("high")"},
    {Vendor::openai, "gpt-5.1", "none", std::nullopt, R"("none")"},
    {Vendor::openai, "gpt-5.1", "xhigh", std::nullopt, R"("high")"},
    {Vendor::openai, "gpt-5.1-codex-max", "max", std::nullopt, R"("xhigh")"},
    {Vendor::openai, "gpt-5.1-codex-max", "none", std::nullopt, R"("low")"},
    {Vendor::openai, "gpt-5.2", "max", k_claude_code, R"("xhigh")"},
    {Vendor::openai, "gpt-5.4-mini", "none", std::nullopt, R"("none")"},
    {Vendor::openai, "GPT-5.2", "minimal", std::nullopt, R"("low")"},  // tie: the higher
    {Vendor::openai, "llama3.2", "max", k_claude_code, R"("high")"},   // unknown: low|medium|high
    {Vendor::openai, "deepseek-reasoner", "", 2048, R"("low")"},
    {Vendor::openai, "qwen3", "none", std::nullopt, R"("low")"},
    {Vendor::openai, "o3", "", std::nullopt, "-"},  // nothing asked: the model's default

    // Anthropic: no thinking before 3.7; a budget in [1024, limit) with max_tokens above it;
    // adaptive thinking with an effort on 4.6 and later.
    {Vendor::anthropic, "claude-3-5-sonnet-20241022", "high", std::nullopt, "-"},
    {Vendor::anthropic, "claude-3-5-haiku-latest", "high", std::nullopt, "-"},
    {Vendor::anthropic, "claude-3-haiku-20240307", "high", std::nullopt, "-"},
    {Vendor::anthropic, "claude-3-opus-20240229", "high", std::nullopt, "-"},
    {Vendor::anthropic, "anthropic.claude-3-5-sonnet-20240620-v1:0", "high", std::nullopt, "-"},
    {Vendor::anthropic, "claude-3-7-sonnet-20250219", "", 500,
     R"({"thinking":{"type":"enabled","budget_tokens":1024},"max_tokens":1124})", 100},
    {Vendor::anthropic, "claude-sonnet-4-20250514", "xhigh", 24576,
     R"({"thinking":{"type":"enabled","budget_tokens":24576},"max_tokens":25576})", 1000},
    {Vendor::anthropic, "claude-opus-4-1-20250805", "max", 32768,
     R"({"thinking":{"type":"enabled","budget_tokens":31999},"max_tokens":32000})"},
    {Vendor::anthropic, "claude-opus-4-20250514", "max", k_claude_code,
     R"({"thinking":{"type":"enabled","budget_tokens":31999},"max_tokens":32000})", 32000},
    {Vendor::anthropic, "claude-opus-4-5", "high", std::nullopt,
     R"({"thinking":{"type":"enabled","budget_tokens":16384},"max_tokens":20480})"},
    {Vendor::anthropic, "claude-haiku-4-5", "low", std::nullopt,
     R"({"thinking":{"type":"enabled","budget_tokens":2048},"max_tokens":4096})"},
    {Vendor::anthropic, "claude-opus-4-6", "high", std::nullopt,
     R"({"thinking":{"type":"adaptive"},"effort":"high","max_tokens":4096})"},
    {Vendor::anthropic, "claude-sonnet-4-6", "minimal", std::nullopt,
     R"({"thinking":{"type":"adaptive"},"effort":"low","max_tokens":4096})"},
    {Vendor::anthropic, "claude-opus-4-7", "max", 32768,
     R"({"thinking":{"type":"adaptive"},"effort":"max","max_tokens":4096})"},
    {Vendor::anthropic, "claude-opus-5", "medium", std::nullopt,
     R"({"thinking":{"type":"adaptive"},"effort":"medium","max_tokens":4096})"},
    {Vendor::anthropic, "claude-opus-4-6", "none", std::nullopt, "-"},
    {Vendor::anthropic, "claude-opus-4-6", "", std::nullopt,  // nothing asked: model's effort
     R"({"thinking":{"type":"adaptive"},"max_tokens":4096})"},
    {Vendor::anthropic, "kimi-k2", "max", 50000,  // unknown: budget, 32000 output limit
     R"({"thinking":{"type":"enabled","budget_tokens":31999},"max_tokens":32000})"},

    // Gemini: each 2.5 model's range; thinkingLevel for Gemini 3; nothing for 1.5/2.0.
    {Vendor::gemini, "gemini-2.5-flash", "none", std::nullopt, R"({"thinkingBudget":0})"},
    {Vendor::gemini, "models/gemini-2.5-flash", "", 40000, R"({"thinkingBudget":24576})"},
    {Vendor::gemini, "gemini-2.5-pro", "none", std::nullopt, R"({"thinkingBudget":128})"},
    {Vendor::gemini, "gemini-2.5-pro", "max", k_claude_code, R"({"thinkingBudget":31999})"},
    {Vendor::gemini, "gemini-2.5-pro", "", 50000, R"({"thinkingBudget":32768})"},
    {Vendor::gemini, "gemini-2.5-flash-lite", "", 100, R"({"thinkingBudget":512})"},
    {Vendor::gemini, "gemini-2.5-flash-lite", "none", std::nullopt, R"({"thinkingBudget":0})"},
    {Vendor::gemini, "gemini-3-pro-preview", "medium", std::nullopt, R"({"thinkingLevel":"HIGH"})"},
    {Vendor::gemini, "gemini-3-pro-preview", "none", std::nullopt, R"({"thinkingLevel":"LOW"})"},
    {Vendor::gemini, "gemini-3-flash-preview", "medium", std::nullopt,
     R"({"thinkingLevel":"MEDIUM"})"},
    {Vendor::gemini, "gemini-3-flash-preview", "none", std::nullopt,
     R"({"thinkingLevel":"MINIMAL"})"},
    {Vendor::gemini, "gemini-2.0-flash", "high", std::nullopt, "-"},
    {Vendor::gemini, "gemini-1.5-pro", "max", k_claude_code, "-"},
    {Vendor::gemini, "gemma-3-27b-it", "high", std::nullopt, "-"},
    {Vendor::gemini, "gemini-flash-latest", "none", std::nullopt, R"({"thinkingBudget":512})"},
    {Vendor::gemini, "gemini-flash-latest", "", 40000, R"({"thinkingBudget":24576})"},

    // Cohere: only the reasoning models take `thinking`.
    {Vendor::cohere, "command-a-reasoning-08-2025", "high", std::nullopt,
     R"({"type":"enabled","token_budget":16384})"},
    {Vendor::cohere, "command-a-reasoning-08-2025", "none", std::nullopt, R"({"type":"disabled"})"},
    {Vendor::cohere, "command-a-reasoning-08-2025", "max", 50000,
     R"({"type":"enabled","token_budget":32000})"},
    {Vendor::cohere, "command-a-03-2025", "high", std::nullopt, "-"},
    {Vendor::cohere, "command-r-plus", "max", k_claude_code, "-"},
};

const char* vendor_name(Vendor vendor)
{
    switch (vendor) {
    case Vendor::openai: return "openai";
    case Vendor::anthropic: return "anthropic";
    case Vendor::gemini: return "gemini";
    case Vendor::cohere: return "cohere";
    }
    return "?";
}

} // namespace

TEST_CASE("reasoning table: model × requested setting → what is sent")
{
    for (const Case& c : k_cases) {
        std::string budget = c.budget ? std::to_string(*c.budget) : "-";
        CAPTURE(vendor_name(c.vendor));
        CAPTURE(c.model);
        CAPTURE(c.effort);
        CAPTURE(budget);
        CHECK(sent(c) == c.sent);
    }
}

TEST_CASE("reasoning table: families")
{
    using canonical::reasoning_family;
    using canonical::ReasoningControl;
    CHECK(reasoning_family(Vendor::anthropic, "claude-3-7-sonnet-latest").control ==
          ReasoningControl::budget);
    CHECK(reasoning_family(Vendor::anthropic, "claude-3-7-sonnet-latest").max_output_tokens ==
          64000);
    CHECK(reasoning_family(Vendor::anthropic, "claude-sonnet-4-5@20250929").control ==
          ReasoningControl::budget);
    CHECK(reasoning_family(Vendor::anthropic, "claude-sonnet-4-6").control ==
          ReasoningControl::adaptive);
    CHECK(reasoning_family(Vendor::gemini, "gemini-3.1-pro-preview").control ==
          ReasoningControl::level);
}
