// The JSON type llmp passes around. Insertion-ordered, so a body that goes through the proxy
// keeps its key order and unknown fields.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace llmp {

using Json = nlohmann::ordered_json;

} // namespace llmp

namespace llmp::json {

// Deeper than this, JSON text from outside is refused. nlohmann recurses once per level to
// copy, compare or dump a value, and even to parse one (a deep value is copied when the object
// holding it grows), so a few hundred kilobytes of "[[[[..." overflow the stack. The server
// holds request bodies to the same depth (server/limits.hpp).
inline constexpr size_t k_max_depth = 512;

// True when JSON text nests arrays and objects deeper than k_max_depth (brackets inside strings
// do not count). Cheap: one pass over the text, to be made before parsing it.
bool too_deep(std::string_view text);

// Json::parse without exceptions that also refuses too_deep() text: both give a discarded
// value. The dialects parse every text they are handed (stream events, tool-call arguments,
// error bodies) through here.
Json parse(std::string_view text);

// Lenient readers for client-supplied JSON: a missing key or a value of the wrong type reads as
// the empty default instead of throwing.
inline bool is_true(const Json& object, const char* key)
{
    if (!object.is_object()) return false;
    auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

inline std::string string_at(const Json& object, const char* key)
{
    if (!object.is_object()) return {};
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace llmp::json
