#include "llmp/core/json_splice.hpp"

#include <algorithm>

namespace llmp::json_splice {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t skip_space(std::string_view text, size_t at)
{
    while (at < text.size() && is_space(text[at])) ++at;
    return at;
}

// `at` is on an opening quote; returns the index just past the closing one.
size_t skip_string(std::string_view text, size_t at)
{
    for (++at; at < text.size(); ++at) {
        if (text[at] == '\\') ++at;
        else if (text[at] == '"') return at + 1;
    }
    return std::string_view::npos;
}

// `at` is on the first character of a value; returns the index just past it. Nesting is
// counted, not recursed, so depth costs nothing here.
size_t skip_value(std::string_view text, size_t at)
{
    size_t depth = 0;
    while (at < text.size()) {
        char c = text[at];
        if (c == '"') {
            at = skip_string(text, at);
            if (at == std::string_view::npos) return at;
            if (depth == 0) return at;
            continue;
        }
        if (c == '{' || c == '[') ++depth;
        else if (c == '}' || c == ']') {
            if (depth == 0) return at;  // the end of the enclosing object: a scalar ended here
            if (--depth == 0) return at + 1;
        } else if (depth == 0 && (c == ',' || is_space(c))) {
            return at;  // a number or literal ended
        }
        ++at;
    }
    return depth == 0 ? at : std::string_view::npos;
}

struct Span {
    size_t begin = 0, end = 0;
};

} // namespace

std::optional<std::string> set_members(std::string_view object, const std::vector<Member>& members)
{
    std::vector<std::optional<Span>> found(members.size());
    size_t at = skip_space(object, 0);
    if (at >= object.size() || object[at] != '{') return std::nullopt;
    size_t close = std::string_view::npos;
    bool empty = true;
    at = skip_space(object, at + 1);
    while (at < object.size()) {
        if (object[at] == '}') {
            close = at;
            break;
        }
        if (object[at] != '"') return std::nullopt;
        size_t key_end = skip_string(object, at);
        if (key_end == std::string_view::npos) return std::nullopt;
        std::string_view key = object.substr(at + 1, key_end - at - 2);
        at = skip_space(object, key_end);
        if (at >= object.size() || object[at] != ':') return std::nullopt;
        at = skip_space(object, at + 1);
        size_t value_end = skip_value(object, at);
        if (value_end == std::string_view::npos) return std::nullopt;
        for (size_t i = 0; i < members.size(); ++i) {
            bool escaped = key.find('\\') != std::string_view::npos;
            if (escaped && key.size() >= members[i].first.size()) return std::nullopt;  // could be any key
            if (key != members[i].first) continue;
            if (found[i]) return std::nullopt;  // a duplicate: parsers disagree on which wins
            found[i] = Span{at, value_end};
        }
        empty = false;
        at = skip_space(object, value_end);
        if (at < object.size() && object[at] == ',') at = skip_space(object, at + 1);
    }
    if (close == std::string_view::npos) return std::nullopt;
    // Bytes after the object (a NUL and more JSON, say) would reach the provider unread.
    if (skip_space(object, close + 1) != object.size()) return std::nullopt;

    // Replace the spans in text order, then append the members that were missing.
    std::vector<size_t> order(members.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        size_t pa = found[a] ? found[a]->begin : std::string_view::npos;
        size_t pb = found[b] ? found[b]->begin : std::string_view::npos;
        return pa < pb;
    });
    std::string out;
    size_t extra = 0;
    for (const auto& [key, value] : members) extra += key.size() + value.size() + 4;
    out.reserve(object.size() + extra);
    size_t copied = 0;
    for (size_t i : order) {
        if (!found[i]) continue;
        out.append(object.substr(copied, found[i]->begin - copied));
        out.append(members[i].second);
        copied = found[i]->end;
    }
    out.append(object.substr(copied, close - copied));
    for (size_t i = 0; i < members.size(); ++i) {
        if (found[i]) continue;
        if (!empty) out += ',';
        out += '"';
        out += members[i].first;
        out += "\":";
        out += members[i].second;
        empty = false;
    }
    out.append(object.substr(close));
    return out;
}

} // namespace llmp::json_splice
