// Anthropic error bodies both ways (§3.4, §9.4) and the retry hints of §1.2.
#include "llmp/dialects/anthropic.hpp"

#include "llmp/core/strings.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <string>
#include <utility>

namespace llmp::dialects::anthropic {

namespace {

using canonical::ErrorType;

struct WireType {
    ErrorType type;
    const char* name;
    int status;
};

// One row per canonical type, in the direction llmp → Anthropic client. Quota has no verified
// Anthropic spelling: billing_error/402 is [UNVERIFIED] (§3.4), and a 429 rate_limit_error is
// what every Anthropic SDK already backs off on, so quota goes out as that with a message that
// says quota.
constexpr std::array<WireType, 10> k_wire_types = {{
    {ErrorType::invalid_request, "invalid_request_error", 400},
    {ErrorType::authentication, "authentication_error", 401},
    {ErrorType::permission, "permission_error", 403},
    {ErrorType::not_found, "not_found_error", 404},
    {ErrorType::too_large, "request_too_large", 413},
    {ErrorType::rate_limit, "rate_limit_error", 429},
    {ErrorType::quota, "rate_limit_error", 429},
    {ErrorType::overloaded, "overloaded_error", 529},
    {ErrorType::timeout, "timeout_error", 504},
    {ErrorType::server, "api_error", 500},
}};

const WireType& row_for(ErrorType type)
{
    for (const auto& row : k_wire_types)
        if (row.type == type) return row;
    return k_wire_types.back();
}

// The header's value, case-insensitively by name, or "" when absent.
std::string header_value(const upstream::Headers& headers, std::string_view name)
{
    for (const auto& [key, value] : headers)
        if (strings::iequals(key, name)) return std::string(strings::trim(value));
    return {};
}

std::optional<double> parse_number(const std::string& text)
{
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

// IMF-fixdate ("Wed, 21 Oct 2015 07:28:00 GMT"), as seconds from now.
std::optional<double> seconds_until_http_date(const std::string& text)
{
    std::tm tm{};
    const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    std::time_t when = timegm(&tm);
    if (when == std::time_t(-1)) return std::nullopt;
    auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    return double(when - now);
}

// §1.2: retry-after-ms, then retry-after in seconds, then retry-after as an HTTP date. Values
// that are not positive say nothing useful and are dropped.
std::optional<double> retry_after_from(const upstream::Headers& headers)
{
    std::optional<double> seconds;
    if (auto ms = parse_number(header_value(headers, "retry-after-ms")); ms) {
        seconds = *ms / 1000.0;
    } else {
        std::string value = header_value(headers, "retry-after");
        seconds = parse_number(value);
        if (!seconds && !value.empty()) seconds = seconds_until_http_date(value);
    }
    if (seconds && *seconds > 0) return seconds;
    return std::nullopt;
}

// A non-JSON body (an HTML page from a proxy in between) still says something; keep its start.
std::string message_from_text(std::string_view body, int status)
{
    std::string_view text = strings::trim(body);
    if (text.empty()) return "anthropic upstream answered HTTP " + std::to_string(status);
    constexpr size_t k_max = 300;
    if (text.size() <= k_max) return std::string(text);
    size_t cut = k_max;
    while (cut > 0 && (uint8_t(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 char
    return std::string(text.substr(0, cut)) + "...";
}

} // namespace

canonical::ErrorType error_type_from_wire(std::string_view type, int status)
{
    if (type == "billing_error") return ErrorType::quota;
    for (const auto& row : k_wire_types)
        if (row.type != ErrorType::quota && type == row.name) return row.type;
    return canonical::error_type_for_status(status);
}

const char* wire_error_type(canonical::ErrorType type)
{
    return row_for(type).name;
}

int wire_status(canonical::ErrorType type)
{
    return row_for(type).status;
}

canonical::UpstreamError decode_error(int status, const upstream::Headers& headers,
                                      std::string_view body)
{
    canonical::UpstreamError error;
    error.status = status;
    error.retry_after_s = retry_after_from(headers);
    std::string type_name;
    std::string message;
    Json parsed = json::parse(body);
    if (!parsed.is_discarded() && parsed.is_object()) {
        auto it = parsed.find("error");
        if (it != parsed.end() && it->is_object()) {
            type_name = json::string_at(*it, "type");
            message = json::string_at(*it, "message");
        } else if (it != parsed.end() && it->is_string()) {
            message = it->get<std::string>();  // {"error":"..."}: a gateway in front of us
        } else {
            message = json::string_at(parsed, "message");
        }
    } else {
        message = message_from_text(body, status);
    }
    if (message.empty()) message = "anthropic upstream answered HTTP " + std::to_string(status);
    error.type = error_type_from_wire(type_name, status);
    error.message = std::move(message);
    return error;
}

WireError encode_error(const canonical::UpstreamError& error)
{
    const WireType& row = row_for(error.type);
    WireError wire;
    wire.status = row.status;
    // A gateway failure (502) or an unavailable upstream (503) keeps its status: the client's
    // SDK retries those too, and the distinction helps whoever reads the logs.
    if (error.type == ErrorType::server && (error.status == 502 || error.status == 503))
        wire.status = error.status;
    std::string message = error.message;
    if (message.empty())
        message = std::string("upstream error: ") + canonical::error_type_name(error.type);
    if (error.type == ErrorType::quota &&
        strings::to_lower(message).find("quota") == std::string::npos)
        message = "quota exhausted: " + message;
    Json body = {{"type", "error"}, {"error", {{"type", row.name}, {"message", message}}}};
    wire.body = dump(body);
    if (error.retry_after_s && *error.retry_after_s > 0 && std::isfinite(*error.retry_after_s)) {
        double rounded = std::ceil(*error.retry_after_s);
        if (rounded < 1e9)
            wire.headers.emplace_back("retry-after", std::to_string(int64_t(rounded)));
    }
    return wire;
}

} // namespace llmp::dialects::anthropic
