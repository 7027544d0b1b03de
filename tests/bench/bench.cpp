// llmp_bench: the added latency and throughput of `llmp serve`, measured against a fake
// upstream in the same run. Not a test: it prints numbers.
//
//   llmp_bench [--requests N] [--seconds S] [--clients C] [--ledger on|off]
//
// 1. Starts a fake OpenAI upstream (in this process) answering a small fixed completion.
// 2. Starts the real llmp binary pinned to CPU 0, with the fake as provider `fake`.
// 3. Latency at concurrency 1: N requests straight to the fake, N through llmp, interleaved;
//    reports p50/p90/p99 of each and of the difference of the percentiles.
// 4. Throughput: C keep-alive clients through llmp for S seconds; requests per second.
#include "support/process.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sched.h>
#include <unistd.h>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono;

namespace {

struct Options {
    int requests = 5000;
    int seconds = 10;
    int clients = 8;
    bool ledger = true;
};

const char* k_reply =
    R"({"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}})";
const char* k_request =
    R"({"model":"fake/bench","messages":[{"role":"user","content":"ping"}],"max_tokens":16})";

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1));
    return v[i];
}

double time_one(httplib::Client& client, const std::string& path)
{
    auto start = steady_clock::now();
    auto res = client.Post(path, k_request, "application/json");
    auto us = duration<double, std::micro>(steady_clock::now() - start).count();
    if (!res || res->status != 200) {
        std::fprintf(stderr, "request failed\n");
        std::exit(1);
    }
    return us;
}

void pin_all_threads(pid_t pid, int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    std::string dir = "/proc/" + std::to_string(pid) + "/task";
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        sched_setaffinity(std::stoi(entry.path().filename()), sizeof set, &set);
}

} // namespace

int main(int argc, char** argv)
{
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        if (flag == "--requests") o.requests = std::stoi(argv[i + 1]);
        else if (flag == "--seconds") o.seconds = std::stoi(argv[i + 1]);
        else if (flag == "--clients") o.clients = std::stoi(argv[i + 1]);
        else if (flag == "--ledger") o.ledger = std::string(argv[i + 1]) == "on";
    }

    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows even when piped

    httplib::Server upstream;
    upstream.set_tcp_nodelay(true);  // else Nagle + delayed ACK add 40 ms to every reply
    upstream.new_task_queue = [] { return new httplib::ThreadPool(64); };
    upstream.Post("/v1/chat/completions", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(k_reply, "application/json");
    });
    int upstream_port = upstream.bind_to_any_port("127.0.0.1");
    std::thread upstream_thread([&] { upstream.listen_after_bind(); });

    std::string config = "[ledger]\nenabled = " + std::string(o.ledger ? "true" : "false")
        + "\npath = \"{ledger}\"\n[providers.fake]\nkind = \"openai\"\nbase_url = "
          "\"http://127.0.0.1:"
        + std::to_string(upstream_port) + "/v1\"\n[prices.\"fake/bench\"]\ninput = 1.0\noutput = 2.0\n";
    llmp::test::Server proxy(config);
    // llmp on CPU 0 (every thread it has now; later ones inherit), this process on CPU 1.
    pin_all_threads(proxy.pid(), 0);
    pin_all_threads(getpid(), 1);

    httplib::Client direct("127.0.0.1", upstream_port);
    httplib::Client via("127.0.0.1", proxy.port());
    for (auto* client : {&direct, &via}) {
        client->set_keep_alive(true);
        client->set_tcp_nodelay(true);
    }
    for (int i = 0; i < 500; ++i) {  // warm up connections, caches, the pool
        time_one(direct, "/v1/chat/completions");
        time_one(via, "/v1/chat/completions");
    }
    std::vector<double> direct_us, via_us;
    for (int i = 0; i < o.requests; ++i) {
        direct_us.push_back(time_one(direct, "/v1/chat/completions"));
        via_us.push_back(time_one(via, "/v1/chat/completions"));
    }
    std::printf("latency, concurrency 1, %d requests each (microseconds)\n", o.requests);
    std::printf("  %-8s %8s %8s %8s\n", "", "p50", "p90", "p99");
    for (auto [name, v] : {std::pair{"direct", &direct_us}, std::pair{"via llmp", &via_us}})
        std::printf("  %-8s %8.1f %8.1f %8.1f\n", name, percentile(*v, 0.5), percentile(*v, 0.9),
                    percentile(*v, 0.99));
    std::printf("  %-8s %8.1f %8.1f %8.1f\n", "added", percentile(via_us, 0.5) - percentile(direct_us, 0.5),
                percentile(via_us, 0.9) - percentile(direct_us, 0.9),
                percentile(via_us, 0.99) - percentile(direct_us, 0.99));

    std::atomic<long> done{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < o.clients; ++c)
        clients.emplace_back([&] {
            httplib::Client client("127.0.0.1", proxy.port());
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true);
            while (!stop) {
                auto res = client.Post("/v1/chat/completions", k_request, "application/json");
                if (res && res->status == 200) ++done;
            }
        });
    auto start = steady_clock::now();
    std::this_thread::sleep_for(seconds(o.seconds));  // the measurement window
    stop = true;
    for (auto& t : clients) t.join();
    double elapsed = duration<double>(steady_clock::now() - start).count();
    std::printf("throughput: %d clients, %.1f s, ledger %s: %.0f requests/s (llmp pinned to CPU 0)\n",
                o.clients, elapsed, o.ledger ? "on" : "off", static_cast<double>(done) / elapsed);

    proxy.stop();
    upstream.stop();
    upstream_thread.join();
    return 0;
}
