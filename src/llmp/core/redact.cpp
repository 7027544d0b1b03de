#include "llmp/core/redact.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

namespace llmp::redact {

namespace {

constexpr size_t k_min_secret = 8;

// Readers copy a pointer to an immutable list under the lock and search it without the lock;
// secrets are added while the runtime is built, rarely after.
std::mutex g_mutex;
std::shared_ptr<const std::vector<std::string>> g_secrets =
    std::make_shared<std::vector<std::string>>();

std::shared_ptr<const std::vector<std::string>> snapshot()
{
    std::lock_guard lock(g_mutex);
    return g_secrets;
}

struct Span {
    size_t begin = 0, end = 0;
};

// A character that cannot be part of a URL's authority as it appears in running text.
bool ends_authority(char c)
{
    switch (c) {
    case '/': case '?': case '#': case ' ': case '"': case '\'': case '\n': case '\t': case '\r':
    case '<': case '>': case '\\': case '`':
        return true;
    default:
        return static_cast<unsigned char>(c) < 0x20;
    }
}

// The userinfo after each scheme separator, "://" or ":\/\/" as JSON may write it: up to the
// last '@' before the authority ends. Linear: every separator holds a '/', which ends the scan
// that began at the separator before it.
void add_userinfo_spans(std::string_view text, std::vector<Span>& spans)
{
    for (std::string_view separator : {std::string_view("://"), std::string_view(":\\/\\/")}) {
        for (size_t from = text.find(separator); from != std::string_view::npos;
             from = text.find(separator, from + 1)) {
            size_t authority = from + separator.size();
            size_t at = std::string_view::npos;
            for (size_t i = authority; i < text.size() && !ends_authority(text[i]); ++i)
                if (text[i] == '@') at = i;
            if (at != std::string_view::npos && at > authority) spans.push_back({authority, at});
        }
    }
}

// Every occurrence of every secret and every URL userinfo, merged where they overlap or touch
// (two overlapping secrets become one marker, not a marker and the tail of the other).
std::vector<Span> find_spans(std::string_view text, const std::vector<std::string>& secrets,
                             Userinfo userinfo)
{
    std::vector<Span> spans;
    for (const auto& secret : secrets) {
        size_t first = spans.size();
        for (size_t at = text.find(secret); at != std::string_view::npos; at = text.find(secret, at + 1)) {
            // Occurrences of one secret come in order: overlapping ones ("aaaa" in "aaaaa")
            // extend the last span instead of adding one each.
            if (spans.size() > first && at <= spans.back().end) spans.back().end = at + secret.size();
            else spans.push_back({at, at + secret.size()});
        }
    }
    if (userinfo == Userinfo::scrub) add_userinfo_spans(text, spans);
    if (spans.size() < 2) return spans;
    std::sort(spans.begin(), spans.end(), [](Span a, Span b) { return a.begin < b.begin; });
    std::vector<Span> merged{spans.front()};
    for (size_t i = 1; i < spans.size(); ++i) {
        if (spans[i].begin <= merged.back().end) merged.back().end = std::max(merged.back().end, spans[i].end);
        else merged.push_back(spans[i]);
    }
    return merged;
}

bool has_userinfo(std::string_view text)
{
    std::vector<Span> spans;
    add_userinfo_spans(text, spans);
    return !spans.empty();
}

} // namespace

void add_secret(std::string_view value)
{
    if (value.size() < k_min_secret) return;
    std::lock_guard lock(g_mutex);
    if (std::find(g_secrets->begin(), g_secrets->end(), value) != g_secrets->end()) return;
    auto next = std::make_shared<std::vector<std::string>>(*g_secrets);
    next->emplace_back(value);
    g_secrets = std::move(next);
}

bool needs_scrub(std::string_view text, Userinfo userinfo)
{
    auto secrets = snapshot();
    for (const auto& secret : *secrets)
        if (text.find(secret) != std::string_view::npos) return true;
    return userinfo == Userinfo::scrub && has_userinfo(text);
}

std::string scrub(std::string_view text, Userinfo userinfo)
{
    auto spans = find_spans(text, *snapshot(), userinfo);
    std::string out;
    out.reserve(text.size());
    size_t copied = 0;
    for (const auto& span : spans) {
        out.append(text.substr(copied, span.begin - copied));
        out.append(k_marker);
        copied = span.end;
    }
    out.append(text.substr(copied));
    return out;
}

std::string scrubbed(std::string text, Userinfo userinfo)
{
    return needs_scrub(text, userinfo) ? scrub(text, userinfo) : std::move(text);
}

} // namespace llmp::redact
