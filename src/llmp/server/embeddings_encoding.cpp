#include "llmp/server/embeddings_encoding.hpp"

#include <array>
#include <bit>
#include <cstdint>

namespace llmp::server {

namespace {

constexpr std::string_view k_alphabet
    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet_of(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

std::array<unsigned char, 4> little_endian_bytes(float value)
{
    auto bits = std::bit_cast<uint32_t>(value);
    return {static_cast<unsigned char>(bits), static_cast<unsigned char>(bits >> 8),
            static_cast<unsigned char>(bits >> 16), static_cast<unsigned char>(bits >> 24)};
}

} // namespace

Result<EmbeddingOptions> embedding_options(const Json& request)
{
    EmbeddingOptions options;
    if (auto it = request.find("encoding_format"); it != request.end() && !it->is_null()) {
        if (*it == "base64") options.encoding = VectorEncoding::base64;
        else if (*it != "float")
            return fail(ErrorCode::invalid_input,
                        R"(encoding_format: must be "float" or "base64")");
    }
    if (auto it = request.find("dimensions"); it != request.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<int64_t>() <= 0)
            return fail(ErrorCode::invalid_input, "dimensions: must be a positive integer");
        options.dimensions = it->get<int64_t>();
    }
    return options;
}

std::string base64_of_float32(const std::vector<float>& values)
{
    std::vector<unsigned char> bytes;
    bytes.reserve(values.size() * 4);
    for (float value : values)
        for (unsigned char byte : little_endian_bytes(value)) bytes.push_back(byte);
    std::string text;
    text.reserve((bytes.size() + 2) / 3 * 4);
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t group = uint32_t(bytes[i]) << 16;
        if (i + 1 < bytes.size()) group |= uint32_t(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) group |= bytes[i + 2];
        text += k_alphabet[(group >> 18) & 63];
        text += k_alphabet[(group >> 12) & 63];
        text += i + 1 < bytes.size() ? k_alphabet[(group >> 6) & 63] : '=';
        text += i + 2 < bytes.size() ? k_alphabet[group & 63] : '=';
    }
    return text;
}

std::optional<std::vector<float>> float32_of_base64(std::string_view text)
{
    if (text.size() % 4 != 0) return std::nullopt;
    std::vector<unsigned char> bytes;
    for (size_t i = 0; i < text.size(); i += 4) {
        uint32_t group = 0;
        int padding = 0;
        for (size_t k = 0; k < 4; ++k) {
            char c = text[i + k];
            // Padding only at the very end, and at most two characters of it.
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                ++padding;
                group <<= 6;
                continue;
            }
            int sextet = sextet_of(c);
            if (sextet < 0 || padding > 0) return std::nullopt;
            group = (group << 6) | static_cast<uint32_t>(sextet);
        }
        bytes.push_back(static_cast<unsigned char>(group >> 16));
        if (padding < 2) bytes.push_back(static_cast<unsigned char>(group >> 8));
        if (padding < 1) bytes.push_back(static_cast<unsigned char>(group));
    }
    if (bytes.size() % 4 != 0) return std::nullopt;
    std::vector<float> values;
    for (size_t i = 0; i < bytes.size(); i += 4) {
        uint32_t bits = uint32_t(bytes[i]) | uint32_t(bytes[i + 1]) << 8
                        | uint32_t(bytes[i + 2]) << 16 | uint32_t(bytes[i + 3]) << 24;
        values.push_back(std::bit_cast<float>(bits));
    }
    return values;
}

Result<bool> encode_vectors(Json& response, VectorEncoding encoding)
{
    bool changed = false;
    auto data = response.find("data");  // end() for a non-object
    if (data == response.end() || !data->is_array()) return changed;
    for (size_t i = 0; i < data->size(); ++i) {
        Json& item = (*data)[i];
        auto embedding = item.is_object() ? item.find("embedding") : item.end();
        if (embedding == item.end()) continue;
        std::vector<float> values;
        if (embedding->is_array()) {
            for (const Json& value : *embedding) {
                if (!value.is_number())
                    return fail(ErrorCode::upstream, "data[" + std::to_string(i)
                                                         + "].embedding: not a number array");
                values.push_back(value.get<float>());
            }
            if (encoding == VectorEncoding::float_array) continue;  // already the wanted form
        } else if (embedding->is_string()) {
            if (encoding == VectorEncoding::base64) continue;
            auto decoded = float32_of_base64(embedding->get_ref<const std::string&>());
            if (!decoded)
                return fail(ErrorCode::upstream, "data[" + std::to_string(i)
                                                     + "].embedding: not base64 float32 data");
            values = std::move(*decoded);
        } else {
            return fail(ErrorCode::upstream,
                        "data[" + std::to_string(i) + "].embedding: neither an array nor base64");
        }
        *embedding = encoding == VectorEncoding::base64 ? Json(base64_of_float32(values))
                                                        : Json(values);
        changed = true;
    }
    return changed;
}

} // namespace llmp::server
