#include "llmp/pricing/price_table.hpp"

#include <cctype>
#include <cmath>

namespace llmp::pricing {

namespace {

struct Row {
    const char* provider;  // who sells it; rows stay grouped by provider
    const char* model;     // the undated name: dated snapshots find it (see find())
    double input, cached_input, cache_write, output;  // USD per million tokens
};

// When each provider's rows were last checked against its price list, and where. To update:
// open the source, fix or add one row per model (undated names only), change the date. Users
// override any entry under [prices] in the config.
struct Source {
    const char* provider;
    const char* checked_on;  // YYYY-MM-DD
};
constexpr Source k_sources[] = {
    // https://platform.claude.com/docs/en/about-claude/pricing ("Model pricing"; the 5m cache
    // write column is the cache_write price), Sonnet 5 from .../docs/en/models/sonnet-5/overview.
    // Not listed until their cache prices are confirmed there: Opus 5.5, Sonnet 5.5, Haiku 5.5
    // (priced by prompt length), Fable and Mythos.
    {"anthropic", "2026-12-04"},
    // The rows below came with the first table; their source was not recorded.
    {"deepseek", "2026-11-24"},
    {"google", "2026-11-24"},
    {"mistral", "2026-11-24"},
    {"openai", "2026-11-24"},
};

// One row per model, sorted by provider. Cache writes: Anthropic 1.25x input, cache reads 0.1x
// input; OpenAI and the others bill cache writes as plain input.
constexpr Row k_rows[] = {
    {"anthropic", "claude-opus-5", 5.00, 0.50, 6.25, 25.00},
    {"anthropic", "claude-opus-4-8", 5.00, 0.50, 6.25, 25.00},
    {"anthropic", "claude-opus-4-7", 5.00, 0.50, 6.25, 25.00},
    {"anthropic", "claude-opus-4-6", 5.00, 0.50, 6.25, 25.00},
    {"anthropic", "claude-opus-4-5", 5.00, 0.50, 6.25, 25.00},
    {"anthropic", "claude-opus-4-1", 15.00, 1.50, 18.75, 75.00},
    {"anthropic", "claude-opus-4", 15.00, 1.50, 18.75, 75.00},
    {"anthropic", "claude-opus-4-0", 15.00, 1.50, 18.75, 75.00},
    {"anthropic", "claude-sonnet-5", 2.00, 0.20, 2.50, 10.00},
    {"anthropic", "claude-sonnet-4-6", 3.00, 0.30, 3.75, 15.00},
    {"anthropic", "claude-sonnet-4-5", 3.00, 0.30, 3.75, 15.00},
    {"anthropic", "claude-sonnet-4", 3.00, 0.30, 3.75, 15.00},
    {"anthropic", "claude-sonnet-4-0", 3.00, 0.30, 3.75, 15.00},
    {"anthropic", "claude-3-7-sonnet", 3.00, 0.30, 3.75, 15.00},
    {"anthropic", "claude-haiku-4-5", 1.00, 0.10, 1.25, 5.00},
    {"anthropic", "claude-3-5-haiku", 0.80, 0.08, 1.00, 4.00},
    {"anthropic", "claude-3-opus", 15.00, 1.50, 18.75, 75.00},
    {"anthropic", "claude-3-haiku", 0.25, 0.03, 0.30, 1.25},
    {"deepseek", "deepseek-chat", 0.27, 0.07, 0.27, 1.10},
    {"deepseek", "deepseek-reasoner", 0.55, 0.14, 0.55, 2.19},
    {"google", "gemini-2.5-pro", 1.25, 0.31, 1.25, 10.00},
    {"google", "gemini-2.5-flash", 0.30, 0.075, 0.30, 2.50},
    {"google", "gemini-2.5-flash-lite", 0.10, 0.025, 0.10, 0.40},
    {"google", "gemini-2.0-flash", 0.10, 0.025, 0.10, 0.40},
    {"mistral", "mistral-large-latest", 2.00, 2.00, 2.00, 6.00},
    {"mistral", "mistral-medium-latest", 0.40, 0.40, 0.40, 2.00},
    {"mistral", "mistral-small-latest", 0.10, 0.10, 0.10, 0.30},
    {"mistral", "codestral-latest", 0.30, 0.30, 0.30, 0.90},
    {"openai", "gpt-4o", 2.50, 1.25, 2.50, 10.00},
    {"openai", "gpt-4o-mini", 0.15, 0.075, 0.15, 0.60},
    {"openai", "gpt-4.1", 2.00, 0.50, 2.00, 8.00},
    {"openai", "gpt-4.1-mini", 0.40, 0.10, 0.40, 1.60},
    {"openai", "gpt-4.1-nano", 0.10, 0.025, 0.10, 0.40},
    {"openai", "o3", 2.00, 0.50, 2.00, 8.00},
    {"openai", "o4-mini", 1.10, 0.275, 1.10, 4.40},
    {"openai", "o3-mini", 1.10, 0.55, 1.10, 4.40},
    {"openai", "o1", 15.00, 7.50, 15.00, 60.00},
    {"openai", "gpt-5", 1.25, 0.125, 1.25, 10.00},
    {"openai", "gpt-5-mini", 0.25, 0.025, 0.25, 2.00},
    {"openai", "gpt-5-nano", 0.05, 0.005, 0.05, 0.40},
    {"openai", "text-embedding-3-small", 0.02, 0.02, 0.02, 0.0},
    {"openai", "text-embedding-3-large", 0.13, 0.13, 0.13, 0.0},
};

bool all_digits(std::string_view s)
{
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

} // namespace

int64_t usd_per_million_to_nano(double usd) { return std::llround(usd * 1e9); }

Price price_from_usd(double input, double cached_input, double cache_write, double output)
{
    return {usd_per_million_to_nano(input), usd_per_million_to_nano(cached_input),
            usd_per_million_to_nano(cache_write), usd_per_million_to_nano(output)};
}

Price mock_price() { return price_from_usd(1.00, 0.50, 1.25, 2.00); }

// The oldest "checked on": every built-in price is at least this fresh.
std::string_view PriceTable::built_in_date()
{
    std::string_view oldest = k_sources[0].checked_on;
    for (const auto& source : k_sources)
        if (std::string_view(source.checked_on) < oldest) oldest = source.checked_on;
    return oldest;
}

std::vector<std::string> PriceTable::built_in_providers()
{
    std::vector<std::string> providers;
    for (const auto& row : k_rows)
        if (providers.empty() || providers.back() != row.provider)
            providers.emplace_back(row.provider);
    return providers;
}

std::string_view PriceTable::checked_on(std::string_view provider)
{
    for (const auto& source : k_sources)
        if (provider == source.provider) return source.checked_on;
    return {};
}

PriceTable PriceTable::built_in()
{
    PriceTable table;
    for (const auto& row : k_rows)
        table.m_prices[row.model] =
            price_from_usd(row.input, row.cached_input, row.cache_write, row.output);
    return table;
}

Result<PriceTable> PriceTable::with_overrides(const std::map<std::string, config::PriceOverride>& overrides)
{
    PriceTable table = built_in();
    LLMP_TRY(table.apply(overrides));
    return table;
}

Result<void> PriceTable::apply(const std::map<std::string, config::PriceOverride>& overrides)
{
    for (const auto& [key, given] : overrides) {
        // A qualified key ("openai/gpt-4o-mini") starts from the model's known price, if any.
        const Price* known = nullptr;
        if (auto it = m_prices.find(key); it != m_prices.end()) known = &it->second;
        else if (size_t slash = key.find('/'); slash != std::string::npos)
            known = find(key.substr(0, slash), key.substr(slash + 1));
        if (!known) {
            if (!given.input || !given.output)
                return fail(ErrorCode::config, "prices." + key
                                                   + ": a model without a built-in price needs "
                                                     "both input and output");
            double cached = given.cached_input.value_or(*given.input);
            double write = given.cache_write.value_or(*given.input);
            m_prices[key] = price_from_usd(*given.input, cached, write, *given.output);
            continue;
        }
        Price price = *known;
        if (given.input) price.input = usd_per_million_to_nano(*given.input);
        if (given.cached_input) price.cached_input = usd_per_million_to_nano(*given.cached_input);
        if (given.cache_write) price.cache_write = usd_per_million_to_nano(*given.cache_write);
        if (given.output) price.output = usd_per_million_to_nano(*given.output);
        m_prices[key] = price;
    }
    return {};
}

std::string_view without_date_suffix(std::string_view model)
{
    // -YYYY-MM-DD
    if (model.size() > 11 && model[model.size() - 11] == '-' && model[model.size() - 6] == '-'
        && model[model.size() - 3] == '-' && all_digits(model.substr(model.size() - 10, 4))
        && all_digits(model.substr(model.size() - 5, 2))
        && all_digits(model.substr(model.size() - 2, 2)))
        return model.substr(0, model.size() - 11);
    // -YYYYMMDD
    if (model.size() > 9 && model[model.size() - 9] == '-' && all_digits(model.substr(model.size() - 8)))
        return model.substr(0, model.size() - 9);
    return model;
}

const Price* PriceTable::find(std::string_view provider, std::string_view model) const
{
    std::string qualified = std::string(provider) + "/" + std::string(model);
    if (auto it = m_prices.find(qualified); it != m_prices.end()) return &it->second;
    if (provider == "mock") {
        static const Price k_mock = mock_price();
        return &k_mock;
    }
    if (auto it = m_prices.find(model); it != m_prices.end()) return &it->second;
    std::string_view undated = without_date_suffix(model);
    if (undated != model)
        if (auto it = m_prices.find(undated); it != m_prices.end()) return &it->second;
    return nullptr;
}

std::vector<std::pair<std::string, Price>> PriceTable::entries() const
{
    return {m_prices.begin(), m_prices.end()};
}

} // namespace llmp::pricing
