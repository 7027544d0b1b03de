#include "llmp/pricing/cost.hpp"
#include "llmp/report/fields.hpp"
#include "llmp/report/render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace llmp::report {

namespace {

constexpr int k_max_bar = 30;
constexpr int k_min_bar = 5;  // narrower than this, a bar says nothing: leave it out
constexpr int k_wanted_bar = 12;  // room worth hiding all-zero columns for

// Columns on screen, not bytes: "≥" and the bar's blocks are one column each.
size_t display_width(const std::string& text)
{
    return static_cast<size_t>(std::count_if(text.begin(), text.end(),
                                             [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string with_separators(int64_t value)
{
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return value < 0 ? "-" + out : out;
}

// "≥" for a lower bound (unpriced rows), "~" for a sum that includes estimated tokens.
std::string money(const Totals& t)
{
    return (t.cost_is_lower_bound() ? "≥ " : "") + std::string(t.includes_estimates() ? "~" : "")
        + pricing::format_usd(t.cost_nanousd);
}

std::string percent(double share)
{
    char text[16];
    std::snprintf(text, sizeof text, "%.1f%%", share * 100);
    return text;
}

// A bar of `share` of `width` columns: eighth blocks on a terminal, '#' elsewhere.
std::string bar(double share, int width, const Terminal& terminal)
{
    if (!terminal.is_tty) return std::string(static_cast<size_t>(std::lround(share * width)), '#');
    static const char* const k_eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    long eighths = std::lround(share * width * 8);
    std::string out;
    for (long i = 0; i < eighths / 8; ++i) out += "█";
    out += k_eighths[eighths % 8];
    return out;
}

struct Line {
    std::vector<std::string> cells;
    double share = 0;
    enum class Kind { row, part, total } kind = Kind::row;
};

class Table {
public:
    Table(const Report& report) : m_report(report)
    {
        const auto& t = report.total;
        for (const auto& group_by : report.query.group_by) m_headers.push_back(name_of(group_by));
        m_groups = m_headers.size();
        m_headers.insert(m_headers.end(), {"requests", "errors"});
        if (t.unpriced) m_headers.push_back("unpriced");
        m_headers.insert(m_headers.end(), {"input", "cached", "cache write", "output", "reasoning", "cost"});
        if (report.query.what_if) m_headers.push_back("if " + report.query.what_if->model);
        if (t.cache_hits) m_headers.insert(m_headers.end(), {"cache hits", "saved"});
        m_headers.push_back("share");
    }

    void add(std::vector<std::string> group, const Totals& t, Line::Kind kind)
    {
        const auto& total = m_report.total;
        Line line{std::move(group), share_of(t, total), kind};
        auto& c = line.cells;
        c.insert(c.end(), {with_separators(t.requests), with_separators(t.errors)});
        if (total.unpriced) c.push_back(with_separators(t.unpriced));
        c.insert(c.end(), {with_separators(t.input), with_separators(t.cached_input),
                           with_separators(t.cache_write), with_separators(t.output),
                           with_separators(t.reasoning), money(t)});
        if (m_report.query.what_if) c.push_back(pricing::format_usd(t.what_if_nanousd));
        if (total.cache_hits)
            c.insert(c.end(), {with_separators(t.cache_hits), pricing::format_usd(t.cache_savings_nanousd)});
        c.push_back(percent(line.share));
        m_lines.push_back(std::move(line));
    }

    std::string str(const Terminal& terminal) const
    {
        std::vector<size_t> widths(m_headers.size());
        for (size_t i = 0; i < m_headers.size(); ++i) widths[i] = display_width(m_headers[i]);
        for (const auto& line : m_lines)
            for (size_t i = 0; i < line.cells.size(); ++i) widths[i] = std::max(widths[i], display_width(line.cells[i]));
        // The bar is what a glance at the report reads; on a narrow terminal it goes before
        // any number does, but token columns that are zero on every line go before the bar.
        std::vector<bool> shown(m_headers.size(), true);
        auto used_width = [&] {
            int used = 0;
            for (size_t i = 0; i < widths.size(); ++i)
                if (shown[i]) used += static_cast<int>(widths[i]) + 2;
            return used;
        };
        for (const char* optional : {"cache write", "reasoning", "cached"}) {
            if (terminal.width - used_width() >= k_wanted_bar) break;
            size_t column = static_cast<size_t>(
                std::find(m_headers.begin(), m_headers.end(), optional) - m_headers.begin());
            bool all_zero = column < m_headers.size();
            for (const auto& line : m_lines)
                if (column < line.cells.size() && line.cells[column] != "0") all_zero = false;
            if (all_zero) shown[column] = false;
        }
        int used = used_width();
        int bar_width = std::min(k_max_bar, terminal.width - used);
        if (bar_width < k_min_bar) bar_width = 0;

        auto bold = [&](const std::string& text) { return terminal.color ? "\033[1m" + text + "\033[0m" : text; };
        auto render_line = [&](const std::vector<std::string>& cells) {
            std::string out;
            for (size_t i = 0; i < cells.size(); ++i) {
                if (!shown[i]) continue;
                std::string pad(widths[i] - display_width(cells[i]), ' ');
                // Group names read left to right; numbers line up on their last digit.
                out += i < m_groups ? cells[i] + pad : pad + cells[i];
                out += "  ";
            }
            return out;
        };
        std::string out = bold(trimmed(render_line(m_headers))) + "\n";
        for (const auto& line : m_lines) {
            std::string text = render_line(line.cells);
            if (line.kind == Line::Kind::total) {
                size_t rule = static_cast<size_t>(used - 2 + (bar_width ? bar_width + 0 : 0));
                std::string dash = terminal.is_tty ? "─" : "-";
                std::string ruler;
                for (size_t i = 0; i < rule; ++i) ruler += dash;
                out += ruler + "\n";
                out += bold(trimmed(text)) + "\n";
                continue;
            }
            if (bar_width) {
                std::string drawn = bar(line.share, bar_width, terminal);
                if (terminal.color && !drawn.empty()) drawn = "\033[36m" + drawn + "\033[0m";
                text += drawn;
            }
            out += trimmed(text) + "\n";
        }
        return out;
    }

private:
    static std::string trimmed(std::string text)
    {
        while (!text.empty() && text.back() == ' ') text.pop_back();
        return text;
    }

    const Report& m_report;
    std::vector<std::string> m_headers;
    size_t m_groups = 0;
    std::vector<Line> m_lines;
};

std::string shown(const std::string& value) { return value.empty() ? "(none)" : value; }

std::string footnotes(const Report& report)
{
    const auto& t = report.total;
    std::string out;
    if (t.unpriced)
        out += "≥ the cost is a lower bound: " + with_separators(t.unpriced)
            + " request(s) have usage but no known price; add their models under [prices] in the config\n";
    if (t.estimated)
        out += "~ includes estimates: " + with_separators(t.estimated)
            + " request(s) were cut before the provider reported usage; their tokens were estimated"
              " from what was sent and relayed (llmp logs shows which)\n";
    if (t.cache_hits)
        out += "cache: " + with_separators(t.cache_hits) + " hit(s) saved "
            + pricing::format_usd(t.cache_savings_nanousd) + " at current prices\n";
    if (report.query.what_if) {
        out += "what if every request had gone to " + report.query.what_if->model + ": "
            + pricing::format_usd(t.what_if_nanousd) + " instead of " + money(t);
        if (t.cost_nanousd > 0) {
            double change = (static_cast<double>(t.what_if_nanousd) / static_cast<double>(t.cost_nanousd) - 1) * 100;
            char text[32];
            std::snprintf(text, sizeof text, " (%+.1f%%)", change);
            out += text;
        }
        out += "\n";
    }
    return out;
}

} // namespace

std::string render_table(const Report& report, const Terminal& terminal)
{
    const auto& query = report.query;
    std::string range = day_of(query.range.from_unix_ms, query.zone) + " to "
        + day_of(query.range.until_unix_ms - 1, query.zone)
        + (query.zone == Zone::utc ? " (UTC)" : " (local time)");
    if (report.rows.empty()) return "no requests from " + range + "\n";

    Table table(report);
    for (const auto& row : report.rows) {
        std::vector<std::string> group;
        for (const auto& value : row.group) group.push_back(shown(value));
        table.add(group, row.totals, Line::Kind::row);
        for (const auto& part : row.breakdown) {
            std::vector<std::string> label(row.group.size());
            label.front() = "  " + shown(part.group.front());
            table.add(label, part.totals, Line::Kind::part);
        }
    }
    std::vector<std::string> total_label(query.group_by.size());
    total_label.front() = "total";
    table.add(total_label, report.total, Line::Kind::total);
    return "cost from " + range + "\n" + table.str(terminal) + footnotes(report);
}

} // namespace llmp::report
