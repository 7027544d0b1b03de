#include "llmp/report/fields.hpp"

#include <cmath>

namespace llmp::report {

std::vector<Field> fields_of(const Totals& t, bool what_if)
{
    using Kind = Field::Kind;
    std::vector<Field> fields = {
        {"requests", Kind::count, t.requests},
        {"errors", Kind::count, t.errors},
        {"unpriced_requests", Kind::count, t.unpriced},
        {"estimated_requests", Kind::count, t.estimated},
        {"input_tokens", Kind::count, t.input},
        {"cached_input_tokens", Kind::count, t.cached_input},
        {"cache_write_tokens", Kind::count, t.cache_write},
        {"output_tokens", Kind::count, t.output},
        {"reasoning_tokens", Kind::count, t.reasoning},
        {"cost", Kind::money, t.cost_nanousd},
        {"cache_hits", Kind::count, t.cache_hits},
        {"cache_savings", Kind::money, t.cache_savings_nanousd},
    };
    if (what_if) fields.push_back({"what_if_cost", Kind::money, t.what_if_nanousd});
    return fields;
}

double share_of(const Totals& row, const Totals& total)
{
    if (total.cost_nanousd <= 0) return 0;
    double share = static_cast<double>(row.cost_nanousd) / static_cast<double>(total.cost_nanousd);
    return std::round(share * 10'000) / 10'000;
}

} // namespace llmp::report
