#include "llmp/router/model_name.hpp"

#include <string>

namespace llmp::router {

namespace {

constexpr size_t k_shown_bytes = 64;

// The name as an error message quotes it: cut at a character boundary when long, so a 100 KB
// "model" does not come back whole.
std::string shown(std::string_view model)
{
    if (model.size() <= k_shown_bytes) return std::string(model);
    size_t cut = k_shown_bytes;
    while (cut > 0 && (static_cast<unsigned char>(model[cut]) & 0xC0) == 0x80) --cut;
    return std::string(model.substr(0, cut)) + "...";
}

// Why the name is refused, or "" when it is fine.
std::string problem(std::string_view model)
{
    if (model.size() > k_max_model_bytes)
        return "it is " + std::to_string(model.size()) + " bytes long, more than "
            + std::to_string(k_max_model_bytes);
    for (char c : model) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) return "it contains a control character";
        if (c == '?' || c == '#') return std::string("it contains '") + c + "'";
    }
    for (size_t begin = 0; begin <= model.size();) {
        size_t end = model.find('/', begin);
        if (end == std::string_view::npos) end = model.size();
        std::string_view segment = model.substr(begin, end - begin);
        if (segment == "." || segment == "..")
            return "it has a \"" + std::string(segment) + "\" path segment";
        begin = end + 1;
    }
    return {};
}

} // namespace

Result<void> check_model_name(std::string_view model)
{
    std::string why = problem(model);
    if (why.empty()) return {};
    return fail(ErrorCode::invalid_input,
                "model \"" + shown(model) + "\" is not a valid model name: " + why);
}

} // namespace llmp::router
