// POST /v1/embeddings: the client gets vectors in the encoding_format it asked for (the openai
// SDK asks for base64 and decodes without checking), whatever the upstream answered, and
// `dimensions` reaches every upstream that can shorten a vector.
#include "support/fake_upstream.hpp"
#include "support/http_client.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <cstdint>

using namespace llmp::test;
using nlohmann::json;

namespace {

const std::vector<std::string> k_env = {"LLMP_TEST_EMBED_KEY=sk-embed-SECRET-77"};
constexpr std::string_view k_alphabet
    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Written here from the definition (base64 of little-endian float32), not taken from llmp.
std::vector<float> floats_of_base64(const std::string& text)
{
    std::vector<unsigned char> bytes;
    uint32_t group = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=') break;
        group = (group << 6) | static_cast<uint32_t>(k_alphabet.find(c));
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes.push_back(static_cast<unsigned char>(group >> bits));
        }
    }
    std::vector<float> values;
    for (size_t i = 0; i + 3 < bytes.size(); i += 4)
        values.push_back(std::bit_cast<float>(uint32_t(bytes[i]) | uint32_t(bytes[i + 1]) << 8
                                              | uint32_t(bytes[i + 2]) << 16
                                              | uint32_t(bytes[i + 3]) << 24));
    CHECK(bytes.size() % 4 == 0);
    return values;
}

std::string base64_of_floats(const std::vector<float>& values)
{
    std::string bytes;
    for (float value : values) {
        auto word = std::bit_cast<uint32_t>(value);
        for (int shift = 0; shift < 32; shift += 8) bytes += static_cast<char>(word >> shift);
    }
    std::string text;
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t group = uint32_t(static_cast<unsigned char>(bytes[i])) << 16;
        if (i + 1 < bytes.size()) group |= uint32_t(static_cast<unsigned char>(bytes[i + 1])) << 8;
        if (i + 2 < bytes.size()) group |= uint32_t(static_cast<unsigned char>(bytes[i + 2]));
        text += k_alphabet[group >> 18 & 63];
        text += k_alphabet[group >> 12 & 63];
        text += i + 1 < bytes.size() ? k_alphabet[group >> 6 & 63] : '=';
        text += i + 2 < bytes.size() ? k_alphabet[group & 63] : '=';
    }
    return text;
}

std::vector<float> as_floats(const json& array)
{
    std::vector<float> values;
    for (const auto& v : array) values.push_back(v.get<float>());
    return values;
}

Reply embed(int port, json body) { return post(port, "/v1/embeddings", body.dump()); }

