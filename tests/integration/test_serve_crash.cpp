// Crash safety of the ledger under load. SIGKILL: the file passes PRAGMA integrity_check, every
// request answered more than the writer's batch window (plus slack) before the kill is in it,
// and no more are missing than the writer's backlog bound. SIGTERM: every request that got an answer is in it.
#include "support/http_client.hpp"
#include "support/process.hpp"

#include "llmp/ledger/writer.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

using namespace llmp::test;
using Clock = std::chrono::steady_clock;

namespace {

// A row can reach the disk this long after its request was answered: the writer's batch window
// (README "Durability") plus the time to write a batch and to be scheduled on a loaded machine.
const auto k_window = std::chrono::milliseconds(llmp::ledger::WriterOptions{}.batch_window_ms);
const auto k_slack = std::chrono::milliseconds(400);
// Beyond this many waiting records, requests wait for the writer: an answered request can be
// missing after a crash only while it is among them or in the batch being written.
const size_t k_backlog_bound = llmp::ledger::WriterOptions{}.backpressure_rows + llmp::ledger::WriterOptions{}.max_batch;

struct Answered {
    std::string id;
    Clock::time_point at;
};

// Clients on keep-alive connections sending small completions as fast as llmp answers, until
// stopped (or the server is gone).
class Load {
public:
    Load(int port, int clients, size_t prompt_bytes = 0)
    {
        for (int i = 0; i < clients; ++i)
            m_threads.emplace_back([this, port, i, prompt_bytes] { run(port, i, prompt_bytes); });
    }
    ~Load() { stop(); }

    // Blocks until `count` requests have been answered (or 60 s passed).
    void wait_for(size_t count)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, std::chrono::seconds(60), [&] { return m_answered.size() >= count; });
    }

    void stop()
    {
        m_stop = true;
        for (auto& thread : m_threads)
            if (thread.joinable()) thread.join();
    }

    std::vector<Answered> answered()
    {
        std::lock_guard lock(m_mutex);
        return m_answered;
    }

private:
    void run(int port, int client, size_t prompt_bytes)
    {
        httplib::Client http("127.0.0.1", port);
        http.set_keep_alive(true);
        http.set_tcp_nodelay(true);  // else each request waits out a delayed ACK: ~25 req/s per client
        http.set_read_timeout(std::chrono::seconds(10));
        std::string body = chat_body("mock/echo", "load from client " + std::to_string(client) + " "
                                                      + std::string(prompt_bytes, 'p'));
        while (!m_stop) {
            auto result = http.Post("/v1/chat/completions", body, "application/json");
            if (!result) {
                if (m_stop) return;
                continue;  // the server is going away; keep trying until told to stop
            }
            auto now = Clock::now();
            if (result->status != 200) continue;
            std::string id = result->get_header_value("x-request-id");
            std::lock_guard lock(m_mutex);
            m_answered.push_back({id, now});
            m_changed.notify_all();
        }
    }

    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<Answered> m_answered;
    std::vector<std::thread> m_threads;
};

struct LedgerState {
    std::string integrity;
    std::set<std::string> ids;
};

// Opens the ledger as the next llmp would (read-write: recovery of the WAL may need to write).
LedgerState read_ledger(const std::string& path)
{
    LedgerState state;
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK);
    while (sqlite3_step(statement) == SQLITE_ROW) {
        if (!state.integrity.empty()) state.integrity += "\n";
        state.integrity += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
    REQUIRE(sqlite3_prepare_v2(db, "SELECT id FROM requests", -1, &statement, nullptr) == SQLITE_OK);
    while (sqlite3_step(statement) == SQLITE_ROW)
        state.ids.insert(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return state;
}

const std::string k_config = "[ledger]\npath = \"{ledger}\"\n[providers.mock]\nkind = \"mock\"\n";

// SIGKILL while `clients` connections send as fast as llmp answers, with `prompt_bytes` more of
// prompt (bodies are stored: heavier rows). The answered requests (a 200 with an x-request-id)
// missing from the ledger can be no more than the writer's backlog bound (README "Durability"),
// and with Within::window_and_bound none answered longer ago than the batch window (plus slack).
enum class Within { window_and_bound, bound };

void kill_under_load(int clients, size_t requests, size_t prompt_bytes, Within within)
{
    Server server(k_config);
    Load load(server.port(), clients, prompt_bytes);
    load.wait_for(requests);
    server.signal(SIGKILL);
    auto killed = Clock::now();
    load.stop();
    CHECK(server.stop() == 128 + SIGKILL);

    auto answered = load.answered();
    auto ledger = read_ledger(server.ledger_path());
    CHECK(ledger.integrity == "ok");

    size_t lost = 0;
    size_t lost_too_old = 0;
    double oldest_lost_ms = 0;
    for (const auto& answer : answered) {
        if (ledger.ids.count(answer.id)) continue;
        ++lost;
        double age = std::chrono::duration<double, std::milli>(killed - answer.at).count();
        oldest_lost_ms = std::max(oldest_lost_ms, age);
        if (killed - answer.at > k_window + k_slack) ++lost_too_old;
    }
    MESSAGE(clients << " connections, SIGKILL after " << answered.size() << " answered requests: "
                    << ledger.ids.size() << " rows in the ledger, " << lost
                    << " answered requests missing, the oldest " << oldest_lost_ms << " ms before the kill (window "
                    << k_window.count() << " ms + slack " << k_slack.count() << " ms)");
    CHECK(answered.size() >= requests);
    // Beyond the writer's rate the time a row waits is the backlog over that rate, which a
    // loaded machine stretches; the documented promise there is the bound in rows.
    if (within == Within::window_and_bound) CHECK(lost_too_old == 0);
    CHECK(lost <= k_backlog_bound);

    // The next llmp opens the same file and goes on recording.
    Server again("[ledger]\npath = \"" + server.ledger_path() + "\"\n[providers.mock]\nkind = \"mock\"\n");
    CHECK(post(again.port(), "/v1/chat/completions", chat_body("mock/echo", "after the crash")).status == 200);
    CHECK(again.stop() == 0);
    auto after = read_ledger(server.ledger_path());
    CHECK(after.integrity == "ok");
    CHECK(after.ids.size() == ledger.ids.size() + 1);
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("crash safety: SIGKILL under load keeps the ledger intact and loses at most the batch window")
    {
        kill_under_load(4, 2000, 0, Within::window_and_bound);
    }

    TEST_CASE("crash safety: SIGKILL under 8 connections: recorded >= answered minus the documented bound")
    {
        // Long enough (seconds at full rate) for a writer slower than the proxy to fall behind:
        // before back-pressure and time-ordered ids, it was 1.5 s behind after 5 s.
        kill_under_load(8, 20'000, 2'000, Within::bound);
    }

    TEST_CASE("crash safety: SIGTERM under load loses no answered request")
    {
        Server server(k_config);
        Load load(server.port(), 4);
        load.wait_for(2000);
        CHECK(server.stop() == 0);  // SIGTERM while the clients keep sending
        load.stop();

        auto answered = load.answered();
        auto ledger = read_ledger(server.ledger_path());
        CHECK(ledger.integrity == "ok");
        size_t missing = 0;
        for (const auto& answer : answered) missing += ledger.ids.count(answer.id) ? 0 : 1;
        MESSAGE("SIGTERM after " << answered.size() << " answered requests: " << ledger.ids.size()
                                 << " rows in the ledger, " << missing << " missing");
        CHECK(answered.size() >= 2000);
        CHECK(missing == 0);
        CHECK(server.log().find("ledger flushed") != std::string::npos);
    }
}
