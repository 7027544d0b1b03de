#include "llmp/server/embeddings_encoding.hpp"

#include <doctest/doctest.h>

using namespace llmp;
using llmp::server::VectorEncoding;

TEST_CASE("embedding vectors: base64 of little-endian float32")
{
    SUBCASE("known bytes: 1.0f is 00 00 80 3f, -2.0f is 00 00 00 c0")
    {
        CHECK(server::base64_of_float32({1.0f}) == "AACAPw==");
        CHECK(server::base64_of_float32({1.0f, -2.0f}) == "AACAPwAAAMA=");
        CHECK(server::base64_of_float32({}) == "");
        CHECK(server::float32_of_base64("AACAPwAAAMA=") == std::vector<float>{1.0f, -2.0f});
    }
    SUBCASE("round trip of three values (padding-free)")
    {
        std::vector<float> values = {0.1f, -3.5e-8f, 123456.0f};
        CHECK(server::float32_of_base64(server::base64_of_float32(values)) == values);
    }
    SUBCASE("text that is not base64 of whole float32s")
    {
        for (const char* bad : {"AACAPw=", "AACA", "AA=APw==", "AACAP!==", "AACAPwAAAMA=AAAA"}) {
            CAPTURE(bad);
            CHECK_FALSE(server::float32_of_base64(bad).has_value());
        }
    }
}

TEST_CASE("embedding responses are rewritten into the encoding the client asked for")
{
    Json response = Json::parse(R"({"data":[{"embedding":[1.0,-2.0]},{"embedding":"AACAPw=="}]})");
    SUBCASE("base64 wanted")
    {
        Json copy = response;
        CHECK(*server::encode_vectors(copy, VectorEncoding::base64) == true);
        CHECK(copy["data"][0]["embedding"] == "AACAPwAAAMA=");
        CHECK(copy["data"][1]["embedding"] == "AACAPw==");
    }
    SUBCASE("floats wanted")
    {
        Json copy = response;
        CHECK(*server::encode_vectors(copy, VectorEncoding::float_array) == true);
        CHECK(copy["data"][1]["embedding"] == Json::parse("[1.0]"));
    }
    SUBCASE("already in the wanted form: unchanged")
    {
        Json floats = Json::parse(R"({"data":[{"embedding":[0.5]}]})");
        CHECK(*server::encode_vectors(floats, VectorEncoding::float_array) == false);
    }
    SUBCASE("an upstream's unreadable vector is an error naming it")
    {
        struct Case {
            const char* body;
            const char* message;
        };
        for (auto c : {Case{R"({"data":[{"embedding":["x"]}]})", "data[0].embedding: not a number array"},
                       Case{R"({"data":[{"embedding":[1]},{"embedding":"%%"}]})", "data[1].embedding: not base64 float32 data"},
                       Case{R"({"data":[{"embedding":{}}]})", "data[0].embedding: neither an array nor base64"}}) {
            CAPTURE(c.body);
            Json body = Json::parse(c.body);
            auto result = server::encode_vectors(body, VectorEncoding::float_array);
            REQUIRE_FALSE(result);
            CHECK(result.error().message == c.message);
        }
    }
}

TEST_CASE("embedding options: encoding_format and dimensions")
{
    CHECK(server::embedding_options(Json::parse(R"({})"))->encoding == VectorEncoding::float_array);
    CHECK(server::embedding_options(Json::parse(R"({"encoding_format":null})"))->encoding == VectorEncoding::float_array);
    CHECK(server::embedding_options(Json::parse(R"({"encoding_format":"base64"})"))->encoding == VectorEncoding::base64);
    CHECK(server::embedding_options(Json::parse(R"({"dimensions":256})"))->dimensions == 256);
    CHECK(server::embedding_options(Json::parse(R"({"encoding_format":"BASE64"})")).error().message
          == R"(encoding_format: must be "float" or "base64")");
    CHECK(server::embedding_options(Json::parse(R"({"encoding_format":1})")).error().message
          == R"(encoding_format: must be "float" or "base64")");
    CHECK(server::embedding_options(Json::parse(R"({"dimensions":0})")).error().message
          == "dimensions: must be a positive integer");
}
