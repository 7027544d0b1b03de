// Host names and web origins as they appear in HTTP headers (Host, Origin) and in allow-lists:
// parsed strictly and normalised (lowercase, no trailing dot, canonical IP literals, no default
// port), so that deciding whether two of them are the same is comparing strings. Anything
// that is not plainly a host or an origin (userinfo, paths, spaces, "null") does not parse.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace llmp::authority {

struct Authority {
    std::string host;          // "localhost", "127.0.0.1", "[::1]" (IPv6 in brackets)
    std::optional<int> port;
    bool ip_literal = false;   // an IPv4 or IPv6 address rather than a name

    std::string text() const;  // host[:port]
};

// "host[:port]" as in a Host header: a DNS name (letters, digits, '-', '_', dots; one
// trailing dot dropped), a dotted-quad IPv4 address or a bracketed IPv6 address, then an
// optional port of 1 to 5 digits up to 65535.
std::optional<Authority> parse(std::string_view text);

// "scheme://host[:port]" as in an Origin header, normalised: lowercase, the scheme's default
// port (http 80, https 443) dropped. Nothing may follow the authority, not even "/".
std::optional<std::string> normalise_origin(std::string_view text);

// An address in the text form used by `listen` (brackets optional for IPv6) in canonical
// Host form ("[::1]"), or the name lowercased; nullopt when it is neither.
std::optional<std::string> canonical_host(std::string_view host);

} // namespace llmp::authority
