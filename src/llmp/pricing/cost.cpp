#include "llmp/pricing/cost.hpp"

#include <cstdio>

namespace llmp::pricing {

std::optional<int64_t> cost_nanousd(const Price* price, const canonical::Usage& usage)
{
    if (!price || !usage.known) return std::nullopt;
    // 128 bits: a billion tokens at $75/M is 7.5e19 before the division.
    __int128 total = static_cast<__int128>(usage.input) * price->input
        + static_cast<__int128>(usage.cached_input) * price->cached_input
        + static_cast<__int128>(usage.cache_write) * price->cache_write
        + static_cast<__int128>(usage.output) * price->output;
    constexpr __int128 k_million = 1'000'000;
    return static_cast<int64_t>((total + k_million / 2) / k_million);
}

std::string format_usd(int64_t nanousd)
{
    bool negative = nanousd < 0;
    int64_t magnitude = negative ? -nanousd : nanousd;
    int64_t micro = (magnitude + 500) / 1000;  // to micro-dollars, half up
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s$%lld.%06lld", negative ? "-" : "",
                  static_cast<long long>(micro / 1'000'000), static_cast<long long>(micro % 1'000'000));
    return buf;
}

} // namespace llmp::pricing
