#include "llmp/server/context.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/core/log.hpp"
#include "llmp/pricing/cost.hpp"

namespace llmp::server {

Context::Context(config::Config config, providers::Registry registry, pricing::PriceTable prices,
                 ledger::Writer* ledger)
    : m_config(std::move(config)),
      m_registry(std::move(registry)),
      m_prices(std::move(prices)),
      m_ledger(ledger)
{
}

void Context::record(ledger::RequestRecord record)
{
    if (record.usage.known) {
        const pricing::Price* price = m_prices.find(record.provider, record.upstream_model);
        record.cost_nanousd = pricing::cost_nanousd(price, record.usage);
        if (!price) {
            std::string key = record.provider + "/" + record.upstream_model;
            std::lock_guard lock(m_warned_mutex);
            if (m_warned_unpriced.insert(key).second)
                log::warn("no price for " + key
                          + "; its cost is recorded as unknown (add it under [prices])");
        }
    }
    if (!m_config.ledger.store_bodies) {
        record.request_body.reset();
        record.response_body.reset();
    }
    if (m_observer) m_observer(record);
    if (m_ledger) m_ledger->submit(std::move(record));
}

void Context::begin_drain(int grace_ms)
{
    m_drain_deadline_us.store(clock::monotonic_us() + int64_t{grace_ms} * 1000);
    m_draining.store(true);
}

bool Context::past_drain_deadline() const
{
    return m_draining.load() && clock::monotonic_us() >= m_drain_deadline_us.load();
}

void Context::worker_started()
{
    std::lock_guard lock(m_workers_mutex);
    ++m_workers;
}

void Context::worker_finished()
{
    std::lock_guard lock(m_workers_mutex);
    --m_workers;
    m_workers_done.notify_all();
}

bool Context::wait_for_workers(int timeout_ms)
{
    std::unique_lock lock(m_workers_mutex);
    return m_workers_done.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                                   [&] { return m_workers == 0; });
}

} // namespace llmp::server
