// Runs the real `llmp` binary for integration tests: a private HOME and config in a temp dir,
// a free port, stderr captured to a file, readiness awaited on /healthz while checking that the
// child is still alive, and always stopped (SIGTERM, then SIGKILL).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace llmp::test {

// A fresh directory under /tmp, removed with everything in it when this object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return m_path; }
    std::string file(const std::string& name) const { return m_path + "/" + name; }
    void write(const std::string& name, const std::string& text) const;

    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

private:
    std::string m_path;
};

int free_port();

std::string read_file(const std::string& path);

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs llmp to completion with `args`, HOME and XDG dirs inside `home`.
RunResult run_llmp(const std::vector<std::string>& args, const std::string& home,
                   const std::vector<std::string>& extra_env = {});

// The same with `input` on stdin (a file, so stdin is not a terminal).
RunResult run_llmp_input(const std::vector<std::string>& args, const std::string& home,
                         const std::string& input, const std::vector<std::string>& extra_env = {});

// llmp with stdout on a pipe the test reads as output arrives (streaming order, Ctrl-C).
class PipedRun {
public:
    PipedRun(const std::vector<std::string>& args, const std::string& home,
             const std::vector<std::string>& extra_env = {});
    ~PipedRun();
    // Reads stdout until `text` has appeared; false after `timeout_ms` or at the end of output.
    bool read_until(std::string_view text, int timeout_ms);
    const std::string& read_so_far() const { return m_read; }
    void signal(int sig);
    void close_output();  // the reader goes away, as `| head -1` does
    // Reads the rest and waits for the exit.
    RunResult finish(int timeout_ms = 30'000);

    PipedRun(const PipedRun&) = delete;
    PipedRun& operator=(const PipedRun&) = delete;

private:
    bool read_some(std::chrono::steady_clock::time_point deadline);  // false at the end or deadline

    std::string m_home;
    bool m_eof = false;
    pid_t m_pid = -1;
    int m_out = -1;
    int m_exit = -1;
    std::string m_read;
};

class Server {
public:
    // Starts `llmp serve --port P` with `config_text` (empty = no config file: embedded
    // default). "{ledger}" in the text is replaced by a ledger path in the temp dir.
    explicit Server(const std::string& config_text,
                    const std::vector<std::string>& extra_env = {});
    ~Server();

    int port() const { return m_port; }
    std::string base() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    std::string ledger_path() const { return m_dir.file("ledger.sqlite"); }
    const TempDir& dir() const { return m_dir; }
    std::string log() const { return read_file(m_dir.file("stderr.log")); }
    bool alive();
    pid_t pid() const { return m_pid; }

    // SIGTERM and wait; SIGKILL after `timeout_ms`. Returns the exit status (or -1).
    int stop(int timeout_ms = 15'000);
    void signal(int sig);

private:
    TempDir m_dir;
    int m_port = 0;
    pid_t m_pid = -1;
    int m_exit = -1;
};

} // namespace llmp::test
