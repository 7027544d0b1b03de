#include "llmp/config/exposure.hpp"

#include "llmp/core/strings.hpp"

#include <arpa/inet.h>
#include <cstring>
#include <optional>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace llmp::config {

namespace {

bool loopback_v4(const in_addr& address) { return (ntohl(address.s_addr) >> 24) == 127; }

bool loopback_v6(const in6_addr& address)
{
    if (IN6_IS_ADDR_LOOPBACK(&address)) return true;
    if (!IN6_IS_ADDR_V4MAPPED(&address)) return false;
    in_addr v4{};
    std::memcpy(&v4.s_addr, address.s6_addr + 12, 4);
    return loopback_v4(v4);
}

// nullopt: not a literal address.
std::optional<bool> literal_loopback(const std::string& host)
{
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return loopback_v4(v4);
    in6_addr v6{};
    if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) return loopback_v6(v6);
    return std::nullopt;
}

// Every address the name resolves to is loopback. A name that does not resolve counts as
// loopback here: nothing can listen on it, and binding it reports that more clearly.
bool name_is_loopback(const std::string& host)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found) return true;
    bool loopback = true;
    for (addrinfo* a = found; a; a = a->ai_next) {
        if (a->ai_family == AF_INET)
            loopback = loopback && loopback_v4(reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr);
        else if (a->ai_family == AF_INET6)
            loopback = loopback && loopback_v6(reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
    }
    ::freeaddrinfo(found);
    return loopback;
}

} // namespace

bool is_loopback(const std::string& host)
{
    if (strings::iequals(host, "localhost")) return true;
    if (auto literal = literal_loopback(host)) return *literal;
    return name_is_loopback(host);
}

Result<void> check_exposure(const Server& server)
{
    if (server.allow_unauthenticated || is_loopback(server.host)) return {};
    std::string address = (server.host.find(':') != std::string::npos ? "[" + server.host + "]" : server.host)
        + ":" + std::to_string(server.port);
    return fail(ErrorCode::config,
                "refusing to listen on " + address
                    + " without client authentication: anyone who can reach this port could spend "
                      "your provider keys; pass --allow-unauthenticated (or set "
                      "server.allow_unauthenticated = true) if this network is trusted");
}

} // namespace llmp::config
