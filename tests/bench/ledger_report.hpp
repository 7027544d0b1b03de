// The cost report over a large generated ledger: `llmp cost --since 30d --breakdown`'s
// report::build_report, the last 30 days grouped by local day and model, every token column and
// the cost summed.
#pragma once

#include <string>

namespace llmp::bench {

struct LedgerReport {
    bool ok = false;
    double generate_s = 0;   // time to write the rows (not a measure, shown for context)
    double query_ms = 0;
    long groups = 0;
    long rows_seen = 0;      // sum of per-group counts: must equal the rows generated
    std::string error;
};

LedgerReport time_cost_report(const std::string& path, long rows);

} // namespace llmp::bench
