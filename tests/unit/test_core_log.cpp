#include "llmp/core/log.hpp"
#include "llmp/core/redact.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace llmp;

namespace {

// What log::write prints to stderr while `action` runs.
template <class Action>
std::string captured_stderr(Action action)
{
    std::string path = "/tmp/llmp_test_log_" + std::to_string(::getpid());
    std::fflush(stderr);
    int saved = ::dup(2);
    std::FILE* file = std::fopen(path.c_str(), "w");
    ::dup2(::fileno(file), 2);
    action();
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    std::fclose(file);
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    std::remove(path.c_str());
    return text.str();
}

} // namespace

TEST_CASE("log: a line never carries a registered secret or URL userinfo")
{
    redact::add_secret("sk-log-SECRET-271828");
    auto level = log::level();
    log::set_level(log::Level::info);
    std::string out = captured_stderr([] {
        log::error("upstream said: invalid key sk-log-SECRET-271828");
        log::warn("retrying http://admin:pw@10.0.0.5:8080/v1");
        log::info("plain line");
    });
    log::set_level(level);
    CHECK(out == "llmp: error: upstream said: invalid key [redacted]\n"
                 "llmp: warning: retrying http://[redacted]@10.0.0.5:8080/v1\n"
                 "llmp: info: plain line\n");
}
