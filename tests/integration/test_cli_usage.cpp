// The command line as a person meets it (issue 11, items 14, 15 and 19): unknown and planned
// commands, `llmp` alone, usage errors that point at the command's own --help, -q/-v after the
// command, and range errors in plain words.
#include "support/process.hpp"

#include <doctest/doctest.h>

using namespace llmp::test;

TEST_SUITE("integration")
{
    TEST_CASE("usage: an unknown command is named, with the nearest one")
    {
        TempDir home;
        auto typo = run_llmp({"cots"}, home.path());
        CHECK(typo.exit_code == 2);
        CHECK(typo.err == "llmp: error: unknown command \"cots\"; did you mean \"cost\"? (see llmp --help)\n");
        CHECK(typo.out.empty());

        auto after_flags = run_llmp({"-q", "srve", "--port", "1"}, home.path());
        CHECK(after_flags.exit_code == 2);
        CHECK(after_flags.err == "llmp: error: unknown command \"srve\"; did you mean \"serve\"? (see llmp --help)\n");

        auto far = run_llmp({"frobnicate"}, home.path());
        CHECK(far.exit_code == 2);
        CHECK(far.err == "llmp: error: unknown command \"frobnicate\" (see llmp --help)\n");
    }

    TEST_CASE("usage: a planned command says it is not built yet")
    {
        TempDir home;
        auto replay = run_llmp({"replay", "--since", "1d"}, home.path());
        CHECK(replay.exit_code == 2);
        CHECK(replay.err == "llmp: error: llmp replay is planned but not built yet (see llmp --help for the "
                            "commands there are)\n");
    }

    TEST_CASE("usage: llmp alone prints the help and exits 2")
    {
        TempDir home;
        for (auto args : {std::vector<std::string>{}, std::vector<std::string>{"-v"}}) {
            auto bare = run_llmp(args, home.path());
            CHECK(bare.exit_code == 2);
            CHECK(bare.out.starts_with("llmp: one endpoint for every LLM provider"));
            CHECK(bare.out.find("\n  ask ") != std::string::npos);
            CHECK(bare.out.find("\n  completions ") != std::string::npos);
            CHECK(bare.err.empty());
        }
    }

    TEST_CASE("usage: errors point at the help of the command being parsed")
    {
        TempDir home;
        auto ask = run_llmp({"ask", "--frobnicate", "hi"}, home.path());
        CHECK(ask.exit_code == 2);
        CHECK(ask.err.starts_with("llmp: error: "));
        CHECK(ask.err.ends_with(" (see llmp ask --help)\n"));

        auto nested = run_llmp({"config", "check", "--nope"}, home.path());
        CHECK(nested.exit_code == 2);
        CHECK(nested.err.ends_with(" (see llmp config check --help)\n"));

        auto config_alone = run_llmp({"config"}, home.path());
        CHECK(config_alone.exit_code == 2);
        CHECK(config_alone.err == "llmp: error: llmp config needs a command: check, show or init (see llmp config --help)\n");
    }

    TEST_CASE("usage: -q and -v work after the command too")
    {
        TempDir home;
        // A literal key makes the loader warn: a warning -q hides.
        home.write("c.toml", "[providers.p]\nkind = \"openai\"\napi_key = \"sk-test-literal-123456\"\n");
        auto loud = run_llmp({"ask", "-c", home.file("c.toml"), "-m", "mock/echo", "hi"}, home.path());
        CHECK(loud.exit_code == 0);
        CHECK(loud.err.find("llmp: warning: ") != std::string::npos);
        auto quiet = run_llmp({"ask", "-q", "-c", home.file("c.toml"), "-m", "mock/echo", "hi"}, home.path());
        CHECK(quiet.exit_code == 0);
        CHECK(quiet.out == "hi\n");
        CHECK(quiet.err.empty());
        auto quiet_last = run_llmp({"ask", "-c", home.file("c.toml"), "-m", "mock/echo", "hi", "--quiet"}, home.path());
        CHECK(quiet_last.exit_code == 0);
        CHECK(quiet_last.err.empty());

        auto verbose = run_llmp({"ask", "-v", "-m", "mock/echo", "hi"}, home.path());
        CHECK(verbose.exit_code == 0);
        CHECK(verbose.out == "hi\n");
        CHECK(run_llmp({"config", "check", "-v"}, home.path()).exit_code == 0);
        CHECK(run_llmp({"completions", "bash", "-q"}, home.path()).exit_code == 0);
        auto help = run_llmp({"ask", "--help"}, home.path());
        CHECK(help.out.find("-q,--quiet") != std::string::npos);
        CHECK(help.out.find("-v,--verbose") != std::string::npos);
    }

    TEST_CASE("usage: range errors in plain words, for every ranged flag")
    {
        TempDir home;
        struct Case {
            std::vector<std::string> args;
            std::string error;
        };
        const std::vector<Case> cases = {
            {{"ask", "--temperature", "3", "hi"},
             "--temperature must be between 0 and 2, got 3 (see llmp ask --help)"},
            {{"ask", "--temperature", "warm", "hi"},
             "--temperature must be a number between 0 and 2, got \"warm\" (see llmp ask --help)"},
            {{"ask", "--max-tokens", "0", "hi"},
             "--max-tokens must be between 1 and 10000000, got 0 (see llmp ask --help)"},
            {{"logs", "-n", "0"}, "--limit must be between 1 and 1000000, got 0 (see llmp logs --help)"},
            {{"logs", "--limit", "lots"},
             "--limit must be a whole number between 1 and 1000000, got \"lots\" (see llmp logs --help)"},
            {{"serve", "--port", "70000"}, "--port must be between 0 and 65535, got 70000 (see llmp serve --help)"},
            {{"models", "--timeout-ms", "5"},
             "--timeout-ms must be between 100 and 60000, got 5 (see llmp models --help)"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.args[1]);
            auto run = run_llmp(c.args, home.path());
            CHECK(run.exit_code == 2);
            CHECK(run.err == "llmp: error: " + c.error + "\n");
        }
    }

    TEST_CASE("usage: llmp logs documents both -n and --limit")
    {
        TempDir home;
        auto help = run_llmp({"logs", "--help"}, home.path());
        CHECK(help.exit_code == 0);
        CHECK(help.out.find("-n,--limit") != std::string::npos);
        std::string readme = read_file(std::string(LLMP_SOURCE_DIR) + "/README.md");
        CHECK(readme.find("`-n`/`--limit`") != std::string::npos);
    }
}
