// Parsing for JSON text a proxy forwards as it came, which must mean the same to every parser on
// the way. Separate from json.hpp, which nearly every file includes.
#pragma once

#include "llmp/canonical/json.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace llmp::json {

// The outcome of parse_unique_keys(): `value` is discarded when the text is not exactly one
// JSON value, and then `duplicate_key` names the key when that is why.
struct UniqueKeysParse {
    Json value;
    std::optional<std::string> duplicate_key;
};

// Json::parse without exceptions that also refuses an object holding one key twice, at any
// depth (nlohmann keeps the last, other parsers the first or neither), and text with a NUL byte
// (nlohmann stops reading at one, so the bytes after it would be read by nobody but the
// provider). No slower than Json::parse: the duplicate test is the lookup the insertion makes
// anyway. Call too_deep() (or the server's depth check) first on text from outside.
UniqueKeysParse parse_unique_keys(std::string_view text);

} // namespace llmp::json
