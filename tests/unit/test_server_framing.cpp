#include "llmp/server/framing.hpp"

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

using namespace llmp::server;
using limits::Breach;

namespace {

// The breach of a head: the request line, then `fields` (each without its CRLF), then the end.
Breach head(std::initializer_list<std::string> fields, framing::HeadCheck* out = nullptr)
{
    framing::HeadCheck check;
    Breach breach = check.line("POST /v1/chat/completions HTTP/1.1\r\n");
    for (const auto& field : fields) {
        if (breach != Breach::none) break;
        breach = check.line(field + "\r\n");
    }
    if (breach == Breach::none) breach = check.line("\r\n");
    if (out) *out = check;
    return breach;
}

Breach chunks(const std::string& body, size_t piece = 0)
{
    framing::ChunkCheck check;
    if (piece == 0) return check.feed(body);
    for (size_t at = 0; at < body.size(); at += piece)
        if (Breach breach = check.feed(std::string_view(body).substr(at, piece)); breach != Breach::none)
            return breach;
    return Breach::none;
}

} // namespace

TEST_CASE("framing: Content-Length and Transfer-Encoding as RFC 9112 has them")
{
    SUBCASE("plain requests pass") {
        CHECK(head({"Host: x", "Content-Length: 68"}) == Breach::none);
        CHECK(head({"Host: x", "content-length:68"}) == Breach::none);
        CHECK(head({"Host: x", "Content-Length: 0"}) == Breach::none);
        framing::HeadCheck check;
        CHECK(head({"Host: x", "Transfer-Encoding: chunked"}, &check) == Breach::none);
        CHECK(check.chunked());
        CHECK(head({"Transfer-Encoding:  CHUNKED "}) == Breach::none);
        CHECK(head({"X-Empty:", "X-Obs-Text: caf\xc3\xa9"}) == Breach::none);
    }
    SUBCASE("identical Content-Length values pass, as RFC 9110 allows") {
        CHECK(head({"Content-Length: 5", "Content-Length: 5"}) == Breach::none);
        CHECK(head({"Content-Length: 5, 5"}) == Breach::none);
        CHECK(head({"Content-Length: 5", "Content-Length: 005"}) == Breach::none);
    }
    SUBCASE("both framings are refused") {
        CHECK(head({"Content-Length: 5", "Transfer-Encoding: chunked"}) == Breach::length_and_chunked);
        CHECK(head({"Transfer-Encoding: chunked", "Content-Length: 5"}) == Breach::length_and_chunked);
    }
    SUBCASE("Content-Length that is not a number") {
        for (const char* value : {"68abc", "+68", "-1", "", " ", "6 8", "0x10", "6,", "1e3"}) {
            CAPTURE(value);
            CHECK(head({std::string("Content-Length: ") + value}) == Breach::bad_content_length);
        }
    }
    SUBCASE("Content-Length values that differ") {
        CHECK(head({"Content-Length: 5", "Content-Length: 6"}) == Breach::conflicting_content_length);
        CHECK(head({"Content-Length: 5, 6"}) == Breach::conflicting_content_length);
    }
    SUBCASE("transfer codings other than a lone chunked") {
        CHECK(head({"Transfer-Encoding: gzip, chunked"}) == Breach::unsupported_transfer_encoding);
        CHECK(head({"Transfer-Encoding: xchunked"}) == Breach::unsupported_transfer_encoding);
        CHECK(head({"Transfer-Encoding: identity"}) == Breach::unsupported_transfer_encoding);
        CHECK(head({"Transfer-Encoding: chunk%65d"}) == Breach::unsupported_transfer_encoding);
        CHECK(head({"Transfer-Encoding: chunked, identity"}) == Breach::bad_transfer_encoding);
        CHECK(head({"Transfer-Encoding: chunked, chunked"}) == Breach::bad_transfer_encoding);
        CHECK(head({"Transfer-Encoding: chunked", "Transfer-Encoding: chunked"}) == Breach::bad_transfer_encoding);
        CHECK(head({"Transfer-Encoding: chunked,"}) == Breach::bad_transfer_encoding);
    }
}

TEST_CASE("framing: header lines that are not name: value")
{
    CHECK(head({"Host x"}) == Breach::header_without_colon);
    CHECK(head({"Host: x", " continued"}) == Breach::folded_header);
    CHECK(head({"Host: x", "\tcontinued"}) == Breach::folded_header);
    CHECK(head({"Content-Length : 5"}) == Breach::space_before_colon);
    CHECK(head({"Content-Length\t: 5"}) == Breach::space_before_colon);
    CHECK(head({": 5"}) == Breach::bad_header_character);
    CHECK(head({"Content Length: 5"}) == Breach::bad_header_character);
    CHECK(head({"X-A: a\rb"}) == Breach::bad_header_character);
    CHECK(head({std::string("X-A: a\0b", 8)}) == Breach::bad_header_character);
    framing::HeadCheck check;
    CHECK(check.line("GET / HTTP/1.1\r\n") == Breach::none);
    CHECK(check.line("Host: x\n") == Breach::bad_header_character);  // a bare LF
}

TEST_CASE("framing: chunked bodies")
{
    std::string good = "5\r\nhello\r\n1a;name=value\r\n" + std::string(26, 'x') + "\r\n0\r\n\r\n";
    CHECK(chunks(good) == Breach::none);
    CHECK(chunks(good, 1) == Breach::none);
    CHECK(chunks(good, 7) == Breach::none);
    CHECK(chunks("0\r\nX-Trailer: 1\r\n\r\n") == Breach::none);
    CHECK(chunks("00000\r\n\r\n") == Breach::none);
    for (const char* bad : {"5zz\r\nhello\r\n0\r\n\r\n", "+5\r\nhello\r\n0\r\n\r\n", "0x5\r\nhello\r\n0\r\n\r\n",
                            "\r\nhello\r\n0\r\n\r\n", " 5\r\nhello\r\n0\r\n\r\n", "5\nhello\r\n0\r\n\r\n",
                            "5\r\nhelloXX\r\n0\r\n\r\n", "-1\r\n", "ffffffffffffffff\r\n",
                            "5;\x01\r\nhello\r\n"}) {
        CAPTURE(bad);
        CHECK(chunks(bad) == Breach::bad_chunk);
        CHECK(chunks(bad, 1) == Breach::bad_chunk);
    }
}

TEST_CASE("framing: breach statuses and messages")
{
    limits::BreachSettings settings{65536, 1000, 20};
    CHECK(limits::status_for(Breach::length_and_chunked, limits::Phase::headers) == 400);
    CHECK(limits::status_for(Breach::unsupported_transfer_encoding, limits::Phase::headers) == 501);
    CHECK(limits::status_for(Breach::bad_chunk, limits::Phase::body) == 400);
    CHECK(limits::message_for(Breach::length_and_chunked, limits::Phase::headers, settings)
          == "request has both Content-Length and Transfer-Encoding; send one of them");
    CHECK(limits::code_for(Breach::folded_header, limits::Phase::headers) == "invalid_request_framing");
}
