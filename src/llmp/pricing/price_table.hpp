// Prices per model: a built-in table of list prices, overridable from [prices] in the config.
// Prices are integers (nano-dollars per million tokens) so that cost math is exact.
#pragma once

#include "llmp/config/config.hpp"
#include "llmp/core/result.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmp::pricing {

// Nano-dollars (1e-9 USD) per million tokens, per usage bucket.
struct Price {
    int64_t input = 0;
    int64_t cached_input = 0;
    int64_t cache_write = 0;
    int64_t output = 0;

    bool operator==(const Price&) const = default;
};

Price price_from_usd(double input, double cached_input, double cache_write, double output);

// USD per million tokens -> nano-dollars per million tokens, rounded to the nearest.
int64_t usd_per_million_to_nano(double usd);

class PriceTable {
public:
    static PriceTable built_in();
    // The built-in table with a config's [prices] applied: what every command prices with.
    static Result<PriceTable> with_overrides(const std::map<std::string, config::PriceOverride>& overrides);
    // The oldest date on which a provider's built-in prices were checked.
    static std::string_view built_in_date();
    // The providers of the built-in rows in table order (one block per provider, so a provider
    // named twice means the table is out of order), and when each was checked ("" if never).
    static std::vector<std::string> built_in_providers();
    static std::string_view checked_on(std::string_view provider);

    // Keys are "provider/model" or "model". An override of a known entry replaces the fields
    // it gives; a new entry needs input and output (cached_input and cache_write default to
    // input).
    Result<void> apply(const std::map<std::string, config::PriceOverride>& overrides);

    // "provider/model", then "model", then "model" without a date suffix
    // (gpt-4o-mini-2024-07-18, claude-3-5-haiku-20241022). Provider "mock": the test price.
    const Price* find(std::string_view provider, std::string_view model) const;

    std::vector<std::pair<std::string, Price>> entries() const;

private:
    std::map<std::string, Price, std::less<>> m_prices;
};

// The documented price of every mock model: $1/M input, $0.50/M cached, $1.25/M cache write,
// $2/M output.
Price mock_price();

// Strips a trailing date: -YYYY-MM-DD or -YYYYMMDD. Returns the input when there is none.
std::string_view without_date_suffix(std::string_view model);

} // namespace llmp::pricing
