// A `cmd:` key that hangs (issue 11, item 11): commands that call no provider never run it, and
// those that need keys give up at the configured deadline with an error naming the provider.
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <unistd.h>

using namespace llmp::test;

namespace {

using Clock = std::chrono::steady_clock;

// A config whose only key comes from a command that never ends (it leaves a mark when it runs).
std::string hanging_config(const TempDir& dir, int timeout_ms)
{
    dir.write("c.toml", "[secrets]\ncmd_timeout_ms = " + std::to_string(timeout_ms) + "\n"
                        "[ledger]\npath = \"" + dir.file("ledger.sqlite") + "\"\n"
                        "[providers.vault]\nkind = \"openai\"\n"
                        "api_key = \"cmd:touch " + dir.file("ran") + "; sleep 100\"\n");
    return dir.file("c.toml");
}

bool exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("secrets: read-only commands never run a cmd: key")
    {
        TempDir home;
        // A long deadline: were the key resolved, each command would take 60 s, not a moment.
        std::string config = hanging_config(home, 60'000);
        const std::vector<std::vector<std::string>> commands = {
            {"cost", "-c", config},
            {"logs", "-c", config},
            {"config", "show", "-c", config},
            {"models", "--offline", "-c", config},
            {"completions", "bash"},
        };
        for (const auto& args : commands) {
            CAPTURE(args[0]);
            auto started = Clock::now();
            auto run = run_llmp(args, home.path(), {"LLMP_CONFIG=" + config});
            CHECK(Clock::now() - started < std::chrono::seconds(5));
            CHECK(run.err.find("did not finish") == std::string::npos);
            CHECK_FALSE(exists(home.file("ran")));
        }
        auto shown = run_llmp({"config", "show", "-c", config}, home.path());
        CHECK(shown.exit_code == 0);
        CHECK(shown.out.find("api_key = \"cmd:touch " + home.file("ran") + "; sleep 100\"") != std::string::npos);
    }

    TEST_CASE("secrets: ask, serve and config check give up at the deadline, naming the provider")
    {
        TempDir home;
        std::string config = hanging_config(home, 300);
        std::string expected = "llmp: error: " + config + ":7: providers.vault.api_key: command \"touch "
            + home.file("ran") + "; sleep 100\" did not finish within 300 ms (raise [secrets] "
                                 "cmd_timeout_ms if it needs longer)\n";
        const std::vector<std::vector<std::string>> commands = {
            {"ask", "-c", config, "-m", "mock/echo", "hi"},
            {"serve", "-c", config, "--port", std::to_string(free_port())},
            {"config", "check", "-c", config},
        };
        for (const auto& args : commands) {
            CAPTURE(args[0]);
            auto started = Clock::now();
            auto run = run_llmp(args, home.path());
            auto took = Clock::now() - started;
            CHECK(run.exit_code == 2);
            CHECK(run.err == expected);
            CHECK(took >= std::chrono::milliseconds(300));
            CHECK(took < std::chrono::seconds(5));
            CHECK(exists(home.file("ran")));
        }
    }
}
