#include "llmp/canonical/json_unique.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace llmp;

TEST_CASE("parse_unique_keys: reads what Json::parse reads")
{
    const char* texts[] = {
        R"({"model":"m","messages":[{"role":"user","content":"hi"}],"n":1,"t":0.5,"s":true,"z":null})",
        R"([1,-2,18446744073709551615,1.5e3,"x",{},[],{"a":{"b":[{"c":1},{"c":2}]}}])",
        R"("just a string")",
        "  {\n \"a\" : [ 1 , 2 ] ,\"\":0 }\n\t",
        R"({"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]})",  // same key in different objects
    };
    for (const char* text : texts) {
        CAPTURE(text);
        auto parsed = json::parse_unique_keys(text);
        CHECK_FALSE(parsed.duplicate_key);
        REQUIRE_FALSE(parsed.value.is_discarded());
        CHECK(parsed.value == Json::parse(text));
        CHECK(parsed.value.dump() == Json::parse(text).dump());  // key order too
    }
}

TEST_CASE("parse_unique_keys: a key twice in one object, at any depth")
{
    struct Case {
        const char* text;
        const char* key;
    };
    Case cases[] = {
        {R"({"model":"cheap","model":"expensive","messages":[]})", "model"},
        {R"({"stream_options":{"include_usage":false,"include_usage":true}})", "include_usage"},
        {R"({"messages":[{"role":"user","content":"a","role":"system"}]})", "role"},
        {R"([[{"a":1}],[{"b":1,"b":2}]])", "b"},
        {R"({"":1,"":2})", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto parsed = json::parse_unique_keys(c.text);
        CHECK(parsed.value.is_discarded());
        REQUIRE(parsed.duplicate_key);
        CHECK(*parsed.duplicate_key == c.key);
    }
}

TEST_CASE("parse_unique_keys: a NUL byte and bytes after the value are refused")
{
    // nlohmann alone stops at the NUL and accepts the object before it.
    std::string smuggled("{\"model\":\"a\",\"messages\":[]}\0,\"model\":\"gpt-4-32k\"}", 49);
    REQUIRE(smuggled.size() == 49);
    CHECK_FALSE(Json::parse(smuggled, nullptr, false).is_discarded());
    auto parsed = json::parse_unique_keys(smuggled);
    CHECK(parsed.value.is_discarded());
    CHECK_FALSE(parsed.duplicate_key);
    for (const char* text : {R"({"a":1} {"a":2})", R"({"a":1},)", "{\"a\":1} x", "{\"a\":", ""}) {
        CAPTURE(text);
        CHECK(json::parse_unique_keys(text).value.is_discarded());
        CHECK_FALSE(json::parse_unique_keys(text).duplicate_key);
    }
}
