#include "llmp/ask/question.hpp"

namespace llmp::ask {

std::optional<std::string> combine_prompt(const std::vector<std::string>& words,
                                          const std::optional<std::string>& piped)
{
    std::string text;
    for (const auto& word : words) {
        if (!text.empty()) text += ' ';
        text += word;
    }
    bool has_piped = piped && !piped->empty();
    if (text.empty() && !has_piped) return std::nullopt;
    if (has_piped) {
        if (!text.empty()) text += "\n\n";
        text += *piped;
    }
    return text;
}

namespace {

// The flag that owns a request field, for the error message; nullptr when -o may set it.
const char* owning_flag(const std::string& key)
{
    if (key == "model") return "-m/--model";
    if (key == "messages") return "the prompt and -s/--system";
    if (key == "stream") return "--no-stream";
    return nullptr;
}

} // namespace

Result<Json> request_body(const Question& question)
{
    Json messages = Json::array();
    if (!question.system.empty())
        messages.push_back({{"role", "system"}, {"content", question.system}});
    messages.push_back({{"role", "user"}, {"content", question.prompt}});

    Json body = {{"model", question.model}, {"messages", std::move(messages)}};
    if (question.stream) {
        body["stream"] = true;
        // Usage comes in a last chunk only when asked for; -u and --json need it.
        body["stream_options"] = {{"include_usage", true}};
    }
    if (question.temperature) body["temperature"] = *question.temperature;
    if (question.max_tokens) body["max_tokens"] = *question.max_tokens;
    for (const auto& [key, value] : question.fields) {
        if (key.empty()) return fail(ErrorCode::invalid_input, "-o needs key=value, got '=" + value + "'");
        if (const char* flag = owning_flag(key))
            return fail(ErrorCode::invalid_input, "-o cannot set '" + key + "': use " + flag);
        Json parsed = json::parse(value);
        body[key] = parsed.is_discarded() ? Json(value) : std::move(parsed);
    }
    return body;
}

} // namespace llmp::ask
