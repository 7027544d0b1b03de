// The JSON type llmp passes around. Insertion-ordered, so a body that goes through the proxy
// keeps its key order and unknown fields.
#pragma once

#include <nlohmann/json.hpp>

namespace llmp {

using Json = nlohmann::ordered_json;

} // namespace llmp

namespace llmp::json {

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
