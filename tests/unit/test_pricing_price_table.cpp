#include "llmp/pricing/price_table.hpp"

#include <doctest/doctest.h>

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
