#include "llmp/server/usage_estimate.hpp"

#include <algorithm>

namespace llmp::server {

namespace {

int64_t chars_in(const Json& value)
{
    if (value.is_string()) return static_cast<int64_t>(value.get_ref<const std::string&>().size());
    int64_t chars = 0;
    if (value.is_structured())
        for (const auto& inner : value) chars += chars_in(inner);
    return chars;
}

int64_t tokens_of(int64_t chars) { return (chars + 3) / 4; }

} // namespace

int64_t estimate_request_tokens(const Json& upstream_body)
{
    int64_t chars = 0;
    if (upstream_body.is_object()) {
        for (const auto& [key, value] : upstream_body.items())
            if (key != "model") chars += chars_in(value);
    }
    return tokens_of(chars);
}

int64_t estimate_output_tokens(int64_t content_chars, int64_t content_deltas)
{
    return std::max(tokens_of(content_chars), content_deltas);
}

} // namespace llmp::server
