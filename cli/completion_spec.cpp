#include "completion_spec.hpp"

#include <algorithm>

namespace llmp::cli {

namespace {

// "TEXT:{day,week,month}" (CLI11 appends each check's description to the type name; IsMember
// describes itself as its set in braces) -> day, week, month.
std::vector<std::string> choices_of(const std::string& type_name)
{
    size_t open = type_name.rfind('{');
    size_t close = type_name.rfind('}');
    std::vector<std::string> out;
    if (open == std::string::npos || close == std::string::npos || close < open) return out;
    std::string list = type_name.substr(open + 1, close - open - 1);
    size_t start = 0;
    while (start <= list.size()) {
        size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        if (comma > start) {
            std::string choice = list.substr(start, comma - start);
            // "tag:NAME": NAME is for the user to type; offer the fixed part.
            size_t colon = choice.find(':');
            if (colon != std::string::npos
                && std::all_of(choice.begin() + static_cast<long>(colon) + 1, choice.end(),
                               [](char c) { return c >= 'A' && c <= 'Z'; }))
                choice.erase(colon + 1);
            out.push_back(std::move(choice));
        }
        start = comma + 1;
    }
    return out;
}

// Paths: the config and ledger flags everywhere, and anything typed FILE or PATH.
bool is_path(const CLI::Option& option)
{
    for (const auto& name : option.get_lnames())
        if (name == "config" || name == "ledger") return true;
    const std::string type = option.get_type_name();
    return type.find("FILE") != std::string::npos || type.find("PATH") != std::string::npos;
}

CommandSpec describe_at(const CLI::App& app, const std::string& path)
{
    CommandSpec spec;
    spec.path = path;
    spec.help = app.get_description();
    for (const CLI::Option* option : app.get_options()) {
        if (!option->nonpositional()) {
            // A positional argument is free text unless it is enumerated (completions SHELL).
            auto choices = choices_of(option->get_type_name());
            spec.argument_choices.insert(spec.argument_choices.end(), choices.begin(), choices.end());
            continue;
        }
        OptionSpec o;
        for (const auto& s : option->get_snames()) o.names.push_back("-" + s);
        for (const auto& l : option->get_lnames()) o.names.push_back("--" + l);
        o.help = option->get_description();
        o.takes_value = option->get_items_expected_max() > 0;  // flags expect 0 values
        o.file = o.takes_value && is_path(*option);
        if (o.takes_value) o.choices = choices_of(option->get_type_name());
        spec.options.push_back(std::move(o));
    }
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        std::string sub_path = path.empty() ? sub->get_name() : path + " " + sub->get_name();
        spec.commands.push_back(describe_at(*sub, sub_path));
    }
    return spec;
}

void collect(const CommandSpec& command, std::vector<const CommandSpec*>& out)
{
    out.push_back(&command);
    for (const auto& sub : command.commands) collect(sub, out);
}

} // namespace

CommandSpec describe(const CLI::App& app) { return describe_at(app, ""); }

std::vector<const CommandSpec*> flatten(const CommandSpec& root)
{
    std::vector<const CommandSpec*> out;
    collect(root, out);
    return out;
}

std::string leaf_name(const CommandSpec& command)
{
    size_t space = command.path.rfind(' ');
    return space == std::string::npos ? command.path : command.path.substr(space + 1);
}

} // namespace llmp::cli
