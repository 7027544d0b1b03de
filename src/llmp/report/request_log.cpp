#include "llmp/report/request_log.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/pricing/cost.hpp"
#include "llmp/report/money.hpp"

#include <algorithm>
#include <cstdio>

namespace llmp::report {

namespace {

std::string latency(int64_t ms)
{
    if (ms < 1000) return std::to_string(ms) + " ms";
    char text[32];
    std::snprintf(text, sizeof text, "%.2f s", static_cast<double>(ms) / 1000);
    return text;
}

// "-" when the upstream reported no usage (nothing to price); "?" when the price is unknown.
std::string cost_text(const ledger::RequestRecord& r)
{
    if (r.cost_nanousd) {
        std::string text = r.usage_estimated.empty() ? "" : "~";
        return text += pricing::format_usd(*r.cost_nanousd);
    }
    return r.usage.known ? "?" : "-";
}

std::string tokens(const ledger::RequestRecord& r, int64_t value)
{
    return r.usage.known ? std::to_string(value) : "-";
}

std::string status_text(const ledger::RequestRecord& r)
{
    return std::to_string(r.status) + (r.error_class.empty() ? "" : " " + r.error_class);
}

std::string model_text(const ledger::RequestRecord& r)
{
    if (r.upstream_model.empty() || r.upstream_model == r.requested_model) return r.requested_model;
    if (r.requested_model.empty()) return r.upstream_model;
    return r.requested_model + " > " + r.upstream_model;
}

Json body_json(const std::optional<std::string>& body)
{
    if (!body) return Json();
    Json parsed = json::parse(*body);
    return parsed.is_discarded() ? Json(*body) : parsed;
}

Json text_or_null(const std::string& text) { return text.empty() ? Json() : Json(text); }

std::string pretty_body(const std::string& body)
{
    Json parsed = json::parse(body);
    return parsed.is_discarded() ? body : parsed.dump(2);
}

} // namespace

std::string render_request_list(const std::vector<ledger::RequestRecord>& requests, Zone zone)
{
    std::vector<std::vector<std::string>> lines = {
        {"ID", "TIME", "MODEL", "PROVIDER", "STATUS", "IN", "OUT", "COST", "LATENCY"}};
    for (const auto& r : requests)
        lines.push_back({r.id, local_time(r.started_unix_ms, zone), model_text(r), r.provider, status_text(r),
                         tokens(r, r.usage.prompt_total()), tokens(r, r.usage.output), cost_text(r),
                         latency(r.duration_ms)});
    std::vector<size_t> widths(lines.front().size());
    for (const auto& line : lines)
        for (size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], line[i].size());
    constexpr size_t k_first_number = 5;  // IN onwards line up on the right
    std::string out;
    for (const auto& line : lines) {
        std::string text;
        for (size_t i = 0; i < line.size(); ++i) {
            std::string pad(widths[i] - line[i].size(), ' ');
            text += (i < k_first_number ? line[i] + pad : pad + line[i]) + "  ";
        }
        while (!text.empty() && text.back() == ' ') text.pop_back();
        out += text + "\n";
    }
    return out;
}

std::string render_request(const ledger::RequestRecord& r, Zone zone)
{
    std::string out;
    auto field = [&out](const char* name, const std::string& value) {
        if (!value.empty()) out += std::string(name) + ": " + value + "\n";
    };
    field("id", r.id);
    field("time", local_time(r.started_unix_ms, zone) + (zone == Zone::utc ? " UTC" : ""));
    field("source", r.source);
    field("endpoint", r.dialect + " " + r.endpoint);
    field("key", r.key_id);
    field("project", r.project);
    field("user", r.user);
    field("tags", r.tags);
    field("model", r.requested_model);
    field("served by", r.provider.empty() ? "" : r.provider + "/" + r.upstream_model);
    field("attempts", std::to_string(r.attempts) + (r.fallback ? " (a fallback target served)" : ""));
    field("status", status_text(r));
    if (r.usage.known) {
        field("tokens", "input " + std::to_string(r.usage.input) + ", cached input "
                            + std::to_string(r.usage.cached_input) + ", cache write "
                            + std::to_string(r.usage.cache_write) + ", output " + std::to_string(r.usage.output)
                            + " (reasoning " + std::to_string(r.usage.reasoning) + ")"
                            + (r.usage_estimated.empty() ? ""
                                                         : "; estimated by llmp: " + r.usage_estimated));
    } else {
        field("tokens", "not reported");
    }
    field("cost", r.cost_nanousd ? pricing::format_usd(*r.cost_nanousd) + " (" + std::to_string(*r.cost_nanousd)
                                       + " nano-dollars)"
                                 : r.usage.known ? "unknown (no price for this model)" : "none");
    field("latency", latency(r.duration_ms) + (r.ttft_ms ? ", first token after " + latency(*r.ttft_ms) : ""));
    field("streamed", r.streamed ? "yes" : "no");
    field("cache hit", r.cache_hit ? "yes" : "");
    field("replay of", r.replay_of);
    out += "\nrequest body:\n" + (r.request_body ? pretty_body(*r.request_body) : "(not stored)") + "\n";
    out += "\nresponse body:\n" + (r.response_body ? pretty_body(*r.response_body) : "(not stored)") + "\n";
    return out;
}

Json request_json(const ledger::RequestRecord& r, bool with_bodies)
{
    Json tags = r.tags.empty() ? Json() : json::parse(r.tags);
    if (tags.is_discarded()) tags = Json(r.tags);
    auto optional = [](const std::optional<int64_t>& value) { return value ? Json(*value) : Json(); };
    auto usage = [&r](int64_t value) { return r.usage.known ? Json(value) : Json(); };
    Json out = {
        {"id", r.id},
        {"started_at", clock::iso8601_utc(r.started_unix_ms)},
        {"started_unix_ms", r.started_unix_ms},
        {"duration_ms", r.duration_ms},
        {"ttft_ms", optional(r.ttft_ms)},
        {"source", r.source},
        {"dialect", r.dialect},
        {"endpoint", r.endpoint},
        {"key_id", text_or_null(r.key_id)},
        {"project", text_or_null(r.project)},
        {"user", text_or_null(r.user)},
        {"tags", tags},
        {"requested_model", text_or_null(r.requested_model)},
        {"provider", text_or_null(r.provider)},
        {"upstream_model", text_or_null(r.upstream_model)},
        {"attempts", r.attempts},
        {"fallback", r.fallback},
        {"status", r.status},
        {"error_class", text_or_null(r.error_class)},
        {"input_tokens", usage(r.usage.input)},
        {"cached_input_tokens", usage(r.usage.cached_input)},
        {"cache_write_tokens", usage(r.usage.cache_write)},
        {"output_tokens", usage(r.usage.output)},
        {"reasoning_tokens", usage(r.usage.reasoning)},
        {"cost_nanousd", optional(r.cost_nanousd)},
        {"cost_usd", r.cost_nanousd ? Json(usd_decimal(*r.cost_nanousd)) : Json()},
        {"usage_estimated", text_or_null(r.usage_estimated)},
        {"cache_hit", r.cache_hit},
        {"streamed", r.streamed},
        {"replay_of", text_or_null(r.replay_of)},
    };
    if (with_bodies) {
        out["request_body"] = body_json(r.request_body);
        out["response_body"] = body_json(r.response_body);
    }
    return out;
}

} // namespace llmp::report
