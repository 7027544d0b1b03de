#include "bench/streams.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace llmp::bench {

using Clock = std::chrono::steady_clock;

StreamsResult run_streams(int port, const std::string& body, int streams, double stall_limit_ms,
                          const std::function<void()>& sample)
{
    StreamsResult result;
    std::mutex mutex;
    std::atomic<int> running{streams};
    std::vector<std::thread> clients;
    clients.reserve(static_cast<size_t>(streams));
    for (int i = 0; i < streams; ++i) {
        clients.emplace_back([&] {
            httplib::Client client("127.0.0.1", port);
            client.set_read_timeout(std::chrono::seconds(60));
            client.set_connection_timeout(std::chrono::seconds(30));
            std::string tail;  // enough of the stream's end to see [DONE]
            auto start = Clock::now();
            auto last = start;
            double longest = 0, first_byte = -1;
            httplib::Request request;
            request.method = "POST";
            request.path = "/v1/chat/completions";
            request.headers.emplace("Content-Type", "application/json");
            request.body = body;
            request.content_receiver = [&](const char* data, size_t size, uint64_t, uint64_t) {
                auto now = Clock::now();
                double since = std::chrono::duration<double, std::milli>(now - last).count();
                if (first_byte < 0) first_byte = since;
                else longest = std::max(longest, since);
                last = now;
                tail.append(data, size);
                if (tail.size() > 256) tail.erase(0, tail.size() - 256);
                return true;
            };
            httplib::Response response;
            httplib::Error error = httplib::Error::Success;
            bool ok = client.send(request, response, error) && response.status == 200;
            bool done = ok && tail.find("data: [DONE]") != std::string::npos;
            std::lock_guard lock(mutex);
            if (done) ++result.completed;
            if (!done && result.first_failure.empty())
                result.first_failure = "status " + std::to_string(response.status) + ", error "
                    + httplib::to_string(error) + ", stream ended with: " + tail;
            if (longest > stall_limit_ms || first_byte > stall_limit_ms) ++result.stalled;
            result.longest_gap_ms = std::max(result.longest_gap_ms, longest);
            result.slowest_first_byte_ms = std::max(result.slowest_first_byte_ms, first_byte);
            --running;
        });
    }
    while (running > 0) {
        sample();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));  // a sampling period
    }
    for (auto& client : clients) client.join();
    return result;
}

} // namespace llmp::bench
