// A slow streaming OpenAI upstream for the concurrent-streams measure: every request gets a
// stream of `tokens` chunks, one per `interval`, then a usage chunk and [DONE]. One thread runs
// one event loop for every connection, with each stream's next chunk on a timer: the thousand
// streams spend their life waiting, and a thread each made the fake upstream itself the
// bottleneck on its shared core.
#pragma once

#include <chrono>
#include <memory>

namespace llmp::bench {

class SlowUpstream {
public:
    SlowUpstream(int tokens, std::chrono::milliseconds interval);
    ~SlowUpstream();
    int port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace llmp::bench
