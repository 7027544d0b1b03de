#include "llmp/canonical/json.hpp"

namespace llmp::json {

// Malformed text may be judged either way; the parser has the last word on it.
bool too_deep(std::string_view text)
{
    size_t level = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;  // the escaped character cannot end the string
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++level > k_max_depth) return true;
        } else if ((c == ']' || c == '}') && level > 0) {
            --level;
        }
    }
    return false;
}

Json parse(std::string_view text)
{
    if (too_deep(text)) return Json(Json::value_t::discarded);
    return Json::parse(text, nullptr, false);
}

} // namespace llmp::json
