#include "llmp/dialects/cohere.hpp"

#include <doctest/doctest.h>

namespace canonical = llmp::canonical;
namespace cohere = llmp::dialects::cohere;

TEST_CASE("cohere errors")
{
    SUBCASE("429: rate limit, retry-after-ms wins over retry-after")
    {
        auto e = cohere::decode_error(429, {{"Retry-After", "9"}, {"retry-after-ms", "1500"}},
                                      R"({"message":"You are using a Trial key, which is limited to 10 API calls / minute."})");
        CHECK(e.status == 429);
        CHECK(e.type == canonical::ErrorType::rate_limit);
        CHECK(e.message == "You are using a Trial key, which is limited to 10 API calls / minute.");
        REQUIRE(e.retry_after_s.has_value());
        CHECK(*e.retry_after_s == doctest::Approx(1.5));
    }
    SUBCASE("retry-after in seconds; an HTTP date is not read")
    {
        auto e = cohere::decode_error(503, {{"retry-after", " 7 "}}, "");
        REQUIRE(e.retry_after_s.has_value());
        CHECK(*e.retry_after_s == doctest::Approx(7.0));
        CHECK(e.type == canonical::ErrorType::overloaded);
        CHECK(e.message == "Cohere answered with HTTP status 503");
        auto dated = cohere::decode_error(429, {{"Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"}}, "{}");
        CHECK_FALSE(dated.retry_after_s.has_value());
        CHECK(dated.message == "Cohere answered with HTTP status 429");
    }
    SUBCASE("401 with Cohere's body")
    {
        auto e = cohere::decode_error(401, {}, R"({"id":"x","message":"invalid api token"})");
        CHECK(e.type == canonical::ErrorType::authentication);
        CHECK(e.message == "invalid api token");
        CHECK_FALSE(e.retry_after_s.has_value());
    }
    SUBCASE("other JSON flavours")
    {
        CHECK(cohere::decode_error(400, {}, R"({"error":{"message":"bad field"}})").message == "bad field");
        CHECK(cohere::decode_error(400, {}, R"({"error":"bad too"})").message == "bad too");
        CHECK(cohere::decode_error(404, {}, R"({"message":"model not found"})").type
              == canonical::ErrorType::not_found);
    }
    SUBCASE("a non-JSON body is the message, shortened on a character boundary")
    {
        auto e = cohere::decode_error(502, {}, "  <html>bad gateway</html>\n");
        CHECK(e.type == canonical::ErrorType::server);
        CHECK(e.message == "<html>bad gateway</html>");
        auto e_acute = [](int n) {
            std::string s;
            for (int i = 0; i < n; ++i) s += "\xC3\xA9";
            return s;
        };
        // 601 bytes; byte 512 is the second half of an 'é', so the cut falls before that 'é'.
        auto cut = cohere::decode_error(500, {}, "x" + e_acute(300));
        CHECK(cut.message == "x" + e_acute(255) + "...");
    }
}
