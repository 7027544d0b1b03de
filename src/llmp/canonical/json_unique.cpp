#include "llmp/canonical/json_unique.hpp"

#include <utility>
#include <vector>

namespace llmp::json {

namespace {

// A SAX consumer that builds the same value nlohmann's own DOM parser would, but stops at the
// first key an object already holds. Containers being filled are kept as pointers: a parent's
// storage does not grow while one of its children is open, so they stay valid.
class UniqueKeysBuilder {
public:
    using number_integer_t = Json::number_integer_t;
    using number_unsigned_t = Json::number_unsigned_t;
    using number_float_t = Json::number_float_t;
    using string_t = Json::string_t;
    using binary_t = Json::binary_t;

    explicit UniqueKeysBuilder(Json& root) : m_root(root) {}

    bool null()
    {
        place(nullptr);
        return true;
    }
    bool boolean(bool value)
    {
        place(value);
        return true;
    }
    bool number_integer(number_integer_t value)
    {
        place(value);
        return true;
    }
    bool number_unsigned(number_unsigned_t value)
    {
        place(value);
        return true;
    }
    bool number_float(number_float_t value, const string_t&)
    {
        place(value);
        return true;
    }
    bool string(string_t& value)
    {
        place(std::move(value));
        return true;
    }
    bool binary(binary_t& value)
    {
        place(Json::binary(std::move(value)));
        return true;
    }

    bool start_object(size_t)
    {
        m_open.push_back(place(Json::object()));
        return true;
    }
    bool start_array(size_t)
    {
        m_open.push_back(place(Json::array()));
        return true;
    }
    bool end_object()
    {
        m_open.pop_back();
        return true;
    }
    bool end_array()
    {
        m_open.pop_back();
        return true;
    }

    bool key(string_t& name)
    {
        auto& members = *m_open.back()->get_ptr<Json::object_t*>();
        auto [member, inserted] = members.emplace(std::move(name), nullptr);  // moved only if inserted
        if (!inserted) {
            m_duplicate = member->first;
            return false;
        }
        m_slot = &member->second;
        return true;
    }

    bool parse_error(size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

    std::optional<std::string> take_duplicate() { return std::move(m_duplicate); }

private:
    // Puts a value where the parser is: the root, the member whose key came last, or the end
    // of the open array.
    template <class Value>
    Json* place(Value&& value)
    {
        if (m_open.empty()) {
            m_root = Json(std::forward<Value>(value));
            return &m_root;
        }
        if (m_slot == nullptr)
            return &m_open.back()->get_ptr<Json::array_t*>()->emplace_back(std::forward<Value>(value));
        Json* slot = std::exchange(m_slot, nullptr);
        *slot = Json(std::forward<Value>(value));
        return slot;
    }

    Json& m_root;
    std::vector<Json*> m_open;
    Json* m_slot = nullptr;  // set by key(), taken by the member's value
    std::optional<std::string> m_duplicate;
};

} // namespace

UniqueKeysParse parse_unique_keys(std::string_view text)
{
    UniqueKeysParse parsed;
    if (text.find('\0') != std::string_view::npos) {
        parsed.value = Json(Json::value_t::discarded);
        return parsed;
    }
    UniqueKeysBuilder builder(parsed.value);
    if (!Json::sax_parse(text, &builder)) {
        parsed.value = Json(Json::value_t::discarded);
        parsed.duplicate_key = builder.take_duplicate();
    }
    return parsed;
}

} // namespace llmp::json
