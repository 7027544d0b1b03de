// Canonical stream events → the SSE an OpenAI client reads (§2.3), chunk for chunk the shape
// OpenAI sends (and the mock provider imitates): a role chunk, content / reasoning / tool-call
// deltas, a finish chunk, the usage chunk if the client asked for it, then `data: [DONE]`.
#include "llmp/dialects/openai.hpp"

#include "llmp/canonical/tool_ids.hpp"
#include "llmp/upstream/sse.hpp"

namespace llmp::dialects::openai {

namespace {

using canonical::StreamEvent;
using Kind = canonical::StreamEvent::Kind;

class Encoder final : public StreamEncoder {
public:
    explicit Encoder(StreamContext context) : m_context(std::move(context)) {}

    void on_event(const StreamEvent& event, std::string& out) override
    {
        if (m_closed) return;
        switch (event.kind) {
        case Kind::start: start(out); break;
        case Kind::text:
            if (!event.text.empty()) delta({{"content", event.text}}, out);
            break;
        case Kind::thinking:
            // Not OpenAI's, but the field DeepSeek-style clients read; the others ignore it.
            if (!event.text.empty()) delta({{"reasoning_content", event.text}}, out);
            break;
        case Kind::thinking_signature:
        case Kind::redacted_thinking: break;  // no place for them in a chat completion
        case Kind::tool_call_start:
            // The id carries a Gemini thought signature, if any, for the client to echo.
            delta({{"tool_calls",
                    Json::array({{{"index", event.index},
                                  {"id", canonical::pack_tool_id(event.id, event.signature)},
                                  {"type", "function"},
                                  {"function", {{"name", event.name}, {"arguments", ""}}}}})}},
                  out);
            break;
        case Kind::tool_call_arguments:
            if (!event.text.empty())
                delta({{"tool_calls",
                        Json::array({{{"index", event.index},
                                      {"function", {{"arguments", event.text}}}}})}},
                      out);
            break;
        case Kind::finish: finish(event, out); break;
        case Kind::usage:
            m_usage = event.usage;  // shown once, after the finish, if the client wants it
            break;
        case Kind::end: end(out); break;
        case Kind::error:
            error(event.error_status, canonical::error_type_from_name(event.error_type), event.text,
                  out);
            break;
        }
    }

private:
    Json envelope() const
    {
        return Json{{"id", m_context.id},
                    {"object", "chat.completion.chunk"},
                    {"created", m_context.created},
                    {"model", m_context.model}};
    }

    void chunk(Json delta_object, Json finish_reason, std::string& out)
    {
        Json c = envelope();
        c["choices"] = Json::array({{{"index", 0},
                                     {"delta", std::move(delta_object)},
                                     {"logprobs", nullptr},
                                     {"finish_reason", std::move(finish_reason)}}});
        // With include_usage, OpenAI puts "usage":null on every chunk but the last.
        if (m_context.include_usage) c["usage"] = nullptr;
        out += upstream::sse_data(dump(c));
    }

    void start(std::string& out)
    {
        if (m_started) return;
        m_started = true;
        chunk({{"role", "assistant"}, {"content", ""}}, nullptr, out);
    }

    void delta(Json delta_object, std::string& out)
    {
        start(out);  // a sequence that skipped its start still owes the client a role chunk
        chunk(std::move(delta_object), nullptr, out);
    }

    void finish(const StreamEvent& event, std::string& out)
    {
        if (event.finish == canonical::FinishReason::error) {
            // §9.2: an upstream that gave up mid-answer (Mistral "error", DeepSeek
            // "insufficient_system_resource") is an error to the client, not a finish.
            error(500, canonical::ErrorType::server, "the upstream stopped with an error", out);
            return;
        }
        start(out);
        chunk(Json::object(), finish_reason_name(event.finish), out);
    }

    void end(std::string& out)
    {
        start(out);
        // Only a client that asked gets the usage chunk, and only usage that is known: zeros
        // would be a lie the client might bill by.
        if (m_context.include_usage && m_usage.known) {
            Json last = envelope();
            last["choices"] = Json::array();
            last["usage"] = usage_json(m_usage);
            out += upstream::sse_data(dump(last));
        }
        out += upstream::k_sse_done;
        m_closed = true;
    }

    // §9.4: the error object, then the stream closes without [DONE] (the SDKs raise on it).
    void error(int status, canonical::ErrorType type, const std::string& message, std::string& out)
    {
        canonical::UpstreamError upstream_error;
        upstream_error.status = status;
        upstream_error.type = type;
        ErrorStyle style = error_style(upstream_error);
        out += upstream::sse_data(
            error_body(message.empty() ? "upstream error" : message, style.type, style.code));
        m_closed = true;
    }

    StreamContext m_context;
    canonical::Usage m_usage;
    bool m_started = false;
    bool m_closed = false;
};

} // namespace

std::unique_ptr<StreamEncoder> make_stream_encoder(const StreamContext& context)
{
    return std::make_unique<Encoder>(context);
}

} // namespace llmp::dialects::openai
