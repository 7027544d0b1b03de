#include "llmp/report/period.hpp"
#include "support/sample_ledger.hpp"
#include "support/time_zone.hpp"

#include <doctest/doctest.h>

using namespace llmp;
using llmp::test::utc_ms;

namespace {

// Wednesday 2026-11-25 15:00 in New York (EST, UTC-5); EDT (UTC-4) ended on 2026-11-01.
const int64_t k_now = utc_ms(2026, 11, 25, 20, 0);

report::Range range(std::optional<std::string> since, std::optional<std::string> until,
                    report::Zone zone = report::Zone::local)
{
    auto resolved = report::resolve_range({since, until}, k_now, zone);
    REQUIRE_MESSAGE(resolved, resolved.error().message);
    return *resolved;
}

std::string error_of(std::optional<std::string> since, std::optional<std::string> until)
{
    auto resolved = report::resolve_range({since, until}, k_now, report::Zone::local);
    REQUIRE_FALSE(resolved);
    return resolved.error().message;
}

} // namespace

TEST_CASE("report period: dates and relative counts in the local zone, DST included")
{
    test::ScopedTimeZone zone("America/New_York");
    SUBCASE("default: the last 30 days counting today, through the end of today")
    {
        auto r = range(std::nullopt, std::nullopt);
        CHECK(r.from_unix_ms == utc_ms(2026, 10, 27, 4, 0));  // midnight EDT
        CHECK(r.until_unix_ms == utc_ms(2026, 11, 26, 5, 0)); // midnight EST
    }
    SUBCASE("--until a date includes that whole day")
    {
        auto r = range("2026-11-24", "2026-11-24");
        CHECK(r.from_unix_ms == utc_ms(2026, 11, 24, 5, 0));
        CHECK(r.until_unix_ms == utc_ms(2026, 11, 25, 5, 0));
    }
    SUBCASE("7d is today and the six days before")
    {
        CHECK(range("7d", std::nullopt).from_unix_ms == utc_ms(2026, 11, 19, 5, 0));
        CHECK(range("1d", std::nullopt).from_unix_ms == utc_ms(2026, 11, 25, 5, 0));
    }
    SUBCASE("4w is this week (from Monday) and the three before")
    {
        CHECK(range("4w", std::nullopt).from_unix_ms == utc_ms(2026, 11, 2, 5, 0));
    }
    SUBCASE("3m is this month and the two before, from the 1st")
    {
        CHECK(range("3m", std::nullopt).from_unix_ms == utc_ms(2026, 9, 1, 4, 0));
    }
    SUBCASE("--until Nd/Nm ends with the unit N back")
    {
        CHECK(range("14d", "7d").until_unix_ms == utc_ms(2026, 11, 19, 5, 0));
        CHECK(range("14d", "1d").until_unix_ms == utc_ms(2026, 11, 25, 5, 0));
        CHECK(range("3m", "1m").until_unix_ms == utc_ms(2026, 11, 1, 4, 0));
    }
    SUBCASE("--utc: UTC midnights")
    {
        auto r = range("7d", std::nullopt, report::Zone::utc);
        CHECK(r.from_unix_ms == utc_ms(2026, 11, 19, 0, 0));
        CHECK(r.until_unix_ms == utc_ms(2026, 11, 26, 0, 0));
    }
}

TEST_CASE("report period: bad --since and --until")
{
    test::ScopedTimeZone zone("America/New_York");
    SUBCASE("a word")
    {
        CHECK(error_of("yesterday", std::nullopt)
              == "--since: \"yesterday\" is neither a date (YYYY-MM-DD) nor a count of days, weeks or "
                 "months (7d, 4w, 3m)");
    }
    SUBCASE("a day that does not exist")
    {
        CHECK(error_of(std::nullopt, "2026-02-29")
              == "--until: \"2026-02-29\" is neither a date (YYYY-MM-DD) nor a count of days, weeks or "
                 "months (7d, 4w, 3m)");
    }
    SUBCASE("an unknown unit") { CHECK(error_of("7y", std::nullopt).starts_with("--since: \"7y\" is neither")); }
    SUBCASE("a negative count") { CHECK(error_of("-3d", std::nullopt).starts_with("--since: \"-3d\" is neither")); }
    SUBCASE("zero days since") { CHECK(error_of("0d", std::nullopt) == "--since: \"0d\" counts nothing; 1d is the current one"); }
    SUBCASE("since after until")
    {
        CHECK(error_of("2026-11-20", "2026-11-10") == "--since 2026-11-20 is not before --until 2026-11-10");
    }
}

TEST_CASE("report period: calendar labels at the edges of a day in a half-hour zone")
{
    test::ScopedTimeZone zone("Asia/Kolkata");  // UTC+05:30
    int64_t last_minute = utc_ms(2026, 11, 24, 18, 29, 59);  // 23:59:59 IST
    int64_t midnight = utc_ms(2026, 11, 24, 18, 30);          // 00:00 IST on the 25th
    CHECK(report::day_of(last_minute, report::Zone::local) == "2026-11-24");
    CHECK(report::day_of(midnight, report::Zone::local) == "2026-11-25");
    CHECK(report::day_of(midnight, report::Zone::utc) == "2026-11-24");
    CHECK(report::week_of(midnight, report::Zone::local) == "2026-11-23");  // a Wednesday
    CHECK(report::week_of(utc_ms(2026, 11, 29, 12, 0), report::Zone::local) == "2026-11-23");  // Sunday
    CHECK(report::week_of(utc_ms(2026, 11, 30, 12, 0), report::Zone::local) == "2026-11-30");  // Monday
    CHECK(report::month_of(utc_ms(2026, 11, 30, 18, 30), report::Zone::local) == "2026-12");
    CHECK(report::local_time(midnight, report::Zone::local) == "2026-11-25 00:00:00");
}
