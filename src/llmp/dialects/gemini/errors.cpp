// Gemini error bodies → canonical errors (reference §4.4, §1.2, §9.4).
// {"error":{"code":429,"message","status":"RESOURCE_EXHAUSTED","details":[...]}}, sometimes
// wrapped in a JSON array; proxies in front of Gemini may answer with HTML or plain text.
#include "llmp/dialects/gemini.hpp"

#include "llmp/core/strings.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <optional>
#include <sstream>
#include <utility>

namespace llmp::dialects::gemini {

namespace {

using canonical::ErrorType;

// google.rpc status names whose meaning is sharper than the HTTP status alone.
// RESOURCE_EXHAUSTED covers both per-minute limits and daily/free-tier quotas; the QuotaFailure
// detail does not say reliably which, so it stays rate_limit (a retry may well succeed).
constexpr std::array<std::pair<std::string_view, ErrorType>, 10> k_rpc_statuses = {{
    {"INVALID_ARGUMENT", ErrorType::invalid_request},
    {"FAILED_PRECONDITION", ErrorType::invalid_request},
    {"OUT_OF_RANGE", ErrorType::invalid_request},
    {"UNAUTHENTICATED", ErrorType::authentication},
    {"PERMISSION_DENIED", ErrorType::permission},
    {"NOT_FOUND", ErrorType::not_found},
    {"RESOURCE_EXHAUSTED", ErrorType::rate_limit},
    {"UNAVAILABLE", ErrorType::overloaded},
    {"DEADLINE_EXCEEDED", ErrorType::timeout},
    {"INTERNAL", ErrorType::server},
}};

constexpr size_t k_max_message = 500;

std::optional<double> parse_number(std::string_view text)
{
    text = strings::trim(text);
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
        value < 0)
        return std::nullopt;
    return value;
}

// "Wed, 21 Oct 2015 07:28:00 GMT" → seconds from now.
std::optional<double> seconds_until(std::string_view http_date)
{
    std::tm tm{};
    std::istringstream in{std::string(http_date)};
    in >> std::get_time(&tm, "%a, %d %b %Y %H:%M:%S");
    if (in.fail()) return std::nullopt;
    std::time_t at = timegm(&tm);
    if (at == std::time_t(-1)) return std::nullopt;
    // In seconds: system_clock counts nanoseconds, which overflow for a date past 2262.
    auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    double seconds = double(at) - double(now);
    if (seconds < 0) return std::nullopt;
    return seconds;
}

// §1.2 precedence: retry-after-ms, then retry-after in seconds, then as an HTTP date.
std::optional<double> retry_from_headers(const upstream::Headers& headers)
{
    std::optional<double> from_seconds;
    for (const auto& [name, value] : headers) {
        if (strings::iequals(name, "retry-after-ms")) {
            if (auto ms = parse_number(value)) return *ms / 1000.0;
        } else if (strings::iequals(name, "retry-after")) {
            from_seconds = parse_number(value);
            if (!from_seconds) from_seconds = seconds_until(value);
        }
    }
    return from_seconds;
}

// RetryInfo's retryDelay is a protobuf Duration in its JSON form: "37s", "1.5s".
std::optional<double> retry_from_details(const Json& details)
{
    if (!details.is_array()) return std::nullopt;
    for (const auto& detail : details) {
        if (!json::string_at(detail, "@type").ends_with("google.rpc.RetryInfo")) continue;
        std::string delay = json::string_at(detail, "retryDelay");
        if (!delay.ends_with('s')) continue;
        delay.pop_back();
        if (auto seconds = parse_number(delay)) return seconds;
    }
    return std::nullopt;
}

// An invalid API key is a 400 INVALID_ARGUMENT whose ErrorInfo says API_KEY_INVALID; to the
// client it is an authentication failure.
bool api_key_invalid(const Json& details)
{
    if (!details.is_array()) return false;
    for (const auto& detail : details)
        if (json::string_at(detail, "reason") == "API_KEY_INVALID") return true;
    return false;
}

// The body as a message, cut at a character boundary.
std::string text_message(std::string_view body, int status)
{
    body = strings::trim(body);
    if (body.empty()) return "upstream returned HTTP " + std::to_string(status);
    if (body.size() <= k_max_message) return std::string(body);
    size_t cut = k_max_message;
    while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;
    return std::string(body.substr(0, cut));
}

} // namespace

canonical::UpstreamError decode_error(int status, const upstream::Headers& headers,
                                      std::string_view body)
{
    canonical::UpstreamError out;
    out.status = status;
    out.type = canonical::error_type_for_status(status);
    out.retry_after_s = retry_from_headers(headers);

    Json parsed = json::parse(body);
    if (parsed.is_array() && !parsed.empty()) parsed = parsed[0];
    const Json* error = nullptr;
    if (parsed.is_object())
        if (auto it = parsed.find("error"); it != parsed.end()) error = &*it;

    if (error != nullptr && error->is_object()) {
        out.message = json::string_at(*error, "message");
        std::string rpc_status = json::string_at(*error, "status");
        for (const auto& [name, type] : k_rpc_statuses)
            if (rpc_status == name) out.type = type;
        const Json empty;
        auto details_it = error->find("details");
        const Json& details = details_it != error->end() ? *details_it : empty;
        if (api_key_invalid(details)) out.type = ErrorType::authentication;
        if (!out.retry_after_s) out.retry_after_s = retry_from_details(details);
    } else if (error != nullptr && error->is_string()) {
        out.message = error->get<std::string>();
    }
    if (out.message.empty()) out.message = text_message(body, status);
    return out;
}

} // namespace llmp::dialects::gemini
