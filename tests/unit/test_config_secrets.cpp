// Secret references (`env:`, `file:`, `cmd:`, literal): what each resolves to, errors that name
// the reference and never the value, masking, and `config show` never printing a key.
#include "llmp/config/loader.hpp"
#include "llmp/config/secrets.hpp"
#include "llmp/config/show.hpp"
#include "support/process.hpp"
#include "support/scoped_env.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>

using namespace llmp;
using llmp::test::ScopedEnv;

namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

// The error message of a reference that must fail ("<resolved>" when it did not fail).
std::string error_of(const std::string& reference)
{
    auto value = config::resolve_secret(reference);
    if (value) return "<resolved>";
    CHECK(value.error().code == ErrorCode::config);
    return value.error().message;
}

} // namespace

TEST_CASE("secrets: env:NAME")
{
    SUBCASE("reads the variable")
    {
        ScopedEnv key("LLMP_TEST_SECRET_ENV", "sk-test-from-env");
        auto value = config::resolve_secret("env:LLMP_TEST_SECRET_ENV");
        REQUIRE(value);
        CHECK(*value == "sk-test-from-env");
    }
    SUBCASE("unset")
    {
        ScopedEnv key("LLMP_TEST_SECRET_ENV", nullptr);
        CHECK(error_of("env:LLMP_TEST_SECRET_ENV")
              == "environment variable LLMP_TEST_SECRET_ENV is not set or empty");
    }
    SUBCASE("empty counts as unset")
    {
        ScopedEnv key("LLMP_TEST_SECRET_ENV", "");
        CHECK(error_of("env:LLMP_TEST_SECRET_ENV")
              == "environment variable LLMP_TEST_SECRET_ENV is not set or empty");
    }
    SUBCASE("no variable name")
    {
        CHECK(error_of("env:") == "env: needs a variable name, e.g. env:OPENAI_API_KEY");
    }
    CHECK_FALSE(config::is_literal_secret("env:LLMP_TEST_SECRET_ENV"));
}

TEST_CASE("secrets: file:PATH")
{
    test::TempDir dir;
    SUBCASE("the content, trailing newline trimmed")
    {
        dir.write("key", "sk-test-from-file\n");
        auto value = config::resolve_secret("file:" + dir.file("key"));
        REQUIRE(value);
        CHECK(*value == "sk-test-from-file");
    }
    SUBCASE("trailing CRLF and blank lines trimmed")
    {
        dir.write("key", "sk-test-from-file\r\n\r\n");
        auto value = config::resolve_secret("file:" + dir.file("key"));
        REQUIRE(value);
        CHECK(*value == "sk-test-from-file");
    }
    SUBCASE("~ is expanded")
    {
        ScopedEnv home("HOME", dir.path().c_str());
        dir.write("key", "sk-test-home\n");
        auto value = config::resolve_secret("file:~/key");
        REQUIRE(value);
        CHECK(*value == "sk-test-home");
    }
    SUBCASE("missing file")
    {
        CHECK(error_of("file:" + dir.file("absent"))
              == "cannot read " + dir.file("absent") + ": No such file or directory");
    }
    SUBCASE("empty file")
    {
        dir.write("key", "\n  \n");
        CHECK(error_of("file:" + dir.file("key")) == dir.file("key") + " is empty");
    }
    CHECK_FALSE(config::is_literal_secret("file:/run/secrets/openai"));
}

TEST_CASE("secrets: cmd:COMMAND")
{
    test::TempDir dir;
    SUBCASE("what the command prints")
    {
        auto value = config::resolve_secret("cmd:printf sk-test");
        REQUIRE(value);
        CHECK(*value == "sk-test");
    }
    SUBCASE("surrounding whitespace trimmed")
    {
        auto value = config::resolve_secret("cmd:printf '  sk-test-spaced \\n\\n'");
        REQUIRE(value);
        CHECK(*value == "sk-test-spaced");
    }
    SUBCASE("a failing command: the message names the command, never what it printed")
    {
        dir.write("key", "sk-test-leaked-by-cmd\n");
        std::string command = "cat " + dir.file("key") + "; exit 3";
        std::string message = error_of("cmd:" + command);
        CHECK(message == "command \"" + command + "\" exited with status 3");
        CHECK_FALSE(contains(message, "sk-test-leaked-by-cmd"));
    }
    SUBCASE("a command that prints nothing")
    {
        CHECK(error_of("cmd:printf ''") == "command \"printf ''\" printed nothing");
    }
    SUBCASE("no command")
    {
        CHECK(error_of("cmd:") == "cmd: needs a command, e.g. cmd:pass show openai");
        CHECK(error_of("cmd:  ") == "cmd: needs a command, e.g. cmd:pass show openai");
    }
    SUBCASE("a command killed by a signal")
    {
        CHECK(error_of("cmd:kill -9 $$") == "command \"kill -9 $$\" was killed by signal 9");
    }
    SUBCASE("the command does not read our stdin (llmp ask's prompt may be waiting there)")
    {
        int saved = ::dup(STDIN_FILENO);
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        REQUIRE(::write(fds[1], "the prompt", 10) == 10);
        ::close(fds[1]);
        ::dup2(fds[0], STDIN_FILENO);
        ::close(fds[0]);
        auto value = config::resolve_secret("cmd:cat; printf sk-test-after-stdin");
        ::dup2(saved, STDIN_FILENO);
        ::close(saved);
        REQUIRE(value);
        CHECK(*value == "sk-test-after-stdin");
    }
    CHECK_FALSE(config::is_literal_secret("cmd:pass show openai"));
}

