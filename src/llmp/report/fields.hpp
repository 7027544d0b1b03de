// The named sums of a report row, in one order, for the machine formats (JSON and CSV): the
// field names are an interface scripts rely on (README "llmp cost"), so both formats take them
// from here and never spell them twice.
#pragma once

#include "llmp/report/totals.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace llmp::report {

struct Field {
    enum class Kind { count, money };
    std::string name;  // "requests"; for money the stem: "cost" -> cost_nanousd, cost_usd
    Kind kind = Kind::count;
    int64_t value = 0;
};

// requests, errors, unpriced_requests, input_tokens, cached_input_tokens, cache_write_tokens,
// output_tokens, reasoning_tokens, cost, cache_hits, cache_savings, and what_if_cost when the
// report re-prices.
std::vector<Field> fields_of(const Totals& totals, bool what_if);

// This row's part of the total cost, 0..1, rounded to 4 decimals (0 when nothing cost anything).
double share_of(const Totals& row, const Totals& total);

} // namespace llmp::report
