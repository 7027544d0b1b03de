#include "llmp/core/ids.hpp"

#include <random>

namespace llmp::ids {

std::string random_id(const std::string& prefix, size_t length)
{
    static constexpr char k_alphabet[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    thread_local std::mt19937_64 engine{std::random_device{}()};
    std::uniform_int_distribution<size_t> pick(0, sizeof k_alphabet - 2);
    std::string id = prefix;
    id.reserve(prefix.size() + length);
    for (size_t i = 0; i < length; ++i) id += k_alphabet[pick(engine)];
    return id;
}

} // namespace llmp::ids