TEST_CASE("secrets: a cmd: that hangs is killed at its deadline, with everything it started")
{
    using Clock = std::chrono::steady_clock;
    SUBCASE("a command that never ends")
    {
        auto started = Clock::now();
        auto value = config::resolve_secret("cmd:sleep 100", 300);
        auto took = Clock::now() - started;
        REQUIRE_FALSE(value);
        CHECK(value.error().message == "command \"sleep 100\" did not finish within 300 ms "
                                       "(raise [secrets] cmd_timeout_ms if it needs longer)");
        CHECK(took >= std::chrono::milliseconds(300));
        CHECK(took < std::chrono::seconds(5));
    }
    SUBCASE("its children are killed too: the group is gone when the error comes back")
    {
        test::TempDir dir;
        std::string pid_file = dir.file("child.pid");
        auto value = config::resolve_secret("cmd:sleep 100 & echo $! > " + pid_file + "; wait", 300);
        REQUIRE_FALSE(value);
        std::string pid_text = test::read_file(pid_file);
        REQUIRE_FALSE(pid_text.empty());
        pid_t child = static_cast<pid_t>(std::stol(pid_text));
        // Killed and reaped by init at once, or a zombie for a moment: either way not sleeping.
        auto deadline = Clock::now() + std::chrono::seconds(5);
        bool gone = false;
        while (!gone && Clock::now() < deadline) {
            std::string state = test::read_file("/proc/" + std::to_string(child) + "/stat");
            gone = state.empty() || state.find(") Z") != std::string::npos;
            if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));  // kill is asynchronous
        }
        CHECK(gone);
    }
    SUBCASE("a background child holding stdout does not keep us waiting")
    {
        auto started = Clock::now();
        auto value = config::resolve_secret("cmd:sleep 4 & printf sk-test-forked", 10'000);
        REQUIRE(value);
        CHECK(*value == "sk-test-forked");
        CHECK(Clock::now() - started < std::chrono::seconds(2));
    }
}

TEST_CASE("secrets: a literal value")
{
    SUBCASE("is used as it is")
    {
        auto value = config::resolve_secret("sk-test-literal-0123456789");
        REQUIRE(value);
        CHECK(*value == "sk-test-literal-0123456789");
        CHECK(config::is_literal_secret("sk-test-literal-0123456789"));
    }
    SUBCASE("an unknown prefix is a literal too")
    {
        CHECK(config::is_literal_secret("ENV:OPENAI_API_KEY"));
        CHECK(config::is_literal_secret("vault:openai"));
    }
    SUBCASE("empty")
    {
        CHECK(error_of("") == "empty secret");
    }
    SUBCASE("the loader accepts it with a warning that does not repeat it")
    {
        auto r = config::load_string("[providers.openai]\nkind = \"openai\"\n"
                                     "api_key = \"sk-test-literal-0123456789\"\n",
                                     "config.toml");
        REQUIRE(r);
        const auto* openai = r->config.find_provider("openai");
        REQUIRE(openai);
        REQUIRE(openai->api_key);
        CHECK(openai->api_key->value == "sk-test-literal-0123456789");
        REQUIRE(r->warnings.size() == 1);
        CHECK(r->warnings[0].str()
              == "config.toml:3: providers.openai.api_key: literal secret in config; use "
                 "env:NAME, file:PATH or cmd:COMMAND");
    }
    SUBCASE("a reference gets no warning")
    {
        ScopedEnv key("LLMP_TEST_SECRET_ENV", "sk-test-from-env");
        auto r = config::load_string("[providers.openai]\nkind = \"openai\"\n"
                                     "api_key = \"env:LLMP_TEST_SECRET_ENV\"\n",
                                     "config.toml");
        REQUIRE(r);
        CHECK(r->warnings.empty());
    }
}

