// llmp_bench: measures `llmp serve` against design.md's performance targets and prints one
// table (measure, value, target, pass/fail). Run it with tests/bench/run, which installs wrk
// and nginx and builds the release binary; see README "Performance".
//
// Placement on a 2-core machine: llmp is pinned to CPU 0; the load generator (wrk), the fast
// upstream (nginx, answering a fixed completion from memory) and this process run on CPU 1.
// Each latency is measured the same way straight to the upstream and through llmp, in the same
// run; "added" is the difference.
#include "bench/ledger_report.hpp"
#include "bench/ledger_writer.hpp"
#include "bench/slow_upstream.hpp"
#include "bench/streams.hpp"
#include "bench/wrk.hpp"
#include "support/process.hpp"

#include "llmp/ledger/database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <sched.h>
#include <signal.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace std::chrono;
using namespace llmp::bench;

namespace {

struct Options {
    std::string llmp = LLMP_BINARY;  // the binary built beside this bench
    int seconds = 5;            // per wrk run
    int streams = 1000;
    int stream_tokens = 200;    // 20 tokens/s for 10 s
    long ledger_rows = 1'000'000;
    long writer_rows = 200'000;
};

const char* k_reply =
    R"({"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}})";

std::string chat_body(const std::string& model, const std::string& content, bool stream)
{
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":")" + content
        + R"("}],"max_tokens":16)" + (stream ? R"(,"stream":true)" : "") + "}";
}

// One row of the result table.
struct Row {
    std::string measure, value, target;
    bool pass;
};
std::vector<Row> g_rows;

void add(std::string measure, std::string value, std::string target, bool pass)
{
    std::printf("  %-52s %s\n", measure.c_str(), value.c_str());
    g_rows.push_back({std::move(measure), std::move(value), std::move(target), pass});
}

