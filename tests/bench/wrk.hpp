// Runs wrk (the HTTP load generator from Debian's `wrk` package) and reads its report.
#pragma once

#include <string>

namespace llmp::bench {

struct WrkRun {
    std::string url;
    std::string body;          // POSTed as application/json
    int connections = 1;
    int seconds = 5;
    int cpu = 1;               // wrk is pinned here (taskset), away from llmp
};

struct WrkResult {
    bool ok = false;           // wrk ran, and every response was a 2xx
    double requests_per_s = 0;
    double p50_us = 0, p90_us = 0, p99_us = 0;
    long requests = 0;
    long errors = 0;           // socket errors + non-2xx responses
    std::string report;        // wrk's own output, for a failure message
};

WrkResult run_wrk(const WrkRun& run, const std::string& scratch_dir);

} // namespace llmp::bench
