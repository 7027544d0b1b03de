#include "llmp/canonical/json.hpp"
#include "llmp/core/json_splice.hpp"

#include <doctest/doctest.h>

using llmp::Json;
using llmp::json_splice::set_members;

TEST_CASE("json_splice: replaces a top-level member and keeps every other byte")
{
    std::string body = R"({ "model" : "fast/bench",  "messages":[{"role":"user","content":"x"}], "n":1 })";
    auto out = set_members(body, {{"model", R"("bench")"}});
    REQUIRE(out);
    CHECK(*out == R"({ "model" : "bench",  "messages":[{"role":"user","content":"x"}], "n":1 })");
}

TEST_CASE("json_splice: nested members of the same name are left alone")
{
    std::string body = R"({"metadata":{"model":"keep"},"tools":[{"model":"keep"}],"model":"a/b"})";
    auto out = set_members(body, {{"model", R"("b")"}});
    REQUIRE(out);
    CHECK(*out == R"({"metadata":{"model":"keep"},"tools":[{"model":"keep"}],"model":"b"})");
}

TEST_CASE("json_splice: strings holding braces, quotes and escapes do not confuse the scan")
{
    std::string body = R"({"messages":[{"content":"} ] { \" \\\" ,\"model\":1"}],"model":"x/y","stream":true})";
    auto out = set_members(body, {{"model", R"("y")"}, {"stream_options", R"({"include_usage":true})"}});
    REQUIRE(out);
    CHECK(*out == R"({"messages":[{"content":"} ] { \" \\\" ,\"model\":1"}],"model":"y","stream":true,"stream_options":{"include_usage":true}})");
}

TEST_CASE("json_splice: members are replaced whatever their order, scalars of every kind")
{
    std::string body = "{\"stream_options\":{\"include_usage\":false},\"temperature\":-1.5e3,\"stop\":null,"
                       "\"model\":\"m\"\n}";
    auto out = set_members(body, {{"model", R"("n")"}, {"stream_options", R"({"include_usage":true})"}});
    REQUIRE(out);
    CHECK(*out == "{\"stream_options\":{\"include_usage\":true},\"temperature\":-1.5e3,\"stop\":null,"
                  "\"model\":\"n\"\n}");
}

TEST_CASE("json_splice: a member is added to an empty object")
{
    auto out = set_members(" { } ", {{"model", R"("m")"}});
    REQUIRE(out);
    CHECK(*out == R"( { "model":"m"} )");
}

TEST_CASE("json_splice: texts a parser might read differently are refused")
{
    CHECK_FALSE(set_members(R"({"model":"a","model":"b"})", {{"model", R"("c")"}}));  // duplicate
    CHECK_FALSE(set_members(R"({"\u006dodel":"a"})", {{"model", R"("c")"}}));         // escaped key
    CHECK_FALSE(set_members(R"(["model"])", {{"model", R"("c")"}}));                  // not an object
    // Bytes after the object: a NUL ends nlohmann's parse, the provider's parser reads on.
    CHECK_FALSE(set_members(std::string_view("{\"model\":\"a\"}\0,\"model\":\"b\"}", 27), {{"model", R"("c")"}}));
    CHECK_FALSE(set_members(R"({"model":"a"} {"model":"b"})", {{"model", R"("c")"}}));
    CHECK(set_members(R"({"a\"b":"a","model":"x"})", {{"model", R"("c")"}}));          // short escaped key: fine
}

TEST_CASE("json_splice: the result parses to the same document as editing the parsed copy")
{
    const char* bodies[] = {
        R"({"model":"p/m","messages":[{"role":"user","content":"hi"}]})",
        R"({"messages":[],"model":"p/m","stream":true,"stream_options":{"include_usage":false,"x":1}})",
        R"({"messages":[{"content":[{"type":"text","text":"{\"model\":2}"}]}],"max_tokens":10,"model":"p/m"})",
        "{\n  \"model\": \"p/m\",\n  \"n\": [1, 2, {\"a\": []}],\n  \"t\": 0.7\n}\n",
    };
    for (const char* text : bodies) {
        Json parsed = Json::parse(text);
        parsed["model"] = "m";
        parsed["stream_options"] = Json{{"include_usage", true}};
        auto out = set_members(text, {{"model", R"("m")"}, {"stream_options", R"({"include_usage":true})"}});
        REQUIRE(out);
        CHECK(Json::parse(*out) == parsed);
    }
}