std::string provider(const std::string& name, const std::string& kind, const std::string& url)
{
    return "[providers." + name + "]\nkind = \"" + kind + "\"\nbase_url = \"" + url
        + "\"\napi_key = \"env:LLMP_TEST_EMBED_KEY\"\ntimeout_ms = 2000\n";
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("embeddings on the mock: base64 decodes to the float answer, dimensions, bad fields")
    {
        Server server("");
        json request = {{"model", "mock/echo"}, {"input", {"one two", "three"}}};
        auto floats = embed(server.port(), request);
        REQUIRE(floats.status == 200);
        auto float_body = floats.json();
        REQUIRE(float_body["data"].size() == 2);
        CHECK(float_body["data"][0]["embedding"].size() == 8);

        request["encoding_format"] = "base64";
        auto encoded = embed(server.port(), request);
        REQUIRE(encoded.status == 200);
        auto encoded_body = encoded.json();
        for (int i = 0; i < 2; ++i) {
            CAPTURE(i);
            REQUIRE(encoded_body["data"][i]["embedding"].is_string());
            auto decoded = floats_of_base64(encoded_body["data"][i]["embedding"]);
            CHECK(decoded == as_floats(float_body["data"][i]["embedding"]));
            // The mock's values are exact in float32: both forms carry the very same numbers.
            for (size_t d = 0; d < decoded.size(); ++d)
                CHECK(static_cast<double>(decoded[d]) == float_body["data"][i]["embedding"][d].get<double>());
        }
        CHECK(encoded_body["usage"]["prompt_tokens"] == 3);

        request["dimensions"] = 3;
        auto shorter = embed(server.port(), request);
        REQUIRE(shorter.status == 200);
        CHECK(floats_of_base64(shorter.json()["data"][1]["embedding"]).size() == 3);
        request["encoding_format"] = "float";
        request["dimensions"] = 20;
        CHECK(embed(server.port(), request).json()["data"][0]["embedding"].size() == 20);

        auto too_many = embed(server.port(), {{"model", "mock/echo"}, {"input", "x"}, {"dimensions", 4097}});
        CHECK(too_many.status == 400);
        CHECK(too_many.json()["error"]["message"] == "dimensions: the mock makes 1 to 4096 dimensions");

        auto bad_format = embed(server.port(), {{"model", "mock/echo"}, {"input", "x"}, {"encoding_format", "int8"}});
        CHECK(bad_format.status == 400);
        CHECK(bad_format.json()["error"]["message"] == R"(encoding_format: must be "float" or "base64")");
        for (json dimensions : {json(0), json(-4), json("8"), json(2.5), json(true)}) {
            CAPTURE(dimensions.dump());
            auto bad = embed(server.port(), {{"model", "mock/echo"}, {"input", "x"}, {"dimensions", dimensions}});
            CHECK(bad.status == 400);
            CHECK(bad.json()["error"]["message"] == "dimensions: must be a positive integer");
        }
        CHECK(server.stop() == 0);
    }

    TEST_CASE("embeddings upstream: the client gets its encoding whatever form the upstream chose")
    {
        const std::vector<float> vector = {0.5f, -0.25f, 0.1f, 3.0e-8f};
        // "floaty" ignores encoding_format (as some OpenAI-compatible servers do); "faithful"
        // honours it; the Gemini path answers floats of its own.
        FakeUpstream upstream([&](const httplib::Request& req, httplib::Response& res) {
            if (req.path.find(":batchEmbedContents") != std::string::npos) {
                auto body = json::parse(req.body);
                json embeddings = json::array();
                for (const auto& one : body["requests"]) {
                    int dims = one.value("outputDimensionality", 4);
                    embeddings.push_back({{"values", std::vector<float>(vector.begin(), vector.begin() + dims)}});
                }
                res.set_content(json{{"embeddings", embeddings}}.dump(), "application/json");
                return;
            }
            auto body = json::parse(req.body);
            bool base64 = body["model"] == "faithful" && body.value("encoding_format", "") == "base64";
            json embedding = base64 ? json(base64_of_floats(vector)) : json(vector);
            json answer = {{"object", "list"},
                           {"data", {{{"object", "embedding"}, {"index", 0}, {"embedding", embedding}}}},
                           {"model", body["model"]},
                           {"usage", {{"prompt_tokens", 2}, {"total_tokens", 2}}}};
            res.set_content(answer.dump(), "application/json");
        });
        Server server("[server]\nshutdown_grace_ms = 2000\n[ledger]\npath = \"{ledger}\"\n"
                          + provider("oa", "openai", upstream.url()) + provider("gem", "gemini", upstream.url()),
                      k_env);

        for (std::string model : {"oa/floaty", "oa/faithful", "gem/text-embedding-004"}) {
            for (std::string format : {"base64", "float"}) {
                CAPTURE(model);
                CAPTURE(format);
                auto reply = embed(server.port(), {{"model", model}, {"input", "hello"}, {"encoding_format", format}});
                REQUIRE(reply.status == 200);
                json embedding = reply.json()["data"][0]["embedding"];
                if (format == "base64") {
                    REQUIRE(embedding.is_string());
                    CHECK(floats_of_base64(embedding) == vector);
                } else {
                    REQUIRE(embedding.is_array());
                    CHECK(as_floats(embedding) == vector);
                }
            }
        }
        // A client that sent no encoding_format gets floats.
        CHECK(embed(server.port(), {{"model", "oa/faithful"}, {"input", "x"}}).json()["data"][0]["embedding"].is_array());

        // dimensions: passed to OpenAI as is, to Gemini as outputDimensionality.
        auto openai_dims = embed(server.port(), {{"model", "oa/floaty"}, {"input", "x"}, {"dimensions", 2}});
        CHECK(openai_dims.status == 200);
        auto gemini_dims = embed(server.port(), {{"model", "gem/text-embedding-004"}, {"input", "x"}, {"dimensions", 2},
                                                 {"encoding_format", "base64"}});
        REQUIRE(gemini_dims.status == 200);
        CHECK(floats_of_base64(gemini_dims.json()["data"][0]["embedding"]) == std::vector<float>{0.5f, -0.25f});
        auto seen = upstream.seen();
        REQUIRE(seen.size() >= 2);
        CHECK(json::parse(seen[seen.size() - 2].body)["dimensions"] == 2);
        CHECK(json::parse(seen.back().body)["requests"][0]["outputDimensionality"] == 2);
        CHECK(server.stop() == 0);
    }
}
