#include "fake_upstream/request_log.hpp"

#include <cctype>

namespace llmp::test::fake_upstream {
namespace {

std::string lowercase(std::string text)
{
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// httplib files the peer addresses among the request headers; no client sent them.
bool is_pseudo_header(const std::string& name)
{
    return name == "remote_addr" || name == "remote_port" || name == "local_addr"
           || name == "local_port";
}

} // namespace

void RequestLog::record(const httplib::Request& request)
{
    Json headers = Json::object();
    for (const auto& [name, value] : request.headers) {
        std::string key = lowercase(name);
        if (is_pseudo_header(key)) continue;
        // A repeated header reads as one comma-joined value, as HTTP allows.
        if (headers.contains(key))
            headers[key] = headers[key].get<std::string>() + ", " + value;
        else
            headers[key] = value;
    }
    // The query comes from the target, not request.params, which also holds the fields of a
    // form-encoded body. "path" keeps it as sent, so a test can compare the whole URL path.
    std::string path = request.path;
    Json query = Json::object();
    if (const size_t mark = request.target.find('?'); mark != std::string::npos) {
        const std::string raw_query = request.target.substr(mark + 1);
        path += "?" + raw_query;
        httplib::Params params;
        httplib::detail::parse_query_text(raw_query, params);
        for (const auto& [name, value] : params) query[name] = value;
    }

    Json body = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) body = request.body;

    Json entry = {{"method", request.method},
                  {"path", std::move(path)},
                  {"query", std::move(query)},
                  {"headers", std::move(headers)},
                  {"body", std::move(body)}};
    std::lock_guard lock(m_mutex);
    m_entries.push_back(std::move(entry));
}

Json RequestLog::entries() const
{
    std::lock_guard lock(m_mutex);
    return m_entries;
}

void RequestLog::clear()
{
    std::lock_guard lock(m_mutex);
    m_entries = Json::array();
}

} // namespace llmp::test::fake_upstream
