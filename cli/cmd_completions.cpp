// llmp completions bash|zsh|fish: prints the completion script for that shell, generated from
// the command definitions in this binary (completions/ holds the same output, checked by a test).
#include "command.hpp"
#include "completion_spec.hpp"

#include <iostream>

namespace llmp::cli {

std::function<int()> setup_completions(CLI::App& sub)
{
    auto shell = std::make_shared<std::string>();
    sub.add_option("shell", *shell, "The shell to print the script for")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    return [shell, &sub] {
        CommandSpec root = describe(*sub.get_parent());
        if (*shell == "bash") std::cout << bash_script(root);
        else if (*shell == "zsh") std::cout << zsh_script(root);
        else std::cout << fish_script(root);
        return static_cast<int>(k_exit_ok);
    };
}

} // namespace llmp::cli
