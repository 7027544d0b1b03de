#include "llmp/dialects/gemini.hpp"

#include <doctest/doctest.h>

using llmp::ErrorCode;
using llmp::Json;
namespace gemini = llmp::dialects::gemini;

namespace {

std::string encoded(const char* openai_request)
{
    auto body = gemini::encode_embeddings(Json::parse(openai_request));
    REQUIRE_MESSAGE(body.has_value(), body.error().message);
    return body->dump();
}

std::string refusal(const Json& openai_request)
{
    auto body = gemini::encode_embeddings(openai_request);
    REQUIRE_FALSE(body.has_value());
    CHECK(body.error().code == ErrorCode::invalid_input);
    return body.error().message;
}

std::string exact(const char* json) { return Json::parse(json).dump(); }

} // namespace

TEST_CASE("gemini embeddings: OpenAI request → batchEmbedContents")
{
    SUBCASE("one string")
    {
        CHECK(encoded(R"({"model":"gemini-embedding-001","input":"hello","encoding_format":"float","user":"u"})") ==
              exact(R"({"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"hello"}]}}]})"));
    }
    SUBCASE("an array of strings, with dimensions")
    {
        CHECK(encoded(R"({"model":"models/text-embedding-004","input":["a","b"],"dimensions":256})") ==
              exact(R"({"requests":[
                {"model":"models/text-embedding-004","content":{"parts":[{"text":"a"}]},"outputDimensionality":256},
                {"model":"models/text-embedding-004","content":{"parts":[{"text":"b"}]},"outputDimensionality":256}]})"));
    }
    SUBCASE("null dimensions are absent dimensions")
    {
        CHECK(encoded(R"({"model":"m","input":"x","dimensions":null})") ==
              exact(R"({"requests":[{"model":"models/m","content":{"parts":[{"text":"x"}]}}]})"));
    }
    SUBCASE("refusals")
    {
        const std::string kinds = "Gemini upstreams take a string or an array of strings";
        CHECK(refusal(Json::parse(R"({"model":"m","input":42})")) == "input: " + kinds);
        CHECK(refusal(Json::parse(R"({"model":"m","input":{"text":"x"}})")) == "input: " + kinds);
        CHECK(refusal(Json::parse(R"({"model":"m","input":[1,2,3]})")) == "input[0]: " + kinds);
        CHECK(refusal(Json::parse(R"({"model":"m","input":["ok",[1,2]]})")) == "input[1]: " + kinds);
        CHECK(refusal(Json::parse(R"({"model":"m","input":[]})")) == "input: must not be empty");
        CHECK(refusal(Json::parse(R"({"model":"m"})")) == "input: required");
        CHECK(refusal(Json::parse(R"({"input":"x"})")) == "model: required");
        CHECK(refusal(Json::parse(R"({"model":"m","input":"x","dimensions":0})")) ==
              "dimensions: must be a positive integer");
        CHECK(refusal(Json::parse(R"({"model":"m","input":"x","dimensions":"256"})")) ==
              "dimensions: must be a positive integer");
        CHECK(refusal(Json::parse("[]")) == "request body must be a JSON object");
    }
}

TEST_CASE("gemini embeddings: batchEmbedContents answer → OpenAI response")
{
    auto response = gemini::decode_embeddings(
        Json::parse(R"({"embeddings":[{"values":[0.25,-1,3e-2]},{"values":[]}]})"), "fast-embed");
    REQUIRE(response.has_value());
    CHECK(response->dump() == exact(R"({"object":"list","data":[
        {"object":"embedding","index":0,"embedding":[0.25,-1,0.03]},
        {"object":"embedding","index":1,"embedding":[]}],
        "model":"fast-embed","usage":{"prompt_tokens":0,"total_tokens":0}})"));

    SUBCASE("malformed answers")
    {
        struct Case {
            const char* body;
            const char* message;
        };
        for (const Case& c : {
                 Case{R"({"embedding":{"values":[1]}})", "Gemini embeddings response has no `embeddings` array"},
                 Case{R"([1])", "Gemini embeddings response has no `embeddings` array"},
                 Case{R"({"embeddings":[{"values":[1]},{"values":["x"]}]})", "Gemini embeddings[1] has no numeric `values`"},
                 Case{R"({"embeddings":[7]})", "Gemini embeddings[0] has no numeric `values`"},
             }) {
            CAPTURE(c.body);
            auto bad = gemini::decode_embeddings(Json::parse(c.body), "m");
            REQUIRE_FALSE(bad.has_value());
            CHECK(bad.error().code == ErrorCode::upstream);
            CHECK(bad.error().message == c.message);
        }
    }
}
