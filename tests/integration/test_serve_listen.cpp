// The listening socket and shutdown against the real `llmp serve`: a second server on a taken
// port exits 1 and the first keeps serving (cpp-httplib set SO_REUSEPORT, so both used to run);
// and on SIGTERM every request whose bytes had arrived is answered, on a parked keep-alive
// connection, on a connection still in the accept queue, and under keep-alive load.
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/raw_connection.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <mutex>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <vector>

using namespace llmp::test;
using Clock = std::chrono::steady_clock;

namespace {

const std::string k_config = "[server]\nshutdown_grace_ms = 5000\n[ledger]\npath = \"{ledger}\"\n"
                             "[providers.mock]\nkind = \"mock\"\n";

std::string chat_request(const std::string& text)
{
    std::string body = chat_body("mock/echo", text);
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
        + std::to_string(body.size()) + "\r\n\r\n" + body;
}

void check_answered(const RawConnection::Response& response, const std::string& text)
{
    CAPTURE(response.head);
    CHECK(response.status == 200);
    auto content = response.json_body()["choices"][0]["message"]["content"];
    REQUIRE(content.is_string());
    CHECK(content.get<std::string>().starts_with(text));
}

// What the load clients saw.
struct Tally {
    std::mutex mutex;
    int sent_before_signal = 0;
    int answered_after_signal = 0;    // of those sent before it: they were in flight
    int unanswered_sent_before = 0;   // must stay 0
    int resets = 0;                   // must stay 0
    int closed_before_send = 0;       // the server closed first: nothing was sent
    int closed_after_send = 0;        // sent after the signal, connection ended with a FIN
    int told_to_close = 0;            // a response with Connection: close ended the loop
    std::atomic<int> answered{0};
};

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("listen: a second llmp serve on a taken port exits 1 and the first keeps serving")
    {
        Server first(k_config);
        TempDir home;
        home.write("config.toml", "[ledger]\npath = \"" + home.file("ledger.sqlite")
                                      + "\"\n[providers.mock]\nkind = \"mock\"\n");
        std::string port = std::to_string(first.port());
        PipedRun second({"serve", "--port", port, "--config", home.file("config.toml")}, home.path());
        auto result = second.finish(3000);
        CHECK(result.exit_code == 1);
        CHECK(result.err.find("llmp: error: port " + port + " is in use") != std::string::npos);
        CAPTURE(result.err);
        for (int i = 0; i < 20; ++i) CHECK(get(first.port(), "/healthz").status == 200);
        CHECK(first.alive());
    }

    TEST_CASE("shutdown: requests waiting on a parked connection and in the accept queue are answered")
    {
        Server server(k_config);
        int port = server.port();
        RawConnection kept(port);
        kept.send(chat_request("first"));
        REQUIRE(kept.read_response().status == 200);
        // An idle connection is parked after 10 ms; nothing outside says when.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));

        // Stopped, the server cannot take anything: new connections wait in the accept queue
        // and every request in a socket buffer, until SIGTERM and SIGCONT arrive together.
        ::kill(server.pid(), SIGSTOP);
        int status = 0;
        REQUIRE(::waitpid(server.pid(), &status, WUNTRACED) == server.pid());
        REQUIRE(WIFSTOPPED(status));
        kept.send(chat_request("kept"));
        std::vector<RawConnection> queued;
        for (int i = 0; i < 8; ++i) {
            queued.emplace_back(port);
            queued.back().send(chat_request("queued " + std::to_string(i)));
        }
        ::kill(server.pid(), SIGTERM);
        ::kill(server.pid(), SIGCONT);

        check_answered(kept.read_response(5000), "kept");
        for (size_t i = 0; i < queued.size(); ++i) {
            CAPTURE(i);
            check_answered(queued[i].read_response(5000), "queued " + std::to_string(i));
            CHECK(!queued[i].was_reset());
        }
        CHECK(server.stop() == 0);
    }

    TEST_CASE("shutdown: under keep-alive load every request sent before SIGTERM is answered, none reset")
    {
        Server server(k_config);
        int port = server.port();
        Tally tally;
        std::atomic<bool> signalled{false};
        std::atomic<int64_t> signal_at_ns{0};
        auto now_ns = [] { return Clock::now().time_since_epoch().count(); };

        auto client = [&](int id) {
            RawConnection c(port);
            auto deadline = Clock::now() + std::chrono::seconds(20);
            for (int n = 0; Clock::now() < deadline; ++n) {
                if (c.closed_already()) {
                    std::lock_guard lock(tally.mutex);
                    (c.was_reset() ? tally.resets : tally.closed_before_send) += 1;
                    return;
                }
                std::string text = "c" + std::to_string(id) + " r" + std::to_string(n);
                bool sent = c.send(chat_request(text));
                // Read before the flag: a request counts as sent before the signal only if the
                // signal was certainly not yet sent when its last byte was written.
                bool before = sent && !signalled.load();
                auto response = c.read_response(10'000);
                int64_t answered_at = now_ns();
                std::lock_guard lock(tally.mutex);
                if (before) ++tally.sent_before_signal;
                if (response.status != 0) {
                    tally.answered.fetch_add(1);
                    if (before && signal_at_ns.load() != 0 && answered_at > signal_at_ns.load())
                        ++tally.answered_after_signal;
                    if (response.has_header("Connection: close")) {
                        ++tally.told_to_close;
                        return;
                    }
                    continue;
                }
                if (c.was_reset()) ++tally.resets;
                else if (before) ++tally.unanswered_sent_before;
                else if (sent) ++tally.closed_after_send;
                else ++tally.closed_before_send;
                return;
            }
        };

        constexpr int k_clients = 6;
        std::vector<std::thread> clients;
        for (int i = 0; i < k_clients; ++i) clients.emplace_back(client, i);
        // Load first: a few hundred answers, then the signal lands among requests in flight.
        auto until = Clock::now() + std::chrono::seconds(10);
        while (tally.answered.load() < 300 && Clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        signalled.store(true);
        signal_at_ns.store(now_ns());
        server.signal(SIGTERM);
        for (auto& thread : clients) thread.join();

        INFO("answered " << tally.answered.load() << ", sent before the signal " << tally.sent_before_signal
                         << ", of them answered after it " << tally.answered_after_signal << ", told to close "
                         << tally.told_to_close << ", closed before a send " << tally.closed_before_send
                         << ", closed after a send " << tally.closed_after_send);
        CHECK(tally.answered.load() >= 300);
        CHECK(tally.answered_after_signal > 0);  // the signal did meet requests in flight
        CHECK(tally.unanswered_sent_before == 0);
        CHECK(tally.resets == 0);
        CHECK(tally.told_to_close + tally.closed_before_send + tally.closed_after_send == k_clients);
        CHECK(server.stop() == 0);
    }
}
