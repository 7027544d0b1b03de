// The cost report's one pass over `requests`: every row started in [from, until), with the
// columns a report sums and the text columns it groups by, handed to a callback as it is read.
// Nothing is kept and nothing is sorted here: SQLite's GROUP BY sorts every row and its
// localtime() converts every row, each costing more than the scan itself on a large ledger, so
// grouping and time zones are the caller's job (report/usage_report.cpp).
#pragma once

#include "llmp/canonical/usage.hpp"
#include "llmp/core/result.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmp::ledger {

// A text column a report can group by. `model` is the model that served (upstream_model), or
// the requested one when none did (e.g. an unknown model refused before routing).
enum class UsageColumn { model, provider, key_id, project, source, tag };

struct UsageField {
    UsageColumn column = UsageColumn::model;
    std::string tag;  // the key inside the `tags` JSON object, for UsageColumn::tag
};

struct UsageScan {
    int64_t from_unix_ms = 0;   // inclusive
    int64_t until_unix_ms = 0;  // exclusive
    std::vector<UsageField> fields;
};

struct UsageRow {
    int64_t started_unix_ms = 0;
    bool error = false;         // HTTP status >= 400, or an error class (e.g. a cut stream)
    bool cache_hit = false;
    canonical::Usage usage;     // usage.known is false when the upstream reported none
    bool estimated = false;     // some of `usage` is llmp's estimate (a cut stream)
    std::optional<int64_t> cost_nanousd;
    std::string_view provider;  // who served it, for pricing cache hits and what-ifs
    std::string_view upstream_model;
    std::vector<std::string_view> fields;  // one per UsageScan::fields; "" for NULL
};

// Valid only during the callback: the views point into SQLite's row buffer.
using UsageSink = std::function<void(const UsageRow&)>;

// Opens the ledger read-only (it may be served at the same time) and scans it once.
Result<void> scan_usage(const std::string& path, const UsageScan& scan, const UsageSink& sink);

} // namespace llmp::ledger
