// Awaits ledger rows written by a running llmp (its writer batches in the background).
#pragma once

#include "llmp/ledger/record.hpp"

#include <string>
#include <vector>

namespace llmp::test {

// The ledger's rows, newest first, once there are at least `count` of them; fails the test
// after `timeout_ms`.
std::vector<ledger::RequestRecord> wait_for_rows(const std::string& path, int count,
                                                 int timeout_ms = 10'000);

} // namespace llmp::test
