// llmp ask: prompt sources, streaming into a pipe, --json, -u, every exit code, Ctrl-C, --via.
// The mock provider answers offline: it echoes the last user message word by word, and every
// mock model costs $1/M input and $2/M output tokens (README "Mock provider").
#include "support/fake_upstream.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace llmp::test;
using Json = nlohmann::json;

namespace {

// A config in `dir` with the ledger in it; `extra` adds providers or settings.
std::string write_config(const TempDir& dir, const std::string& extra = "")
{
    dir.write("config.toml", "[ledger]\npath = \"" + dir.file("ledger.sqlite") + "\"\n"
                                 "[providers.mock]\nkind = \"mock\"\n" + extra);
    return dir.file("config.toml");
}

// A stand-in for a proxy that refuses: answers every chat request with `status`, an OpenAI
// error body and llmp's refusal header.
class RefusingProxy {
public:
    RefusingProxy(int status, const std::string& refused)
    {
        m_server.Post("/v1/chat/completions", [status, refused](const httplib::Request&, httplib::Response& res) {
            res.status = status;
            res.set_header("x-llmp-refused", refused);
            res.set_content(R"({"error":{"message":"the )" + refused + R"( said no","type":"x"}})",
                            "application/json");
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        // bind_to_any_port already listens: a client that comes early waits in the backlog.
    }
    ~RefusingProxy()
    {
        m_server.stop();
        m_thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
};

// Runs llmp with stdin, stdout and stderr on one pseudo-terminal, as in an interactive shell,
// and returns everything the terminal was sent (line ends as the terminal gets them: "\r\n").
std::string run_on_terminal(const std::vector<std::string>& args, const std::string& home)
{
    int terminal = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(terminal >= 0);
    REQUIRE(::grantpt(terminal) == 0);
    REQUIRE(::unlockpt(terminal) == 0);
    std::string side = ::ptsname(terminal);
    const char* other = std::getenv("LLMP_TEST_BINARY");
    std::string binary = other && *other ? other : LLMP_BINARY;
    std::vector<std::string> env = {"HOME=" + home, "XDG_CONFIG_HOME=" + home + "/.config",
                                    "XDG_DATA_HOME=" + home + "/.local/share", "PATH=/usr/bin:/bin",
                                    "LANG=C", "TERM=dumb"};
    std::vector<char*> argv = {binary.data()};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid == 0) {
        ::setsid();
        int fd = ::open(side.c_str(), O_RDWR);
        ::dup2(fd, 0);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::execve(binary.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    std::string shown;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{terminal, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) {
            if (::waitpid(pid, nullptr, WNOHANG) == pid) {
                pid = -1;
                break;
            }
            continue;
        }
        char buffer[4096];
        ssize_t n = ::read(terminal, buffer, sizeof buffer);
        if (n <= 0) break;  // EIO once the terminal's last user is gone
        shown.append(buffer, static_cast<size_t>(n));
    }
    if (pid > 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
    }
    ::close(terminal);
    return shown;
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("ask: the prompt from arguments, stdin, or both (arguments first, then a blank line)")
    {
        TempDir home;
        std::string config = write_config(home);

        auto args = run_llmp({"ask", "-c", config, "-m", "mock/echo", "hello", "there"}, home.path());
        CHECK(args.exit_code == 0);
        CHECK(args.out == "hello there\n");
        CHECK(args.err.empty());

        auto piped = run_llmp_input({"ask", "-c", config, "-m", "mock/echo"}, home.path(), "from stdin\n");
        CHECK(piped.exit_code == 0);
        CHECK(piped.out == "from stdin\n");

        auto both = run_llmp_input({"ask", "-c", config, "-m", "mock/echo", "review", "this"}, home.path(),
                                   "diff line\n");
        CHECK(both.exit_code == 0);
        auto ignored = run_llmp_input({"ask", "-c", config, "-m", "mock/echo", "--no-stdin", "only", "this"},
                                      home.path(), "not this\n");
        CHECK(ignored.out == "only this\n");

        // The mock echoes words; the exact message sent is in the ledger's stored request body.
        auto rows = wait_for_rows(home.file("ledger.sqlite"), 4);
        REQUIRE(rows.size() == 4);
        Json sent = Json::parse(rows[1].request_body.value_or("{}"));
        CHECK(sent["messages"].back()["content"] == "review this\n\ndiff line\n");
        Json only = Json::parse(rows[0].request_body.value_or("{}"));
        CHECK(only["messages"].back()["content"] == "only this");
        for (const auto& row : rows) CHECK(row.source == "ask");

        auto none = run_llmp({"ask", "-c", config, "-m", "mock/echo"}, home.path());
        CHECK(none.exit_code == 2);
        CHECK(none.err.starts_with("llmp: error: no prompt"));
        CHECK(none.out.empty());
    }

    TEST_CASE("ask: the model from -m, then $LLMP_MODEL, then [ask] model; none is a usage error")
    {
        TempDir home;
        std::string config = write_config(home, "[providers.other]\nkind = \"mock\"\n");
        auto from_env = run_llmp({"ask", "-c", config, "--json", "hi"}, home.path(), {"LLMP_MODEL=other/e"});
        CHECK(from_env.exit_code == 0);
        CHECK(Json::parse(from_env.out)["provider"] == "other");
        auto from_flag = run_llmp({"ask", "-c", config, "--json", "-m", "mock/e", "hi"}, home.path(),
                                  {"LLMP_MODEL=other/e"});
        CHECK(Json::parse(from_flag.out)["provider"] == "mock");

        auto none = run_llmp({"ask", "-c", config, "hi"}, home.path());
        CHECK(none.exit_code == 2);
        CHECK(none.err.find("no model") != std::string::npos);

        home.write("with-ask.toml", "[ask]\nmodel = \"other/x\"\nsystem = \"be brief\"\n[ledger]\nenabled = false\n"
                                    "[providers.other]\nkind = \"mock\"\n");
        auto from_config = run_llmp({"ask", "-c", home.file("with-ask.toml"), "--json", "hi"}, home.path());
        CHECK(from_config.exit_code == 0);
        CHECK(Json::parse(from_config.out)["provider"] == "other");

        // No config file at all: the embedded default asks the mock.
        auto embedded = run_llmp({"ask", "hi", "you"}, home.path());
        CHECK(embedded.exit_code == 0);
        CHECK(embedded.out == "hi you\n");
    }

    TEST_CASE("ask: the answer streams into a pipe piece by piece")
    {
        TempDir home;
        std::string config = write_config(home, "token_delay_ms = 400\n");
        PipedRun run({"ask", "-c", config, "-m", "mock/echo", "first", "second", "third"}, home.path());
        REQUIRE(run.read_until("first", 10'000));
        // The next tokens are 400 and 800 ms away: a buffered writer would show nothing yet.
        CHECK(run.read_so_far().find("third") == std::string::npos);
        REQUIRE(run.read_until("second", 10'000));
        CHECK(run.read_so_far().find("third") == std::string::npos);
        auto done = run.finish();
        CHECK(done.exit_code == 0);
        CHECK(done.out == "first second third\n");
    }

    TEST_CASE("ask --json: one object with the answer, usage, cost, latency and the ledger's id")
    {
        TempDir home;
        std::string config = write_config(home);
        for (bool stream : {true, false}) {
            CAPTURE(stream);
            std::vector<std::string> args = {"ask", "-c", config, "-m", "mock/echo", "--json", "two words"};
            if (!stream) args.push_back("--no-stream");
            auto run = run_llmp(args, home.path());
            REQUIRE(run.exit_code == 0);
            Json out = Json::parse(run.out);
            CHECK(out["answer"] == "two words");
            CHECK(out["model"] == "echo");
            CHECK(out["provider"] == "mock");
            CHECK(out["finish_reason"] == "stop");
            CHECK(out["usage"]["input_tokens"] == 2);
            CHECK(out["usage"]["output_tokens"] == 2);
            CHECK(out["cost_nanousd"] == 2 * 1000 + 2 * 2000);  // $1/M in, $2/M out
            CHECK(out["cost_usd"] == "0.000006");
            CHECK(out["latency_ms"].is_number_integer());
            CHECK(out["status"] == 200);
            CHECK(out["ttft_ms"].is_null() == !stream);
            auto rows = wait_for_rows(home.file("ledger.sqlite"), stream ? 1 : 2);
            CHECK(rows[0].id == out["request_id"]);
            CHECK(rows[0].streamed == stream);
            CHECK(rows[0].cost_nanousd == 6000);
        }
    }

    TEST_CASE("ask -u: tokens, cost and latency on stderr; stdout holds only the answer")
    {
        TempDir home;
        std::string config = write_config(home);
        auto run = run_llmp({"ask", "-c", config, "-m", "mock/echo", "-u", "--max-tokens", "2", "a b c"},
                            home.path(), {"NO_COLOR="});
        CHECK(run.exit_code == 0);
        CHECK(run.out == "a b\n");
        CHECK(run.err.find("3 in + 2 out tokens") != std::string::npos);
        CHECK(run.err.find("$0.000007") != std::string::npos);  // 3 × $1/M + 2 × $2/M
        CHECK(run.err.find("mock/echo") != std::string::npos);
        CHECK(run.err.find('\033') == std::string::npos);  // not a terminal: no colour
    }

    TEST_CASE("ask: every exit code")
    {
        TempDir home;
        std::string config = write_config(home, "[providers.down]\nkind = \"mock\"\nerror_status = 503\n"
                                                "error_rate = 1.0\n");
        auto provider_error = run_llmp({"ask", "-c", config, "-m", "down/x", "hi"}, home.path());
        CHECK(provider_error.exit_code == 3);
        CHECK(provider_error.err == "llmp: error: down/x: the provider answered 503: mock provider: injected error 503\n");
        CHECK(provider_error.out.empty());

        auto unknown = run_llmp({"ask", "-c", config, "-m", "nosuch/model", "hi"}, home.path());
        CHECK(unknown.exit_code == 2);
        CHECK(unknown.err.find("\"nosuch/model\" not found") != std::string::npos);

        auto bad_flag = run_llmp({"ask", "-c", config, "--temperature", "9", "hi"}, home.path());
        CHECK(bad_flag.exit_code == 2);
        auto bad_field = run_llmp({"ask", "-c", config, "-m", "mock/e", "-o", "model=x", "hi"}, home.path());
        CHECK(bad_field.exit_code == 2);
        CHECK(bad_field.err == "llmp: error: -o cannot set 'model': use -m/--model\n");
        auto bad_config = run_llmp({"ask", "-c", home.file("missing.toml"), "hi"}, home.path());
        CHECK(bad_config.exit_code == 2);

        // Nothing listens on a fresh port: the proxy cannot be reached.
        auto no_proxy = run_llmp({"ask", "-c", config, "-m", "mock/e", "--via", "http://127.0.0.1:" + std::to_string(free_port()), "hi"},
                                 home.path());
        CHECK(no_proxy.exit_code == 3);
        CHECK(no_proxy.err.find("could not reach llmp at") != std::string::npos);

        RefusingProxy budget(429, "budget");
        auto refused = run_llmp({"ask", "-c", config, "-m", "mock/e", "--via", budget.url(), "hi"}, home.path());
        CHECK(refused.exit_code == 4);
        CHECK(refused.err == "llmp: error: refused: the budget said no\n");
        RefusingProxy policy(403, "policy");
        auto blocked = run_llmp({"ask", "-c", config, "-m", "mock/e", "--via", policy.url(), "hi"}, home.path());
        CHECK(blocked.exit_code == 5);
        CHECK(blocked.err == "llmp: error: blocked by policy: the policy said no\n");
        RefusingProxy upstream_429(429, "");  // a provider's own 429, relayed: not llmp's refusal
        CHECK(run_llmp({"ask", "-c", config, "-m", "mock/e", "--via", upstream_429.url(), "hi"}, home.path()).exit_code == 3);
    }

    TEST_CASE("ask: Ctrl-C stops the stream, exits 130 and records the partial usage")
    {
        TempDir home;
        std::string config = write_config(home, "token_delay_ms = 300\nanswer_tokens = 100\n");
        PipedRun run({"ask", "-c", config, "-m", "mock/echo", "--usage", "w0 w1 w2"}, home.path());
        REQUIRE(run.read_until("w0 w1 w2 w0", 10'000));  // four tokens relayed
        run.signal(SIGINT);
        auto done = run.finish();
        CHECK(done.exit_code == 130);
        CHECK(done.err.find("llmp: error: interrupted after") != std::string::npos);
        auto rows = wait_for_rows(home.file("ledger.sqlite"), 1);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].error_class == "client_disconnected");
        CHECK(rows[0].source == "ask");
        // Cut after 4 to 6 tokens (one may be in flight): far fewer than the 100 it would be.
        CHECK(rows[0].usage.output >= 4);
        CHECK(rows[0].usage.output <= 6);
        CHECK(done.err.find("after " + std::to_string(rows[0].usage.output) + " output tokens")
              != std::string::npos);
    }

    TEST_CASE("ask: a reader that goes away stops the answer (exit 141), and the request is recorded")
    {
        TempDir home;
        std::string config = write_config(home, "token_delay_ms = 100\nanswer_tokens = 100\n");
        PipedRun run({"ask", "-c", config, "-m", "mock/echo", "w"}, home.path());
        REQUIRE(run.read_until("w w", 10'000));
        run.close_output();
        auto done = run.finish();
        CHECK(done.exit_code == 141);
        CHECK(done.err.empty());  // the reader left on purpose: nothing to complain about
        auto rows = wait_for_rows(home.file("ledger.sqlite"), 1);
        CHECK(rows[0].error_class == "client_disconnected");
        CHECK(rows[0].usage.output < 100);
    }

    TEST_CASE("ask --via: through a running llmp serve, recorded there with source ask")
    {
        Server proxy("[ledger]\npath = \"{ledger}\"\n[providers.mock]\nkind = \"mock\"\n");
        TempDir home;
        for (const std::string& url : {proxy.base(), proxy.base() + "/v1/"}) {
            auto run = run_llmp({"ask", "--via", url, "-m", "mock/echo", "--json", "via the proxy"}, home.path());
            REQUIRE(run.exit_code == 0);
            Json out = Json::parse(run.out);
            CHECK(out["answer"] == "via the proxy");
            CHECK(out["provider"] == "mock");
            CHECK(out["cost_nanousd"] == 3 * 1000 + 3 * 2000);
        }
        auto rows = wait_for_rows(proxy.ledger_path(), 2);
        for (const auto& row : rows) CHECK(row.source == "ask");
    }

    TEST_CASE("ask: when llmp cannot connect to the provider it says so, without the URL's password")
    {
        TempDir home;
        int port = free_port();  // nothing listens there
        std::string config = write_config(home, "[providers.down]\nkind = \"openai\"\napi_key = \"env:LLMP_TEST_KEY\"\n"
                                                "base_url = \"http://127.0.0.1:" + std::to_string(port) + "/v1\"\n");
        for (const char* stream : {"", "--no-stream"}) {
            CAPTURE(stream);
            std::vector<std::string> args = {"ask", "-c", config, "-m", "down/gpt-test", "hi"};
            if (*stream) args.push_back(stream);
            auto run = run_llmp(args, home.path(), {"LLMP_TEST_KEY=sk-test"});
            CHECK(run.exit_code == 3);
            CHECK(run.err == "llmp: error: down/gpt-test: llmp could not connect to provider \"down\" at "
                             "http://127.0.0.1:" + std::to_string(port) + "\n");
            CHECK(run.out.empty());
        }
        auto json = run_llmp({"ask", "-c", config, "-m", "down/gpt-test", "--json", "hi"}, home.path(),
                             {"LLMP_TEST_KEY=sk-test"});
        CHECK(json.exit_code == 3);
        CHECK(Json::parse(json.out)["error"] == "llmp could not connect to provider \"down\" at http://127.0.0.1:"
                                                    + std::to_string(port));
    }

    TEST_CASE("ask: a warning while the answer streams to a terminal starts on its own line")
    {
        TempDir home;
        FakeUpstream upstream([](const httplib::Request&, httplib::Response& res) {
            std::string body;
            for (const auto& frame : stream_frames("unpriced-model", {"Hel", "lo"}, true, 3, 2)) body += frame;
            res.set_content(body, "text/event-stream");
        });
        std::string config = write_config(home, "[providers.fake]\nkind = \"openai\"\napi_key = \"sk-test-literal-xyz\"\n"
                                                "base_url = \"" + upstream.url() + "\"\n");
        // -q would hide the warning this is about; the literal key's own warning comes before
        // the answer, on a line of its own already.
        std::string shown = run_on_terminal({"ask", "-c", config, "-m", "fake/unpriced-model", "hi"}, home.path());
        CAPTURE(shown);
        CHECK(shown.find("Hello\r\nllmp: warning: no price for fake/unpriced-model") != std::string::npos);
        CHECK(shown.ends_with("(add it under [prices])\r\n"));
    }
}
