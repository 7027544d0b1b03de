// What the fuzz targets share. A target feeds bytes through one decoding path of the library and
// must stop only on a real bug: a crash or sanitizer report, an exception escaping code that
// promises none, or a broken invariant, reported by broken() as an abort so that libFuzzer and
// the replay driver both count it as a crash. A decode error is an expected result, never one.
#pragma once

#include "llmp/canonical/json.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace llmp::fuzz {

[[noreturn]] inline void broken(std::string_view what)
{
    std::fprintf(stderr, "fuzz: broken invariant: %.*s\n", static_cast<int>(what.size()),
                 what.data());
    std::abort();
}

inline void check(bool ok, const char* what)
{
    if (!ok) broken(what);
}

inline std::string_view as_text(const uint8_t* data, size_t size)
{
    return {reinterpret_cast<const char*>(data), size};
}

// Json::dump() as the server writes bodies (strict: it throws on invalid UTF-8), with the
// exception turned into a report: escaping the request handler it would be a 500.
inline std::string strict_dump(const Json& value, const char* what)
{
    try {
        return value.dump();
    } catch (const std::exception& e) {
        broken(std::string(what) + ": dump() threw: " + e.what());
    }
}

// True when `text` is one JSON value (what a client's SDK will parse).
inline bool is_json(std::string_view text)
{
    return !Json::parse(text, nullptr, false).is_discarded();
}

} // namespace llmp::fuzz
