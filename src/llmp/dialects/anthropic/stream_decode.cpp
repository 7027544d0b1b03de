// An Anthropic upstream's named SSE events (§3.3) → canonical stream events. Blocks are
// tracked by Anthropic's `index`; tool calls are numbered among themselves (0, 1, ...), which is
// what OpenAI clients expect of a tool-call index (§9.5). Usage is cumulative on the wire and is
// reported once, at message_stop, after the finish.
#include "llmp/dialects/anthropic.hpp"

#include <algorithm>
#include <map>

namespace llmp::dialects::anthropic {

namespace {

using canonical::StreamEvent;
using Kind = canonical::StreamEvent::Kind;

// The buckets a usage object mentions replace the ones known so far: message_delta's usage is
// cumulative and may name only output_tokens.
void merge_usage(canonical::Usage& into, const Json& usage)
{
    if (!usage.is_object()) return;
    canonical::Usage seen = usage_from(usage);
    auto has = [&](const char* key) {
        auto it = usage.find(key);
        return it != usage.end() && it->is_number();
    };
    if (has("input_tokens")) into.input = seen.input;
    if (has("cache_read_input_tokens")) into.cached_input = seen.cached_input;
    if (has("cache_creation_input_tokens")) into.cache_write = seen.cache_write;
    if (has("output_tokens")) into.output = seen.output;
    // Read apart from usage_from, which caps it by this object's output_tokens (maybe absent).
    if (auto details = usage.find("output_tokens_details");
        details != usage.end() && details->is_object()) {
        auto thinking = details->find("thinking_tokens");
        if (thinking != details->end() && thinking->is_number_integer())
            into.reasoning = std::max<int64_t>(0, thinking->get<int64_t>());
    }
    into.reasoning = std::min(into.reasoning, into.output);
    into.known = true;
}

// GCC warns on designated initializers that skip members, so events are built step by step.
StreamEvent make(Kind kind, std::string text = {})
{
    StreamEvent event;
    event.kind = kind;
    event.text = std::move(text);
    return event;
}

StreamEvent tool_event(Kind kind, int index, std::string text = {})
{
    StreamEvent event = make(kind, std::move(text));
    event.index = index;
    return event;
}

StreamEvent error_event(canonical::ErrorType type, int status, std::string message)
{
    StreamEvent event = make(Kind::error, std::move(message));
    event.error_status = status;
    event.error_type = canonical::error_type_name(type);
    return event;
}

int64_t index_of(const Json& data)
{
    auto it = data.find("index");
    return it != data.end() && it->is_number_integer() ? it->get<int64_t>() : -1;
}

class Decoder final : public StreamDecoder {
public:
    void on_event(const upstream::SseEvent& event, std::vector<StreamEvent>& out) override
    {
        if (m_done) return;
        Json data = json::parse(event.data);
        std::string type = event.event.empty() ? json::string_at(data, "type") : event.event;
        if (type == "ping" || type.empty()) return;
        bool known = type == "message_start" || type == "content_block_start" ||
                     type == "content_block_delta" || type == "content_block_stop" ||
                     type == "message_delta" || type == "message_stop" || type == "error";
        if (!known) return;  // new event types are additions; skipping them is safe
        if (data.is_discarded() || !data.is_object()) {
            fail_with(out, "anthropic upstream sent an unreadable " + type + " event");
            return;
        }
        if (type == "message_start")
            message_start(data, out);
        else if (type == "content_block_start")
            block_start(data, out);
        else if (type == "content_block_delta")
            block_delta(data, out);
        else if (type == "message_delta")
            message_delta(data, out);
        else if (type == "message_stop")
            message_stop(out);
        else if (type == "error")
            error(data, out);
    }

    void on_end(std::vector<StreamEvent>& out) override
    {
        if (!m_done) fail_with(out, "upstream closed the stream early");
    }

private:
    enum class Block { text, thinking, tool_use, other };
    struct OpenBlock {
        Block kind = Block::other;
        int tool_index = 0;
    };

    void ensure_started(std::vector<StreamEvent>& out)
    {
        if (m_started) return;
        m_started = true;
        out.push_back(make(Kind::start));
    }

    void message_start(const Json& data, std::vector<StreamEvent>& out)
    {
        if (m_started) return;
        m_started = true;
        StreamEvent start = make(Kind::start);
        auto message = data.find("message");
        if (message != data.end() && message->is_object()) {
            start.id = json::string_at(*message, "id");
            start.model = json::string_at(*message, "model");
            if (auto usage = message->find("usage"); usage != message->end())
                merge_usage(m_usage, *usage);
        }
        start.usage = m_usage;  // the input side, known from the start
        out.push_back(std::move(start));
    }

