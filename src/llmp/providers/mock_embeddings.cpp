#include "llmp/providers/mock_embeddings.hpp"

#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

namespace llmp::providers {

namespace {

constexpr int64_t k_default_dimensions = 8;
constexpr int64_t k_max_dimensions = 4096;

int64_t word_count(const std::string& text)
{
    int64_t words = 0;
    bool in_word = false;
    for (char c : text) {
        bool space = std::isspace(static_cast<unsigned char>(c));
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

Json vector_for(const std::string& text, int64_t dimensions)
{
    uint64_t hash = 1469598103934665603ull;  // FNV-1a, then a splitmix step per dimension
    for (char c : text) {
        hash ^= static_cast<uint8_t>(c);
        hash *= 1099511628211ull;
    }
    Json values = Json::array();
    for (int64_t i = 0; i < dimensions; ++i) {
        hash += 0x9e3779b97f4a7c15ull;
        uint64_t z = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        // 24 random bits: k / 2^23 - 1 is exact in float32.
        values.push_back(static_cast<double>(z >> 40) / static_cast<double>(1ull << 23) - 1.0);
    }
    return values;
}

} // namespace

upstream::HttpResponse mock_embeddings(const Json& request)
{
    upstream::HttpResponse response;
    response.headers = {{"Content-Type", "application/json"}};
    int64_t dimensions = k_default_dimensions;
    auto wanted = request.find("dimensions");
    if (wanted != request.end() && wanted->is_number_integer()) dimensions = wanted->get<int64_t>();
    if (dimensions < 1 || dimensions > k_max_dimensions) {
        response.status = 400;
        response.body = Json{{"error",
                              {{"message", "dimensions: the mock makes 1 to "
                                               + std::to_string(k_max_dimensions) + " dimensions"},
                               {"type", "invalid_request_error"},
                               {"param", "dimensions"},
                               {"code", nullptr}}}}
                            .dump();
        return response;
    }
    std::vector<std::string> inputs;
    if (auto input = request.find("input"); input != request.end()) {
        if (input->is_string()) inputs.push_back(input->get<std::string>());
        else if (input->is_array())
            for (const auto& item : *input)
                if (item.is_string()) inputs.push_back(item.get<std::string>());
    }
    Json data = Json::array();
    int64_t tokens = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
        tokens += word_count(inputs[i]);
        data.push_back({{"object", "embedding"}, {"index", i}, {"embedding", vector_for(inputs[i], dimensions)}});
    }
    Json body = {{"object", "list"},
                 {"data", std::move(data)},
                 {"model", json::string_at(request, "model")},
                 {"usage", {{"prompt_tokens", tokens}, {"total_tokens", tokens}}}};
    response.status = 200;
    response.body = body.dump();
    return response;
}

} // namespace llmp::providers
