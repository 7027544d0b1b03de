#include "llmp/server/task_queue.hpp"

#include <chrono>
#include <thread>

namespace llmp::server {

namespace {
// An idle thread above the minimum retires after this long without work.
constexpr auto k_idle_retire = std::chrono::seconds(30);
} // namespace

ElasticPool::ElasticPool(size_t max_threads, size_t min_threads)
    : m_max(max_threads < 1 ? 1 : max_threads), m_min(min_threads)
{
}

ElasticPool::~ElasticPool() { shutdown(); }

void ElasticPool::enqueue(std::function<void()> task)
{
    std::unique_lock lock(m_mutex);
    m_tasks.push_back(std::move(task));
    if (m_idle < m_tasks.size() && m_threads < m_max) {
        ++m_threads;
        ++m_idle;  // counts as idle until it picks up work
        std::thread([this] { work(); }).detach();
    }
    m_wake.notify_one();
}

void ElasticPool::work()
{
    std::unique_lock lock(m_mutex);
    while (true) {
        bool woke = m_wake.wait_for(lock, k_idle_retire,
                                    [&] { return m_shutdown || !m_tasks.empty(); });
        if (!woke && m_threads > m_min) break;  // retire: idle too long
        if (m_tasks.empty()) {
            if (m_shutdown) break;
            continue;
        }
        auto task = std::move(m_tasks.front());
        m_tasks.pop_front();
        --m_idle;
        lock.unlock();
        task();
        task = nullptr;  // destroy captures outside the lock
        lock.lock();
        ++m_idle;
    }
    --m_idle;
    --m_threads;
    // Last touch of `this`: shutdown() may destroy the pool as soon as the count reaches zero.
    if (m_threads == 0) m_all_gone.notify_all();
}

void ElasticPool::shutdown()
{
    std::unique_lock lock(m_mutex);
    m_shutdown = true;
    m_wake.notify_all();
    m_all_gone.wait(lock, [&] { return m_threads == 0; });
}

size_t ElasticPool::threads() const
{
    std::lock_guard lock(m_mutex);
    return m_threads;
}

} // namespace llmp::server