std::string fmt(const char* format, double value)
{
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

void pin_all_threads(pid_t pid, int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    for (const auto& entry : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task"))
        sched_setaffinity(std::stoi(entry.path().filename()), sizeof set, &set);
}

double rss_mb(pid_t pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

// CPU seconds (user + system) a process has used so far, from /proc/PID/stat.
double cpu_seconds(pid_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // Fields after the command name, which is in parentheses and may hold spaces.
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i)
        if (i >= 14) ticks += std::stod(field);  // 14 utime, 15 stime
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// nginx as the fast upstream: one worker on CPU 1, the reply from memory.
class Nginx {
public:
    Nginx(const llmp::test::TempDir& dir, int port)
    {
        std::ofstream(dir.file("nginx.conf"))
            << "worker_processes 1;\nworker_cpu_affinity 10;\ndaemon off;\npid " << dir.file("nginx.pid")
            << ";\nerror_log " << dir.file("nginx-error.log") << ";\nevents { worker_connections 4096; }\n"
            << "http {\n access_log off;\n client_max_body_size 8m;\n client_body_buffer_size 2m;\n"
            << " keepalive_requests 10000000;\n server {\n  listen 127.0.0.1:" << port << ";\n"
            << "  location / { default_type application/json; return 200 '" << k_reply << "'; }\n }\n}\n";
        m_pid = fork();
        if (m_pid == 0) {
            execlp("nginx", "nginx", "-q", "-c", dir.file("nginx.conf").c_str(), "-p", dir.path().c_str(),
                   static_cast<char*>(nullptr));
            std::perror("cannot start nginx");
            _exit(127);
        }
    }
    ~Nginx()
    {
        kill(m_pid, SIGTERM);
        waitpid(m_pid, nullptr, 0);
    }

private:
    pid_t m_pid;
};

bool wait_for_port(int port)
{
    for (int i = 0; i < 500; ++i) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(static_cast<uint16_t>(port));
        bool up = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        close(fd);
        if (up) return true;
        std::this_thread::sleep_for(milliseconds(10));  // nginx gives no other sign of readiness
    }
    return false;
}

double median_command_ms(const std::string& program, const std::vector<std::string>& args, int runs)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        auto start = steady_clock::now();
        pid_t pid = fork();
        if (pid == 0) {
            std::freopen("/dev/null", "w", stdout);
            std::vector<char*> argv{const_cast<char*>(program.c_str())};
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            execv(program.c_str(), argv.data());
            _exit(127);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        times.push_back(duration<double, std::milli>(steady_clock::now() - start).count());
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

long count_ledger_rows(const std::string& path, const std::string& provider)
{
    sqlite3* db = nullptr;
    long count = -1;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* s = nullptr;
        std::string sql = "SELECT count(*) FROM requests WHERE provider = '" + provider + "' AND status = 200";
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            count = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return count;
}

// One number from the ledger (the first column of the first row), or -1.
double ledger_number(const std::string& path, const std::string& sql)
{
    sqlite3* db = nullptr;
    double value = -1;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            value = sqlite3_column_double(s, 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return value;
}

// The rows once the writer has nothing left: the same count twice, a batch window apart.
long settled_ledger_rows(const std::string& path, const std::string& provider)
{
    long seen = count_ledger_rows(path, provider);
    for (int i = 0; i < 100; ++i) {
        std::this_thread::sleep_for(milliseconds(300));
        long now = count_ledger_rows(path, provider);
        if (now == seen) break;
        seen = now;
    }
    return seen;
}

// Ledger writes are batched (100 ms window): wait for the rows rather than guess a delay.
long await_ledger_rows(const std::string& path, const std::string& provider, long expected)
{
    long seen = -1;
    for (auto deadline = steady_clock::now() + seconds(15); steady_clock::now() < deadline;) {
        seen = count_ledger_rows(path, provider);
        if (seen >= expected) break;
        std::this_thread::sleep_for(milliseconds(50));
    }
    return seen;
}

[[noreturn]] void die(const std::string& what, const std::string& detail = "")
{
    std::fprintf(stderr, "llmp_bench: %s\n%s", what.c_str(), detail.c_str());
    std::exit(2);
}

WrkResult must(WrkResult result, const std::string& what)
{
    if (!result.ok) die("wrk failed for " + what, result.report);
    return result;
}

} // namespace

int main(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string flag = argv[i];
        auto value = [&] {
            if (i + 1 >= argc) die("missing value for " + flag);
            return std::string(argv[++i]);
        };
        if (flag == "--seconds") o.seconds = std::stoi(value());
        else if (flag == "--streams") o.streams = std::stoi(value());
        else if (flag == "--stream-tokens") o.stream_tokens = std::stoi(value());
        else if (flag == "--ledger-rows") o.ledger_rows = std::stol(value());
        else if (flag == "--writer-rows") o.writer_rows = std::stol(value());
        else die("unknown flag " + flag
                 + " (flags: --seconds N --streams N --stream-tokens N --ledger-rows N --writer-rows N)");
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    pin_all_threads(getpid(), 1);

    llmp::test::TempDir dir;
    // First, while this process is small: a fork from a process with thousands of threads (the
    // stream measure's) costs more than the command itself.
    double true_ms = median_command_ms("/bin/true", {}, 50);
    double help_ms = median_command_ms(o.llmp, {"--help"}, 50);
    add("llmp --help wall time (median of 50)", fmt("%.1f ms", help_ms) + fmt(" (/bin/true: %.1f ms)", true_ms), "<= 5 ms", help_ms >= 0 && help_ms <= 5);
    // The ledger writer alone, on CPU 1 with its one submitting thread, before any load.
    auto writer_alone = time_ledger_writer(dir.file("writer-ledger.sqlite"), o.writer_rows);
    if (!writer_alone.ok) die("ledger writer: " + writer_alone.error);
    int nginx_port = llmp::test::free_port();
    Nginx nginx(dir, nginx_port);
    if (!wait_for_port(nginx_port)) die("nginx did not start", llmp::test::read_file(dir.file("nginx-error.log")));
    SlowUpstream slow(o.stream_tokens, milliseconds(50));

    std::string config = "[ledger]\nenabled = true\npath = \"{ledger}\"\n"
                         "[providers.fast]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:"
        + std::to_string(nginx_port) + "/v1\"\n[providers.slow]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:"
        + std::to_string(slow.port()) + "/v1\"\n[prices.\"fast/bench\"]\ninput = 1.0\noutput = 2.0\n"
        + "[prices.\"slow/stream\"]\ninput = 1.0\noutput = 2.0\n";
    llmp::test::Server proxy(config);
    pin_all_threads(proxy.pid(), 0);  // threads made later inherit CPU 0
    std::this_thread::sleep_for(milliseconds(500));  // let start-up allocations settle before reading idle memory
    double idle_mb = rss_mb(proxy.pid());

    std::string direct_url = "http://127.0.0.1:" + std::to_string(nginx_port) + "/v1/chat/completions";
    std::string via_url = proxy.base() + "/v1/chat/completions";
    std::string small = chat_body("fast/bench", "ping", false);

    std::printf("llmp_bench: llmp %s on CPU 0; wrk, nginx and this process on CPU 1\n", o.llmp.c_str());
    must(run_wrk({via_url, small, 4, 1, 1}, dir.path()), "warm-up");

    // Added latency at concurrency 1: direct and via llmp alternate, twice each, the best of
    // each side kept (noise on a shared VM only ever adds).
    WrkResult direct1, via1;
    for (int round = 0; round < 2; ++round) {
        auto d = must(run_wrk({direct_url, small, 1, o.seconds, 1}, dir.path()), "direct latency");
        auto v = must(run_wrk({via_url, small, 1, o.seconds, 1}, dir.path()), "latency via llmp");
        if (round == 0 || d.p50_us < direct1.p50_us) direct1 = d;
        if (round == 0 || v.p50_us < via1.p50_us) via1 = v;
    }
    std::printf("  latency at concurrency 1 (us): direct p50 %.1f p99 %.1f; via llmp p50 %.1f p99 %.1f\n",
                direct1.p50_us, direct1.p99_us, via1.p50_us, via1.p99_us);
    double added50 = via1.p50_us - direct1.p50_us, added99 = via1.p99_us - direct1.p99_us;

    auto direct_max = must(run_wrk({direct_url, small, 16, o.seconds, 1}, dir.path()), "direct throughput");
    long rows_before = settled_ledger_rows(proxy.ledger_path(), "fast");
    auto via_max = must(run_wrk({via_url, small, 16, o.seconds * 2, 1}, dir.path()), "throughput via llmp");
    // The writer under the proxy's top rate: how far behind the answers it was when the load
    // stopped, and how long it took to catch up.
    auto load_ended = steady_clock::now();
    long behind = via_max.requests - (count_ledger_rows(proxy.ledger_path(), "fast") - rows_before);
    await_ledger_rows(proxy.ledger_path(), "fast", rows_before + via_max.requests);
    double catch_up_ms = duration<double, std::milli>(steady_clock::now() - load_ended).count();

    std::string big_content(1 << 20, 'a');
    std::string big = chat_body("fast/bench", big_content, false);
    auto direct_big = must(run_wrk({direct_url, big, 1, o.seconds, 1}, dir.path()), "direct 1 MB");
    auto via_big = must(run_wrk({via_url, big, 1, o.seconds, 1}, dir.path()), "1 MB via llmp");

    add("upstream (nginx) direct rate, 16 connections", fmt("%.0f req/s", direct_max.requests_per_s),
        ">= 3x proxy rate", direct_max.requests_per_s >= 3 * via_max.requests_per_s);
    add("added latency p50, concurrency 1", fmt("%.1f us", added50), "<= 30 us", added50 <= 30);
    add("added latency p99, concurrency 1", fmt("%.1f us", added99), "<= 100 us", added99 <= 100);
    add("throughput via llmp, 1 core, ledger on", fmt("%.0f req/s", via_max.requests_per_s),
        ">= 15000 req/s", via_max.requests_per_s >= 15000);
    add("ledger writer alone (rows/s, bodies stored)", fmt("%.0f rows/s", writer_alone.rows_per_s),
        ">= proxy rate", writer_alone.rows_per_s >= via_max.requests_per_s);
    add("  ledger behind at the end of the throughput run", std::to_string(behind) + fmt(" rows, %.0f ms", catch_up_ms),
        "<= 200 ms", catch_up_ms <= 200);
    double big_added_ms = (via_big.p50_us - direct_big.p50_us) / 1000;
    add("added latency p50, 1 MB request body", fmt("%.2f ms", big_added_ms), "<= 5 ms", big_added_ms <= 5);
    long plain_recorded = await_ledger_rows(proxy.ledger_path(), "fast",
                                            via1.requests + via_max.requests + via_big.requests);
    std::printf("  ledger rows for the wrk runs: %ld\n", plain_recorded);

    // The same streams straight to the upstream: the control showing what the harness itself
    // (clients and upstream sharing CPU 1) does to gaps and first bytes.
    double control_cpu0 = cpu_seconds(getpid());
    auto control_start = steady_clock::now();
    auto control = run_streams(slow.port(), chat_body("stream", "count", true), o.streams, 1000, [] {});
    double control_s = duration<double>(steady_clock::now() - control_start).count();
    std::printf("  streams direct to the upstream: %d/%d complete, %d stalled, longest gap %.0f ms, "
                "slowest first byte %.0f ms; upstream and clients %.0f %% of CPU 1 (%.1f s)\n",
                control.completed, o.streams, control.stalled, control.longest_gap_ms,
                control.slowest_first_byte_ms, 100 * (cpu_seconds(getpid()) - control_cpu0) / control_s,
                control_s);
    if (control.completed != o.streams) std::printf("  control's first failure: %s\n", control.first_failure.c_str());

    // Concurrent slow streams: memory sampled while they run.
    double peak_mb = 0;
    double llmp_cpu0 = cpu_seconds(proxy.pid()), bench_cpu0 = cpu_seconds(getpid());
    auto streams_start = std::chrono::steady_clock::now();
    auto streams = run_streams(proxy.port(), chat_body("slow/stream", "count", true), o.streams, 1000,
                               [&] { peak_mb = std::max(peak_mb, rss_mb(proxy.pid())); });
    double streams_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - streams_start).count();
    // A core near 100 % means the stream measure is bound by CPU, not by llmp's design.
    std::printf("  CPU during the streams (%.1f s): llmp %.0f %% of CPU 0; upstream and clients %.0f %% of CPU 1\n",
                streams_s, 100 * (cpu_seconds(proxy.pid()) - llmp_cpu0) / streams_s,
                100 * (cpu_seconds(getpid()) - bench_cpu0) / streams_s);
    long recorded = await_ledger_rows(proxy.ledger_path(), "slow", o.streams);
    // llmp's own view: from reading the request to the first upstream token, and in all.
    std::string slow_rows = " FROM requests WHERE provider = 'slow'";
    std::printf("  llmp's ledger for the streams: time to first token max %.0f ms; duration max %.0f ms; "
                "requests started over %.0f ms\n",
                ledger_number(proxy.ledger_path(), "SELECT max(ttft_ms)" + slow_rows),
                ledger_number(proxy.ledger_path(), "SELECT max(duration_ms)" + slow_rows),
                ledger_number(proxy.ledger_path(), "SELECT max(started_unix_ms) - min(started_unix_ms)" + slow_rows));
    if (streams.completed != o.streams || streams.stalled != 0)
        std::printf("  streams failed or stalled (first failure: %s); llmp's log:\n%s\n",
                    streams.first_failure.c_str(), proxy.log().c_str());
    add("streams completed (" + std::to_string(o.streams) + " at once)",
        std::to_string(streams.completed) + "/" + std::to_string(o.streams), "all",
        streams.completed == o.streams);
    add("streams with a silence > 1 s", fmt("%.0f", streams.stalled), "0", streams.stalled == 0);
    add("  longest gap between chunks of a stream", fmt("%.0f ms", streams.longest_gap_ms), "<= 1000 ms",
        streams.longest_gap_ms <= 1000);
    add("  slowest first byte of a stream", fmt("%.0f ms", streams.slowest_first_byte_ms), "<= 1000 ms",
        streams.slowest_first_byte_ms <= 1000);
    add("streams recorded in the ledger", std::to_string(recorded) + "/" + std::to_string(o.streams), "all",
        recorded == o.streams);
    add("resident memory idle", fmt("%.1f MB", idle_mb), "<= 15 MB", idle_mb <= 15);
    add("resident memory, peak during the streams", fmt("%.1f MB", peak_mb), "<= 100 MB", peak_mb <= 100);


    auto report = time_cost_report(dir.file("big-ledger.sqlite"), o.ledger_rows);
    if (!report.ok) die("cost report: " + report.error);
    add("cost report query, " + std::to_string(o.ledger_rows) + " rows (generated in "
            + fmt("%.1f s)", report.generate_s),
        fmt("%.0f ms", report.query_ms), "<= 300 ms", report.query_ms <= 300);

    proxy.stop();
    std::printf("\n%-52s %-24s %-18s %s\n", "measure", "value", "target", "result");
    int failed = 0;
    for (const auto& row : g_rows) {
        std::printf("%-52s %-24s %-18s %s\n", row.measure.c_str(), row.value.c_str(), row.target.c_str(),
                    row.pass ? "pass" : "FAIL");
        failed += row.pass ? 0 : 1;
    }
    std::printf("\n%d of %zu targets met\n", static_cast<int>(g_rows.size()) - failed, g_rows.size());
    return 0;
}
