// Running one shell command and collecting what it prints, with a deadline. Used for `cmd:`
// secret references, which may call a keychain or a password manager that can hang.
//
// The command runs as `/bin/sh -c COMMAND` in its own process group, with stdin from /dev/null
// (it must not eat the input of the program that runs it) and stderr shared with ours (so its
// own error messages reach the user). Past the deadline the whole group is killed. Once the
// command itself has exited, what it printed is taken as it stands: a background child that
// still holds stdout open does not make us wait.
#pragma once

#include "llmp/core/result.hpp"

#include <string>

namespace llmp::shell {

enum class Ended { exited, signalled, timed_out, too_much_output };

struct Finished {
    Ended ended = Ended::exited;
    int code = 0;        // the exit status, or the signal number
    std::string output;  // stdout (at most k_max_output bytes)
};

inline constexpr size_t k_max_output = 64 * 1024;

// An error only when the command could not be started at all.
Result<Finished> run(const std::string& command, int timeout_ms);

} // namespace llmp::shell
