// What a cost report groups by (--by): calendar units, ledger columns, or one key of the
// request's tags. Parsed here so the CLI and its completions share one list of names.
#pragma once

#include "llmp/core/result.hpp"

#include <string>
#include <vector>

namespace llmp::report {

enum class Grouping { day, week, month, model, provider, key, project, source, tag };

struct GroupBy {
    Grouping grouping = Grouping::day;
    std::string tag;  // the tag's name, for Grouping::tag

    bool operator==(const GroupBy&) const = default;
};

// "day", "model", "tag:team", ... Unknown names suggest the nearest one.
Result<GroupBy> parse_group_by(const std::string& text);

// The accepted names, "tag:NAME" last, for help text and completions.
const std::vector<std::string>& group_by_names();

// The column heading: "day", "model", "tag:team".
std::string name_of(const GroupBy& group_by);

bool is_calendar(Grouping grouping);

} // namespace llmp::report
