// What `llmp ask` sends: the question as an OpenAI chat request. Both ways of asking (in-process
// and --via a running proxy) send this same body, so they meet the same pipeline.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/core/result.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace llmp::ask {

struct Question {
    std::string model;
    std::string system;                 // empty: no system message
    std::string prompt;                 // the user message
    std::optional<double> temperature;
    std::optional<int64_t> max_tokens;
    std::vector<std::pair<std::string, std::string>> fields;  // -o key=value, in order
    bool stream = true;
};

// The prompt from the command's words and piped input: the words joined by spaces, then a
// blank line, then the piped text (`git diff | llmp ask "review this"` puts the instruction
// first). Either part may be absent; both absent is nullopt.
std::optional<std::string> combine_prompt(const std::vector<std::string>& words,
                                          const std::optional<std::string>& piped);

// The request body. A -o value that parses as JSON (numbers, true, objects...) is sent as that
// JSON, anything else as a string. Fields the flags own (model, messages, stream) are refused
// with the flag to use instead.
Result<Json> request_body(const Question& question);

} // namespace llmp::ask
