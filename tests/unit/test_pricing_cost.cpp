#include "llmp/pricing/cost.hpp"

#include <doctest/doctest.h>

using namespace llmp;

namespace {
canonical::Usage usage(int64_t input, int64_t cached, int64_t write, int64_t output)
{
    canonical::Usage u;
    u.input = input;
    u.cached_input = cached;
    u.cache_write = write;
    u.output = output;
    u.known = true;
    return u;
}
} // namespace

TEST_CASE("cost in nano-dollars")
{
    auto table = pricing::PriceTable::built_in();
    SUBCASE("one cached token of gpt-4.1-nano costs 25 nano-dollars")
    {
        CHECK(pricing::cost_nanousd(table.find("openai", "gpt-4.1-nano"), usage(0, 1, 0, 0)) == 25);
    }
    SUBCASE("every bucket at its own price")
    {
        // claude-sonnet-4-5: 3 / 0.30 / 3.75 / 15 USD per million
        auto cost = pricing::cost_nanousd(table.find("anthropic", "claude-sonnet-4-5"),
                                          usage(1000, 2000, 400, 300));
        CHECK(cost == 1000 * 3000 + 2000 * 300 + 400 * 3750 + 300 * 15000);
    }
    SUBCASE("reasoning is part of output, not charged twice")
    {
        auto u = usage(0, 0, 0, 10);
        u.reasoning = 8;
        CHECK(pricing::cost_nanousd(table.find("openai", "o3"), u) == 10 * 8000);
    }
    SUBCASE("sub-nano results round half up, once")
    {
        pricing::Price p{1, 0, 0, 0};  // one nano-dollar per million tokens
        CHECK(pricing::cost_nanousd(&p, usage(499'999, 0, 0, 0)) == 0);
        CHECK(pricing::cost_nanousd(&p, usage(500'000, 0, 0, 0)) == 1);
        CHECK(pricing::cost_nanousd(&p, usage(1'499'999, 0, 0, 0)) == 1);
        // Rounded once over the sum, not per bucket: 0.4 + 0.4 nano = 0.8 -> 1.
        pricing::Price q{1, 1, 0, 0};
        CHECK(pricing::cost_nanousd(&q, usage(400'000, 400'000, 0, 0)) == 1);
    }
    SUBCASE("huge counts do not overflow")
    {
        // a billion output tokens of claude-opus-4-1 at $75/M = $75,000
        CHECK(pricing::cost_nanousd(table.find("anthropic", "claude-opus-4-1"),
                                    usage(0, 0, 0, 1'000'000'000))
              == int64_t{75'000} * 1'000'000'000);
    }
    SUBCASE("unknown price or unknown usage: no cost, never zero")
    {
        CHECK_FALSE(pricing::cost_nanousd(nullptr, usage(1, 0, 0, 1)).has_value());
        canonical::Usage unknown;
        CHECK_FALSE(pricing::cost_nanousd(table.find("openai", "gpt-4o"), unknown).has_value());
    }
}

TEST_CASE("format_usd")
{
    CHECK(pricing::format_usd(0) == "$0.000000");
    CHECK(pricing::format_usd(225) == "$0.000000");
    CHECK(pricing::format_usd(500) == "$0.000001");
    CHECK(pricing::format_usd(1'234'567'890) == "$1.234568");
    CHECK(pricing::format_usd(-2'000) == "-$0.000002");
}
