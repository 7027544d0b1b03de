#include "support/process.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace llmp::test {

TempDir::TempDir()
{
    char pattern[] = "/tmp/llmp-test-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
}

TempDir::~TempDir()
{
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

void TempDir::write(const std::string& name, const std::string& text) const
{
    std::ofstream(file(name)) << text;
}

int free_port()
{
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

std::string read_file(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

namespace {

std::vector<std::string> environment_for(const std::string& home,
                                         const std::vector<std::string>& extra)
{
    std::vector<std::string> env = {"HOME=" + home, "XDG_CONFIG_HOME=" + home + "/.config",
                                    "XDG_DATA_HOME=" + home + "/.local/share", "PATH=/usr/bin:/bin",
                                    "LANG=C"};
    // A sanitizer build of llmp reports through these (see README "Development").
    for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS"})
        if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
    for (const auto& e : extra) env.push_back(e);
    return env;
}

// stdin from `in_path`; stdout to `out_fd` when it is set, else to `out_path`.
pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
            const std::string& out_path, const std::string& err_path,
            const std::string& in_path = "/dev/null", int out_fd = -1)
{
    pid_t pid = fork();
    if (pid != 0) return pid;
    int out = out_fd >= 0 ? out_fd : ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = ::open(in_path.c_str(), O_RDONLY);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    std::vector<char*> argv;
    // LLMP_TEST_BINARY runs the suite against another build, e.g. build/tsan/llmp.
    const char* other = std::getenv("LLMP_TEST_BINARY");
    std::string binary = other && *other ? other : LLMP_BINARY;
    argv.push_back(binary.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
}

int wait_exit(pid_t pid, int timeout_ms)
{
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    int status = 0;
    while (true) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (std::chrono::steady_clock::now() > deadline) return -2;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polling a child's exit
    }
}

} // namespace

RunResult run_llmp(const std::vector<std::string>& args, const std::string& home,
                   const std::vector<std::string>& extra_env)
{
    std::string out_path = home + "/run.out";
    std::string err_path = home + "/run.err";
    pid_t pid = spawn(args, environment_for(home, extra_env), out_path, err_path);
    RunResult result;
    result.exit_code = wait_exit(pid, 30'000);
    if (result.exit_code == -2) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    return result;
}

RunResult run_llmp_input(const std::vector<std::string>& args, const std::string& home,
                         const std::string& input, const std::vector<std::string>& extra_env)
{
    std::string in_path = home + "/run.in";
    std::ofstream(in_path) << input;
    pid_t pid = spawn(args, environment_for(home, extra_env), home + "/run.out", home + "/run.err", in_path);
    RunResult result;
    result.exit_code = wait_exit(pid, 30'000);
    if (result.exit_code == -2) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }
    result.out = read_file(home + "/run.out");
    result.err = read_file(home + "/run.err");
    return result;
}

PipedRun::PipedRun(const std::vector<std::string>& args, const std::string& home,
                   const std::vector<std::string>& extra_env)
    : m_home(home)
{
    int fds[2];
    // Close-on-exec: the child keeps only its dup2-ed stdout, so closing our end is an EPIPE there.
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    m_pid = spawn(args, environment_for(home, extra_env), "", home + "/piped.err", "/dev/null", fds[1]);
    ::close(fds[1]);
    m_out = fds[0];
}

PipedRun::~PipedRun()
{
    if (m_exit == -1) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
    }
    if (m_out >= 0) ::close(m_out);
}

bool PipedRun::read_some(std::chrono::steady_clock::time_point deadline)
{
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (m_eof || left.count() <= 0) return false;
    pollfd p{m_out, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buffer[4096];
    ssize_t n = ::read(m_out, buffer, sizeof buffer);
    if (n <= 0) {
        m_eof = true;
        return false;
    }
    m_read.append(buffer, static_cast<size_t>(n));
    return true;
}

bool PipedRun::read_until(std::string_view text, int timeout_ms)
{
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (m_read.find(text) == std::string::npos)
        if (!read_some(deadline)) return m_read.find(text) != std::string::npos;
    return true;
}

void PipedRun::signal(int sig) { kill(m_pid, sig); }

void PipedRun::close_output()
{
    ::close(m_out);
    m_out = -1;
    m_eof = true;
}

RunResult PipedRun::finish(int timeout_ms)
{
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (read_some(deadline)) {
    }
    RunResult result;
    result.exit_code = wait_exit(m_pid, timeout_ms);
    if (result.exit_code == -2) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
    }
    m_exit = result.exit_code;
    result.out = m_read;
    result.err = read_file(m_home + "/piped.err");
    return result;
}

Server::Server(const std::string& config_text, const std::vector<std::string>& extra_env)
{
    m_port = free_port();
    std::vector<std::string> args = {"serve", "--port", std::to_string(m_port)};
    if (!config_text.empty()) {
        std::string text = config_text;
        const std::string placeholder = "{ledger}";
        for (size_t at; (at = text.find(placeholder)) != std::string::npos;)
            text.replace(at, placeholder.size(), ledger_path());
        m_dir.write("config.toml", text);
        args.push_back("--config");
        args.push_back(m_dir.file("config.toml"));
    }
    m_pid = spawn(args, environment_for(m_dir.path(), extra_env), m_dir.file("stdout.log"),
                  m_dir.file("stderr.log"));

    httplib::Client client("127.0.0.1", m_port);
    client.set_connection_timeout(std::chrono::milliseconds(200));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (true) {
        if (!alive()) FAIL("llmp exited before it was ready: " << log());
        if (auto res = client.Get("/healthz"); res && res->status == 200) return;
        if (std::chrono::steady_clock::now() > deadline) FAIL("llmp never became ready: " << log());
        std::this_thread::sleep_for(std::chrono::milliseconds(10));  // readiness poll
    }
}

Server::~Server()
{
    if (m_pid > 0 && m_exit == -1) stop();
}

bool Server::alive()
{
    if (m_exit != -1) return false;
    int status = 0;
    pid_t done = waitpid(m_pid, &status, WNOHANG);
    if (done == m_pid) {
        m_exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return false;
    }
    return true;
}

void Server::signal(int sig) { kill(m_pid, sig); }

int Server::stop(int timeout_ms)
{
    if (m_exit != -1) return m_exit;
    kill(m_pid, SIGTERM);
    int code = wait_exit(m_pid, timeout_ms);
    if (code == -2) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
        code = -1;
    }
    m_exit = code;
    return code;
}

} // namespace llmp::test
