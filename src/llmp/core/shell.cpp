#include "llmp/core/shell.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace llmp::shell {

namespace {

using Clock = std::chrono::steady_clock;

// How often the command's own exit is looked at while its stdout stays open (a background
// child may hold it); the pipe itself wakes us as soon as there is output or an end.
constexpr int k_exit_check_ms = 20;

int ms_until(Clock::time_point deadline)
{
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left < 0 ? 0 : static_cast<int>(left);
}

// Reads what is in the pipe now. False at the end of output (or an error).
bool read_available(int fd, std::string& output, bool& overflow)
{
    char buffer[4096];
    while (true) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            size_t room = k_max_output - std::min(output.size(), k_max_output);
            if (static_cast<size_t>(n) > room) overflow = true;
            output.append(buffer, std::min(static_cast<size_t>(n), room));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
        return false;
    }
}

Finished ended_by(int status)
{
    Finished finished;
    if (WIFSIGNALED(status)) {
        finished.ended = Ended::signalled;
        finished.code = WTERMSIG(status);
    } else {
        finished.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    return finished;
}

Result<pid_t> start(const std::string& command, int out_fd)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);

    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // Its own group, so that a timeout can end the command and everything it started. Signals
    // blocked or ignored by the caller (a server's shutdown signals, SIGPIPE) are not the
    // command's business.
    posix_spawnattr_setflags(&attributes,
                             POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attributes, 0);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int signal : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD}) sigaddset(&defaults, signal);
    posix_spawnattr_setsigdefault(&attributes, &defaults);

    std::string shell_command = command;
    char sh[] = "sh";
    char dash_c[] = "-c";
    char* argv[] = {sh, dash_c, shell_command.data(), nullptr};
    pid_t pid = -1;
    int started = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (started != 0) return fail(ErrorCode::io, std::strerror(started));
    return pid;
}

} // namespace

Result<Finished> run(const std::string& command, int timeout_ms)
{
    int fds[2];
    if (::pipe(fds) != 0) return fail(ErrorCode::io, std::string("cannot create a pipe: ") + std::strerror(errno));
    // Only the child's dup2-ed stdout may hold the write end, never another command started
    // meanwhile by another thread.
    for (int fd : fds) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    auto started = start(command, fds[1]);
    ::close(fds[1]);
    if (!started) {
        ::close(fds[0]);
        return std::unexpected(started.error());
    }
    pid_t pid = *started;

    auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    std::string output;
    bool overflow = false;
    bool open = true;
    int status = 0;
    bool exited = false;
    while (!exited && !overflow) {
        int left = ms_until(deadline);
        if (left == 0) break;
        if (open) {
            pollfd p{fds[0], POLLIN, 0};
            int ready = ::poll(&p, 1, std::min(left, k_exit_check_ms));
            if (ready > 0) open = read_available(fds[0], output, overflow);
        } else {
            // Output closed, the command still running: wait for its exit, a little at a time.
            ::poll(nullptr, 0, std::min(left, k_exit_check_ms));
        }
        pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) exited = true;
    }
    if (exited && open) read_available(fds[0], output, overflow);  // what it wrote before exiting
    ::close(fds[0]);

    if (!exited) {
        ::killpg(pid, SIGKILL);
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        Finished finished;
        finished.ended = overflow ? Ended::too_much_output : Ended::timed_out;
        return finished;
    }
    Finished finished = ended_by(status);
    if (overflow) finished.ended = Ended::too_much_output;
    finished.output = std::move(output);
    return finished;
}

} // namespace llmp::shell