TEST_CASE("secrets: loader errors name the reference, never the value")
{
    test::TempDir dir;
    dir.write("key", "sk-test-never-shown\n");
    std::string command = "cat " + dir.file("key") + " && false";
    std::string text = "[providers.openai]\nkind = \"openai\"\n"
                       "api_key = \"cmd:" + command + "\"\n"
                       "[providers.backup]\nkind = \"openai\"\n"
                       "api_key = \"file:" + dir.file("absent") + "\"\n";
    auto r = config::load_string(text, "config.toml");
    REQUIRE_FALSE(r);
    REQUIRE(r.error().size() == 2);
    CHECK(r.error()[0].str()
          == "config.toml:3: providers.openai.api_key: command \"" + command + "\" exited with status 1");
    CHECK(r.error()[1].str()
          == "config.toml:6: providers.backup.api_key: cannot read " + dir.file("absent")
                 + ": No such file or directory");
    for (const auto& d : r.error()) CHECK_FALSE(contains(d.str(), "sk-test-never-shown"));
}

TEST_CASE("secrets: mask")
{
    auto masked = [](const std::string& reference, const std::string& value) {
        return config::mask(config::Secret{reference, value});
    };
    SUBCASE("a reference is shown as written, never its value")
    {
        CHECK(masked("env:OPENAI_API_KEY", "sk-test-value-0123456789") == "env:OPENAI_API_KEY");
        CHECK(masked("file:~/.config/llmp/openai.key", "sk-test-value-0123456789")
              == "file:~/.config/llmp/openai.key");
        CHECK(masked("cmd:pass show openai", "sk-test-value-0123456789") == "cmd:pass show openai");
    }
    SUBCASE("a long literal keeps only its last 4 characters")
    {
        CHECK(masked("sk-proj-abcdefghijklmnopWXYZ", "sk-proj-abcdefghijklmnopWXYZ") == "****WXYZ");
        CHECK(masked("sk-123456789", "sk-123456789") == "****6789");  // 12: the shortest shown
    }
    SUBCASE("a short literal shows nothing")
    {
        CHECK(masked("sk-12345678", "sk-12345678") == "****");  // 11 characters
        CHECK(masked("abcd", "abcd") == "****");
        CHECK(masked("", "") == "****");
    }
}

TEST_CASE("config show masks secrets")
{
    test::TempDir dir;
    dir.write("key", "sk-test-cmd-value\n");
    std::string command = "cat " + dir.file("key");
    ScopedEnv key("LLMP_TEST_SECRET_ENV", "sk-test-env-value-4242");
    auto r = config::load_string(
        "[providers.viaenv]\nkind = \"openai\"\napi_key = \"env:LLMP_TEST_SECRET_ENV\"\n"
        "[providers.viacmd]\nkind = \"openai\"\napi_key = \"cmd:" + command + "\"\n"
        "[providers.literal]\nkind = \"openai\"\napi_key = \"sk-test-literal-value-WXYZ\"\n"
        "[providers.short]\nkind = \"openai\"\napi_key = \"sk-short\"\n"
        "[providers.org]\nkind = \"openai\"\n"
        "headers = { Authorization = \"Bearer sk-test-header\" }\n",
        "config.toml");
    REQUIRE(r);
    // The values were resolved, so they are in the Config that gets rendered.
    REQUIRE(r->config.find_provider("viaenv")->api_key);
    CHECK(r->config.find_provider("viaenv")->api_key->value == "sk-test-env-value-4242");
    REQUIRE(r->config.find_provider("viacmd")->api_key);
    CHECK(r->config.find_provider("viacmd")->api_key->value == "sk-test-cmd-value");
    CHECK(r->config.find_provider("org")->headers.at("Authorization") == "Bearer sk-test-header");

    std::string text = config::render(r->config);
    CHECK_FALSE(contains(text, "sk-test-env-value-4242"));
    CHECK_FALSE(contains(text, "sk-test-cmd-value"));
    CHECK_FALSE(contains(text, "sk-test-literal-value"));
    CHECK_FALSE(contains(text, "sk-short"));
    CHECK_FALSE(contains(text, "sk-test-header"));
    CHECK(contains(text, "\n[providers.viaenv]\nkind = \"openai\"\nbase_url = "
                         "\"https://api.openai.com/v1\"\n"
                         "api_key = \"env:LLMP_TEST_SECRET_ENV\"\n"));
    CHECK(contains(text, "\n[providers.viacmd]\nkind = \"openai\"\nbase_url = "
                         "\"https://api.openai.com/v1\"\napi_key = \"cmd:" + command + "\"\n"));
    CHECK(contains(text, "\n[providers.literal]\nkind = \"openai\"\nbase_url = "
                         "\"https://api.openai.com/v1\"\napi_key = \"****WXYZ\"\n"));
    CHECK(contains(text, "\n[providers.short]\nkind = \"openai\"\nbase_url = "
                         "\"https://api.openai.com/v1\"\napi_key = \"****\"\n"));
    CHECK(contains(text, "headers = { \"Authorization\" = \"****\" }\n"));
}
