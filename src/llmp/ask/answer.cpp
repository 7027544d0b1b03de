#include "llmp/ask/answer.hpp"

#include "llmp/canonical/json.hpp"
#include "llmp/dialects/dispatch.hpp"

namespace llmp::ask {

namespace {

// An error object's message: {"error": {"message": "..."}} or {"error": "..."}.
std::optional<std::string> message_of(const Json& body)
{
    if (!body.is_object()) return std::nullopt;
    auto error = body.find("error");
    if (error == body.end()) return std::nullopt;
    if (error->is_string()) return error->get<std::string>();
    std::string message = json::string_at(*error, "message");
    return message.empty() ? std::string("the answer reported an error without a message") : message;
}

void read_usage(const Json& body, Answer& answer)
{
    auto usage = body.find("usage");
    if (usage != body.end() && usage->is_object())
        answer.usage = dialects::usage_from(config::Dialect::openai, *usage);
}

} // namespace

StreamReader::StreamReader(OnText on_text)
    : m_on_text(std::move(on_text)),
      m_parser([this](upstream::SseEvent&& event) { return on_event(std::move(event)); })
{
}

void StreamReader::feed(std::string_view bytes) { m_parser.feed(bytes); }

void StreamReader::finish() { m_parser.finish(); }

bool StreamReader::on_event(upstream::SseEvent&& event)
{
    if (event.data == "[DONE]") {
        m_answer.complete = true;
        return true;
    }
    Json chunk = json::parse(event.data);
    if (!chunk.is_object()) {
        m_answer.error = "the stream carried something that is not JSON";
        return false;
    }
    if (auto message = message_of(chunk)) {
        m_answer.error = *message;
        return false;
    }
    if (m_answer.model.empty()) m_answer.model = json::string_at(chunk, "model");
    read_usage(chunk, m_answer);
    auto choices = chunk.find("choices");
    if (choices == chunk.end() || !choices->is_array() || choices->empty()) return true;
    const Json& choice = choices->front();
    if (!choice.is_object()) return true;
    std::string finish = json::string_at(choice, "finish_reason");
    if (!finish.empty()) m_answer.finish_reason = finish;
    auto delta = choice.find("delta");
    if (delta == choice.end() || !delta->is_object()) return true;
    std::string text = json::string_at(*delta, "content");
    if (!text.empty()) {
        m_answer.text += text;
        m_on_text(text);
    }
    return true;
}

Answer read_body(std::string_view body)
{
    Answer answer;
    Json parsed = json::parse(body);
    if (!parsed.is_object()) {
        answer.error = "the answer is not a JSON object";
        return answer;
    }
    if (auto message = message_of(parsed)) {
        answer.error = *message;
        return answer;
    }
    answer.model = json::string_at(parsed, "model");
    read_usage(parsed, answer);
    auto choices = parsed.find("choices");
    if (choices != parsed.end() && choices->is_array() && !choices->empty() && choices->front().is_object()) {
        const Json& choice = choices->front();
        answer.finish_reason = json::string_at(choice, "finish_reason");
        if (auto message = choice.find("message"); message != choice.end())
            answer.text = json::string_at(*message, "content");
    }
    answer.complete = true;
    return answer;
}

std::string error_code(std::string_view body)
{
    Json parsed = json::parse(body);
    if (!parsed.is_object()) return {};
    auto error = parsed.find("error");
    if (error == parsed.end() || !error->is_object()) return {};
    return json::string_at(*error, "code");
}

std::string error_message(std::string_view body)
{
    if (auto message = message_of(json::parse(body))) return *message;
    constexpr size_t k_shown = 200;  // enough to recognise an HTML error page or a proxy's text
    std::string text(body.substr(0, k_shown));
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    if (text.empty()) return "the answer had no body";
    return body.size() > k_shown ? text + "..." : text;
}

} // namespace llmp::ask
