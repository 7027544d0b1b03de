#include "llmp/report/usage_report.hpp"

#include "llmp/ledger/usage_scan.hpp"
#include "llmp/pricing/cost.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <unordered_map>

namespace llmp::report {

namespace {

constexpr int64_t k_slot_ms = 15 * 60 * 1000;

ledger::UsageField field_of(const GroupBy& group_by)
{
    switch (group_by.grouping) {
    case Grouping::provider: return {ledger::UsageColumn::provider, ""};
    case Grouping::key: return {ledger::UsageColumn::key_id, ""};
    case Grouping::project: return {ledger::UsageColumn::project, ""};
    case Grouping::source: return {ledger::UsageColumn::source, ""};
    case Grouping::tag: return {ledger::UsageColumn::tag, group_by.tag};
    default: return {ledger::UsageColumn::model, ""};
    }
}

int64_t slot_of(int64_t unix_ms)
{
    return unix_ms >= 0 ? unix_ms / k_slot_ms : -((-unix_ms + k_slot_ms - 1) / k_slot_ms);
}

// Sums rows per (15-minute slot, grouping values) while the ledger is scanned. The key is
// built in one reused string, so a row that lands in an existing bucket allocates nothing.
class Accumulator {
public:
    Accumulator(const ReportQuery& query, const pricing::PriceTable& prices)
        : m_query(query), m_prices(prices)
    {
        for (const auto& group_by : query.group_by)
            if (is_calendar(group_by.grouping)) m_calendar = true;
            else m_fields.push_back(field_of(group_by));
        if (query.breakdown) m_fields.push_back({ledger::UsageColumn::model, ""});
    }

    const std::vector<ledger::UsageField>& fields() const { return m_fields; }

    void add(const ledger::UsageRow& row)
    {
        int64_t slot = m_calendar ? slot_of(row.started_unix_ms) : 0;
        m_key.assign(reinterpret_cast<const char*>(&slot), sizeof slot);
        for (auto value : row.fields) {
            auto size = static_cast<uint32_t>(value.size());
            m_key.append(reinterpret_cast<const char*>(&size), sizeof size);
            m_key.append(value);
        }
        auto it = m_buckets.find(m_key);
        if (it == m_buckets.end())
            it = m_buckets.emplace(m_key, Bucket{slot, {row.fields.begin(), row.fields.end()}, {}}).first;
        count(row, it->second.totals);
    }

    // Folds the buckets into the report's groups.
    Report finish() const;

private:
    struct Bucket {
        int64_t slot = 0;
        std::vector<std::string> values;  // one per m_fields
        Totals totals;
    };

    void count(const ledger::UsageRow& row, Totals& t)
    {
        ++t.requests;
        if (row.error) ++t.errors;
        if (row.usage.known) {
            t.input += row.usage.input;
            t.cached_input += row.usage.cached_input;
            t.cache_write += row.usage.cache_write;
            t.output += row.usage.output;
            t.reasoning += row.usage.reasoning;
        }
        if (row.cost_nanousd) t.cost_nanousd += *row.cost_nanousd;
        else if (row.usage.known) ++t.unpriced;
        if (row.estimated) ++t.estimated;
        if (row.cache_hit) {
            ++t.cache_hits;
            t.cache_savings_nanousd
                += pricing::cost_nanousd(price_of(row.provider, row.upstream_model), row.usage).value_or(0);
        } else if (m_query.what_if) {
            t.what_if_nanousd += pricing::cost_nanousd(&m_query.what_if->price, row.usage).value_or(0);
        }
    }

    const pricing::Price* price_of(std::string_view provider, std::string_view model)
    {
        auto key = std::make_pair(std::string(provider), std::string(model));
        auto it = m_hit_prices.find(key);
        if (it == m_hit_prices.end()) it = m_hit_prices.emplace(key, m_prices.find(provider, model)).first;
        return it->second;
    }

    const ReportQuery& m_query;
    const pricing::PriceTable& m_prices;
    bool m_calendar = false;
    std::vector<ledger::UsageField> m_fields;
    std::string m_key;
    std::unordered_map<std::string, Bucket> m_buckets;
    std::map<std::pair<std::string, std::string>, const pricing::Price*> m_hit_prices;
};

bool more_expensive(const ReportRow& a, const ReportRow& b)
{
    if (a.totals.cost_nanousd != b.totals.cost_nanousd) return a.totals.cost_nanousd > b.totals.cost_nanousd;
    return a.group < b.group;
}

Report Accumulator::finish() const
{
    Report report;
    report.query = m_query;
    // Calendar labels per slot, computed once per slot rather than once per bucket.
    std::unordered_map<int64_t, std::array<std::string, 3>> labels;
    auto label = [&](int64_t slot, Grouping grouping) -> const std::string& {
        auto [it, fresh] = labels.try_emplace(slot);
        if (fresh) {
            int64_t at = slot * k_slot_ms;
            it->second = {day_of(at, m_query.zone), week_of(at, m_query.zone), month_of(at, m_query.zone)};
        }
        return it->second[grouping == Grouping::day ? 0 : grouping == Grouping::week ? 1 : 2];
    };

    std::map<std::vector<std::string>, std::pair<Totals, std::map<std::string, Totals>>> groups;
    for (const auto& [key, bucket] : m_buckets) {
        std::vector<std::string> group;
        size_t field = 0;
        for (const auto& group_by : m_query.group_by)
            group.push_back(is_calendar(group_by.grouping) ? label(bucket.slot, group_by.grouping)
                                                           : bucket.values[field++]);
        auto& [totals, by_model] = groups[group];
        totals.add(bucket.totals);
        if (m_query.breakdown) by_model[bucket.values.back()].add(bucket.totals);
        report.total.add(bucket.totals);
    }

    for (auto& [group, sums] : groups) {
        ReportRow row{group, sums.first, {}};
        for (const auto& [model, totals] : sums.second) row.breakdown.push_back({{model}, totals, {}});
        std::sort(row.breakdown.begin(), row.breakdown.end(), more_expensive);
        report.rows.push_back(std::move(row));
    }
    bool in_time_order = std::any_of(m_query.group_by.begin(), m_query.group_by.end(),
                                     [](const GroupBy& g) { return is_calendar(g.grouping); });
    if (!in_time_order) std::sort(report.rows.begin(), report.rows.end(), more_expensive);
    return report;
}

} // namespace

Result<Report> build_report(const std::string& ledger_path, const ReportQuery& query,
                            const pricing::PriceTable& prices)
{
    Accumulator accumulator(query, prices);
    ledger::UsageScan scan{query.range.from_unix_ms, query.range.until_unix_ms, accumulator.fields()};
    LLMP_TRY(ledger::scan_usage(ledger_path, scan,
                                [&accumulator](const ledger::UsageRow& row) { accumulator.add(row); }));
    return accumulator.finish();
}

Result<WhatIf> what_if_for(const std::string& model, const pricing::PriceTable& prices)
{
    auto slash = model.find('/');
    std::string provider = slash == std::string::npos ? "" : model.substr(0, slash);
    std::string name = slash == std::string::npos ? model : model.substr(slash + 1);
    const pricing::Price* price = prices.find(provider, name);
    if (!price)
        return fail(ErrorCode::not_found, "--what-if: no price known for \"" + model
                                              + "\"; add one under [prices.\"" + model + "\"] in the config");
    return WhatIf{model, *price};
}

} // namespace llmp::report
