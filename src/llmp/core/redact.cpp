#include "llmp/core/redact.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

namespace llmp::redact {

namespace {

constexpr size_t k_min_secret = 8;

// Readers take a snapshot without locking for long; secrets are added at start-up, rarely after.
std::mutex g_mutex;
std::shared_ptr<const std::vector<std::string>> g_secrets = std::make_shared<std::vector<std::string>>();

std::shared_ptr<const std::vector<std::string>> snapshot()
{
    std::lock_guard lock(g_mutex);
    return g_secrets;
}

// The span of a URL's userinfo after "://" at `scheme_end` (the "user:pw" of
// "http://user:pw@host"), or npos when the authority has none.
size_t userinfo_end(std::string_view text, size_t authority)
{
    for (size_t i = authority; i < text.size(); ++i) {
        char c = text[i];
        if (c == '@') return i;
        if (c == '/' || c == '?' || c == '#' || c == ' ' || c == '"' || c == '\'' || c == '\n'
            || c == '\t' || c == '\r' || c == '<' || c == '>' || c == '\\')
            return std::string_view::npos;
    }
    return std::string_view::npos;
}

std::string scrub_userinfo(std::string text)
{
    size_t from = 0;
    while ((from = text.find("://", from)) != std::string::npos) {
        size_t authority = from + 3;
        size_t at = userinfo_end(text, authority);
        if (at != std::string::npos && at > authority) {
            text.replace(authority, at - authority, k_marker);
            authority += k_marker.size() + 1;
        }
        from = authority;
    }
    return text;
}

bool has_userinfo(std::string_view text)
{
    for (size_t from = text.find("://"); from != std::string_view::npos; from = text.find("://", from + 3)) {
        size_t at = userinfo_end(text, from + 3);
        if (at != std::string_view::npos && at > from + 3) return true;
    }
    return false;
}

} // namespace

void add_secret(std::string_view value)
{
    if (value.size() < k_min_secret) return;
    std::lock_guard lock(g_mutex);
    if (std::find(g_secrets->begin(), g_secrets->end(), value) != g_secrets->end()) return;
    auto next = std::make_shared<std::vector<std::string>>(*g_secrets);
    next->emplace_back(value);
    // Longest first, so a secret that contains another is replaced whole.
    std::sort(next->begin(), next->end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    g_secrets = std::move(next);
}

bool needs_scrub(std::string_view text)
{
    auto secrets = snapshot();
    for (const auto& secret : *secrets)
        if (text.find(secret) != std::string_view::npos) return true;
    return has_userinfo(text);
}

std::string scrub(std::string_view text)
{
    std::string out(text);
    auto secrets = snapshot();
    for (const auto& secret : *secrets) {
        for (size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at + k_marker.size()))
            out.replace(at, secret.size(), k_marker);
    }
    return scrub_userinfo(std::move(out));
}

} // namespace llmp::redact
