// The cost report: the ledger's requests in a time range, summed per group (--by), with an
// optional per-model breakdown under each group and an optional re-pricing (--what-if).
//
// One pass over the ledger (ledger/usage_scan.hpp). Calendar groupings are summed per 15-minute
// slot while scanning and the slots folded into days, weeks or months afterwards: every time
// zone's offset from UTC is a multiple of 15 minutes, so a slot never straddles a local
// midnight, and a few thousand slot conversions replace a million per-row ones.
#pragma once

#include "llmp/core/result.hpp"
#include "llmp/pricing/price_table.hpp"
#include "llmp/report/grouping.hpp"
#include "llmp/report/period.hpp"
#include "llmp/report/totals.hpp"

#include <optional>
#include <string>
#include <vector>

namespace llmp::report {

struct WhatIf {
    std::string model;  // as the user wrote it: "provider/model" or "model"
    pricing::Price price;
};

struct ReportQuery {
    Range range;
    Zone zone = Zone::local;
    std::vector<GroupBy> group_by;  // at least one
    bool breakdown = false;         // a row per model under each group
    std::optional<WhatIf> what_if;
};

struct ReportRow {
    std::vector<std::string> group;  // one value per ReportQuery::group_by; "" for none
    Totals totals;
    std::vector<ReportRow> breakdown;  // group = {model}, most expensive first
};

struct Report {
    ReportQuery query;
    // Calendar groups in time order; otherwise the most expensive first (then by name).
    std::vector<ReportRow> rows;
    Totals total;
};

// Cache savings: a cache hit is recorded with the usage of the answer it replayed and a cost of
// 0; what it saved is that usage at the current price of the model that first served it
// (nothing when that price is unknown). A what-if prices cache hits at 0 too.
Result<Report> build_report(const std::string& ledger_path, const ReportQuery& query,
                            const pricing::PriceTable& prices);

// "provider/model" or "model" -> its price, or an error naming the model.
Result<WhatIf> what_if_for(const std::string& model, const pricing::PriceTable& prices);

} // namespace llmp::report
