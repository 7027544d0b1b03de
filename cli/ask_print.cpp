#include "ask_print.hpp"

#include "llmp/canonical/json.hpp"
#include "llmp/pricing/cost.hpp"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace llmp::cli {

namespace {

bool color_on(int fd)
{
    const char* no_color = std::getenv("NO_COLOR");
    return isatty(fd) && !(no_color && *no_color);
}

Json usage_json(const canonical::Usage& usage)
{
    if (!usage.known) return nullptr;
    return {{"input_tokens", usage.prompt_total()},
            {"cached_input_tokens", usage.cached_input},
            {"cache_write_tokens", usage.cache_write},
            {"output_tokens", usage.output},
            {"reasoning_tokens", usage.reasoning}};
}

template <typename T>
Json or_null(const std::optional<T>& value)
{
    return value ? Json(*value) : Json(nullptr);
}

} // namespace

AnswerPrinter::AnswerPrinter(bool json)
    : m_json(json), m_shared_terminal(isatty(STDOUT_FILENO) && isatty(STDERR_FILENO))
{
}

bool AnswerPrinter::text(std::string_view piece)
{
    if (m_json) return true;
    if (piece.empty()) return true;
    std::lock_guard lock(m_mutex);
    std::fwrite(piece.data(), 1, piece.size(), stdout);
    m_open_line = piece.back() != '\n';
    return std::fflush(stdout) == 0 && !std::ferror(stdout);
}

void AnswerPrinter::before_log_line()
{
    std::lock_guard lock(m_mutex);
    if (m_json || !m_open_line || !m_shared_terminal) return;
    std::fputc('\n', stderr);
    m_open_line = false;  // the terminal's cursor is at the start of a line again
}

void AnswerPrinter::finish(const ask::Outcome& outcome)
{
    std::lock_guard lock(m_mutex);
    if (!m_json) {
        // An answer ends with a newline, so the prompt (or the next line of a file) starts
        // clean. A cut answer in a pipe is left as it was: the reader gets exactly what came.
        bool cut = outcome.ending == ask::Ending::interrupted;
        if (m_open_line && (!cut || isatty(STDOUT_FILENO))) std::fputc('\n', stdout);
        std::fflush(stdout);
        return;
    }
    if (outcome.ending == ask::Ending::output_closed) return;
    const auto& a = outcome.answer;
    Json out = {{"answer", a.text},
                {"model", a.model},
                {"provider", outcome.provider},
                {"finish_reason", a.finish_reason.empty() ? Json(nullptr) : Json(a.finish_reason)},
                {"usage", usage_json(a.usage)},
                {"cost_nanousd", or_null(outcome.cost_nanousd)},
                {"cost_usd", outcome.cost_nanousd ? Json(pricing::format_usd(*outcome.cost_nanousd).substr(1))
                                                  : Json(nullptr)},
                {"latency_ms", outcome.latency_ms},
                {"ttft_ms", or_null(outcome.ttft_ms)},
                {"request_id", outcome.request_id.empty() ? Json(nullptr) : Json(outcome.request_id)},
                {"status", outcome.status}};
    if (outcome.ending != ask::Ending::answered) out["error"] = outcome.message;
    std::string text = out.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

void print_usage_line(const ask::Outcome& outcome)
{
    const auto& usage = outcome.answer.usage;
    std::string line;
    if (usage.known) {
        line = std::to_string(usage.prompt_total()) + " in";
        if (usage.cached_input) line += " (" + std::to_string(usage.cached_input) + " cached)";
        line += " + " + std::to_string(usage.output) + " out";
        if (usage.reasoning) line += " (" + std::to_string(usage.reasoning) + " reasoning)";
        line += " tokens";
    } else {
        line = "tokens unknown";
    }
    line += " · " + (outcome.cost_nanousd ? pricing::format_usd(*outcome.cost_nanousd) : std::string("cost unknown"));
    line += " · " + std::to_string(outcome.latency_ms) + " ms";
    if (outcome.ttft_ms) line += " (first token " + std::to_string(*outcome.ttft_ms) + " ms)";
    if (!outcome.provider.empty()) line += " · " + outcome.provider + "/" + outcome.answer.model;
    if (!outcome.request_id.empty()) line += " · " + outcome.request_id;
    bool dim = color_on(STDERR_FILENO);
    std::fprintf(stderr, "%s%s%s\n", dim ? "\033[2m" : "", line.c_str(), dim ? "\033[0m" : "");
}

std::string failure_message(const ask::Outcome& outcome, const std::string& model)
{
    switch (outcome.ending) {
    case ask::Ending::refused: return "refused: " + outcome.message;
    case ask::Ending::blocked: return "blocked by policy: " + outcome.message;
    case ask::Ending::unreachable: return model + ": " + outcome.message;
    case ask::Ending::upstream:
        if (outcome.status >= 400) return model + ": the provider answered " + std::to_string(outcome.status) + ": " + outcome.message;
        return model + ": " + outcome.message;
    default: return outcome.message;
    }
}

std::string interrupted_message(const ask::Outcome& outcome)
{
    std::string text = "interrupted";
    const auto& usage = outcome.answer.usage;
    if (usage.known) text += " after " + std::to_string(usage.output) + " output tokens";
    if (!outcome.request_id.empty()) text += " (recorded as " + outcome.request_id + ")";
    return text;
}

} // namespace llmp::cli
