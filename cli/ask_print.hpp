// What `llmp ask` prints: the answer on stdout as it streams (or one JSON object with --json),
// the -u line and error lines on stderr.
#pragma once

#include "llmp/ask/outcome.hpp"

#include <mutex>
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
    // Before a log line goes to stderr (log::set_before_line): when the answer shares a
    // terminal with stderr and its last line is unfinished, end that line on stderr, so that
    // the log line starts on its own and stdout keeps exactly the answer.
    void before_log_line();

private:
    std::mutex m_mutex;        // the answer's thread writes, a worker's warning may interrupt
    bool m_json;
    bool m_open_line = false;  // text written without a newline after it
    bool m_shared_terminal;    // stdout and stderr are both terminals
};

// "12 in + 7 out tokens · $0.000026 · 41 ms (first token 3 ms) · mock/echo · req_..." on stderr;
// dim on a terminal unless NO_COLOR is set.
void print_usage_line(const ask::Outcome& outcome);

std::string failure_message(const ask::Outcome& outcome, const std::string& model);
std::string interrupted_message(const ask::Outcome& outcome);

} // namespace llmp::cli
