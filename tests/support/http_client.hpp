// Small HTTP helpers for integration tests: JSON posts and SSE streams against llmp.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace llmp::test {

struct Reply {
    int status = 0;
    std::string body;
    httplib::Headers headers;
    nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

Reply post(int port, const std::string& path, const std::string& body,
           const httplib::Headers& headers = {});
Reply get(int port, const std::string& path, const httplib::Headers& headers = {});

// Streams a POST; `on_piece` gets each piece of the body as it arrives and returns false to
// hang up.
Reply post_stream(int port, const std::string& path, const std::string& body,
                  const std::function<bool(const std::string& piece)>& on_piece);

// The `data:` payloads of an SSE body, in order.
std::vector<std::string> sse_payloads(const std::string& body);

std::string chat_body(const std::string& model, const std::string& text, bool stream = false,
                      bool include_usage = false);

} // namespace llmp::test
