#include "llmp/core/ids.hpp"

#include <chrono>
#include <random>

namespace llmp::ids {

namespace {

// In ASCII order, so base-62 numbers of one length sort as the numbers do.
constexpr char k_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

} // namespace

std::string request_id()
{
    constexpr size_t k_time_chars = 9;  // 62^9 ms: far beyond any clock llmp will see
    auto ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
    std::string time(k_time_chars, '0');
    for (size_t i = k_time_chars; i-- > 0; ms /= 62) time[i] = k_alphabet[ms % 62];
    return random_id("req_" + time, 24 - k_time_chars);
}

std::string random_id(const std::string& prefix, size_t length)
{
    thread_local std::mt19937_64 engine{std::random_device{}()};
    std::uniform_int_distribution<size_t> pick(0, sizeof k_alphabet - 2);
    std::string id = prefix;
    id.reserve(prefix.size() + length);
    for (size_t i = 0; i < length; ++i) id += k_alphabet[pick(engine)];
    return id;
}

} // namespace llmp::ids
