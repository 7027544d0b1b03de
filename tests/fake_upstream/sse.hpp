// Streamed replies: prepared server-sent-event frames written as one chunked response, one
// write per frame so that the proxy sees events arrive separately, with an optional pause
// between them ("[slow]").
#pragma once

#include "fake_upstream/json_read.hpp"

#include <httplib.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace llmp::test::fake_upstream {

// Line endings of a frame: OpenAI, Anthropic and Cohere use LF; Google ends events with CRLF.
enum class LineEnd { lf, crlf };

// "data: <json>" and a blank line.
std::string data_frame(const Json& data, LineEnd line_end = LineEnd::lf);

// "event: <name>", "data: <json>" and a blank line.
std::string named_frame(std::string_view event, const Json& data);

// "data: [DONE]" and a blank line.
std::string done_frame();

// Sends `frames` as a 200 text/event-stream. Stops early when the client goes away.
void send_stream(httplib::Response& response, std::vector<std::string> frames,
                 std::chrono::milliseconds pace);

} // namespace llmp::test::fake_upstream
