#include "llmp/server/framing.hpp"

#include <algorithm>
#include <strings.h>

namespace llmp::server::framing {

namespace {

using limits::Breach;

// A chunk size of more hex digits than this is past any body llmp accepts (and past 64 bits).
constexpr int k_max_chunk_size_digits = 15;

bool is_space_or_tab(char c) { return c == ' ' || c == '\t'; }

// RFC 9110 section 5.6.2: the characters of a field name.
bool is_token_char(unsigned char c)
{
    if (c >= '0' && c <= '9') return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// RFC 9110 section 5.5: a field value holds visible characters, spaces, tabs and obs-text; a
// control character (NUL, a lone CR, DEL ...) is refused rather than passed on.
bool is_value_char(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7f); }

int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    char lower = static_cast<char>(c | 0x20);
    if (lower >= 'a' && lower <= 'f') return lower - 'a' + 10;
    return -1;
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && is_space_or_tab(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space_or_tab(text.back())) text.remove_suffix(1);
    return text;
}

bool same_name(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Calls `each` with every element of a comma-separated field value, trimmed; stops at the first
// breach it returns.
template <class F>
Breach for_each_element(std::string_view value, F each)
{
    while (true) {
        size_t comma = value.find(',');
        if (Breach breach = each(trim(value.substr(0, comma))); breach != Breach::none) return breach;
        if (comma == std::string_view::npos) return Breach::none;
        value.remove_prefix(comma + 1);
    }
}

} // namespace

Breach HeadCheck::line(std::string_view line)
{
    if (line.size() < 2 || line[line.size() - 2] != '\r' || line.back() != '\n')
        return Breach::bad_header_character;  // a line that ends in a lone LF
    line.remove_suffix(2);
    if (!m_request_line_seen) {
        m_request_line_seen = true;
        return std::all_of(line.begin(), line.end(), [](char c) { return is_value_char(static_cast<unsigned char>(c)); })
            ? Breach::none
            : Breach::bad_header_character;
    }
    if (line.empty()) return Breach::none;  // the end of the head
    if (is_space_or_tab(line.front())) return Breach::folded_header;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return Breach::header_without_colon;
    std::string_view name = line.substr(0, colon);
    if (name.empty()) return Breach::bad_header_character;
    if (is_space_or_tab(name.back())) return Breach::space_before_colon;
    for (char c : name)
        if (!is_token_char(static_cast<unsigned char>(c))) return Breach::bad_header_character;
    std::string_view value = line.substr(colon + 1);
    for (char c : value)
        if (!is_value_char(static_cast<unsigned char>(c))) return Breach::bad_header_character;
    return header(name, trim(value));
}

Breach HeadCheck::header(std::string_view name, std::string_view value)
{
    if (same_name(name, "Content-Length")) {
        if (m_has_transfer_encoding) return Breach::length_and_chunked;
        return content_length(value);
    }
    if (same_name(name, "Transfer-Encoding")) {
        if (m_has_length) return Breach::length_and_chunked;
        // A second field would be chunked applied twice, or a coding after it.
        if (m_has_transfer_encoding) return Breach::bad_transfer_encoding;
        m_has_transfer_encoding = true;
        return transfer_encoding(value);
    }
    return Breach::none;
}

Breach HeadCheck::content_length(std::string_view value)
{
    return for_each_element(value, [this](std::string_view element) {
        if (element.empty()) return Breach::bad_content_length;
        for (char c : element)
            if (c < '0' || c > '9') return Breach::bad_content_length;
        element.remove_prefix(std::min(element.find_first_not_of('0'), element.size() - 1));
        if (m_has_length && element != m_length) return Breach::conflicting_content_length;
        m_has_length = true;
        m_length = element;
        return Breach::none;
    });
}

Breach HeadCheck::transfer_encoding(std::string_view value)
{
    int codings = 0;
    int chunked = 0;
    bool chunked_last = false;
    Breach breach = for_each_element(value, [&](std::string_view coding) {
        if (coding.empty()) return Breach::bad_transfer_encoding;
        ++codings;
        chunked_last = same_name(coding, "chunked");
        chunked += chunked_last ? 1 : 0;
        return Breach::none;
    });
    if (breach != Breach::none) return breach;
    // RFC 9112 section 6.3: chunked must come last and once, or the body's end is unknown.
    if (chunked > 1 || (chunked == 1 && !chunked_last)) return Breach::bad_transfer_encoding;
    // Section 6.1: a coding the server does not implement is a 501.
    if (codings != 1 || chunked != 1) return Breach::unsupported_transfer_encoding;
    m_chunked = true;
    return Breach::none;
}

Breach ChunkCheck::feed(std::string_view bytes)
{
    const char* p = bytes.data();
    const char* end = p + bytes.size();
    while (p < end) {
        char c = *p;
        switch (m_state) {
        case State::size:
            if (int digit = hex_value(c); digit >= 0) {
                if (++m_digits > k_max_chunk_size_digits) return Breach::bad_chunk;
                m_left = m_left * 16 + static_cast<uint64_t>(digit);
            } else if (m_digits > 0 && (c == ';' || is_space_or_tab(c))) {
                m_state = State::extension;
            } else if (m_digits > 0 && c == '\r') {
                m_state = State::size_end;
            } else {
                return Breach::bad_chunk;
            }
            break;
        case State::extension:  // chunk extensions are ignored, but stay on their line
            if (c == '\r') m_state = State::size_end;
            else if (!is_value_char(static_cast<unsigned char>(c))) return Breach::bad_chunk;
            break;
        case State::size_end:
            if (c != '\n') return Breach::bad_chunk;
            m_digits = 0;
            m_state = m_left == 0 ? State::trailer_start : State::data;
            break;
        case State::data: {
            auto take = static_cast<uint64_t>(end - p);
            take = std::min(take, m_left);
            m_left -= take;
            p += take;
            if (m_left == 0) m_state = State::data_cr;
            continue;
        }
        case State::data_cr:
            if (c != '\r') return Breach::bad_chunk;
            m_state = State::data_lf;
            break;
        case State::data_lf:
            if (c != '\n') return Breach::bad_chunk;
            m_state = State::size;
            break;
        case State::trailer_start:
            if (c == '\r') m_state = State::last_lf;
            else if (is_value_char(static_cast<unsigned char>(c))) m_state = State::trailer;
            else return Breach::bad_chunk;
            break;
        case State::trailer:
            if (c == '\r') m_state = State::trailer_end;
            else if (!is_value_char(static_cast<unsigned char>(c))) return Breach::bad_chunk;
            break;
        case State::trailer_end:
            if (c != '\n') return Breach::bad_chunk;
            m_state = State::trailer_start;
            break;
        case State::last_lf:
            if (c != '\n') return Breach::bad_chunk;
            m_state = State::done;
            break;
        case State::done:
            return Breach::none;  // the body ended: what follows is not the body's
        }
        ++p;
    }
    return Breach::none;
}

} // namespace llmp::server::framing
