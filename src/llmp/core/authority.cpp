#include "llmp/core/authority.hpp"

#include "llmp/core/strings.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace llmp::authority {

namespace {

bool name_char(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

// A DNS name of non-empty labels; `name` is lowercase with any trailing dot already dropped.
bool valid_name(std::string_view name)
{
    if (name.empty() || name.size() > 253) return false;
    size_t label = 0;
    for (char c : name) {
        if (c == '.') {
            if (label == 0) return false;
            label = 0;
        } else if (name_char(c) && ++label <= 63) {
            continue;
        } else {
            return false;
        }
    }
    return label > 0;
}

// An address of `family` in inet_ntop's canonical text, or nullopt when `text` is not one.
std::optional<std::string> canonical_ip(int family, std::string_view text)
{
    in6_addr address{};  // room for either family
    std::string copy(text);
    if (::inet_pton(family, copy.c_str(), &address) != 1) return std::nullopt;
    char out[INET6_ADDRSTRLEN];
    ::inet_ntop(family, &address, out, sizeof out);
    return std::string(out);
}

std::optional<std::string> canonical_ipv4(std::string_view text) { return canonical_ip(AF_INET, text); }

// Without brackets; the canonical text comes back in brackets.
std::optional<std::string> canonical_ipv6(std::string_view text)
{
    auto address = canonical_ip(AF_INET6, text);
    return address ? std::optional<std::string>("[" + *address + "]") : std::nullopt;
}

std::optional<int> parse_port(std::string_view digits)
{
    if (digits.empty() || digits.size() > 5) return std::nullopt;
    if (!std::all_of(digits.begin(), digits.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return std::nullopt;
    int port = std::stoi(std::string(digits));
    if (port > 65535) return std::nullopt;
    return port;
}

} // namespace

std::string Authority::text() const
{
    return port ? host + ":" + std::to_string(*port) : host;
}

std::optional<Authority> parse(std::string_view raw)
{
    std::string text = strings::to_lower(raw);
    Authority out;
    std::string_view rest;
    if (!text.empty() && text.front() == '[') {
        size_t close = text.find(']');
        if (close == std::string::npos) return std::nullopt;
        auto host = canonical_ipv6(std::string_view(text).substr(1, close - 1));
        if (!host) return std::nullopt;
        out.host = *host;
        out.ip_literal = true;
        rest = std::string_view(text).substr(close + 1);
    } else {
        size_t colon = text.find(':');
        std::string_view name = std::string_view(text).substr(0, colon);
        rest = colon == std::string::npos ? "" : std::string_view(text).substr(colon);
        if (!name.empty() && name.back() == '.') name.remove_suffix(1);
        if (auto ipv4 = canonical_ipv4(name); ipv4 && *ipv4 == name) {
            out.host = *ipv4;
            out.ip_literal = true;
        } else if (valid_name(name)) {
            out.host = std::string(name);
        } else {
            return std::nullopt;
        }
    }
    if (!rest.empty()) {
        if (rest.front() != ':') return std::nullopt;
        out.port = parse_port(rest.substr(1));
        if (!out.port) return std::nullopt;
    }
    return out;
}

std::optional<std::string> normalise_origin(std::string_view raw)
{
    std::string text = strings::to_lower(raw);
    size_t sep = text.find("://");
    if (sep == std::string::npos || sep == 0) return std::nullopt;
    std::string scheme = text.substr(0, sep);
    if (!std::isalpha(static_cast<unsigned char>(scheme.front()))) return std::nullopt;
    for (char c : scheme)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
            return std::nullopt;
    auto parsed = parse(std::string_view(text).substr(sep + 3));
    if (!parsed) return std::nullopt;
    if ((scheme == "http" && parsed->port == 80) || (scheme == "https" && parsed->port == 443))
        parsed->port.reset();
    return scheme + "://" + parsed->text();
}

std::optional<std::string> canonical_host(std::string_view host)
{
    std::string_view bare = host;
    if (bare.size() >= 2 && bare.front() == '[' && bare.back() == ']')
        bare = bare.substr(1, bare.size() - 2);
    if (auto ipv6 = canonical_ipv6(bare)) return ipv6;
    auto parsed = parse(bare);
    if (!parsed || parsed->port) return std::nullopt;
    return parsed->host;
}

} // namespace llmp::authority
