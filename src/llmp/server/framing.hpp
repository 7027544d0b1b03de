// Request framing as RFC 9112 has it, checked on the raw bytes of a request as they arrive.
// cpp-httplib's parser is lenient where leniency lets one connection carry a request that a
// proxy in front of llmp would read differently (request smuggling): it skips a header line it
// cannot read, takes the first of two Content-Lengths, reads "68abc" as 68 and a chunk size
// "5zz" as 5. The connection stream runs these checks on every byte the parser consumes and
// fails the read that breaks one, so the parser never acts on an ambiguous request: the client
// gets a 400 (501 for a transfer coding llmp does not implement) and the connection closes.
//
// Plain byte checks: no I/O, no cpp-httplib.
#pragma once

#include "llmp/server/limits.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace llmp::server::framing {

// The head of one request, a line at a time. Identical Content-Length values (repeated, or a
// list such as "5, 5") are accepted as RFC 9110 section 8.6 allows; any that differ are not.
class HeadCheck {
public:
    // One whole line as received, line end included; the first is the request line and "\r\n"
    // ends the head.
    limits::Breach line(std::string_view line);
    // The head declared a chunked body (only meaningful once the head has passed).
    bool chunked() const { return m_chunked; }

private:
    limits::Breach header(std::string_view name, std::string_view value);
    limits::Breach content_length(std::string_view value);
    limits::Breach transfer_encoding(std::string_view value);

    bool m_request_line_seen = false;
    bool m_has_length = false;
    std::string m_length;  // digits without leading zeros
    bool m_has_transfer_encoding = false;
    bool m_chunked = false;
};

// A chunked body's framing: chunk-size [chunk-ext] CRLF data CRLF ... 0 CRLF trailers CRLF.
class ChunkCheck {
public:
    // The next bytes of the body as the parser consumed them.
    limits::Breach feed(std::string_view bytes);

private:
    enum class State { size, extension, size_end, data, data_cr, data_lf, trailer_start, trailer, trailer_end, last_lf, done };

    State m_state = State::size;
    int m_digits = 0;
    uint64_t m_left = 0;  // of the current chunk's data
};

} // namespace llmp::server::framing
