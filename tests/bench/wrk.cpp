#include "bench/wrk.hpp"

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

namespace llmp::bench {

namespace {

// wrk prints durations as "32.00us", "1.20ms" or "2.00s".
double to_us(double value, const std::string& unit)
{
    if (unit == "ms") return value * 1e3;
    if (unit == "s") return value * 1e6;
    return value;
}

// The body goes through a Lua script: a file holding it, read once by wrk at start-up.
std::string write_script(const WrkRun& run, const std::string& dir)
{
    std::string body_path = dir + "/wrk-body.json";
    std::ofstream(body_path, std::ios::binary) << run.body;
    std::string script_path = dir + "/wrk-post.lua";
    std::ofstream(script_path) << "local f = io.open(\"" << body_path << "\", \"rb\")\n"
                               << "wrk.method = \"POST\"\n"
                               << "wrk.body = f:read(\"*a\")\n"
                               << "f:close()\n"
                               << "wrk.headers[\"Content-Type\"] = \"application/json\"\n";
    return script_path;
}

} // namespace

WrkResult run_wrk(const WrkRun& run, const std::string& scratch_dir)
{
    std::string command = "taskset -c " + std::to_string(run.cpu) + " wrk -t1 -c"
        + std::to_string(run.connections) + " -d" + std::to_string(run.seconds)
        + "s --latency -s " + write_script(run, scratch_dir) + " " + run.url + " 2>&1";
    WrkResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    char buffer[4096];
    size_t got;
    while ((got = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.report.append(buffer, got);
    int status = pclose(pipe);

    std::smatch m;
    const std::string& r = result.report;
    static const std::regex percentile(R"(\n\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\b)");
    for (auto it = std::sregex_iterator(r.begin(), r.end(), percentile); it != std::sregex_iterator(); ++it) {
        double us = to_us(std::stod((*it)[2]), (*it)[3]);
        int which = std::stoi((*it)[1]);
        (which == 50 ? result.p50_us : which == 90 ? result.p90_us : result.p99_us) = us;
    }
    if (std::regex_search(r, m, std::regex(R"(Requests/sec:\s+([\d.]+))")))
        result.requests_per_s = std::stod(m[1]);
    if (std::regex_search(r, m, std::regex(R"((\d+) requests in)"))) result.requests = std::stol(m[1]);
    if (std::regex_search(r, m, std::regex(R"(Non-2xx or 3xx responses:\s+(\d+))")))
        result.errors += std::stol(m[1]);
    if (std::regex_search(r, m, std::regex(R"(Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+))")))
        for (int i = 1; i <= 4; ++i) result.errors += std::stol(m[i]);
    result.ok = status == 0 && result.requests > 0 && result.errors == 0 && result.p50_us > 0;
    return result;
}

} // namespace llmp::bench
