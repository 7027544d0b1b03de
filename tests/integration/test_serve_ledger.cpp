// A ledger that cannot write, against the real binary: a lock held by another process for longer
// than the busy timeout, and a full disk (a small tmpfs). Records wait in memory and land when
// the ledger can write again; /healthz and the log say how many wait; a shutdown that cannot
// write them says how many are lost.
#include "support/http_client.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include "llmp/ledger/database.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sys/mount.h>
#include <thread>

using namespace llmp::test;
using nlohmann::json;

namespace {

std::string config_at(const std::string& ledger_path)
{
    return "[ledger]\npath = \"" + ledger_path + "\"\n[providers.mock]\nkind = \"mock\"\n";
}

// /healthz until `ready` holds for its JSON, or the deadline; returns the last answer.
Reply await_health(int port, const std::function<bool(const Reply&)>& ready, int timeout_ms = 10'000)
{
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
        Reply reply = get(port, "/healthz");
        if (ready(reply) || std::chrono::steady_clock::now() > deadline) return reply;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling the writer's retries
    }
}

bool degraded(const Reply& reply)
{
    auto body = reply.json();
    return reply.status == 503 && body.is_object() && body["status"] == "degraded";
}

bool healthy(const Reply& reply)
{
    auto body = reply.json();
    return reply.status == 200 && body.is_object() && body["ledger"]["ok"] == true
        && body["ledger"]["waiting"] == 0;
}

// A tmpfs of `size` mounted on a fresh directory for the life of the object; mounted() is false
// where the machine does not allow it (not root, a container without CAP_SYS_ADMIN).
class SmallDisk {
public:
    explicit SmallDisk(const std::string& size)
    {
        std::string options = "size=" + size + ",mode=0700";
        m_mounted = ::mount("tmpfs", m_dir.path().c_str(), "tmpfs", 0, options.c_str()) == 0;
    }
    ~SmallDisk()
    {
        if (m_mounted) ::umount2(m_dir.path().c_str(), MNT_DETACH);
    }
    bool mounted() const { return m_mounted; }
    std::string file(const std::string& name) const { return m_dir.file(name); }

    // Writes a file until the disk is full.
    void fill(const std::string& name) const
    {
        std::FILE* out = std::fopen(file(name).c_str(), "wb");
        REQUIRE(out);
        std::string block(4096, 'x');
        while (std::fwrite(block.data(), 1, block.size(), out) == block.size() && std::fflush(out) == 0) {
        }
        std::fclose(out);
    }

private:
    TempDir m_dir;
    bool m_mounted = false;
};

// Big enough that its rows (bodies are stored) need pages the full disk does not have.
std::string large_prompt(int i) { return "request " + std::to_string(i) + " " + std::string(20'000, 'p'); }

// `count` requests with large prompts, each answered 200.
void post_large_prompts(int port, int count)
{
    for (int i = 0; i < count; ++i)
        CHECK(post(port, "/v1/chat/completions", chat_body("mock/echo", large_prompt(i))).status == 200);
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("ledger: a lock held past the busy timeout delays rows, /healthz says so, none are lost")
    {
        TempDir dir;
        std::string path = dir.file("ledger.sqlite");
        Server server(config_at(path));
        REQUIRE(healthy(get(server.port(), "/healthz")));

        // Another process (here: a second connection) holds the write lock for longer than the
        // writer's busy timeout.
        auto other = llmp::ledger::open_database(path, llmp::ledger::Access::read_write);
        REQUIRE(other);
        REQUIRE(llmp::ledger::exec(other->get(), "BEGIN EXCLUSIVE", "test"));
        constexpr int k_requests = 5;
        for (int i = 0; i < k_requests; ++i)
            CHECK(post(server.port(), "/v1/chat/completions", chat_body("mock/echo", "locked " + std::to_string(i))).status
                  == 200);

        Reply during = await_health(server.port(), degraded);
        REQUIRE(degraded(during));
        auto ledger = during.json()["ledger"];
        CHECK(ledger["ok"] == false);
        CHECK(ledger["waiting"] == k_requests);
        CHECK(ledger["lost"] == 0);
        CHECK(ledger["error"] == "database is locked");
        std::string log = server.log();
        CHECK(log.find("ledger: cannot write " + path + ": database is locked; ") != std::string::npos);
        CHECK(log.find("request record(s) wait in memory and are retried") != std::string::npos);
        // Requests are still served while the rows wait.
        CHECK(post(server.port(), "/v1/chat/completions", chat_body("mock/echo", "still served")).status == 200);

        REQUIRE(llmp::ledger::exec(other->get(), "ROLLBACK", "test"));
        other->reset();
        auto rows = wait_for_rows(path, k_requests + 1);
        CHECK(rows.size() == k_requests + 1);
        CHECK(healthy(await_health(server.port(), healthy)));
        CHECK(server.log().find("ledger: writing again") != std::string::npos);
        CHECK(server.stop() == 0);
    }

    TEST_CASE("ledger: a full disk keeps rows waiting and reports it; they land when space returns")
    {
        SmallDisk disk("1m");
        if (!disk.mounted()) {
            MESSAGE("skipped: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)");
            return;
        }
        std::string path = disk.file("ledger.sqlite");
        Server server(config_at(path));
        disk.fill("filler");

        constexpr int k_requests = 4;
        post_large_prompts(server.port(), k_requests);
        Reply during = await_health(server.port(), degraded);
        REQUIRE(degraded(during));
        auto ledger = during.json()["ledger"];
        CHECK(ledger["waiting"] == k_requests);
        CHECK(ledger["error"] == "database or disk is full");
        CHECK(server.log().find("database or disk is full; ") != std::string::npos);

        std::remove(disk.file("filler").c_str());
        wait_for_rows(path, k_requests);
        CHECK(healthy(await_health(server.port(), healthy)));
        CHECK(server.stop() == 0);
    }

    TEST_CASE("ledger: a shutdown on a full disk says how many rows are lost, in one line")
    {
        SmallDisk disk("1m");
        if (!disk.mounted()) {
            MESSAGE("skipped: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)");
            return;
        }
        std::string path = disk.file("ledger.sqlite");
        Server server(config_at(path));
        disk.fill("filler");
        constexpr int k_requests = 3;
        post_large_prompts(server.port(), k_requests);
        REQUIRE(degraded(await_health(server.port(), degraded)));
        CHECK(server.stop() == 0);
        std::string log = server.log();
        CHECK(log.find("ledger: " + std::to_string(k_requests) + " request record(s) lost: cannot write " + path
                       + ": database or disk is full")
              != std::string::npos);
    }
}
