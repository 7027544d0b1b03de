#include "llmp/report/grouping.hpp"

#include <doctest/doctest.h>

using namespace llmp::report;

TEST_CASE("report grouping: names, tags and typos")
{
    CHECK(parse_group_by("day").value() == GroupBy{Grouping::day, ""});
    CHECK(parse_group_by("key").value() == GroupBy{Grouping::key, ""});
    CHECK(parse_group_by("tag:team").value() == GroupBy{Grouping::tag, "team"});
    CHECK(name_of(GroupBy{Grouping::tag, "team"}) == "tag:team");
    CHECK(name_of(GroupBy{Grouping::month, ""}) == "month");
    CHECK(group_by_names().back() == "tag:NAME");
    SUBCASE("a typo suggests the nearest name")
    {
        CHECK(parse_group_by("modle").error().message
              == "unknown grouping \"modle\"; did you mean \"model\"? (one of day, week, month, model, "
                 "provider, key, project, source, tag:NAME)");
    }
    SUBCASE("nothing near")
    {
        CHECK(parse_group_by("zzzzzzzz").error().message
              == "unknown grouping \"zzzzzzzz\" (one of day, week, month, model, provider, key, project, "
                 "source, tag:NAME)");
    }
    SUBCASE("a tag without a name")
    {
        CHECK(parse_group_by("tag:").error().message == "\"tag:\" needs a tag name, e.g. tag:team");
    }
}
