// What every request handler shares: the config, the providers, the price table, the ledger
// writer and the server's shutdown state. Built once by serve(); read-only on the request path
// except for the atomics and the small warned-models set.
#pragma once

#include "llmp/config/config.hpp"
#include "llmp/ledger/record.hpp"
#include "llmp/ledger/response_store.hpp"
#include "llmp/ledger/writer.hpp"
#include "llmp/pricing/price_table.hpp"
#include "llmp/providers/provider.hpp"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>

namespace llmp::server {

class Context {
public:
    Context(config::Config config, providers::Registry registry, pricing::PriceTable prices,
            ledger::Writer* ledger);

    const config::Config& config() const { return m_config; }
    const providers::Registry& registry() const { return m_registry; }

    // The ledger writer, or null when the ledger is off (/healthz reports its health).
    const ledger::Writer* ledger() const { return m_ledger; }

    // The Responses API's store, or null when none is kept. Set before the first request.
    ledger::ResponseStore* responses() const { return m_responses; }
    void set_responses(ledger::ResponseStore* store) { m_responses = store; }

    // Price the record and hand it to the ledger writer (never blocks on the disk).
    void record(ledger::RequestRecord record);
    // Sees every priced record before the ledger does (`llmp ask` reports usage and cost from
    // it). Set before the first request; called on whichever thread records.
    void observe_records(std::function<void(const ledger::RequestRecord&)> observer)
    {
        m_observer = std::move(observer);
    }

    // Shutdown: after begin_drain(), streams still open at the deadline are cut.
    void begin_drain(int grace_ms);
    bool past_drain_deadline() const;
    bool draining() const { return m_draining.load(); }

    // Stream workers outlive their handler; shutdown waits for them so their records land.
    void worker_started();
    void worker_finished();
    bool wait_for_workers(int timeout_ms);

private:
    config::Config m_config;
    providers::Registry m_registry;
    pricing::PriceTable m_prices;
    ledger::Writer* m_ledger;
    ledger::ResponseStore* m_responses = nullptr;
    std::function<void(const ledger::RequestRecord&)> m_observer;

    std::mutex m_warned_mutex;
    std::set<std::string> m_warned_unpriced;

    std::atomic<bool> m_draining{false};
    std::atomic<int64_t> m_drain_deadline_us{0};

    std::mutex m_workers_mutex;
    std::condition_variable m_workers_done;
    int m_workers = 0;
};

} // namespace llmp::server
