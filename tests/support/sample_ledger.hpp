// Ledgers with known rows for the report tests (llmp cost, llmp logs), written through the real
// ledger writer with fixed timestamps, so that every sum can be worked out by hand.
#pragma once

#include "llmp/ledger/record.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace llmp::test {

// Milliseconds since the epoch of a UTC wall-clock time.
int64_t utc_ms(int year, int month, int day, int hour, int minute, int second = 0);

// A successful request with usage and a cost (nullopt: unpriced).
ledger::RequestRecord request(const std::string& id, int64_t started_unix_ms, const std::string& provider,
                              const std::string& model, canonical::Usage usage,
                              std::optional<int64_t> cost_nanousd);

void write_ledger(const std::string& path, const std::vector<ledger::RequestRecord>& rows);

// The fixture the cost tests share. Times are India Standard Time (UTC+05:30, no DST):
//   j 11-22 23:59:59  openai/gpt-4o-mini      cost 2,000,000        (before the range)
//   a 11-23 12:00     openai/gpt-4o-mini      10 in, 5 out, cost 7
//   b 11-24 23:59     openai/gpt-4o           1000 in, 200 cached, 500 out (100 reasoning),
//                                             cost 123,456,789, project alpha, key k1, team red
//   c 11-25 00:00     anthropic/claude-sonnet-4-5  2000 in, 300 cache write, 700 out,
//                                             cost 987,654,321, project beta, key k2, team blue
//   d 11-25 10:00     local/llama3            100 in, 50 out, no price, project alpha, team red,
//                                             source ask
//   e 11-25 11:00     openai/gpt-4o           429 upstream_error, no usage
//   f 11-25 12:00     mock/echo               cache hit, 1000 in, 1000 out, cost 0
//   g 11-25 23:59:59  openai/gpt-4o-mini      1 in, 1 out, cost 3
//   h 11-26 00:00     openai/gpt-4o-mini      cost 1,000,000        (after the range)
//   i 11-10 12:00     openai/gpt-4o           cost 5,000,000        (long before)
// --since 2026-11-23 --until 2026-11-25 in Asia/Kolkata covers a..g.
std::vector<ledger::RequestRecord> cost_fixture();

} // namespace llmp::test
