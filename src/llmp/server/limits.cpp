#include "llmp/server/limits.hpp"

#include <cctype>

namespace llmp::server::limits {

namespace {

// A bracket written as a \u escape ("\u005b") is a bracket once the string is decoded.
int escaped_bracket(const char* p, const char* end)
{
    if (end - p < 5 || p[0] != 'u' || p[1] != '0' || p[2] != '0') return 0;
    char high = p[3];
    char low = static_cast<char>(std::tolower(static_cast<unsigned char>(p[4])));
    if ((high == '5' || high == '7') && low == 'b') return 1;
    if ((high == '5' || high == '7') && low == 'd') return -1;
    return 0;
}

// The member whose value ends just before `position` (the faulty value's last character may be
// included), or "".
std::string field_before(std::string_view text, size_t position)
{
    size_t at = std::min(position, text.size());
    if (at > 0) --at;
    // Back over the faulty value to the member's colon: the value may be a number, a literal or
    // the start of a string, never a structure.
    while (at > 0 && text[at - 1] != ':') {
        char c = text[at - 1];
        if (c == ',' || c == '{' || c == '[' || c == '}' || c == ']') return "";
        --at;
    }
    if (at == 0) return "";
    size_t end = at - 1;
    while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    if (end == 0 || text[end - 1] != '"') return "";
    size_t begin = text.rfind('"', end - 2 < end ? end - 2 : 0);
    if (begin == std::string_view::npos || end - 1 <= begin) return "";
    std::string_view key = text.substr(begin + 1, end - 2 - begin);
    if (key.size() > 64 || key.find_first_of("\\\n") != std::string_view::npos) return "";
    return " (at '" + std::string(key) + "')";
}

// The framing breaches come last in the enum (see limits.hpp).
bool framing_breach(Breach breach) { return breach >= Breach::length_and_chunked; }

} // namespace

Result<void> check_json_depth(std::string_view text, int max_depth, std::string_view what)
{
    // Every level needs an opening bracket (or, inside a string, perhaps an escape): a text
    // with fewer of those than the limit cannot nest deeper. One cheap pass settles most bodies.
    size_t openers = 0;
    for (char c : text) openers += static_cast<size_t>((c == '[') | (c == '{') | (c == '\\'));
    if (openers <= static_cast<size_t>(max_depth)) return {};

    auto too_deep = [&] {
        return fail(ErrorCode::invalid_input, std::string(what) + " is JSON nested deeper than "
                                                  + std::to_string(max_depth) + " levels");
    };
    // Strings count too: a tool call's arguments are JSON in a string, and a translation
    // parses them into the body it builds, below the string's own depth.
    int depth = 0;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        char c = *p++;
        if (c == '"') {
            int inner = 0;
            while (p < end) {
                char s = *p++;
                int step = 0;
                if (s == '\\') {
                    if (p >= end) break;
                    step = escaped_bracket(p, end);
                    p += step != 0 ? 5 : 1;
                } else if (s == '"') {
                    break;
                } else {
                    step = (s == '[' || s == '{') ? 1 : (s == ']' || s == '}') ? -1 : 0;
                }
                if (step > 0 && depth + ++inner > max_depth) return too_deep();
                if (step < 0 && inner > 0) --inner;
            }
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return too_deep();
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return {};
}

std::string json_error_field(std::string_view text, const Json::exception& error)
{
    if (const auto* parse = dynamic_cast<const Json::parse_error*>(&error))
        return field_before(text, parse->byte);
    // A number too large for a double ("number overflow parsing '1e400'") comes with no
    // position: find the number.
    std::string_view what = error.what();
    size_t open = what.find("parsing '");
    size_t close = what.rfind('\'');
    if (open == std::string_view::npos || close <= open + 9) return "";
    std::string_view number = what.substr(open + 9, close - open - 9);
    for (size_t at = text.find(number); at != std::string_view::npos; at = text.find(number, at + 1))
        if (auto field = field_before(text, at + 1); !field.empty()) return field;
    return "";
}

Json parse_bounded(std::string_view text, int max_depth)
{
    if (!check_json_depth(text, max_depth)) return Json(Json::value_t::discarded);
    return Json::parse(text, nullptr, false);
}

int64_t body_allowance_ms(int64_t request_timeout_ms, int64_t received)
{
    return request_timeout_ms + received * 1000 / k_min_body_bytes_per_second;
}

int status_for(Breach breach, Phase phase)
{
    switch (breach) {
    case Breach::none: return 200;
    case Breach::head_too_large:
    case Breach::too_many_headers: return 431;
    case Breach::line_too_long: return phase == Phase::request_line ? 414 : 431;
    case Breach::body_too_large: return 413;
    case Breach::too_slow: return 408;
    case Breach::too_many_connections: return 503;
    default: return framing_breach(breach) && breach != Breach::unsupported_transfer_encoding ? 400 : 501;
    }
}

std::string message_for(Breach breach, Phase phase, const BreachSettings& settings)
{
    switch (breach) {
    case Breach::none: return "";
    case Breach::head_too_large:
        return "request headers are larger than " + std::to_string(k_max_head_bytes) + " bytes";
    case Breach::line_too_long:
        return (phase == Phase::request_line ? "request line is longer than "
                                             : "a request header line is longer than ")
            + std::to_string(k_max_head_line) + " bytes";
    case Breach::too_many_headers:
        return "request has more than " + std::to_string(k_max_header_fields) + " header fields";
    case Breach::body_too_large:
        return "request body is larger than the limit of " + std::to_string(settings.max_body_bytes)
            + " bytes (server.max_body_bytes)";
    case Breach::too_slow:
        if (phase == Phase::body)
            return "request body arrived too slowly: it gets " + std::to_string(settings.request_timeout_ms)
                + " ms (server.request_timeout_ms) plus one second per "
                + std::to_string(k_min_body_bytes_per_second) + " bytes";
        return "request headers did not arrive within " + std::to_string(settings.request_timeout_ms)
            + " ms (server.request_timeout_ms)";
    case Breach::too_many_connections:
        return "too many open connections (server.max_connections = "
            + std::to_string(settings.max_connections) + "); retry shortly";
    case Breach::length_and_chunked:
        return "request has both Content-Length and Transfer-Encoding; send one of them";
    case Breach::bad_content_length:
        return "request Content-Length is not a decimal number of bytes";
    case Breach::conflicting_content_length:
        return "request has Content-Length values that differ";
    case Breach::bad_transfer_encoding:
        return "request Transfer-Encoding must end with chunked, given once";
    case Breach::unsupported_transfer_encoding:
        return "request Transfer-Encoding may only be chunked";
    case Breach::header_without_colon: return "a request header line has no colon";
    case Breach::folded_header:
        return "a request header line starts with a space or tab (folded headers are not accepted)";
    case Breach::space_before_colon:
        return "a request header has whitespace between its name and the colon";
    case Breach::bad_header_character:
        return "a request header line has a character HTTP does not allow there (a control "
               "character, a CR or LF alone, or a separator in the name)";
    case Breach::bad_chunk:
        return "request body is not valid chunked encoding (a chunk size is hexadecimal digits, "
               "then CRLF)";
    }
    return "bad request";
}

std::string code_for(Breach breach, Phase phase)
{
    switch (breach) {
    case Breach::none: return "";
    case Breach::head_too_large:
    case Breach::too_many_headers: return "request_header_fields_too_large";
    case Breach::line_too_long:
        return phase == Phase::request_line ? "uri_too_long" : "request_header_fields_too_large";
    case Breach::body_too_large: return "request_too_large";
    case Breach::too_slow: return "request_timeout";
    case Breach::too_many_connections: return "too_many_connections";
    case Breach::unsupported_transfer_encoding: return "unsupported_transfer_encoding";
    default: return framing_breach(breach) ? "invalid_request_framing" : "";
    }
}

} // namespace llmp::server::limits
