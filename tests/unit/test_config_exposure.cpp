// Where `llmp serve` may listen without client authentication: loopback only, unless the user
// says the network is trusted (issue 11, item 6).
#include "llmp/config/exposure.hpp"

#include <doctest/doctest.h>

using namespace llmp;

TEST_CASE("exposure: loopback addresses and names")
{
    for (const char* host : {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "localhost", "LOCALHOST"}) {
        CAPTURE(host);
        CHECK(config::is_loopback(host));
    }
    for (const char* host : {"0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "::ffff:10.0.0.1", "fe80::1", "8.8.8.8"}) {
        CAPTURE(host);
        CHECK_FALSE(config::is_loopback(host));
    }
}

TEST_CASE("exposure: beyond loopback without client authentication is refused, saying why and how")
{
    config::Server server;
    SUBCASE("the default listens on loopback")
    {
        CHECK(config::check_exposure(server));
    }
    SUBCASE("every address")
    {
        server.host = "0.0.0.0";
        auto refused = config::check_exposure(server);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == ErrorCode::config);
        CHECK(refused.error().message
              == "refusing to listen on 0.0.0.0:8484 without client authentication: anyone who can "
                 "reach this port could spend your provider keys; pass --allow-unauthenticated (or "
                 "set server.allow_unauthenticated = true) if this network is trusted");
    }
    SUBCASE("IPv6 in brackets, a LAN address")
    {
        server.host = "::";
        server.port = 9000;
        auto refused = config::check_exposure(server);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message.starts_with("refusing to listen on [::]:9000 without client authentication"));
        server.host = "192.168.1.10";
        CHECK_FALSE(config::check_exposure(server));
    }
    SUBCASE("allowed when the user says so")
    {
        server.host = "0.0.0.0";
        server.allow_unauthenticated = true;
        CHECK(config::check_exposure(server));
    }
}
