#include "llmp/upstream/sse.hpp"

namespace llmp::upstream {

bool SseParser::feed(std::string_view bytes)
{
    size_t start = 0;
    for (size_t i = 0; i < bytes.size(); ++i) {
        char c = bytes[i];
        if (c != '\n' && c != '\r') continue;
        // "\r\n" is one line end: skip the '\n' that follows a '\r', even across feeds.
        if (c == '\n' && i == start && m_last_was_cr && m_partial_line.empty()) {
            m_last_was_cr = false;
            start = i + 1;
            continue;
        }
        std::string_view piece = bytes.substr(start, i - start);
        bool ok;
        if (m_partial_line.empty()) {
            ok = line(piece);
        } else {
            m_partial_line.append(piece);
            std::string whole = std::move(m_partial_line);
            m_partial_line.clear();
            ok = line(whole);
        }
        m_last_was_cr = c == '\r';
        start = i + 1;
        if (!ok) return false;
    }
    if (start < bytes.size()) {
        m_partial_line.append(bytes.substr(start));
        m_last_was_cr = false;
    }
    return true;
}

bool SseParser::finish()
{
    if (!m_partial_line.empty()) {
        std::string rest = std::move(m_partial_line);
        m_partial_line.clear();
        if (!line(rest)) return false;
    }
    return dispatch();
}

bool SseParser::line(std::string_view text)
{
    if (text.empty()) return dispatch();
    if (text.front() == ':') return true;  // comment, e.g. ": keep-alive"
    std::string_view field = text;
    std::string_view value;
    if (size_t colon = text.find(':'); colon != std::string_view::npos) {
        field = text.substr(0, colon);
        value = text.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    }
    if (field == "data") {
        if (m_has_data) m_current.data += '\n';
        m_current.data.append(value);
        m_has_data = true;
    } else if (field == "event") {
        m_current.event.assign(value);
    } else if (field == "id") {
        m_current.id.assign(value);
    }
    return true;  // other fields (retry) do not matter to a proxy
}

bool SseParser::dispatch()
{
    if (!m_has_data && m_current.event.empty()) return true;
    SseEvent event = std::move(m_current);
    m_current = SseEvent{};
    m_has_data = false;
    return m_on_event(std::move(event));
}

std::string sse_data(std::string_view payload)
{
    std::string frame;
    frame.reserve(payload.size() + 8);
    frame += "data: ";
    frame += payload;
    frame += "\n\n";
    return frame;
}

} // namespace llmp::upstream
