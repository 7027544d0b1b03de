#include "llmp/report/grouping.hpp"

#include "llmp/core/strings.hpp"

#include <array>
#include <utility>

namespace llmp::report {

namespace {

constexpr std::array<std::pair<const char*, Grouping>, 8> k_names = {{
    {"day", Grouping::day},
    {"week", Grouping::week},
    {"month", Grouping::month},
    {"model", Grouping::model},
    {"provider", Grouping::provider},
    {"key", Grouping::key},
    {"project", Grouping::project},
    {"source", Grouping::source},
}};

constexpr std::string_view k_tag_prefix = "tag:";

} // namespace

const std::vector<std::string>& group_by_names()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> all;
        for (const auto& [name, grouping] : k_names) all.emplace_back(name);
        all.emplace_back("tag:NAME");
        return all;
    }();
    return names;
}

Result<GroupBy> parse_group_by(const std::string& text)
{
    for (const auto& [name, grouping] : k_names)
        if (text == name) return GroupBy{grouping, ""};
    if (text.starts_with(k_tag_prefix)) {
        std::string tag = text.substr(k_tag_prefix.size());
        if (tag.empty())
            return fail(ErrorCode::invalid_input, "\"tag:\" needs a tag name, e.g. tag:team");
        return GroupBy{Grouping::tag, tag};
    }
    std::string message = "unknown grouping \"" + text + "\"";
    if (auto near = strings::nearest(text, group_by_names()); !near.empty())
        message += "; did you mean \"" + near + "\"?";
    return fail(ErrorCode::invalid_input, message + " (one of " + strings::join(group_by_names(), ", ") + ")");
}

std::string name_of(const GroupBy& group_by)
{
    if (group_by.grouping == Grouping::tag) return std::string(k_tag_prefix) + group_by.tag;
    for (const auto& [name, grouping] : k_names)
        if (grouping == group_by.grouping) return name;
    return "?";
}

bool is_calendar(Grouping grouping)
{
    return grouping == Grouping::day || grouping == Grouping::week || grouping == Grouping::month;
}

} // namespace llmp::report
