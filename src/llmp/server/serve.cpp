#include "llmp/server/serve.hpp"

#include "llmp/core/log.hpp"
#include "llmp/ledger/writer.hpp"
#include "llmp/pricing/price_table.hpp"
#include "llmp/providers/provider.hpp"
#include "llmp/server/context.hpp"
#include "llmp/server/http.hpp"
#include "llmp/server/routes.hpp"
#include "llmp/server/runtime.hpp"

#include <atomic>
#include <csignal>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <ctime>
#include <thread>

namespace llmp::server {

void block_shutdown_signals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // a client that hangs up is a write error, not a death
}

namespace {

std::string provider_names(const config::Config& config)
{
    std::string names;
    for (const auto& provider : config.providers) names += (names.empty() ? "" : " ") + provider.name;
    return names;
}

// A long context is a few MB of body, held in several strings while a request is decoded and
// passed on. Above glibc's mmap threshold each of them is a fresh mapping whose pages fault in
// one by one, which cost more than the copying itself (the benchmark's 1 MB request body).
// Serving them from the heap instead keeps that memory mapped between requests.
void keep_large_buffers_in_heap()
{
#if defined(__GLIBC__)  // macOS's allocator has no such knobs
    mallopt(M_MMAP_THRESHOLD, 8 << 20);
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
#endif
}

// Waits for SIGINT/SIGTERM; the first drains, the second cuts what is left.
class SignalWatcher {
public:
    SignalWatcher(HttpServer& http, Context& context, int grace_ms)
        : m_thread([this, &http, &context, grace_ms] { watch(http, context, grace_ms); })
    {
    }
    ~SignalWatcher()
    {
        m_done = true;
        m_thread.join();
    }

private:
    void watch(HttpServer& http, Context& context, int grace_ms)
    {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        int received = 0;
        while (!m_done) {
            timespec wait{0, 100'000'000};
            int signal = sigtimedwait(&set, nullptr, &wait);
            if (signal <= 0) continue;
            if (++received == 1) {
                log::info("shutting down: finishing in-flight requests (up to "
                          + std::to_string(grace_ms) + " ms)");
                context.begin_drain(grace_ms);
                http.stop();
            } else {
                log::info("second signal: cutting open streams now");
                context.begin_drain(0);
            }
        }
    }

    std::atomic<bool> m_done{false};
    std::thread m_thread;
};

} // namespace

Result<void> serve(const config::Config& config)
{
    keep_large_buffers_in_heap();
    auto runtime = LLMP_TRY(build_runtime(config));
    auto& writer = runtime.ledger;
    Context context(config, std::move(runtime.registry), std::move(runtime.prices), writer.get());
    context.set_responses(runtime.responses.get());

    HttpOptions http_options;
    http_options.threads = config.server.threads;
    http_options.max_body_bytes = config.server.max_body_bytes;
    http_options.request_timeout_ms = config.server.request_timeout_ms;
    http_options.max_connections = config.server.max_connections;
    HttpServer http(http_options);
    add_routes(http, context);
    int port = LLMP_TRY(http.bind(config.server.host, config.server.port));

    std::string host = config.server.host.find(':') != std::string::npos
        ? "[" + config.server.host + "]"
        : config.server.host;
    log::info("listening on http://" + host + ":" + std::to_string(port) + " (config: "
              + config.source + ", providers: " + provider_names(config) + ", ledger: "
              + (config.ledger.enabled ? config.ledger.path : std::string("off")) + ")");
    {
        SignalWatcher watcher(http, context, config.server.shutdown_grace_ms);
        http.run();
        // Streams whose client side ended still have a worker finishing its record.
        if (!context.wait_for_workers(config.server.shutdown_grace_ms + 1000))
            log::warn("some upstream streams did not end in time; their records may be lost");
    }
    if (writer) {
        writer->flush();
        log::info("ledger flushed: " + std::to_string(writer->written()) + " requests recorded");
    }
    return {};
}

} // namespace llmp::server
