// [server] allowed_hosts and cors_origins: read, normalised for the browser guard, and each bad
// entry reported with its index.
#include "llmp/config/loader.hpp"
#include "llmp/config/show.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace llmp;

namespace {

std::string errors_of(std::string_view text)
{
    auto result = config::load_string(text, "config.toml");
    if (result) return "<loaded without errors>";
    std::string out;
    for (const auto& d : result.error()) out += d.str() + "\n";
    return out;
}

} // namespace

TEST_CASE("config loader: server.allowed_hosts and server.cors_origins")
{
    SUBCASE("valid lists are normalised and shown")
    {
        auto loaded = config::load_string("[server]\nallowed_hosts = [\"LLMP.Internal.\", \"10.0.0.5\"]\n"
                                          "cors_origins = [\"http://localhost:3000\", \"HTTPS://App.Example:443\"]\n",
                                          "config.toml");
        REQUIRE(loaded);
        CHECK(loaded->config.server.allowed_hosts == std::vector<std::string>{"llmp.internal", "10.0.0.5"});
        CHECK(loaded->config.server.cors_origins
              == std::vector<std::string>{"http://localhost:3000", "https://app.example"});
        std::string shown = config::render(loaded->config);
        CHECK(shown.find("allowed_hosts = [\"llmp.internal\", \"10.0.0.5\"]\n") != std::string::npos);
        CHECK(shown.find("cors_origins = [\"http://localhost:3000\", \"https://app.example\"]\n")
              != std::string::npos);
    }
    SUBCASE("empty by default")
    {
        auto loaded = config::load_string("[server]\nlisten = \"127.0.0.1:8484\"\n", "config.toml");
        REQUIRE(loaded);
        CHECK(loaded->config.server.allowed_hosts.empty());
        CHECK(loaded->config.server.cors_origins.empty());
    }
    SUBCASE("a host with a scheme or port")
    {
        CHECK(errors_of("[server]\nallowed_hosts = [\"ok.lan\", \"http://llmp.lan\", \"llmp.lan:8484\"]\n")
              == "config.toml:2: server.allowed_hosts[1]: expected a host name without scheme or "
                 "port (e.g. \"llmp.internal\"), got \"http://llmp.lan\"\n"
                 "config.toml:2: server.allowed_hosts[2]: expected a host name without scheme or "
                 "port (e.g. \"llmp.internal\"), got \"llmp.lan:8484\"\n");
    }
    SUBCASE("not a list of strings")
    {
        CHECK(errors_of("[server]\nallowed_hosts = \"llmp.lan\"\n")
              == "config.toml:2: server.allowed_hosts: expected an array, got a string\n");
        CHECK(errors_of("[server]\ncors_origins = [1]\n")
              == "config.toml:2: server.cors_origins[0]: expected a string, got an integer\n");
    }
    SUBCASE("a wildcard origin is refused, saying why")
    {
        CHECK(errors_of("[server]\ncors_origins = [\"*\"]\n")
              == "config.toml:2: server.cors_origins[0]: \"*\" is not supported: it would let every "
                 "web page spend your keys; list each origin\n");
    }
    SUBCASE("origins that are not scheme://host[:port]")
    {
        for (const char* origin : {"localhost:3000", "http://localhost:3000/", "null",
                                   "http://localhost:3000/app", "http://"}) {
            CAPTURE(origin);
            CHECK(errors_of(std::string("[server]\ncors_origins = [\"") + origin + "\"]\n")
                  == std::string("config.toml:2: server.cors_origins[0]: expected an origin "
                                 "\"scheme://host[:port]\" with no path (e.g. "
                                 "\"http://localhost:3000\"), got \"")
                      + origin + "\"\n");
        }
    }
}