    void block_start(const Json& data, std::vector<StreamEvent>& out)
    {
        ensure_started(out);
        // Content after message_delta's stop_reason would break the event order the encoders
        // rely on (canonical/response.hpp); Anthropic never sends it.
        if (m_finished) return;
        auto found = data.find("content_block");
        if (found == data.end() || !found->is_object()) return;
        const Json& block = *found;
        std::string type = json::string_at(block, "type");
        OpenBlock& open = m_blocks[index_of(data)];
        if (type == "text") {
            open.kind = Block::text;
            emit_text(out, Kind::text, json::string_at(block, "text"));
        } else if (type == "thinking") {
            open.kind = Block::thinking;
            emit_text(out, Kind::thinking, json::string_at(block, "thinking"));
            emit_text(out, Kind::thinking_signature, json::string_at(block, "signature"));
        } else if (type == "redacted_thinking") {
            open.kind = Block::other;
            out.push_back(make(Kind::redacted_thinking, json::string_at(block, "data")));
        } else if (type == "tool_use") {
            open.kind = Block::tool_use;
            open.tool_index = m_tools++;
            StreamEvent start = tool_event(Kind::tool_call_start, open.tool_index);
            start.id = json::string_at(block, "id");
            start.name = json::string_at(block, "name");
            out.push_back(std::move(start));
            // The input is normally {} and arrives in deltas; a filled one is sent whole.
            auto input = block.find("input");
            if (input != block.end() && input->is_object() && !input->empty())
                out.push_back(tool_event(Kind::tool_call_arguments, open.tool_index, dump(*input)));
        } else {
            open.kind = Block::other;  // server tool blocks: Anthropic's business
        }
    }

    void block_delta(const Json& data, std::vector<StreamEvent>& out)
    {
        ensure_started(out);
        if (m_finished) return;  // as in block_start
        auto found = data.find("delta");
        if (found == data.end() || !found->is_object()) return;
        const Json& delta = *found;
        std::string type = json::string_at(delta, "type");
        if (type == "text_delta") {
            emit_text(out, Kind::text, json::string_at(delta, "text"));
        } else if (type == "thinking_delta") {
            emit_text(out, Kind::thinking, json::string_at(delta, "thinking"));
        } else if (type == "signature_delta") {
            emit_text(out, Kind::thinking_signature, json::string_at(delta, "signature"));
        } else if (type == "input_json_delta") {
            auto block = m_blocks.find(index_of(data));
            if (block == m_blocks.end() || block->second.kind != Block::tool_use) return;
            std::string piece = json::string_at(delta, "partial_json");
            if (!piece.empty())
                out.push_back(tool_event(Kind::tool_call_arguments, block->second.tool_index,
                                         std::move(piece)));
        }
        // citations_delta and newer kinds carry nothing canonical.
    }

    void message_delta(const Json& data, std::vector<StreamEvent>& out)
    {
        ensure_started(out);
        if (auto usage = data.find("usage"); usage != data.end()) merge_usage(m_usage, *usage);
        auto delta = data.find("delta");
        if (delta == data.end() || !delta->is_object() || m_finished) return;
        std::string stop_reason = json::string_at(*delta, "stop_reason");
        if (stop_reason.empty()) return;
        m_finished = true;
        StreamEvent finish = make(Kind::finish);
        finish.finish = finish_from_stop_reason(stop_reason);
        finish.stop_sequence = json::string_at(*delta, "stop_sequence");
        out.push_back(std::move(finish));
    }

    void message_stop(std::vector<StreamEvent>& out)
    {
        ensure_started(out);
        if (!m_finished) out.push_back(make(Kind::finish));
        m_finished = true;
        if (m_usage.known) {
            StreamEvent usage = make(Kind::usage);
            usage.usage = m_usage;
            out.push_back(std::move(usage));
        }
        out.push_back(make(Kind::end));
        m_done = true;
    }

    void error(const Json& data, std::vector<StreamEvent>& out)
    {
        std::string type;
        std::string message;
        if (auto it = data.find("error"); it != data.end() && it->is_object()) {
            type = json::string_at(*it, "type");
            message = json::string_at(*it, "message");
        }
        // The stream's status was 200; the type says what the failure really was.
        canonical::ErrorType error_type = error_type_from_wire(type, 500);
        if (message.empty())
            message = "anthropic upstream reported " + (type.empty() ? "an error" : type);
        out.push_back(error_event(error_type, wire_status(error_type), std::move(message)));
        m_done = true;
    }

    void fail_with(std::vector<StreamEvent>& out, std::string message)
    {
        out.push_back(error_event(canonical::ErrorType::server, 502, std::move(message)));
        m_done = true;
    }

    static void emit_text(std::vector<StreamEvent>& out, Kind kind, std::string text)
    {
        if (!text.empty()) out.push_back(make(kind, std::move(text)));
    }

    std::map<int64_t, OpenBlock> m_blocks;  // by Anthropic block index
    int m_tools = 0;
    canonical::Usage m_usage;
    bool m_started = false;
    bool m_finished = false;
    bool m_done = false;  // message_stop or an error: nothing more is read
};

} // namespace

std::unique_ptr<StreamDecoder> make_stream_decoder()
{
    return std::make_unique<Decoder>();
}

} // namespace llmp::dialects::anthropic
