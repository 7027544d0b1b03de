#include "llmp/report/period.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace llmp::report {

namespace {

struct Date {
    int year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms):
// date arithmetic without a time zone, so adding days never meets a DST gap.
int64_t days_from_date(Date d)
{
    int64_t y = d.month <= 2 ? d.year - 1 : d.year;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date date_from_days(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0)), month, day};
}

std::tm broken_down(int64_t unix_ms, Zone zone)
{
    // Floor, so that a moment before 1970 still falls in the right second.
    std::time_t seconds = static_cast<std::time_t>((unix_ms >= 0 ? unix_ms : unix_ms - 999) / 1000);
    std::tm tm{};
    if (zone == Zone::utc) gmtime_r(&seconds, &tm);
    else localtime_r(&seconds, &tm);
    return tm;
}

Date date_at(int64_t unix_ms, Zone zone)
{
    std::tm tm = broken_down(unix_ms, zone);
    return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

// The first moment of a day in the zone. Local midnight can be skipped by a DST change (a few
// zones move clocks at 00:00); mktime then answers the first moment that exists.
int64_t midnight(Date d, Zone zone)
{
    if (zone == Zone::utc) return days_from_date(d) * 86'400'000;
    std::tm tm{};
    tm.tm_year = d.year - 1900;
    tm.tm_mon = d.month - 1;
    tm.tm_mday = d.day;
    tm.tm_isdst = -1;
    return static_cast<int64_t>(std::mktime(&tm)) * 1000;
}

Date add_days(Date d, int64_t days) { return date_from_days(days_from_date(d) + days); }

Date add_months(Date d, int64_t months)  // d must be a 1st of the month
{
    int64_t index = d.year * 12LL + (d.month - 1) + months;
    return {static_cast<int>(index / 12), static_cast<int>(index % 12) + 1, 1};
}

Date monday_of(Date d)
{
    int64_t days = days_from_date(d);
    int64_t weekday = ((days % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday; Monday = 0
    return date_from_days(days - weekday);
}

bool parse_date(const std::string& text, Date& out)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    auto number = [&](size_t at, size_t length, int& value) {
        auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + length, value);
        return ec == std::errc() && end == text.data() + at + length;
    };
    Date d;
    if (!number(0, 4, d.year) || !number(5, 2, d.month) || !number(8, 2, d.day)) return false;
    if (d.month < 1 || d.month > 12 || d.day < 1) return false;
    // The day must exist: the date after it is in the next month.
    Date next_month = add_months({d.year, d.month, 1}, 1);
    if (days_from_date(d) >= days_from_date(next_month)) return false;
    out = d;
    return true;
}

enum class Edge { since, until };

// The start of the day/week/month `back` units before the current one.
int64_t unit_start(char unit, int64_t back, Date today, Zone zone)
{
    switch (unit) {
    case 'd': return midnight(add_days(today, -back), zone);
    case 'w': return midnight(add_days(monday_of(today), -7 * back), zone);
    default: return midnight(add_months({today.year, today.month, 1}, -back), zone);
    }
}

Result<int64_t> parse_edge(const std::string& flag, const std::string& text, Edge edge, Date today,
                           Zone zone)
{
    Date d;
    if (parse_date(text, d))
        return midnight(edge == Edge::since ? d : add_days(d, 1), zone);
    int64_t count = -1;
    if (text.size() >= 2) {
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, count);
        if (ec != std::errc() || end != text.data() + text.size() - 1) count = -1;
    }
    char unit = text.empty() ? '\0' : text.back();
    bool relative = count >= 0 && (unit == 'd' || unit == 'w' || unit == 'm');
    if (!relative)
        return fail(ErrorCode::invalid_input,
                    flag + ": \"" + text
                        + "\" is neither a date (YYYY-MM-DD) nor a count of days, weeks or months "
                          "(7d, 4w, 3m)");
    if (count > 100'000) return fail(ErrorCode::invalid_input, flag + ": \"" + text + "\" is too far back");
    if (edge == Edge::since) {
        if (count == 0)
            return fail(ErrorCode::invalid_input, flag + ": \"" + text + "\" counts nothing; 1"
                                                      + std::string(1, unit) + " is the current one");
    }
    // --since: the start of the oldest unit counted; --until: the end of the unit `count` back,
    // which is where the one after it starts.
    return unit_start(unit, count - 1, today, zone);
}

} // namespace

Result<Range> resolve_range(const PeriodFlags& flags, int64_t now_unix_ms, Zone zone)
{
    Date today = date_at(now_unix_ms, zone);
    Range range;
    range.from_unix_ms = LLMP_TRY(parse_edge("--since", flags.since.value_or("30d"), Edge::since, today, zone));
    range.until_unix_ms = LLMP_TRY(parse_edge("--until", flags.until.value_or("0d"), Edge::until, today, zone));
    if (range.until_unix_ms <= range.from_unix_ms)
        return fail(ErrorCode::invalid_input, "--since " + flags.since.value_or("30d") + " is not before --until "
                                                  + flags.until.value_or("(today)"));
    return range;
}

namespace {

// Room for any int in each field, so the compiler can see nothing is cut.
constexpr size_t k_date_text = 40;

std::string date_text(const Date& d)
{
    char text[k_date_text];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", d.year, d.month, d.day);
    return text;
}

} // namespace

std::string day_of(int64_t unix_ms, Zone zone) { return date_text(date_at(unix_ms, zone)); }

std::string week_of(int64_t unix_ms, Zone zone) { return date_text(monday_of(date_at(unix_ms, zone))); }

std::string month_of(int64_t unix_ms, Zone zone)
{
    Date d = date_at(unix_ms, zone);
    char text[k_date_text];
    std::snprintf(text, sizeof text, "%04d-%02d", d.year, d.month);
    return text;
}

std::string local_time(int64_t unix_ms, Zone zone)
{
    std::tm tm = broken_down(unix_ms, zone);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
    return text;
}

} // namespace llmp::report
