// A slow streaming OpenAI upstream for the concurrent-streams measure: every request gets a
// stream of `tokens` chunks, one per `interval`, then a usage chunk and [DONE]. One thread per
// stream (the streams spend their life asleep, so threads are the simple honest choice).
#pragma once

#include <chrono>
#include <memory>

namespace llmp::bench {

class SlowUpstream {
public:
    SlowUpstream(int tokens, std::chrono::milliseconds interval, int max_streams);
    ~SlowUpstream();
    int port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace llmp::bench
