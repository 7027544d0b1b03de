// An OpenAI-compatible upstream's stream (§2.3) → canonical stream events. Data-only SSE: each
// event is a chat.completion.chunk, an error object, or the final `[DONE]`. The servers of §5
// differ in the details (reasoning field names, missing tool-call ids, usage under x_groq, no
// [DONE]), so every field is optional here and nothing is trusted to be of the right type.
#include "llmp/dialects/openai.hpp"

#include "llmp/canonical/tool_ids.hpp"
#include "llmp/core/strings.hpp"

namespace llmp::dialects::openai {

namespace {

using canonical::StreamEvent;
using Kind = canonical::StreamEvent::Kind;

StreamEvent event_of(Kind kind)
{
    StreamEvent event;
    event.kind = kind;
    return event;
}

std::string arguments_piece(const Json& function)
{
    auto it = function.find("arguments");
    if (it == function.end()) return "";
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object()) return dump(*it);  // a whole call at once, as an object
    return "";
}

class Decoder final : public StreamDecoder {
public:
    void on_event(const upstream::SseEvent& event, std::vector<StreamEvent>& out) override
    {
        if (m_done) return;
        std::string_view data = strings::trim(event.data);
        if (data.empty()) return;
        if (data == "[DONE]") {
            complete(out);
            return;
        }
        Json chunk = json::parse(data);
        if (!chunk.is_object()) {
            fail_stream(out, 502, canonical::ErrorType::server,
                        "upstream sent a stream chunk that is not a JSON object");
            return;
        }
        if (read_error(chunk, out)) return;

        if (std::string id = json::string_at(chunk, "id"); !id.empty()) m_id = std::move(id);
        if (std::string model = json::string_at(chunk, "model"); !model.empty())
            m_model = std::move(model);
        // Usage first: when it rides on the finish chunk, the finish is what lets it out.
        if (auto usage = chunk.find("usage"); usage != chunk.end() && usage->is_object())
            read_usage(*usage, out);
        // Groq puts the final usage under x_groq instead.
        if (auto groq = chunk.find("x_groq"); groq != chunk.end() && groq->is_object())
            if (auto usage = groq->find("usage"); usage != groq->end() && usage->is_object())
                read_usage(*usage, out);
        // Azure's first chunk may carry only content-filter results: no choices, no id yet.
        auto choices = chunk.find("choices");
        if (choices != chunk.end() && choices->is_array()) {
            for (const auto& choice : *choices) {
                if (!choice.is_object()) continue;
                // We ask for one choice; anything else is not ours to show.
                if (auto index = choice.find("index");
                    index != choice.end() && index->is_number() && *index != 0)
                    continue;
                read_choice(choice, out);
            }
        }
    }

    void on_end(std::vector<StreamEvent>& out) override
    {
        if (m_done) return;
        // Some servers close the body after the finish (and usage) without a [DONE].
        if (m_finished)
            complete(out);
        else
            fail_stream(out, 502, canonical::ErrorType::server, "upstream closed the stream early");
    }

private:
    // A tool call as the upstream numbers it, and as canonical events number it.
    struct Call {
        int upstream_index = -1;
        std::string id;
    };

    void start(std::vector<StreamEvent>& out)
    {
        if (m_started) return;
        m_started = true;
        StreamEvent event = event_of(Kind::start);
        event.id = m_id;
        event.model = m_model;
        out.push_back(std::move(event));
    }

    void text(Kind kind, const std::string& text, std::vector<StreamEvent>& out)
    {
        if (text.empty()) return;
        start(out);
        StreamEvent event = event_of(kind);
        event.text = text;
        out.push_back(std::move(event));
    }

    void read_choice(const Json& choice, std::vector<StreamEvent>& out)
    {
        start(out);
        auto delta = choice.find("delta");
        // Anything after the finish would break the event order the encoders rely on; no
        // known server sends it.
        if (delta != choice.end() && delta->is_object() && !m_finished) read_delta(*delta, out);
        auto finish = choice.find("finish_reason");
        if (finish == choice.end() || !finish->is_string() || m_finished) return;
        m_finished = true;
        StreamEvent event = event_of(Kind::finish);
        event.finish = finish_from(finish->get<std::string>());
        // Ollama says "stop" after calling tools; a client must know to run them.
        if (event.finish == canonical::FinishReason::stop && !m_calls.empty())
            event.finish = canonical::FinishReason::tool_calls;
        event.stop_sequence = json::string_at(choice, "stop_reason");  // vLLM
        out.push_back(std::move(event));
        if (m_usage_pending) emit_usage(out);
    }

    void read_delta(const Json& delta, std::vector<StreamEvent>& out)
    {
        // DeepSeek, llama.cpp and older vLLM say reasoning_content; Ollama, OpenRouter and
        // newer vLLM reasoning. A server that sends both means the same text.
        std::string reasoning = json::string_at(delta, "reasoning_content");
        if (reasoning.empty()) reasoning = json::string_at(delta, "reasoning");
        text(Kind::thinking, reasoning, out);
        if (auto content = delta.find("content"); content != delta.end()) {
            if (content->is_string()) {
                text(Kind::text, content->get<std::string>(), out);
            } else if (content->is_array()) {
                // Mistral's reasoning models stream content parts, thinking among them.
                for (const auto& part : *content) {
                    std::string type = json::string_at(part, "type");
                    if (type == "text") text(Kind::text, json::string_at(part, "text"), out);
                    if (type == "thinking" && part.contains("thinking")
                        && part["thinking"].is_array())
                        for (const auto& piece : part["thinking"])
                            text(Kind::thinking, json::string_at(piece, "text"), out);
                }
            }
        }
        // A refusal is the model's answer; clients of other dialects only have text for it.
        text(Kind::text, json::string_at(delta, "refusal"), out);
        if (auto calls = delta.find("tool_calls"); calls != delta.end() && calls->is_array())
            for (const auto& item : *calls)
                if (item.is_object()) read_tool_call(item, out);
    }

