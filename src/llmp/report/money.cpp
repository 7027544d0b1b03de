#include "llmp/report/money.hpp"

#include <cstdio>

namespace llmp::report {

std::string usd_decimal(int64_t nanousd)
{
    // Unsigned magnitude: the most negative int64 has no positive counterpart.
    uint64_t magnitude = nanousd < 0 ? 0 - static_cast<uint64_t>(nanousd) : static_cast<uint64_t>(nanousd);
    char text[40];
    std::snprintf(text, sizeof text, "%s%llu.%09llu", nanousd < 0 ? "-" : "",
                  static_cast<unsigned long long>(magnitude / 1'000'000'000),
                  static_cast<unsigned long long>(magnitude % 1'000'000'000));
    return text;
}

} // namespace llmp::report
