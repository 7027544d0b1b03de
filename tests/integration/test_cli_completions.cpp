// Shell completions: the files in completions/ are exactly what `llmp completions SHELL`
// prints, and each script completes subcommands, options and enumerated values in a real
// shell (bash always; zsh and fish when installed, which README's test command does).
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <memory>

using namespace llmp::test;

namespace {

const std::string k_source_root = LLMP_SOURCE_DIR;

// The command's stdout (popen: the test controls the command text entirely).
std::string shell_output(const std::string& command)
{
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::string out;
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe.get())) out.append(buffer, n);
    return out;
}

bool installed(const std::string& program)
{
    return shell_output("command -v " + program + " >/dev/null 2>&1 && echo yes") == "yes\n";
}

// Bash's candidates for the words typed so far (the last one being completed), one line.
std::string bash_candidates(const std::string& script, const std::string& words, int cword)
{
    return shell_output("bash -c 'source " + script + "; COMP_WORDS=(" + words + "); COMP_CWORD="
                        + std::to_string(cword) + "; _llmp; echo \"${COMPREPLY[*]}\"'");
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("completions: the checked-in scripts are the generated ones")
    {
        TempDir home;
        for (const auto& [shell, file] : {std::pair{"bash", "llmp.bash"}, {"zsh", "_llmp"}, {"fish", "llmp.fish"}}) {
            CAPTURE(shell);
            auto generated = run_llmp({"completions", shell}, home.path());
            REQUIRE(generated.exit_code == 0);
            INFO("regenerate with: build/ci/llmp completions " << shell << " > completions/" << file);
            CHECK(generated.out == read_file(k_source_root + "/completions/" + file));
        }
        auto unknown = run_llmp({"completions", "tcsh"}, home.path());
        CHECK(unknown.exit_code == 2);
        CHECK(unknown.err.starts_with("llmp: error: "));
    }

    TEST_CASE("completions: bash completes commands, options and enumerated values")
    {
        std::string script = k_source_root + "/completions/llmp.bash";
        CHECK(bash_candidates(script, "llmp co", 1) == "cost config completions\n");
        CHECK(bash_candidates(script, "llmp config \"\"", 2) == "check show init\n");
        CHECK(bash_candidates(script, "llmp ask --m", 2) == "--model --max-tokens\n");
        CHECK(bash_candidates(script, "llmp completions \"\"", 2) == "bash zsh fish\n");
        CHECK(bash_candidates(script, "llmp cost --by \"\"", 3)
              == "day week month model provider key project source tag:\n");
        CHECK(bash_candidates(script, "llmp cost --format \"\"", 3) == "table json csv\n");
        CHECK(bash_candidates(script, "llmp ask -m \"\"", 3) == "\n");  // a model: free text
    }

    TEST_CASE("completions: zsh, with its completion functions stubbed to print")
    {
        if (!installed("zsh")) {
            MESSAGE("zsh is not installed: skipped");
            return;
        }
        TempDir dir;
        dir.write("run.zsh", "compadd() { [[ $1 == -- ]] && shift; print -l -- \"$@\" }\n"
                             "_describe() { local n; for n in ${(P)4}; do print -- ${n%%:*}; done }\n"
                             "_files() { print FILES }\ncompdef() { }\n"
                             "source " + k_source_root + "/completions/_llmp\n"
                             "words=(llmp co); CURRENT=2; _llmp | grep '^co' | tr '\\n' ' '; echo\n"
                             "words=(llmp cost --by ''); CURRENT=4; _llmp | tr '\\n' ' '; echo\n"
                             "words=(llmp ask -c ''); CURRENT=4; _llmp\n");
        CHECK(shell_output("zsh -f " + dir.file("run.zsh"))
              == "cost config completions \nday week month model provider key project source tag: \nFILES\n");
    }

    TEST_CASE("completions: fish")
    {
        if (!installed("fish")) {
            MESSAGE("fish is not installed: skipped");
            return;
        }
        std::string source = "source " + k_source_root + "/completions/llmp.fish; ";
        std::string commands = shell_output("fish -c '" + source + "complete -C \"llmp co\"'");
        CHECK(commands.find("cost\tReport spend") != std::string::npos);
        CHECK(commands.find("config\tCheck, show") != std::string::npos);
        CHECK(commands.find("completions\t") != std::string::npos);
        CHECK(commands.find("ask") == std::string::npos);
        std::string by = shell_output("fish -c '" + source + "complete -C \"llmp cost --by \"'");
        CHECK(by.find("week") != std::string::npos);
        CHECK(by.find("tag:") != std::string::npos);
    }
}
