#include "llmp/canonical/json.hpp"
#include "llmp/server/errors.hpp"

#include <doctest/doctest.h>

// nlohmann recurses while parsing some deep shapes and while copying and destroying: an
// upstream (or a man in the middle of a plain-HTTP one) must not be able to overflow our stack.
TEST_CASE("a hostile upstream's error body nested 100,000 deep is answered, not recursed into")
{
    // A key after the deep value: nlohmann's parser itself recurses then.
    std::string deep = R"({"error":)" + std::string(100'000, '[') + std::string(100'000, ']') + R"(,"x":1})";
    for (auto client : {llmp::config::Dialect::openai, llmp::config::Dialect::anthropic}) {
        auto reply = llmp::server::upstream_error_reply(client, llmp::config::Dialect::openai, 500, {}, deep);
        CHECK(reply.status >= 500);
        CHECK(llmp::Json::parse(reply.body).is_object());
    }
    auto plain = llmp::server::upstream_error_reply(502, {}, deep);
    CHECK(plain.status == 502);
    CHECK(llmp::Json::parse(plain.body).is_object());
}
