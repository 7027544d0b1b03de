#include "llmp/server/browser_guard.hpp"

#include "llmp/core/authority.hpp"
#include "llmp/core/strings.hpp"

#include <algorithm>
#include <cctype>

namespace llmp::server {

namespace {

// A preflight's answer may be cached this long (Chromium caps it at 2 h).
constexpr const char* k_max_age_s = "600";
// Response headers a listed origin's script may read besides the CORS-safelisted ones.
constexpr const char* k_exposed =
    "x-request-id, x-llmp-provider, retry-after, retry-after-ms, x-ratelimit-limit-requests, "
    "x-ratelimit-limit-tokens, x-ratelimit-remaining-requests, x-ratelimit-remaining-tokens, "
    "x-ratelimit-reset-requests, x-ratelimit-reset-tokens";

// A header value quoted in an error message: printable ASCII only, and short.
std::string quoted(std::string_view value)
{
    std::string out = "\"";
    for (char c : value.substr(0, 200))
        out += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? c : '?';
    if (value.size() > 200) out += "...";
    return out + "\"";
}

bool is_wildcard(const std::string& listen_host)
{
    return listen_host.empty() || listen_host == "0.0.0.0" || listen_host == "::"
        || listen_host == "[::]";
}

bool host_allowed(const config::Server& server, const authority::Authority& host)
{
    if (host.host == "localhost" || host.host == "127.0.0.1" || host.host == "[::1]") return true;
    if (host.ip_literal && is_wildcard(server.host)) return true;
    if (authority::canonical_host(server.host) == host.host) return true;
    return std::find(server.allowed_hosts.begin(), server.allowed_hosts.end(), host.host)
        != server.allowed_hosts.end();
}

// The header names a preflight asked for, echoed when each is a plain token: the origin is
// one the user trusts, and SDKs add headers of their own (x-stainless-*, anthropic-beta).
std::string allowed_request_headers(std::string_view requested)
{
    std::vector<std::string> names;
    for (const auto& part : strings::split(requested, ',')) {
        std::string name = strings::to_lower(strings::trim(part));
        bool token = !name.empty() && name.size() <= 100
            && std::all_of(name.begin(), name.end(), [](char c) {
                   return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
               });
        if (token && std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    }
    return strings::join(names, ", ");
}

GuardDecision refuse(int status, std::string error_class, std::string message)
{
    GuardDecision decision;
    decision.verdict = Verdict::refuse;
    decision.status = status;
    decision.error_class = std::move(error_class);
    decision.message = std::move(message);
    return decision;
}

} // namespace

GuardDecision check_browser(const config::Server& server, const BrowserRequest& request)
{
    if (request.host.empty())
        return refuse(400, "forbidden_host", "a Host header is required");
    auto host = authority::parse(request.host);
    if (!host || !host_allowed(server, *host))
        return refuse(421, "forbidden_host",
                      "Host " + quoted(request.host)
                          + " is not one of llmp's names (localhost, 127.0.0.1, [::1], the listen "
                            "address, or [server] allowed_hosts); refused as a guard against DNS "
                            "rebinding");

    GuardDecision decision;
    bool preflight = request.method == "OPTIONS";
    if (preflight) decision.verdict = Verdict::preflight;
    if (request.origin.empty()) return decision;

    auto origin = authority::normalise_origin(request.origin);
    std::string own = origin ? origin->substr(0, origin->find("://")) + "://" + host->text() : "";
    bool same_origin = origin && (own.starts_with("http://") || own.starts_with("https://"))
        && authority::normalise_origin(own) == origin;
    bool listed = origin
        && std::find(server.cors_origins.begin(), server.cors_origins.end(), *origin)
            != server.cors_origins.end();
    if (!listed && !same_origin)
        return refuse(403, "forbidden_origin",
                      "cross-origin request from " + quoted(request.origin)
                          + " refused: a web page may call llmp only if its origin is listed in "
                            "[server] cors_origins");
    if (!listed) return decision;  // llmp's own origin needs no CORS headers

    auto& headers = decision.headers;
    headers.emplace_back("Access-Control-Allow-Origin", std::string(request.origin));
    if (preflight) {
        headers.emplace_back("Vary",
                             "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        if (auto names = allowed_request_headers(request.request_headers); !names.empty())
            headers.emplace_back("Access-Control-Allow-Headers", names);
        headers.emplace_back("Access-Control-Max-Age", k_max_age_s);
    } else {
        headers.emplace_back("Vary", "Origin");
        headers.emplace_back("Access-Control-Expose-Headers", k_exposed);
    }
    return decision;
}

} // namespace llmp::server
