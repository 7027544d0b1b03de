// The CLI surface: version, help, config check/show/init, and exit codes.
#include "support/fake_upstream.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

using namespace llmp::test;

TEST_SUITE("integration")
{
    TEST_CASE("--version and --help")
    {
        TempDir home;
        auto version = run_llmp({"--version"}, home.path());
        CHECK(version.exit_code == 0);
        CHECK(version.out == std::string("llmp ") + LLMP_VERSION + "\n");
        auto help = run_llmp({"--help"}, home.path());
        CHECK(help.exit_code == 0);
        CHECK(help.out.find("serve") != std::string::npos);
        CHECK(help.out.find("config") != std::string::npos);
        auto bad = run_llmp({"frobnicate"}, home.path());
        CHECK(bad.exit_code == 2);
        CHECK(bad.err.starts_with("llmp: error: "));
    }

    TEST_CASE("config check: a summary, or every error with file:line and exit 2")
    {
        TempDir home;
        home.write("good.toml", "[server]\nlisten = \"127.0.0.1:9999\"\n[providers.local]\nkind = \"openai\"\n"
                                "base_url = \"http://127.0.0.1:11434/v1\"\n");
        auto good = run_llmp({"config", "check", "--config", home.file("good.toml")}, home.path());
        CHECK(good.exit_code == 0);
        CHECK(good.out.find("local") != std::string::npos);
        CHECK(good.out.find("127.0.0.1:9999") != std::string::npos);

        home.write("bad.toml", "[server]\nlisten = \"127.0.0.1:9999\"\nthreds = 4\n\n[providers.x]\nkind = \"openai\"\n"
                               "base_url = \"ftp//nope\"\n");
        auto bad = run_llmp({"config", "check", "--config", home.file("bad.toml")}, home.path());
        CHECK(bad.exit_code == 2);
        CHECK(bad.err.find("llmp: error: " + home.file("bad.toml") + ":3: server.threds: unknown key")
              != std::string::npos);
        CHECK(bad.err.find("did you mean \"threads\"?") != std::string::npos);
        CHECK(bad.err.find(home.file("bad.toml") + ":7: providers.x.base_url: not a URL")
              != std::string::npos);

        auto missing = run_llmp({"config", "check", "--config", home.file("nope.toml")}, home.path());
        CHECK(missing.exit_code == 2);
        CHECK(missing.err.starts_with("llmp: error: "));
    }

    TEST_CASE("config show masks secrets; config init writes once")
    {
        TempDir home;
        home.write("c.toml", "[providers.p]\nkind = \"openai\"\nbase_url = \"https://example.com/v1\"\n"
                             "api_key = \"env:LLMP_TEST_SHOW_KEY\"\n");
        auto shown = run_llmp({"config", "show", "--config", home.file("c.toml")}, home.path(),
                              {"LLMP_TEST_SHOW_KEY=sk-live-abcdef123456"});
        CHECK(shown.exit_code == 0);
        CHECK(shown.out.find("env:LLMP_TEST_SHOW_KEY") != std::string::npos);
        CHECK(shown.out.find("sk-live-abcdef123456") == std::string::npos);
        CHECK(shown.err.find("sk-live-abcdef123456") == std::string::npos);

        std::string target = home.file("new/config.toml");
        auto first = run_llmp({"config", "init", target}, home.path());
        CHECK(first.exit_code == 0);
        struct stat info{};
        REQUIRE(stat(target.c_str(), &info) == 0);
        CHECK((info.st_mode & 0777) == 0600);
        auto check = run_llmp({"config", "check", "--config", target}, home.path());
        CHECK(check.exit_code == 0);  // the starter file is valid as written
        auto second = run_llmp({"config", "init", target}, home.path());
        CHECK(second.exit_code == 1);
        CHECK(second.err.starts_with("llmp: error: "));
    }

    TEST_CASE("config lookup: $LLMP_CONFIG, then the XDG location")
    {
        TempDir home;
        home.write("env.toml", "[server]\nlisten = \"127.0.0.1:7001\"\n");
        auto via_env = run_llmp({"config", "check"}, home.path(), {"LLMP_CONFIG=" + home.file("env.toml")});
        CHECK(via_env.exit_code == 0);
        CHECK(via_env.out.find("127.0.0.1:7001") != std::string::npos);

        mkdir((home.path() + "/.config").c_str(), 0700);
        mkdir((home.path() + "/.config/llmp").c_str(), 0700);
        home.write(".config/llmp/config.toml", "[server]\nlisten = \"127.0.0.1:7002\"\n");
        auto via_xdg = run_llmp({"config", "check"}, home.path());
        CHECK(via_xdg.exit_code == 0);
        CHECK(via_xdg.out.find("127.0.0.1:7002") != std::string::npos);
    }

    TEST_CASE("models --offline: the built-in mock's models, and what FROM api means")
    {
        TempDir home;
        // The embedded default: the mock provider alone.
        auto offline = run_llmp({"models", "--offline"}, home.path());
        CHECK(offline.exit_code == 0);
        CHECK(offline.out.find("\nmock/echo  mock") != std::string::npos);
        // Online, a provider's own list is "api", and the legend says what that means.
        FakeUpstream upstream([](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"object":"list","data":[{"id":"gpt-listed","object":"model"}]})", "application/json");
        });
        home.write("c.toml", "[providers.fake]\nkind = \"openai\"\napi_key = \"env:LLMP_TEST_KEY\"\nbase_url = \""
                                 + upstream.url() + "\"\n");
        auto online = run_llmp({"models", "-c", home.file("c.toml")}, home.path(), {"LLMP_TEST_KEY=sk-test"});
        CHECK(online.exit_code == 0);
        CHECK(online.out.find("\nfake/gpt-listed  api ") != std::string::npos);
        CHECK(online.out.ends_with("\nFROM: api = listed by the provider's models endpoint; mock = the built-in "
                                   "mock provider, which answers any model name (mock/anything)\n"));
    }

    TEST_CASE("models: aliases and declared models with their prices; --json")
    {
        TempDir home;
        home.write("c.toml", "[providers.local]\nkind = \"ollama\"\nmodels = [\"llama3.2\", \"gpt-4o-mini\"]\n"
                             "[models.fast]\ntargets = [\"local/llama3.2\"]\n");
        auto table = run_llmp({"models", "--offline", "-c", home.file("c.toml")}, home.path());
        CHECK(table.exit_code == 0);
        CHECK(table.out
              == "MODEL              FROM       INPUT/M    OUTPUT/M\n"
                 "fast               alias            -           -\n"
                 "local/llama3.2     config           -           -\n"
                 "local/gpt-4o-mini  config       $0.15        $0.6\n"
                 "mock/echo          mock            $1          $2\n"
                 "\n"
                 "FROM: alias = an alias under [models]; config = in the provider's models list in the "
                 "config; mock = the built-in mock provider, which answers any model name "
                 "(mock/anything)\n");
        auto json = run_llmp({"models", "--offline", "--json", "-c", home.file("c.toml")}, home.path());
        CHECK(json.exit_code == 0);
        auto parsed = nlohmann::json::parse(json.out);
        REQUIRE(parsed.size() == 4);
        CHECK(parsed[3]["model"] == "mock/echo");
        CHECK(parsed[3]["source"] == "mock");
        CHECK(parsed[2]["model"] == "local/gpt-4o-mini");
        CHECK(parsed[2]["price_usd_per_million"]["output"] == doctest::Approx(0.6));
        CHECK_FALSE(parsed[1].contains("price_usd_per_million"));
    }
}
