#include "llmp/core/ids.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <thread>

using namespace llmp;

TEST_CASE("request ids: req_ and 24 URL-safe characters, sorted by time, unique")
{
    std::string first = ids::request_id();
    CHECK(first.size() == 28);
    CHECK(first.starts_with("req_"));
    CHECK(first.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 4)
          == std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the next millisecond, at least
    std::string later = ids::request_id();
    CHECK(first < later);
    CHECK(first.substr(0, 13) != later.substr(0, 13));
    std::set<std::string> many;
    for (int i = 0; i < 10'000; ++i) many.insert(ids::request_id());
    CHECK(many.size() == 10'000);
}
