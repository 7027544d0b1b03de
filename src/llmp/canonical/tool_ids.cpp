#include "llmp/canonical/tool_ids.hpp"

#include "llmp/core/ids.hpp"

namespace llmp::canonical {

namespace {

constexpr std::string_view k_marker = "__sig_";
constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(std::string_view bytes)
{
    std::string out;
    size_t i = 0;
    while (i + 2 < bytes.size()) {
        uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
        for (int shift : {18, 12, 6, 0}) out += k_alphabet[(n >> shift) & 63];
        i += 3;
    }
    size_t rest = bytes.size() - i;
    if (rest == 1) {
        uint32_t n = uint8_t(bytes[i]) << 16;
        out += k_alphabet[(n >> 18) & 63];
        out += k_alphabet[(n >> 12) & 63];
    } else if (rest == 2) {
        uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
        for (int shift : {18, 12, 6}) out += k_alphabet[(n >> shift) & 63];
    }
    return out;
}

int value_of(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

// Empty optional-like: returns false when `text` is not base64url.
bool from_base64url(std::string_view text, std::string& out)
{
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v = value_of(c);
        if (v < 0) return false;
        buffer = (buffer << 6) | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((buffer >> bits) & 0xFF);
        }
    }
    return true;
}

// True when `bytes` is well-formed UTF-8: no stray continuation byte, truncated sequence,
// overlong form, surrogate or code point past U+10FFFF.
bool is_utf8(std::string_view bytes)
{
    static constexpr uint32_t k_smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    size_t i = 0;
    while (i < bytes.size()) {
        uint8_t lead = uint8_t(bytes[i]);
        size_t length = lead < 0x80 ? 1
            : (lead >> 5) == 0x6    ? 2
            : (lead >> 4) == 0xE    ? 3
            : (lead >> 3) == 0x1E   ? 4
                                    : 0;
        if (length == 0 || length > bytes.size() - i) return false;
        uint32_t code = length == 1 ? lead : lead & (0x7F >> length);
        for (size_t k = 1; k < length; ++k) {
            uint8_t next = uint8_t(bytes[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            code = (code << 6) | (next & 0x3F);
        }
        if (code < k_smallest[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF)
            return false;
        i += length;
    }
    return true;
}

} // namespace

std::string pack_tool_id(std::string_view id, std::string_view signature)
{
    if (signature.empty()) return std::string(id);
    return std::string(id) + std::string(k_marker) + base64url(signature);
}

ToolId unpack_tool_id(std::string_view packed)
{
    size_t at = packed.rfind(k_marker);
    if (at == std::string_view::npos) return {std::string(packed), {}};
    std::string signature;
    // A signature we packed was a JSON string, so it unpacks to UTF-8; other bytes (a client's
    // own id that happens to contain the marker) would make the upstream body unwritable JSON.
    if (!from_base64url(packed.substr(at + k_marker.size()), signature) || !is_utf8(signature))
        return {std::string(packed), {}};
    return {std::string(packed.substr(0, at)), signature};
}

std::string new_tool_call_id() { return ids::random_id("call_", 24); }

void unpack_tool_ids(Request& request)
{
    for (auto& message : request.messages) {
        for (auto& part : message.parts) {
            if (part.kind != Part::Kind::tool_call && part.kind != Part::Kind::tool_result) continue;
            ToolId unpacked = unpack_tool_id(part.id);
            part.id = std::move(unpacked.id);
            if (part.kind == Part::Kind::tool_call && !unpacked.signature.empty())
                part.signature = std::move(unpacked.signature);
        }
    }
}

void pack_tool_ids(Response& response)
{
    for (auto& part : response.content) {
        if (part.kind != Part::Kind::tool_call || part.signature.empty()) continue;
        part.id = pack_tool_id(part.id, part.signature);
        part.signature.clear();
    }
}

} // namespace llmp::canonical
