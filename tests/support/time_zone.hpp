// Sets $TZ for one test and makes the C library read it (localtime_r alone does not), then puts
// back the old zone.
#pragma once

#include "support/scoped_env.hpp"

#include <ctime>
#include <optional>

namespace llmp::test {

class ScopedTimeZone {
public:
    explicit ScopedTimeZone(const char* zone) : m_env(std::in_place, "TZ", zone) { tzset(); }
    ~ScopedTimeZone()
    {
        m_env.reset();
        tzset();
    }
    ScopedTimeZone(const ScopedTimeZone&) = delete;
    ScopedTimeZone& operator=(const ScopedTimeZone&) = delete;

private:
    std::optional<ScopedEnv> m_env;
};

} // namespace llmp::test
