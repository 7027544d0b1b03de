// Rewrites a few top-level members of a JSON object's text and leaves every other byte as the
// client sent it. Same-dialect passthrough changes only `model` (and the stream options), so
// re-serialising a whole body, which can be megabytes of context, is wasted work.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmp::json_splice {

// A member to set: its key and its new value as JSON text. A member the object lacks is added
// at its end.
using Member = std::pair<std::string, std::string>;

// `object` must be text that a JSON parser already accepted as an object. Returns nullopt when
// the text is one the splice does not handle exactly like a parser would (a key written with
// escapes, a key present twice, anything but whitespace after the object); the caller then
// serialises its parsed copy instead.
std::optional<std::string> set_members(std::string_view object, const std::vector<Member>& members);

} // namespace llmp::json_splice
