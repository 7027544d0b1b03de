// Canonical stream events → the named SSE events an Anthropic client expects (§3.3), whatever
// the upstream was: message_start, then content blocks (start, deltas, stop) numbered in order
// of appearance, then message_delta and message_stop. OpenAI-style upstreams report usage after
// the finish, so the finish is held until usage or the end arrives (§9.5); message_delta needs
// both.
#include "llmp/dialects/anthropic.hpp"

#include "llmp/canonical/tool_ids.hpp"

#include <map>

namespace llmp::dialects::anthropic {

namespace {

using canonical::StreamEvent;
using Kind = canonical::StreamEvent::Kind;

void write(std::string& out, const char* event, const Json& data)
{
    out += "event: ";
    out += event;
    out += "\ndata: ";
    out += dump(data);
    out += "\n\n";
}

// The order Anthropic itself uses in message_start and message_delta.
Json stream_usage(const canonical::Usage& usage)
{
    return Json{{"input_tokens", usage.input},
                {"cache_creation_input_tokens", usage.cache_write},
                {"cache_read_input_tokens", usage.cached_input},
                {"output_tokens", usage.output}};
}

class Encoder final : public StreamEncoder {
public:
    explicit Encoder(const StreamContext& context) : m_context(context) {}

    void on_event(const StreamEvent& event, std::string& out) override
    {
        if (m_done) return;
        switch (event.kind) {
        case Kind::start: start(event, out); break;
        case Kind::text: delta(Block::text, "text_delta", "text", event.text, out); break;
        case Kind::thinking:
            delta(Block::thinking, "thinking_delta", "thinking", event.text, out);
            break;
        case Kind::thinking_signature:
            delta(Block::thinking, "signature_delta", "signature", event.text, out);
            break;
        case Kind::redacted_thinking: redacted(event, out); break;
        case Kind::tool_call_start: tool_start(event, out); break;
        case Kind::tool_call_arguments: tool_arguments(event, out); break;
        case Kind::finish: finish(event, out); break;
        case Kind::usage:
            m_usage = event.usage;
            if (m_finish_held) complete(out);
            break;
        case Kind::end:
            ensure_started(out);
            complete(out);
            break;
        case Kind::error: error(event.error_type, event.text, out); break;
        }
    }

private:
    enum class Block { none, text, thinking, tool_use };

    void start(const StreamEvent& event, std::string& out)
    {
        if (m_started) return;
        m_started = true;
        if (event.usage.known) m_usage = event.usage;
        std::string id = m_context.id.empty() ? event.id : m_context.id;
        std::string model = m_context.model.empty() ? event.model : m_context.model;
        write(out, "message_start",
              {{"type", "message_start"},
               {"message",
                {{"id", message_id(id)},
                 {"type", "message"},
                 {"role", "assistant"},
                 {"model", model},
                 {"content", Json::array()},
                 {"stop_reason", nullptr},
                 {"stop_sequence", nullptr},
                 {"usage", stream_usage(m_usage)}}}});
    }

    void ensure_started(std::string& out) { start(StreamEvent{}, out); }

    void close_block(std::string& out)
    {
        if (m_open == Block::none) return;
        write(out, "content_block_stop", {{"type", "content_block_stop"}, {"index", m_open_index}});
        m_open = Block::none;
    }

    int open_block(Block kind, Json content_block, std::string& out)
    {
        ensure_started(out);
        close_block(out);
        m_open = kind;
        m_open_index = m_next_index++;
        write(out, "content_block_start",
              {{"type", "content_block_start"},
               {"index", m_open_index},
               {"content_block", std::move(content_block)}});
        return m_open_index;
    }

    // A text, thinking or signature piece: into the open block of its kind, or a new one.
    void delta(Block kind, const char* delta_type, const char* field, const std::string& text,
               std::string& out)
    {
        if (text.empty()) return;
        if (m_open != kind) {
            if (kind == Block::text)
                open_block(kind, {{"type", "text"}, {"text", ""}}, out);
            else
                open_block(kind, {{"type", "thinking"}, {"thinking", ""}}, out);
        }
        write(out, "content_block_delta",
              {{"type", "content_block_delta"},
               {"index", m_open_index},
               {"delta", {{"type", delta_type}, {field, text}}}});
    }

    void redacted(const StreamEvent& event, std::string& out)
    {
        open_block(Block::thinking, {{"type", "redacted_thinking"}, {"data", event.text}}, out);
        close_block(out);
    }

    void tool_start(const StreamEvent& event, std::string& out)
    {
        std::string id = event.id.empty() ? canonical::new_tool_call_id() : event.id;
        m_tool_blocks[event.index] = open_block(
            Block::tool_use,
            {{"type", "tool_use"}, {"id", id}, {"name", event.name}, {"input", Json::object()}},
            out);
        m_has_tool_calls = true;
    }

    void tool_arguments(const StreamEvent& event, std::string& out)
    {
        if (event.text.empty()) return;
        // Arguments for a call that never started have no block to go to. Arguments for a call
        // whose block was already closed (an upstream interleaving parallel calls) go to that
        // block's index, which is how the SDKs accumulate them.
        auto block = m_tool_blocks.find(event.index);
        if (block == m_tool_blocks.end()) return;
        write(out, "content_block_delta",
              {{"type", "content_block_delta"},
               {"index", block->second},
               {"delta", {{"type", "input_json_delta"}, {"partial_json", event.text}}}});
    }

    void finish(const StreamEvent& event, std::string& out)
    {
        ensure_started(out);
        close_block(out);
        // An upstream that stops "with an error" (Mistral, OpenRouter) failed (§9.2).
        if (event.finish == canonical::FinishReason::error) {
            error(canonical::error_type_name(canonical::ErrorType::server),
                  "upstream stopped with an error", out);
            return;
        }
        m_finish_held = true;
        m_finish = event.finish;
        m_stop_sequence = event.stop_sequence;
    }

    void complete(std::string& out)
    {
        close_block(out);
        std::string stop_reason = stop_reason_for(m_finish, m_stop_sequence, m_has_tool_calls);
        Json stop_sequence = stop_reason == "stop_sequence" ? Json(m_stop_sequence) : Json(nullptr);
        Json usage = m_usage.known ? stream_usage(m_usage) : Json{{"output_tokens", 0}};
        write(out, "message_delta",
              {{"type", "message_delta"},
               {"delta", {{"stop_reason", stop_reason}, {"stop_sequence", stop_sequence}}},
               {"usage", std::move(usage)}});
        write(out, "message_stop", {{"type", "message_stop"}});
        m_done = true;
    }

    void error(const std::string& canonical_type, const std::string& message, std::string& out)
    {
        const char* type = wire_error_type(canonical::error_type_from_name(canonical_type));
        write(out, "error",
              {{"type", "error"},
               {"error",
                {{"type", type}, {"message", message.empty() ? "upstream error" : message}}}});
        m_done = true;
    }

    StreamContext m_context;
    bool m_started = false;
    Block m_open = Block::none;
    int m_open_index = 0;
    int m_next_index = 0;
    std::map<int, int> m_tool_blocks;  // canonical tool-call index → Anthropic block index
    bool m_has_tool_calls = false;
    bool m_finish_held = false;
    canonical::FinishReason m_finish = canonical::FinishReason::stop;
    std::string m_stop_sequence;
    canonical::Usage m_usage;
    bool m_done = false;  // message_stop or error written: nothing more may follow
};

} // namespace

std::unique_ptr<StreamEncoder> make_stream_encoder(const StreamContext& context)
{
    return std::make_unique<Encoder>(context);
}

} // namespace llmp::dialects::anthropic
