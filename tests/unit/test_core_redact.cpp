#include "llmp/core/redact.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace llmp;
using redact::Userinfo;

// The registry is process-wide and only grows: every test registers values of its own that no
// other test's text contains.

TEST_CASE("redact: a registered secret is replaced wherever it occurs")
{
    redact::add_secret("sk-redact-one-111111");
    CHECK(redact::needs_scrub("key sk-redact-one-111111 was wrong"));
    CHECK(redact::scrub("key sk-redact-one-111111 was wrong, sk-redact-one-111111!")
          == "key [redacted] was wrong, [redacted]!");
    CHECK(redact::scrub("sk-redact-one-111111") == "[redacted]");
    // Unchanged text stays byte for byte, and needs_scrub says so.
    CHECK_FALSE(redact::needs_scrub("nothing to see: sk-redact-one-11111"));
    CHECK(redact::scrub("nothing to see: sk-redact-one-11111") == "nothing to see: sk-redact-one-11111");
}

TEST_CASE("redact: values under 8 bytes are ignored; registering twice is harmless")
{
    redact::add_secret("short7!");
    CHECK_FALSE(redact::needs_scrub("a short7! value"));
    CHECK(redact::scrub("a short7! value") == "a short7! value");
    redact::add_secret("");
    CHECK(redact::scrub("") == "");
    redact::add_secret("eightby8");
    redact::add_secret("eightby8");
    CHECK(redact::scrub("x eightby8 y") == "x [redacted] y");
}

TEST_CASE("redact: overlapping, nested and adjacent secrets leave no tail behind")
{
    redact::add_secret("ovl-AAAA-BBBB");
    redact::add_secret("BBBB-CCCC-ovl");
    // Overlapping: one marker for the union, not a marker and "-CCCC-ovl".
    CHECK(redact::scrub("<ovl-AAAA-BBBB-CCCC-ovl>") == "<[redacted]>");
    // Registered in the other order and nested: the longer one is covered whole.
    redact::add_secret("inner-nest-9");
    redact::add_secret("outer-inner-nest-9-outer");
    CHECK(redact::scrub("[outer-inner-nest-9-outer] inner-nest-9") == "[[redacted]] [redacted]");
    // Adjacent occurrences merge into one marker.
    CHECK(redact::scrub("ovl-AAAA-BBBBovl-AAAA-BBBB") == "[redacted]");
    // A secret that overlaps itself.
    redact::add_secret("zzzzzzzz");
    CHECK(redact::scrub("-zzzzzzzzzzz-") == "-[redacted]-");
}

TEST_CASE("redact: URL userinfo")
{
    SUBCASE("user and password, user alone, several URLs")
    {
        CHECK(redact::scrub("could not connect to http://user:pw@10.0.0.1:8080/v1")
              == "could not connect to http://[redacted]@10.0.0.1:8080/v1");
        CHECK(redact::scrub("https://token@host") == "https://[redacted]@host");
        CHECK(redact::scrub("a http://u:p@h1 b https://v:q@h2/x") == "a http://[redacted]@h1 b https://[redacted]@h2/x");
        CHECK(redact::scrub("http://a:b@c@host/") == "http://[redacted]@host/");
    }
    SUBCASE("as JSON escapes it")
    {
        CHECK(redact::scrub(R"({"url":"http:\/\/u:secret@host\/v1"})") == R"({"url":"http:\/\/[redacted]@host\/v1"})");
    }
    SUBCASE("URLs without userinfo and other @ are left alone")
    {
        for (const char* text : {"http://host:80/path", "http://host/a@b", "mail me@example.com",
                                 "http://host?q=a@b", "http://host#frag@x", "see http:// @x",
                                 "http://@host", "ftp://\"x@y\""}) {
            CAPTURE(text);
            CHECK_FALSE(redact::needs_scrub(text));
            CHECK(redact::scrub(text) == text);
        }
    }
    SUBCASE("Userinfo::keep leaves URLs to answers and still hides secrets")
    {
        redact::add_secret("userinfo-keep-secret");
        std::string answer = "postgres://app:pass@localhost/db and userinfo-keep-secret";
        CHECK(redact::needs_scrub("postgres://app:pass@localhost/db"));
        CHECK_FALSE(redact::needs_scrub("postgres://app:pass@localhost/db", Userinfo::keep));
        CHECK(redact::scrub(answer, Userinfo::keep) == "postgres://app:pass@localhost/db and [redacted]");
        CHECK(redact::scrubbed(answer) == "postgres://[redacted]@localhost/db and [redacted]");
    }
    SUBCASE("a secret inside userinfo and the userinfo merge into one marker")
    {
        redact::add_secret("pw-in-userinfo-77");
        CHECK(redact::scrub("http://me:pw-in-userinfo-77@h/ pw-in-userinfo-77")
              == "http://[redacted]@h/ [redacted]");
    }
}

TEST_CASE("redact: scrubbed() returns clean text unchanged")
{
    std::string clean(100'000, 'x');
    CHECK(redact::scrubbed(clean) == clean);
    redact::add_secret("scrubbed-secret-1234");
    CHECK(redact::scrubbed("[scrubbed-secret-1234]") == "[[redacted]]");
}
