// Cohere error responses → canonical errors. Cohere's bodies are {"message":"..."}; other
// shapes and non-JSON bodies (a proxy's HTML page) are tolerated, and the HTTP status decides
// the type because the body carries none.
#include "llmp/dialects/cohere.hpp"

#include "llmp/core/strings.hpp"

#include <charconv>
#include <cmath>

namespace llmp::dialects::cohere {

namespace {
// A plain decimal number of seconds (or milliseconds); HTTP dates are not understood.
std::optional<double> number_in(std::string_view text)
{
    text = strings::trim(text);
    double value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    if (!std::isfinite(value) || value < 0) return std::nullopt;
    return value;
}

// providers.md §1.2: retry-after-ms first, then retry-after in seconds.
std::optional<double> retry_after_from(const upstream::Headers& headers)
{
    for (const auto& [name, value] : headers)
        if (strings::iequals(name, "retry-after-ms"))
            if (auto ms = number_in(value)) return *ms / 1000.0;
    for (const auto& [name, value] : headers)
        if (strings::iequals(name, "retry-after"))
            if (auto seconds = number_in(value)) return seconds;
    return std::nullopt;
}

// Shortened on a UTF-8 character boundary, so the message stays valid JSON text.
std::string excerpt(std::string_view text, size_t limit = 512)
{
    if (text.size() <= limit) return std::string(text);
    size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut)) + "...";
}
} // namespace

std::string error_message_from(const Json& body)
{
    if (!body.is_object()) return "";
    if (std::string message = json::string_at(body, "message"); !message.empty()) return message;
    auto error = body.find("error");
    if (error == body.end()) return "";
    if (error->is_string()) return error->get<std::string>();
    return json::string_at(*error, "message");
}

canonical::UpstreamError decode_error(int status, const upstream::Headers& headers,
                                      std::string_view body)
{
    canonical::UpstreamError error;
    error.status = status;
    error.type = canonical::error_type_for_status(status);  // 429 → rate_limit
    error.retry_after_s = retry_after_from(headers);
    Json parsed = json::parse(body);
    if (!parsed.is_discarded()) error.message = error_message_from(parsed);
    else error.message = excerpt(strings::trim(body));
    if (error.message.empty())
        error.message = "Cohere answered with HTTP status " + std::to_string(status);
    return error;
}

} // namespace llmp::dialects::cohere