    // Which canonical call a fragment continues, or -1 for a new call. Fragments name their
    // call by `index`; only the first carries the id. Some servers send each call whole with
    // the same index (or none), so a different id at a known index is a new call too.
    int call_for(int upstream_index, const std::string& id) const
    {
        if (m_calls.empty()) return -1;
        if (upstream_index < 0) {
            if (!id.empty() && id != m_calls.back().id) return -1;
            return static_cast<int>(m_calls.size()) - 1;
        }
        for (size_t k = m_calls.size(); k-- > 0;) {
            if (m_calls[k].upstream_index != upstream_index) continue;
            if (!id.empty() && id != m_calls[k].id) return -1;
            return static_cast<int>(k);
        }
        return -1;
    }

    void read_tool_call(const Json& item, std::vector<StreamEvent>& out)
    {
        int upstream_index = -1;
        if (auto index = item.find("index"); index != item.end() && index->is_number_integer())
            upstream_index = static_cast<int>(index->get<int64_t>());
        std::string id = json::string_at(item, "id");
        static const Json k_no_function = Json::object();
        auto function_it = item.find("function");
        const Json& function =
            function_it != item.end() && function_it->is_object() ? *function_it : k_no_function;

        int index = call_for(upstream_index, id);
        if (index < 0) {
            index = static_cast<int>(m_calls.size());
            // Ollama and some llama.cpp builds send no id; other dialects need one.
            Call call{upstream_index, id.empty() ? canonical::new_tool_call_id() : id};
            StreamEvent event = event_of(Kind::tool_call_start);
            event.index = index;
            event.id = call.id;
            event.name = json::string_at(function, "name");
            out.push_back(std::move(event));
            m_calls.push_back(std::move(call));
        }
        std::string piece = arguments_piece(function);
        if (piece.empty()) return;
        StreamEvent event = event_of(Kind::tool_call_arguments);
        event.index = index;
        event.text = std::move(piece);
        out.push_back(std::move(event));
    }

    // Usage comes after the finish (OpenAI's include_usage chunk), with it (Groq), or on every
    // chunk (vLLM's continuous stats). Canonical order wants it after the finish: keep the
    // latest until then.
    void read_usage(const Json& usage, std::vector<StreamEvent>& out)
    {
        m_usage = usage_from(usage);
        m_usage_pending = true;
        if (m_finished) emit_usage(out);
    }

    void emit_usage(std::vector<StreamEvent>& out)
    {
        m_usage_pending = false;
        StreamEvent event = event_of(Kind::usage);
        event.usage = m_usage;
        out.push_back(std::move(event));
    }

    // [DONE], or the end of a body that had its finish: owe the finish if it never came (the
    // stream did end properly), then the usage, then the end.
    void complete(std::vector<StreamEvent>& out)
    {
        start(out);
        if (!m_finished) {
            m_finished = true;
            StreamEvent event = event_of(Kind::finish);
            event.finish = m_calls.empty() ? canonical::FinishReason::stop
                                           : canonical::FinishReason::tool_calls;
            out.push_back(std::move(event));
        }
        if (m_usage_pending) emit_usage(out);
        out.push_back(event_of(Kind::end));
        m_done = true;
    }

    void fail_stream(std::vector<StreamEvent>& out, int status, canonical::ErrorType type,
                     std::string message)
    {
        StreamEvent event = event_of(Kind::error);
        event.error_status = status;
        event.error_type = canonical::error_type_name(type);
        event.text = std::move(message);
        out.push_back(std::move(event));
        m_done = true;
    }

    // An error inside the 200 stream (§1.1): {"error":{...}} (OpenAI, OpenRouter with its
    // status as `code`), {"error":"..."} (Ollama), a flat {"object":"error",...} (older vLLM),
    // or Groq's x_groq.error. True when the chunk was one.
    bool read_error(const Json& chunk, std::vector<StreamEvent>& out)
    {
        const Json* error = nullptr;
        auto groq = chunk.find("x_groq");
        if (auto it = chunk.find("error"); it != chunk.end() && !it->is_null()) {
            error = &*it;
        } else if (json::string_at(chunk, "object") == "error") {
            error = &chunk;
        } else if (groq != chunk.end() && groq->is_object()) {
            auto groq_error = groq->find("error");
            if (groq_error != groq->end() && !groq_error->is_null()) error = &*groq_error;
        }
        if (!error) return false;

        std::string message;
        std::string type;
        std::string code;
        int status = 500;  // the stream already said 200; without a code, blame the server
        if (error->is_string()) {
            message = error->get<std::string>();
        } else if (error->is_object()) {
            message = json::string_at(*error, "message");
            type = json::string_at(*error, "type");
            code = json::string_at(*error, "code");
            if (auto it = error->find("code"); it != error->end() && it->is_number_integer()
                && it->get<int64_t>() >= 400 && it->get<int64_t>() <= 599)
                status = static_cast<int>(it->get<int64_t>());
        }
        if (message.empty()) message = "upstream reported an error in the stream";
        fail_stream(out, status, error_type_from(status, type, code), std::move(message));
        return true;
    }

    std::string m_id;
    std::string m_model;
    std::vector<Call> m_calls;
    canonical::Usage m_usage;
    bool m_usage_pending = false;
    bool m_started = false;
    bool m_finished = false;
    bool m_done = false;
};

} // namespace

std::unique_ptr<StreamDecoder> make_stream_decoder() { return std::make_unique<Decoder>(); }

} // namespace llmp::dialects::openai
