// The sums a cost report shows for one group: requests, tokens by bucket, money in integer
// nano-dollars (exact; never a float).
#pragma once

#include <cstdint>

namespace llmp::report {

struct Totals {
    int64_t requests = 0;
    int64_t errors = 0;        // HTTP status >= 400, or an error class (e.g. a cut stream)
    int64_t unpriced = 0;      // usage recorded but no price known: cost is a lower bound
    int64_t estimated = 0;     // tokens (and so cost) partly estimated by llmp: a cut stream
    int64_t input = 0;         // uncached input tokens
    int64_t cached_input = 0;
    int64_t cache_write = 0;
    int64_t output = 0;        // reasoning included
    int64_t reasoning = 0;
    int64_t cost_nanousd = 0;  // of the priced requests
    int64_t cache_hits = 0;    // answered from llmp's response cache
    int64_t cache_savings_nanousd = 0;  // what the cache hits would have cost upstream
    int64_t what_if_nanousd = 0;        // the same usage at the --what-if model's price

    bool cost_is_lower_bound() const { return unpriced > 0; }
    bool includes_estimates() const { return estimated > 0; }

    void add(const Totals& other)
    {
        for (auto sum : k_sums) this->*sum += other.*sum;
    }

private:
    // Every field is a sum: adding two groups adds each one.
    static constexpr int64_t Totals::*k_sums[] = {
        &Totals::requests, &Totals::errors, &Totals::unpriced, &Totals::estimated, &Totals::input, &Totals::cached_input,
        &Totals::cache_write, &Totals::output, &Totals::reasoning, &Totals::cost_nanousd,
        &Totals::cache_hits, &Totals::cache_savings_nanousd, &Totals::what_if_nanousd};
};

} // namespace llmp::report
