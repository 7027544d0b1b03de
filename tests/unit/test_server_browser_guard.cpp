// The browser guard: which Host and Origin headers reach a handler, which are refused with
// which status and error class, and the CORS headers a listed origin gets.
#include "llmp/core/authority.hpp"
#include "llmp/server/browser_guard.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace llmp;
using namespace llmp::server;

namespace {

config::Server loopback()
{
    config::Server server;  // listens on 127.0.0.1:8484
    server.cors_origins = {"http://localhost:3000"};
    return server;
}

GuardDecision check(const config::Server& server, std::string_view host, std::string_view origin = "",
                    std::string_view method = "POST", std::string_view asked = "")
{
    return check_browser(server, {method, host, origin, asked});
}

// "allow", "preflight", or "<status> <error_class>".
std::string outcome(const config::Server& server, std::string_view host, std::string_view origin = "",
                    std::string_view method = "POST")
{
    auto decision = check(server, host, origin, method);
    switch (decision.verdict) {
    case Verdict::allow: return "allow";
    case Verdict::preflight: return "preflight";
    case Verdict::refuse: break;
    }
    return std::to_string(decision.status) + " " + decision.error_class;
}

std::string header(const GuardDecision& decision, std::string_view name)
{
    for (const auto& [key, value] : decision.headers)
        if (key == name) return value;
    return "<absent>";
}

} // namespace

TEST_CASE("browser guard: Host names llmp answers to")
{
    auto server = loopback();
    for (const char* host : {"localhost", "localhost:8484", "127.0.0.1", "127.0.0.1:8484", "[::1]",
                             "[::1]:8484", "LOCALHOST:8484", "LocalHost", "localhost.:8484",
                             "127.0.0.1.", "[0:0:0:0:0:0:0:1]:8484", "localhost:9000"}) {
        CAPTURE(host);
        CHECK(outcome(server, host) == "allow");
    }
}

TEST_CASE("browser guard: any other Host is 421 forbidden_host")
{
    auto server = loopback();
    for (const char* host : {"evil.example", "evil.example:8484", "localhost.evil.com",
                             "localhost.evil.com:8484", "127.0.0.1.nip.io:8484", "localhost:8484@evil",
                             "evil@localhost:8484", "localhost:8484/x", "localhost:", "localhost:99999",
                             "localhost:+80", "::1", "[::1", "[::1]x", "localhost..", ".localhost",
                             "local host", "10.0.0.5:8484", "0x7f.1", "2130706433", "127.1",
                             "127.000.000.001", "[::ffff:127.0.0.1]x"}) {
        CAPTURE(host);
        CHECK(outcome(server, host) == "421 forbidden_host");
    }
    SUBCASE("the message quotes the Host and says why")
    {
        CHECK(check(server, "evil.example:8484").message
              == "Host \"evil.example:8484\" is not one of llmp's names (localhost, 127.0.0.1, [::1], "
                 "the listen address, or [server] allowed_hosts); refused as a guard against DNS "
                 "rebinding");
    }
    SUBCASE("the quoted Host is printable and short")
    {
        auto message = check(server, std::string("ev\"il\n") + std::string(300, 'a')).message;
        CHECK(message.starts_with("Host \"ev?il?aaa"));
        CHECK(message.find("aaa...\" is not") != std::string::npos);
    }
}

TEST_CASE("browser guard: no Host at all is 400")
{
    auto decision = check(loopback(), "");
    CHECK(decision.verdict == Verdict::refuse);
    CHECK(decision.status == 400);
    CHECK(decision.error_class == "forbidden_host");
    CHECK(decision.message == "a Host header is required");
}

