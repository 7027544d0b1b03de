// The pool of threads that serves connections. cpp-httplib's default is a fixed handful of
// threads; an LLM stream holds one for minutes, so llmp needs hundreds to thousands. This pool
// starts small and grows on demand up to its maximum, and idle threads retire, so an idle
// server stays small in memory.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace llmp::server {

class ElasticPool {
public:
    ElasticPool(size_t max_threads, size_t min_threads);
    ~ElasticPool();

    void enqueue(std::function<void()> task);
    void shutdown();  // runs queued tasks, then waits for every thread to finish

    size_t threads() const;

    ElasticPool(const ElasticPool&) = delete;
    ElasticPool& operator=(const ElasticPool&) = delete;

private:
    void work();

    size_t m_max;
    size_t m_min;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_all_gone;
    std::deque<std::function<void()>> m_tasks;
    size_t m_threads = 0;
    size_t m_idle = 0;
    bool m_shutdown = false;
};

} // namespace llmp::server
