#include "support/ledger_wait.hpp"

#include "llmp/ledger/reader.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

namespace llmp::test {

std::vector<ledger::RequestRecord> wait_for_rows(const std::string& path, int count,
                                                 int timeout_ms)
{
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
        if (auto reader = ledger::Reader::open(path)) {
            if (auto n = reader->count_requests(); n && *n >= count) {
                auto rows = reader->recent(count + 100);
                REQUIRE(rows);
                return *rows;
            }
        }
        if (std::chrono::steady_clock::now() > deadline) {
            FAIL("ledger " << path << " did not reach " << count << " rows");
            return {};
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling the writer's batch
    }
}

} // namespace llmp::test
