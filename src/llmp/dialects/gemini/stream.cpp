// Gemini streamGenerateContent?alt=sse → canonical stream events (reference §4.3, §9.5).
// Each event is a whole GenerateContentResponse holding only the new parts; there is no
// terminator, so the end of the body is the end of the answer, and a body that ends before any
// finishReason was cut short.
#include "llmp/dialects/gemini.hpp"

#include "llmp/canonical/tool_ids.hpp"

#include <optional>

namespace llmp::dialects::gemini {

namespace {

using canonical::StreamEvent;

StreamEvent event_of(StreamEvent::Kind kind)
{
    StreamEvent event;
    event.kind = kind;
    return event;
}

StreamEvent stream_error(int status, canonical::ErrorType type, std::string message)
{
    StreamEvent event = event_of(StreamEvent::Kind::error);
    event.error_status = status;
    event.error_type = canonical::error_type_name(type);
    event.text = std::move(message);
    return event;
}

class Decoder final : public StreamDecoder {
public:
    void on_event(const upstream::SseEvent& event, std::vector<StreamEvent>& out) override
    {
        if (m_done || event.data.empty()) return;
        Json chunk = json::parse(event.data);
        // An error can come wrapped in a one-element array, as in error bodies.
        if (chunk.is_array() && chunk.size() == 1) chunk = chunk[0];
        if (!chunk.is_object()) {
            fail_with(out, stream_error(502, canonical::ErrorType::server,
                                        "Gemini sent an unreadable stream event"));
            return;
        }
        if (auto error = chunk.find("error"); error != chunk.end()) {
            fail_with(out, error_event(*error, event.data));
            return;
        }
        if (!m_started) {
            StreamEvent start = event_of(StreamEvent::Kind::start);
            start.id = json::string_at(chunk, "responseId");
            start.model = json::string_at(chunk, "modelVersion");
            out.push_back(std::move(start));
            m_started = true;
        }
        // Earlier chunks may carry partial counts; the last one seen is the total.
        if (auto usage = chunk.find("usageMetadata"); usage != chunk.end() && usage->is_object())
            m_usage = usage_from(*usage);
        auto candidates = chunk.find("candidates");
        if (candidates == chunk.end() || !candidates->is_array() || candidates->empty()) {
            auto feedback = chunk.find("promptFeedback");
            if (feedback != chunk.end() && !json::string_at(*feedback, "blockReason").empty())
                m_finish = canonical::FinishReason::content_filter;
            return;
        }
        const Json& candidate = (*candidates)[0];
        if (!candidate.is_object()) return;
        parts(candidate, out);
        if (std::string reason = json::string_at(candidate, "finishReason"); !reason.empty())
            m_finish = finish_reason_from(reason);
    }

    void on_end(std::vector<StreamEvent>& out) override
    {
        if (m_done) return;
        if (!m_finish) {
            fail_with(out, stream_error(502, canonical::ErrorType::server,
                                        "upstream closed the stream early"));
            return;
        }
        StreamEvent finish = event_of(StreamEvent::Kind::finish);
        finish.finish = *m_finish;
        // Gemini finishes a function-calling turn with STOP; clients need tool_calls.
        if (m_calls > 0 && finish.finish == canonical::FinishReason::stop)
            finish.finish = canonical::FinishReason::tool_calls;
        out.push_back(std::move(finish));
        if (m_usage.known) {
            StreamEvent usage = event_of(StreamEvent::Kind::usage);
            usage.usage = m_usage;
            out.push_back(std::move(usage));
        }
        out.push_back(event_of(StreamEvent::Kind::end));
        m_done = true;
    }

private:
    void parts(const Json& candidate, std::vector<StreamEvent>& out)
    {
        auto content = candidate.find("content");
        if (content == candidate.end() || !content->is_object()) return;
        auto list = content->find("parts");
        if (list == content->end() || !list->is_array()) return;
        for (const auto& part : *list) {
            if (!part.is_object()) continue;
            if (auto call = part.find("functionCall"); call != part.end() && call->is_object()) {
                function_call(part, *call, out);
                continue;
            }
            std::string text = json::string_at(part, "text");
            bool thought = json::is_true(part, "thought");
            if (!text.empty()) {
                StreamEvent piece = event_of(thought ? StreamEvent::Kind::thinking
                                                     : StreamEvent::Kind::text);
                piece.text = std::move(text);
                out.push_back(std::move(piece));
            }
            // A signature on a text part has no canonical stream event; one on a thought part
            // closes that thinking block.
            std::string signature = json::string_at(part, "thoughtSignature");
            if (thought && !signature.empty()) {
                StreamEvent signed_event = event_of(StreamEvent::Kind::thinking_signature);
                signed_event.text = std::move(signature);
                out.push_back(std::move(signed_event));
            }
        }
    }

    // A call arrives whole (args is an object, not a fragment), so its arguments go out in one
    // piece right after its start.
    void function_call(const Json& part, const Json& call, std::vector<StreamEvent>& out)
    {
        StreamEvent start = event_of(StreamEvent::Kind::tool_call_start);
        start.index = m_calls++;
        start.id = json::string_at(call, "id");
        if (start.id.empty()) start.id = canonical::new_tool_call_id();
        start.name = json::string_at(call, "name");
        start.signature = json::string_at(part, "thoughtSignature");
        StreamEvent arguments = event_of(StreamEvent::Kind::tool_call_arguments);
        arguments.index = start.index;
        auto args = call.find("args");
        arguments.text = args != call.end() && args->is_object() ? args->dump() : "{}";
        out.push_back(std::move(start));
        out.push_back(std::move(arguments));
    }

    // An in-stream error has the shape of an error body; its `code` stands in for the status.
    StreamEvent error_event(const Json& error, const std::string& data)
    {
        int status = 500;
        if (error.is_object()) {
            auto code = error.find("code");
            if (code != error.end() && code->is_number_integer()) {
                int64_t value = code->get<int64_t>();
                if (value >= 400 && value <= 599) status = int(value);
            }
        }
        canonical::UpstreamError decoded = decode_error(status, {}, data);
        return stream_error(decoded.status, decoded.type, decoded.message);
    }

    void fail_with(std::vector<StreamEvent>& out, StreamEvent error)
    {
        out.push_back(std::move(error));
        m_done = true;
    }

    bool m_started = false;
    bool m_done = false;  // an error or end was emitted: the sequence is over
    int m_calls = 0;
    std::optional<canonical::FinishReason> m_finish;
    canonical::Usage m_usage;
};

} // namespace

std::unique_ptr<StreamDecoder> make_stream_decoder() { return std::make_unique<Decoder>(); }

} // namespace llmp::dialects::gemini
