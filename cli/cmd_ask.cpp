// llmp ask: one question from the command line and/or stdin, the answer streamed to stdout as
// it arrives. Only the answer goes to stdout; everything else (errors, -u) goes to stderr, so
// `llmp ask ... > file` and `$(llmp ask ...)` hold the answer and nothing more.
#include "ask_print.hpp"
#include "command.hpp"
#include "load_config.hpp"
#include "usage.hpp"
#include "llmp/ask/session.hpp"
#include "llmp/core/log.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <iterator>
#include <pthread.h>
#include <thread>
#include <unistd.h>

namespace llmp::cli {

namespace {

struct AskFlags {
    std::vector<std::string> words;
    std::optional<std::string> config;
    std::optional<std::string> model;
    std::optional<std::string> system;
    std::optional<double> temperature;
    std::optional<int64_t> max_tokens;
    std::vector<std::string> fields;
    std::optional<std::string> via;
    bool no_stream = false;
    bool no_stdin = false;
    bool usage = false;
    bool json = false;
};

std::atomic<bool> g_interrupted{false};

// Ctrl-C sets the flag: the answer stops within 100 ms and what it used is recorded. If that
// has not finished after 3 s (a provider silent before its first byte), or on a second Ctrl-C,
// the process ends at once. SIGINT is blocked in every thread and taken here by sigwait.
void watch_interrupts()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set] {
        int signal = 0;
        if (sigwait(&set, &signal) != 0) return;
        g_interrupted = true;
        timespec grace{3, 0};
        sigtimedwait(&set, nullptr, &grace);
        std::fputs("\nllmp: error: interrupted\n", stderr);
        std::_Exit(k_exit_interrupted);
    }).detach();
}

std::optional<std::string> read_piped_stdin(bool ignore)
{
    if (ignore || isatty(STDIN_FILENO)) return std::nullopt;
    std::string text(std::istreambuf_iterator<char>(std::cin), {});
    return text;
}

int exit_code_for(ask::Ending ending)
{
    switch (ending) {
    case ask::Ending::answered: return k_exit_ok;
    case ask::Ending::invalid: return k_exit_usage;
    case ask::Ending::upstream:
    case ask::Ending::unreachable: return k_exit_upstream;
    case ask::Ending::refused: return k_exit_refused;
    case ask::Ending::blocked: return k_exit_blocked;
    case ask::Ending::interrupted: return k_exit_interrupted;
    case ask::Ending::output_closed: return k_exit_output_closed;
    }
    return k_exit_failure;
}

// -o key=value, split at the first '='.
std::optional<std::pair<std::string, std::string>> split_field(const std::string& text)
{
    size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0) return std::nullopt;
    return std::pair{text.substr(0, eq), text.substr(eq + 1)};
}

int run_ask(const AskFlags& flags)
{
    auto config = load_config(flags.config, config::Secrets::resolve);
    if (!config) return k_exit_config;

    ask::Question question;
    if (flags.model) question.model = *flags.model;
    else if (const char* env = std::getenv("LLMP_MODEL"); env && *env) question.model = env;
    else question.model = config->ask.model;
    if (question.model.empty())
        return report_error("no model: pass -m MODEL, set $LLMP_MODEL, or set model under [ask] in "
                                + config->source,
                            k_exit_usage);
    question.system = flags.system.value_or(config->ask.system);
    question.temperature = flags.temperature;
    question.max_tokens = flags.max_tokens;
    question.stream = !flags.no_stream;
    for (const auto& field : flags.fields) {
        auto pair = split_field(field);
        if (!pair) return report_error("-o needs key=value, got '" + field + "'", k_exit_usage);
        question.fields.push_back(std::move(*pair));
    }
    auto prompt = ask::combine_prompt(flags.words, read_piped_stdin(flags.no_stdin));
    if (!prompt)
        return report_error("no prompt: give it as arguments or on stdin (llmp ask \"why is the sky blue?\")",
                            k_exit_usage);
    question.prompt = std::move(*prompt);

    watch_interrupts();
    std::signal(SIGPIPE, SIG_IGN);  // a closed stdout is an error we handle, not a death
    AnswerPrinter printer(flags.json);
    // A warning logged while the answer streams (an unpriced model, say) starts on its own line.
    log::set_before_line([&printer] { printer.before_log_line(); });
    struct Unhook {
        ~Unhook() { log::set_before_line({}); }
    } unhook;
    ask::Hooks hooks;
    hooks.on_text = [&](std::string_view text) { return printer.text(text); };
    hooks.interrupted = &g_interrupted;
    auto outcome = flags.via ? ask::ask_via(*flags.via, *config, question, hooks)
                             : ask::ask_in_process(*config, question, hooks);
    if (!outcome) {
        int code = outcome.error().code == ErrorCode::invalid_input ? k_exit_usage : k_exit_failure;
        return report_error(outcome.error().message, code);
    }
    printer.finish(*outcome);
    if (flags.usage) print_usage_line(*outcome);
    switch (outcome->ending) {
    case ask::Ending::answered:
    case ask::Ending::output_closed: break;
    case ask::Ending::interrupted:
        report_error(interrupted_message(*outcome), k_exit_interrupted);
        break;
    default: report_error(failure_message(*outcome, question.model), exit_code_for(outcome->ending));
    }
    return exit_code_for(outcome->ending);
}

} // namespace

std::function<int()> setup_ask(CLI::App& sub)
{
    auto flags = std::make_shared<AskFlags>();
    sub.add_option("prompt", flags->words,
                   "The question; piped stdin is added after it, following a blank line");
    sub.add_option("-m,--model", flags->model,
                   "Model to ask (default: $LLMP_MODEL, then model under [ask] in the config)");
    sub.add_option("-s,--system", flags->system, "System prompt (default: system under [ask])");
    sub.add_option("--temperature", flags->temperature, "Sampling temperature, 0 to 2")
        ->check(between_numbers(0.0, 2.0));
    sub.add_option("--max-tokens", flags->max_tokens, "Longest answer, in tokens")
        ->check(between(1, 10'000'000));
    sub.add_option("-o,--option", flags->fields,
                   "Any other request field as key=value (JSON values are sent as JSON), repeatable")
        ->allow_extra_args(false);  // one key=value per -o: the prompt's words stay the prompt
    sub.add_flag("--no-stream", flags->no_stream, "Ask for the whole answer at once instead of a stream");
    sub.add_flag("--no-stdin", flags->no_stdin, "Do not read stdin even when it is not a terminal");
    sub.add_flag("-u,--usage", flags->usage, "Print tokens, cost and latency to stderr");
    sub.add_flag("--json", flags->json,
                 "Print one JSON object (answer, model, provider, usage, cost, latency, request id)");
    sub.add_option("--via", flags->via, "Ask through a running llmp serve at this URL instead of in-process");
    sub.add_option("-c,--config", flags->config, "Config file (default: $LLMP_CONFIG, then ~/.config/llmp/config.toml)");
    return [flags] { return run_ask(*flags); };
}

} // namespace llmp::cli
