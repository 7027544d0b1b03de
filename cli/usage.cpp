#include "usage.hpp"

#include <charconv>
#include <cstdlib>
#include <sstream>

namespace llmp::cli {

namespace {

template <typename T>
std::string text_of(T value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

// CLI11 prefixes a check's message with the option's name ("--temperature: must be ..."); our
// checks write the rest of a sentence about that option, so the two read as one.
std::string joined_with_name(const std::string& what)
{
    size_t colon = what.find(": must be ");
    if (colon == std::string::npos || what.substr(0, colon).find(' ') != std::string::npos) return what;
    return what.substr(0, colon) + what.substr(colon + 1);
}

// The command being parsed when the error came: "llmp", "llmp ask", "llmp config check".
const CLI::App& deepest(const CLI::App& app, std::string& path)
{
    path = "llmp";
    const CLI::App* at = &app;
    while (true) {
        auto parsed = at->get_subcommands();
        if (parsed.empty()) return *at;
        at = parsed.front();
        path += " " + at->get_name();
    }
}

std::string command_names(const CLI::App& app)
{
    std::string names;
    auto subs = app.get_subcommands([](const CLI::App*) { return true; });
    for (size_t i = 0; i < subs.size(); ++i)
        names += (i == 0 ? "" : i + 1 == subs.size() ? " or " : ", ") + subs[i]->get_name();
    return names;
}

} // namespace

CLI::Validator between(int64_t min, int64_t max)
{
    std::string range = text_of(min) + " and " + text_of(max);
    return CLI::Validator(
        [min, max, range](std::string& input) -> std::string {
            int64_t value = 0;
            auto [end, error] = std::from_chars(input.data(), input.data() + input.size(), value);
            if (error != std::errc() || end != input.data() + input.size())
                return "must be a whole number between " + range + ", got \"" + input + "\"";
            if (value < min || value > max) return "must be between " + range + ", got " + input;
            return {};
        },
        "INT in [" + text_of(min) + " - " + text_of(max) + "]");
}

CLI::Validator between_numbers(double min, double max)
{
    std::string range = text_of(min) + " and " + text_of(max);
    return CLI::Validator(
        [min, max, range](std::string& input) -> std::string {
            char* end = nullptr;
            double value = input.empty() ? 0 : std::strtod(input.c_str(), &end);
            if (input.empty() || end != input.c_str() + input.size())
                return "must be a number between " + range + ", got \"" + input + "\"";
            if (!(value >= min && value <= max)) return "must be between " + range + ", got " + input;
            return {};
        },
        "FLOAT in [" + text_of(min) + " - " + text_of(max) + "]");
}

std::string usage_message(const CLI::App& app, const CLI::ParseError& error)
{
    std::string path;
    const CLI::App& command = deepest(app, path);
    std::string what = error.what();
    if (dynamic_cast<const CLI::ValidationError*>(&error)) what = joined_with_name(what);
    if (what == "A subcommand is required") what = path + " needs a command: " + command_names(command);
    if (what.empty()) what = "invalid command line";
    return what + " (see " + path + " --help)";
}

} // namespace llmp::cli
