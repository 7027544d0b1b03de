// `llmp serve` beyond loopback (issue 11, item 6): refused without client authentication,
// saying why and how; allowed when the user says the network is trusted.
#include "support/http_client.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <thread>

using namespace llmp::test;

TEST_SUITE("integration")
{
    TEST_CASE("serve: a non-loopback address without client authentication is refused")
    {
        TempDir home;
        auto every = run_llmp({"serve", "--host", "0.0.0.0", "--port", "0"}, home.path());
        CHECK(every.exit_code == 2);
        CHECK(every.err == "llmp: error: refusing to listen on 0.0.0.0:0 without client authentication: "
                           "anyone who can reach this port could spend your provider keys; pass "
                           "--allow-unauthenticated (or set server.allow_unauthenticated = true) if this "
                           "network is trusted\n");

        home.write("lan.toml", "[server]\nlisten = \"[::]:8484\"\n");
        auto from_config = run_llmp({"serve", "-c", home.file("lan.toml")}, home.path());
        CHECK(from_config.exit_code == 2);
        CHECK(from_config.err.starts_with("llmp: error: refusing to listen on [::]:8484 without client authentication"));
    }

    TEST_CASE("serve: --allow-unauthenticated binds every address, and loopback answers")
    {
        TempDir home;
        int port = free_port();
        PipedRun serve({"serve", "--host", "0.0.0.0", "--port", std::to_string(port), "--allow-unauthenticated"},
                       home.path());
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        int status = 0;
        while (status != 200 && std::chrono::steady_clock::now() < deadline) {
            status = get(port, "/healthz").status;
            if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(20));  // readiness poll
        }
        CHECK(status == 200);
        serve.signal(SIGTERM);
        auto ended = serve.finish();
        CHECK(ended.exit_code == 0);
        CHECK(ended.err.find("listening on http://0.0.0.0:" + std::to_string(port)) != std::string::npos);
    }

    TEST_CASE("serve: server.allow_unauthenticated = true in the config allows it too")
    {
        Server server("[server]\nlisten = \"0.0.0.0:0\"\nallow_unauthenticated = true\n"
                      "[ledger]\npath = \"{ledger}\"\n");
        CHECK(get(server.port(), "/healthz").status == 200);
        CHECK(server.log().find("listening on http://0.0.0.0:" + std::to_string(server.port())) != std::string::npos);
    }
}
