// Readers for a Responses body's fields, shared by the codec files: a refusal names the field
// (`input[2].content[0].type: ...`) so the client learns what to change.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/core/result.hpp"

#include <string>

namespace llmp::dialects::responses
{

inline std::unexpected<Error> bad(const std::string& path, const std::string& what)
{
    return fail(ErrorCode::invalid_input, path + ": " + what);
}

inline std::string at(const std::string& path, size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

inline std::string in_quotes(const std::string& text) { return "\"" + text + "\""; }

// An optional field: nullptr when absent or null (clients send explicit nulls for "default").
inline const Json* optional_field(const Json& object, const char* key)
{
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    return &*it;
}

inline Result<std::string> string_field(const Json& object, const char* key,
                                        const std::string& path)
{
    const Json* value = optional_field(object, key);
    if (!value || !value->is_string()) return bad(path, "expected a string");
    return value->get<std::string>();
}

}  // namespace llmp::dialects::responses
