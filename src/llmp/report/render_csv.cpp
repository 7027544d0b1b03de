#include "llmp/report/fields.hpp"
#include "llmp/report/money.hpp"
#include "llmp/report/render.hpp"

#include <cstdio>

namespace llmp::report {

namespace {

// RFC 4180: quote a value holding a comma, quote or line break; double its quotes.
std::string quoted(const std::string& value)
{
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void append_sums(std::string& line, const Totals& totals, const Totals& total, bool what_if)
{
    for (const auto& field : fields_of(totals, what_if)) {
        (line += ',') += std::to_string(field.value);
        if (field.kind == Field::Kind::money) (line += ',') += usd_decimal(field.value);
    }
    char share[16];
    std::snprintf(share, sizeof share, "%.4f", share_of(totals, total));
    line += std::string(",") + (totals.cost_is_lower_bound() ? "true" : "false");
    line += std::string(",") + (totals.includes_estimates() ? "true" : "false") + "," + share;
}

} // namespace

std::string render_csv(const Report& report)
{
    const auto& query = report.query;
    bool what_if = query.what_if.has_value();
    std::string out;
    std::string header;
    // Appended piece by piece: GCC 12's -O3 warns (-Wrestrict, falsely) on "," + std::string&&.
    for (const auto& group_by : query.group_by) {
        if (!header.empty()) header += ',';
        header += quoted(name_of(group_by));
    }
    if (query.breakdown) header += ",breakdown_model";
    for (const auto& field : fields_of({}, what_if)) {
        if (field.kind == Field::Kind::count) header += "," + field.name;
        else header += "," + field.name + "_nanousd," + field.name + "_usd";
    }
    out += header + ",cost_is_lower_bound,cost_includes_estimates,share\n";

    auto line_of = [&](const std::vector<std::string>& group, const Totals& totals) {
        std::string line;
        for (size_t i = 0; i < group.size(); ++i) {
            if (i) line += ',';
            line += quoted(group[i]);
        }
        append_sums(line, totals, report.total, what_if);
        out += line + "\n";
    };
    for (const auto& row : report.rows) {
        if (!query.breakdown) {
            line_of(row.group, row.totals);
            continue;
        }
        for (const auto& part : row.breakdown) {
            auto group = row.group;
            group.push_back(part.group.front());
            line_of(group, part.totals);
        }
    }
    return out;
}

std::string render(const Report& report, Format format, const Terminal& terminal)
{
    switch (format) {
    case Format::json: return render_json(report);
    case Format::csv: return render_csv(report);
    default: return render_table(report, terminal);
    }
}

} // namespace llmp::report
