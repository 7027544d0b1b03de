// Cost of one request in integer nano-dollars (1e-9 USD). Integer sums are exact; a request
// whose price is unknown has no cost (nullopt, stored as NULL), never a silent zero.
#pragma once

#include "llmp/canonical/usage.hpp"
#include "llmp/pricing/price_table.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace llmp::pricing {

// Σ tokens × price over the buckets (reasoning is part of output, not charged twice), divided
// by one million once, rounding half up.
std::optional<int64_t> cost_nanousd(const Price* price, const canonical::Usage& usage);

// "$0.000123" — dollars with 6 decimals, rounded half up.
std::string format_usd(int64_t nanousd);

} // namespace llmp::pricing
