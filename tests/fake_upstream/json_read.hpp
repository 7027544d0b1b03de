// Lenient reading of request JSON for the fake upstream. Requests come from the proxy under
// test, so a field of the wrong type must not throw: it reads as absent, and the fake answers
// as a real provider would to a request without it.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llmp::test::fake_upstream {

// Ordered so that replies keep the key order of the providers' own examples.
using Json = nlohmann::ordered_json;

// The body as a JSON object, or nothing when it is not one.
std::optional<Json> parse_object(const std::string& body);

// The member `key` of `object` when `object` is an object that has it, else nullptr.
const Json* member(const Json& object, std::string_view key);

// The string member `key`, or `fallback` when absent or not a string.
std::string string_member(const Json& object, std::string_view key, std::string_view fallback = "");

// The array member `key`, or nullptr when absent or not an array.
const Json* array_member(const Json& object, std::string_view key);

// True when the member `key` is the JSON value `true`.
bool is_true(const Json& object, std::string_view key);

// The text of a content value: a string, or an array of parts/blocks whose "text" strings are
// joined (parts flagged "thought":true are skipped). Anything else reads as "".
std::string text_of(const Json& content);

} // namespace llmp::test::fake_upstream
