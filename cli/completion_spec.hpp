// Shell completions are generated from the CLI definition itself (the CLI11 App every command
// registers its flags on), so they cannot drift from the flags that exist. This is the part
// of that definition the scripts need.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace llmp::cli {

struct OptionSpec {
    std::vector<std::string> names;     // "-m", "--model"
    std::string help;
    bool takes_value = false;
    bool file = false;                  // the value is a path: complete file names
    std::vector<std::string> choices;   // enumerated values (from a CLI::IsMember check)
};

struct CommandSpec {
    std::string path;                   // "" for llmp itself, "cost", "config check"
    std::string help;
    std::vector<OptionSpec> options;
    std::vector<std::string> argument_choices;  // enumerated values of its positional argument
    std::vector<CommandSpec> commands;  // its subcommands
};

CommandSpec describe(const CLI::App& app);

// Every command in `root`, depth first, root included.
std::vector<const CommandSpec*> flatten(const CommandSpec& root);

// The last word of a command's path ("check" for "config check").
std::string leaf_name(const CommandSpec& command);

std::string bash_script(const CommandSpec& root);
std::string zsh_script(const CommandSpec& root);
std::string fish_script(const CommandSpec& root);

} // namespace llmp::cli
