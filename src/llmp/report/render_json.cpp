#include "llmp/canonical/json.hpp"
#include "llmp/report/fields.hpp"
#include "llmp/report/money.hpp"
#include "llmp/report/render.hpp"

namespace llmp::report {

namespace {

Json sums(const Totals& totals, const Totals& total, bool what_if)
{
    Json out = Json::object();
    for (const auto& field : fields_of(totals, what_if)) {
        if (field.kind == Field::Kind::count) {
            out[field.name] = field.value;
        } else {
            out[field.name + "_nanousd"] = field.value;
            out[field.name + "_usd"] = usd_decimal(field.value);
        }
    }
    out["cost_is_lower_bound"] = totals.cost_is_lower_bound();
    out["cost_includes_estimates"] = totals.includes_estimates();
    out["share"] = share_of(totals, total);
    return out;
}

// An empty value (a NULL column, an absent tag) is JSON null, not "".
Json value_or_null(const std::string& value) { return value.empty() ? Json() : Json(value); }

} // namespace

std::string render_json(const Report& report)
{
    const auto& query = report.query;
    bool what_if = query.what_if.has_value();
    Json out = Json::object();
    out["from"] = day_of(query.range.from_unix_ms, query.zone);
    out["until"] = day_of(query.range.until_unix_ms - 1, query.zone);  // inclusive
    out["from_unix_ms"] = query.range.from_unix_ms;
    out["until_unix_ms"] = query.range.until_unix_ms;  // exclusive
    out["time_zone"] = query.zone == Zone::utc ? "utc" : "local";
    Json names = Json::array();
    for (const auto& group_by : query.group_by) names.push_back(name_of(group_by));
    out["group_by"] = names;
    out["what_if_model"] = what_if ? Json(query.what_if->model) : Json();
    Json rows = Json::array();
    for (const auto& row : report.rows) {
        Json group = Json::object();
        for (size_t i = 0; i < row.group.size(); ++i) group[name_of(query.group_by[i])] = value_or_null(row.group[i]);
        Json item = {{"group", group}};
        item.update(sums(row.totals, report.total, what_if));
        if (query.breakdown) {
            Json breakdown = Json::array();
            for (const auto& part : row.breakdown) {
                Json model = {{"model", value_or_null(part.group.front())}};
                model.update(sums(part.totals, report.total, what_if));
                breakdown.push_back(std::move(model));
            }
            item["breakdown"] = std::move(breakdown);
        }
        rows.push_back(std::move(item));
    }
    out["rows"] = std::move(rows);
    out["total"] = sums(report.total, report.total, what_if);
    return out.dump(2) + "\n";
}

} // namespace llmp::report
