// What differs between the cpp-httplib releases llmp builds against: Debian 12 ships 0.11 (a
// compiled library), Homebrew a current header-only release (checked against 0.53). Only
// http.cpp includes this: it runs llmp's own connection loop over the library's request parser,
// and so meets two interfaces that changed shape in between: httplib::Stream and the protected
// Server::process_request (see http.cpp for the second). llmp accepts connections itself
// (listener.hpp), so the library's listen loop, task queue and socket options are not used.
//
// Each difference is told apart by what the header declares, not by a version number: 0.11 has
// no CPPHTTPLIB_VERSION_NUM, newer releases define it as a string literal the preprocessor
// cannot compare, and the changes did not all land in the same release.
#pragma once

#include <httplib.h>

#include <ctime>

namespace llmp::server::httplib_compat {

// Newer releases split "a byte can be read without blocking" (is_readable) from "wait for one"
// (wait_readable), and replaced is_writable with wait_writable. In 0.11 is_readable waits.
template <class S>
concept SplitsReadiness = requires(const S& stream) { stream.wait_readable(); };

inline constexpr bool k_split_readiness = SplitsReadiness<httplib::Stream>;

// httplib::Stream with the readiness hooks of every release implemented once, in llmp's terms.
// None is marked override: each overrides in one release only, and a class that marks some
// overrides and not others draws clang's -Winconsistent-missing-override.
class Stream : public httplib::Stream {
public:
    // Bytes this stream has already read from the socket are waiting.
    virtual bool has_buffered() const = 0;
    // Waits up to the read timeout for the socket to have a byte.
    virtual bool wait_for_read() const = 0;
    // Waits up to the write timeout; true when the client takes bytes and is still there.
    virtual bool wait_for_write() const = 0;
    // Milliseconds since the current request began.
    virtual time_t elapsed_ms() const = 0;

    bool is_readable() const
    {
        if constexpr (k_split_readiness) return has_buffered();
        else return has_buffered() || wait_for_read();
    }
    bool is_writable() const { return wait_for_write(); }  // 0.11
    bool wait_readable() const { return has_buffered() || wait_for_read(); }
    bool wait_writable() const { return wait_for_write(); }
    time_t duration() const { return elapsed_ms(); }
};

} // namespace llmp::server::httplib_compat
