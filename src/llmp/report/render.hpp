// A cost report as text: a table for people, JSON and CSV for scripts. Field names of the
// machine formats come from report/fields.hpp.
#pragma once

#include "llmp/report/terminal.hpp"
#include "llmp/report/usage_report.hpp"

#include <string>

namespace llmp::report {

enum class Format { table, json, csv };

// One column per grouping, the sums, the cost with "≥" when it is a lower bound, the share of
// the total and a bar sized to the terminal; a total row and footnotes.
std::string render_table(const Report& report, const Terminal& terminal);

// {"from", "until", "from_unix_ms", "until_unix_ms", "time_zone", "group_by", "what_if_model",
//  "rows": [{"group": {...}, fields..., "share", "cost_is_lower_bound", "breakdown": [...]}],
//  "total": {...}}
std::string render_json(const Report& report);

// A header line, then one line per group (per group and model with a breakdown); no total line.
std::string render_csv(const Report& report);

std::string render(const Report& report, Format format, const Terminal& terminal);

} // namespace llmp::report
