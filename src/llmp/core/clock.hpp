// Time in the units the ledger and the wire use.
#pragma once

#include <cstdint>
#include <string>

namespace llmp::clock {

int64_t unix_ms();        // wall clock, milliseconds since the epoch
int64_t unix_seconds();
int64_t monotonic_us();   // for durations; never goes backwards

// 2026-11-24T14:02:20.123Z
std::string iso8601_utc(int64_t unix_ms);

} // namespace llmp::clock
