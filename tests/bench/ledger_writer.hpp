// The ledger writer's own rate: records shaped like the proxy's (a small chat request with its
// bodies stored, as ledger.store_bodies defaults) submitted as fast as one thread can, then
// flushed. The proxy's top rate must stay below it, or requests wait on the writer
// (WriterOptions::backpressure_rows) instead of a crash losing a growing backlog.
#pragma once

#include <string>

namespace llmp::bench {

struct WriterRate {
    bool ok = false;
    double rows_per_s = 0;
    long rows = 0;
    std::string error;
};

WriterRate time_ledger_writer(const std::string& path, long rows);

} // namespace llmp::bench
