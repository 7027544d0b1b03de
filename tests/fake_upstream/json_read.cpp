#include "fake_upstream/json_read.hpp"

namespace llmp::test::fake_upstream {

std::optional<Json> parse_object(const std::string& body)
{
    Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object()) return std::nullopt;
    return parsed;
}

const Json* member(const Json& object, std::string_view key)
{
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::string string_member(const Json& object, std::string_view key, std::string_view fallback)
{
    const Json* value = member(object, key);
    if (value == nullptr || !value->is_string()) return std::string(fallback);
    return value->get<std::string>();
}

const Json* array_member(const Json& object, std::string_view key)
{
    const Json* value = member(object, key);
    return value != nullptr && value->is_array() ? value : nullptr;
}

bool is_true(const Json& object, std::string_view key)
{
    const Json* value = member(object, key);
    return value != nullptr && value->is_boolean() && value->get<bool>();
}

std::string text_of(const Json& content)
{
    if (content.is_string()) return content.get<std::string>();
    if (!content.is_array()) return "";
    std::string text;
    for (const Json& part : content) {
        if (is_true(part, "thought")) continue;
        text += string_member(part, "text");
    }
    return text;
}

} // namespace llmp::test::fake_upstream
