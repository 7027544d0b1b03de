// The time range of a report and the calendar it is grouped in. Days, weeks and months are
// those of the local time zone ($TZ) unless the report asks for UTC; weeks start on Monday and
// are named by their Monday's date. Nothing here reads the clock: `now` is passed in.
#pragma once

#include "llmp/core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace llmp::report {

enum class Zone { local, utc };

struct Range {
    int64_t from_unix_ms = 0;   // inclusive, a midnight in the zone
    int64_t until_unix_ms = 0;  // exclusive, a midnight in the zone
};

// --since and --until as written by the user (nullopt: not given).
//   YYYY-MM-DD     --since: from that day's midnight; --until: through the end of that day.
//   Nd, Nw, Nm     N days, weeks or months counting the current one: --since 7d is today and
//                  the six days before; --until 1d is through the end of yesterday, so
//                  --since 14d --until 7d is the seven days before those of --since 7d.
// Defaults: --since 30d, --until the end of today.
struct PeriodFlags {
    std::optional<std::string> since;
    std::optional<std::string> until;
};

Result<Range> resolve_range(const PeriodFlags& flags, int64_t now_unix_ms, Zone zone);

// Calendar labels of the moment `unix_ms`: "2026-11-24", the week's Monday "2026-11-23",
// "2026-11".
std::string day_of(int64_t unix_ms, Zone zone);
std::string week_of(int64_t unix_ms, Zone zone);
std::string month_of(int64_t unix_ms, Zone zone);

// "2026-11-24 14:02:20" in the zone, for listings.
std::string local_time(int64_t unix_ms, Zone zone);

} // namespace llmp::report
