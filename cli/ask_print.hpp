// What `llmp ask` prints: the answer on stdout as it streams (or one JSON object with --json),
// the -u line and error lines on stderr.
#pragma once

#include "llmp/ask/outcome.hpp"

#include <string>
#include <string_view>

namespace llmp::cli {

class AnswerPrinter {
public:
    explicit AnswerPrinter(bool json);
    // One piece of the answer: written and flushed at once, in a pipe as on a terminal, so a
    // reader sees the stream as it comes. False once stdout is closed.
    bool text(std::string_view piece);
    // After the answer: the newline that ends it, or the --json object.
    void finish(const ask::Outcome& outcome);

private:
    bool m_json;
    bool m_open_line = false;  // text written without a newline after it
};

// "12 in + 7 out tokens · $0.000026 · 41 ms (first token 3 ms) · mock/echo · req_..." on stderr;
// dim on a terminal unless NO_COLOR is set.
void print_usage_line(const ask::Outcome& outcome);

std::string failure_message(const ask::Outcome& outcome, const std::string& model);
std::string interrupted_message(const ask::Outcome& outcome);

} // namespace llmp::cli
