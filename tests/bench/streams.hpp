// Many concurrent streaming clients through llmp: each sends one streamed chat request and
// reads it to the end, noting the longest silence between two received pieces.
#pragma once

#include <functional>
#include <string>

namespace llmp::bench {

struct StreamsResult {
    int completed = 0;          // streams that ended with data: [DONE]
    int stalled = 0;            // streams with a silence longer than the stall limit
    double longest_gap_ms = 0;  // worst silence between two pieces of one stream
    double slowest_first_byte_ms = 0;  // worst wait from sending the request to the first byte
    std::string first_failure;  // how the first incomplete stream ended, for the report
};

// `sample` is called about every 100 ms while the streams run (the caller reads memory).
StreamsResult run_streams(int port, const std::string& body, int streams, double stall_limit_ms,
                          const std::function<void()>& sample);

} // namespace llmp::bench