TEST_CASE("browser guard: the listen address and allowed_hosts")
{
    config::Server server;
    SUBCASE("a specific listen address is accepted, other addresses are not")
    {
        server.host = "192.168.1.5";
        CHECK(outcome(server, "192.168.1.5:8484") == "allow");
        CHECK(outcome(server, "192.168.1.6:8484") == "421 forbidden_host");
    }
    SUBCASE("an IPv6 listen address, in any spelling")
    {
        server.host = "fd00::5";
        CHECK(outcome(server, "[fd00:0::5]:8484") == "allow");
        CHECK(outcome(server, "[fd00::6]:8484") == "421 forbidden_host");
    }
    SUBCASE("a listen name")
    {
        server.host = "Workstation.lan";
        CHECK(outcome(server, "workstation.lan:8484") == "allow");
        CHECK(outcome(server, "workstation.lan.evil:8484") == "421 forbidden_host");
    }
    SUBCASE("a wildcard listen address accepts IP literals, never names")
    {
        for (const char* wildcard : {"0.0.0.0", "::"}) {
            server.host = wildcard;
            CAPTURE(wildcard);
            CHECK(outcome(server, "10.1.2.3:8484") == "allow");
            CHECK(outcome(server, "[fd00::1]:8484") == "allow");
            CHECK(outcome(server, "workstation.lan:8484") == "421 forbidden_host");
            CHECK(outcome(server, "10.1.2.3.nip.io:8484") == "421 forbidden_host");
        }
    }
    SUBCASE("allowed_hosts names are accepted exactly, with any port")
    {
        server.allowed_hosts = {"llmp.internal"};
        CHECK(outcome(server, "llmp.internal") == "allow");
        CHECK(outcome(server, "LLMP.internal.:443") == "allow");
        CHECK(outcome(server, "x.llmp.internal") == "421 forbidden_host");
        CHECK(outcome(server, "llmp.internal.evil.example") == "421 forbidden_host");
    }
}

TEST_CASE("browser guard: Origin")
{
    auto server = loopback();
    SUBCASE("no Origin (curl, SDKs outside a browser) passes without CORS headers")
    {
        auto decision = check(server, "127.0.0.1:8484");
        CHECK(decision.verdict == Verdict::allow);
        CHECK(decision.headers.empty());
    }
    SUBCASE("an origin not listed is 403 forbidden_origin, whatever the method")
    {
        for (const char* origin : {"http://evil.example", "null", "http://localhost:3001",
                                   "https://localhost:3000", "http://localhost:3000/",
                                   "http://localhost:3000.evil.example", "file://", "garbage"}) {
            CAPTURE(origin);
            CHECK(outcome(server, "127.0.0.1:8484", origin) == "403 forbidden_origin");
            CHECK(outcome(server, "127.0.0.1:8484", origin, "OPTIONS") == "403 forbidden_origin");
            CHECK(outcome(server, "127.0.0.1:8484", origin, "GET") == "403 forbidden_origin");
        }
        auto decision = check(server, "127.0.0.1:8484", "http://evil.example");
        CHECK(decision.message
              == "cross-origin request from \"http://evil.example\" refused: a web page may call "
                 "llmp only if its origin is listed in [server] cors_origins");
        CHECK(decision.headers.empty());
    }
    SUBCASE("the Host check comes first: a listed origin does not excuse a foreign Host")
    {
        CHECK(outcome(server, "evil.example:8484", "http://localhost:3000") == "421 forbidden_host");
    }
    SUBCASE("llmp's own origin passes without CORS headers")
    {
        auto decision = check(server, "127.0.0.1:8484", "http://127.0.0.1:8484");
        CHECK(decision.verdict == Verdict::allow);
        CHECK(decision.headers.empty());
        CHECK(outcome(server, "LOCALHOST:8484", "http://localhost:8484") == "allow");
        CHECK(outcome(server, "localhost:80", "http://localhost") == "allow");
        CHECK(outcome(server, "localhost:8484", "http://localhost:8485") == "403 forbidden_origin");
        CHECK(outcome(server, "localhost:8484", "http://127.0.0.1:8484") == "403 forbidden_origin");
        CHECK(outcome(server, "localhost:8484", "ftp://localhost:8484") == "403 forbidden_origin");
    }
    SUBCASE("a listed origin gets CORS headers on the actual response")
    {
        auto decision = check(server, "127.0.0.1:8484", "http://localhost:3000");
        CHECK(decision.verdict == Verdict::allow);
        CHECK(header(decision, "Access-Control-Allow-Origin") == "http://localhost:3000");
        CHECK(header(decision, "Vary") == "Origin");
        CHECK(header(decision, "Access-Control-Expose-Headers").starts_with("x-request-id, "));
        CHECK(header(decision, "Access-Control-Allow-Methods") == "<absent>");
    }
    SUBCASE("listed origins match whatever the case, the ACAO echoes the header")
    {
        auto decision = check(server, "127.0.0.1:8484", "HTTP://LocalHost:3000");
        CHECK(decision.verdict == Verdict::allow);
        CHECK(header(decision, "Access-Control-Allow-Origin") == "HTTP://LocalHost:3000");
    }
}

