#include "llmp/pricing/price_table.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace llmp;

TEST_CASE("price table lookup")
{
    auto table = pricing::PriceTable::built_in();
    SUBCASE("USD per million become exact nano-dollars per million")
    {
        const auto* p = table.find("openai", "gpt-4o-mini");
        REQUIRE(p);
        CHECK(*p == pricing::Price{150'000'000, 75'000'000, 150'000'000, 600'000'000});
    }
    SUBCASE("bare model names work under any provider (OpenRouter, Azure deployments...)")
    {
        CHECK(table.find("myproxy", "deepseek-chat") == table.find("deepseek", "deepseek-chat"));
    }
    SUBCASE("dated snapshots use their family's price")
    {
        CHECK(table.find("openai", "gpt-4o-mini-2024-07-18") == table.find("openai", "gpt-4o-mini"));
        CHECK(table.find("anthropic", "claude-3-5-haiku-20241022")
              == table.find("anthropic", "claude-3-5-haiku"));
        CHECK(pricing::without_date_suffix("gpt-4o-2024-1") == "gpt-4o-2024-1");
    }
    SUBCASE("mock models have the documented test price")
    {
        const auto* p = table.find("mock", "anything");
        REQUIRE(p);
        CHECK(*p == pricing::Price{1'000'000'000, 500'000'000, 1'250'000'000, 2'000'000'000});
    }
    SUBCASE("unknown model")
    {
        CHECK(table.find("openai", "gpt-9000") == nullptr);
    }
    CHECK(pricing::PriceTable::built_in_date() == "2026-11-24");
}

TEST_CASE("every model a current client sends has a built-in price")
{
    // Names current SDKs and tools send, dated snapshots included. Add a name here when a
    // provider ships a model (and its row to the table); the test names what is missing.
    const char* current[] = {
        "claude-opus-5", "claude-sonnet-5", "claude-opus-4-8", "claude-opus-4-7",
        "claude-opus-4-6", "claude-opus-4-5", "claude-opus-4-5-20251101", "claude-opus-4-1",
        "claude-opus-4-1-20250805", "claude-sonnet-4-6", "claude-sonnet-4-6-20260101",
        "claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "claude-sonnet-4-20250514",
        "claude-haiku-4-5", "claude-haiku-4-5-20251001",
        "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4o", "gpt-4o-mini-2024-07-18", "o3",
        "o4-mini", "text-embedding-3-small",
        "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite",
        "deepseek-chat", "deepseek-reasoner", "mistral-large-latest",
    };
    auto table = pricing::PriceTable::built_in();
    for (const char* model : current) {
        CAPTURE(model);
        CHECK(table.find("any", model) != nullptr);
    }
}

TEST_CASE("the built-in table: current Claude prices, one block and a check date per provider")
{
    auto table = pricing::PriceTable::built_in();
    SUBCASE("Opus 4.5 and later cost $5/$25, cache read $0.50, 5-minute cache write $6.25")
    {
        for (const char* model : {"claude-opus-4-5", "claude-opus-4-6", "claude-opus-4-7", "claude-opus-4-8"}) {
            CAPTURE(model);
            REQUIRE(table.find("anthropic", model));
            CHECK(*table.find("anthropic", model)
                  == pricing::Price{5'000'000'000, 500'000'000, 6'250'000'000, 25'000'000'000});
        }
        CHECK(table.find("anthropic", "claude-opus-4-6-20260205") == table.find("x", "claude-opus-4-6"));
        CHECK(table.find("anthropic", "claude-sonnet-4-6")->output == 15'000'000'000);
    }
    SUBCASE("rows are grouped by provider and every provider has a check date")
    {
        auto providers = pricing::PriceTable::built_in_providers();
        std::vector<std::string> sorted = providers;
        std::sort(sorted.begin(), sorted.end());
        CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
        CHECK(providers == sorted);
        for (const auto& provider : providers) {
            CAPTURE(provider);
            CHECK(pricing::PriceTable::checked_on(provider).size() == 10);
        }
        CHECK(pricing::PriceTable::checked_on("anthropic") == "2026-12-04");
    }
}

TEST_CASE("price overrides")
{
    auto table = pricing::PriceTable::built_in();
    std::map<std::string, config::PriceOverride> overrides;
    overrides["openai/gpt-4o-mini"].input = 0.10;          // qualified beats bare
    overrides["gpt-4o"].output = 12.0;                      // partial override of a known entry
    overrides["local/llama3"].input = 0.0;                  // a new, free local model
    overrides["local/llama3"].output = 0.0;
    overrides["local/qwen"].input = 0.2;                    // new: cached and write default to input
    overrides["local/qwen"].output = 0.4;
    REQUIRE(table.apply(overrides));

    const auto* mini = table.find("openai", "gpt-4o-mini");
    CHECK(mini->input == 100'000'000);
    CHECK(mini->cached_input == 75'000'000);  // the rest of gpt-4o-mini's price is kept
    CHECK(mini->output == 600'000'000);
    CHECK(table.find("openrouter", "gpt-4o-mini")->input == 150'000'000);  // built-in untouched
    CHECK(table.find("openai", "gpt-4o")->output == 12'000'000'000);
    CHECK(table.find("openai", "gpt-4o")->input == 2'500'000'000);
    REQUIRE(table.find("local", "llama3"));
    CHECK(table.find("local", "llama3")->output == 0);
    CHECK(*table.find("local", "qwen") == pricing::Price{200'000'000, 200'000'000, 200'000'000, 400'000'000});

    std::map<std::string, config::PriceOverride> incomplete;
    incomplete["x/new"].input = 1.0;
    auto result = table.apply(incomplete);
    REQUIRE_FALSE(result);
    CHECK(result.error().message == "prices.x/new: a model without a built-in price needs both input and output");
}