TEST_CASE("browser guard: preflights")
{
    auto server = loopback();
    SUBCASE("a listed origin's preflight is answered with what it may send")
    {
        auto decision = check(server, "127.0.0.1:8484", "http://localhost:3000", "OPTIONS",
                              "Content-Type, Authorization,x-stainless-os, anthropic-version");
        CHECK(decision.verdict == Verdict::preflight);
        CHECK(header(decision, "Access-Control-Allow-Origin") == "http://localhost:3000");
        CHECK(header(decision, "Vary").starts_with("Origin"));
        CHECK(header(decision, "Access-Control-Allow-Methods") == "GET, POST, OPTIONS");
        CHECK(header(decision, "Access-Control-Allow-Headers")
              == "content-type, authorization, x-stainless-os, anthropic-version");
        CHECK(header(decision, "Access-Control-Max-Age") == "600");
    }
    SUBCASE("header names that are not plain tokens are not echoed")
    {
        auto decision = check(server, "127.0.0.1:8484", "http://localhost:3000", "OPTIONS",
                              "x-api-key, bad name, evil\r\nset-cookie, , x-api-key");
        CHECK(header(decision, "Access-Control-Allow-Headers") == "x-api-key");
    }
    SUBCASE("no headers asked, none allowed")
    {
        auto decision = check(server, "127.0.0.1:8484", "http://localhost:3000", "OPTIONS");
        CHECK(header(decision, "Access-Control-Allow-Headers") == "<absent>");
    }
    SUBCASE("OPTIONS without Origin, or from llmp's own origin: 204 without CORS headers")
    {
        auto plain = check(server, "127.0.0.1:8484", "", "OPTIONS");
        CHECK(plain.verdict == Verdict::preflight);
        CHECK(plain.headers.empty());
        auto own = check(server, "127.0.0.1:8484", "http://127.0.0.1:8484", "OPTIONS");
        CHECK(own.verdict == Verdict::preflight);
        CHECK(own.headers.empty());
    }
}

TEST_CASE("authority: parsing and normalising hosts and origins")
{
    SUBCASE("hosts")
    {
        CHECK(authority::parse("LocalHost.:8484")->text() == "localhost:8484");
        CHECK(authority::parse("[0::1]")->text() == "[::1]");
        CHECK(authority::parse("127.0.0.1")->ip_literal);
        CHECK_FALSE(authority::parse("localhost")->ip_literal);
        CHECK_FALSE(authority::parse("a..b"));
        CHECK_FALSE(authority::parse(""));
        CHECK_FALSE(authority::parse(":8484"));
        CHECK_FALSE(authority::parse(std::string(64, 'a') + ".example"));
    }
    SUBCASE("origins")
    {
        CHECK(authority::normalise_origin("HTTP://LocalHost:3000") == "http://localhost:3000");
        CHECK(authority::normalise_origin("http://localhost:80") == "http://localhost");
        CHECK(authority::normalise_origin("https://app.example:443") == "https://app.example");
        CHECK(authority::normalise_origin("https://app.example:80") == "https://app.example:80");
        CHECK(authority::normalise_origin("chrome-extension://abcdef") == "chrome-extension://abcdef");
        CHECK_FALSE(authority::normalise_origin("null"));
        CHECK_FALSE(authority::normalise_origin("*"));
        CHECK_FALSE(authority::normalise_origin("http://localhost:3000/"));
        CHECK_FALSE(authority::normalise_origin("http://user@localhost"));
        CHECK_FALSE(authority::normalise_origin("localhost:3000"));
        CHECK_FALSE(authority::normalise_origin("1http://x"));
    }
    SUBCASE("listen hosts")
    {
        CHECK(authority::canonical_host("::1") == "[::1]");
        CHECK(authority::canonical_host("[::1]") == "[::1]");
        CHECK(authority::canonical_host("127.0.0.1") == "127.0.0.1");
        CHECK(authority::canonical_host("Box.LAN") == "box.lan");
        CHECK_FALSE(authority::canonical_host("box:1"));
    }
}
