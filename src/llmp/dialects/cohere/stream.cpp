// Cohere v2 chat stream → canonical stream events (reference/providers.md §7). Each SSE event's
// data is a JSON object whose "type" names the event; the `event:` field is used when "type" is
// missing, since whether Cohere sends `event:` lines is unverified (§10).
#include "llmp/dialects/cohere.hpp"

#include "llmp/canonical/tool_ids.hpp"
#include "llmp/core/strings.hpp"

#include <initializer_list>

namespace llmp::dialects::cohere {

namespace {
using canonical::StreamEvent;

// The object at a path of keys, or null if any step is missing or not an object.
const Json* object_at(const Json& root, std::initializer_list<const char*> keys)
{
    const Json* node = &root;
    for (const char* key : keys) {
        if (!node->is_object()) return nullptr;
        auto it = node->find(key);
        if (it == node->end() || !it->is_object()) return nullptr;
        node = &*it;
    }
    return node;
}

StreamEvent event_of(StreamEvent::Kind kind, std::string text = {})
{
    StreamEvent event;
    event.kind = kind;
    event.text = std::move(text);
    return event;
}

class Decoder final : public StreamDecoder {
public:
    void on_event(const upstream::SseEvent& event, std::vector<StreamEvent>& out) override
    {
        if (m_stopped) return;
        std::string_view data = strings::trim(event.data);
        if (data == "[DONE]") {
            m_stopped = true;  // the SDK's terminator; on_end decides whether it came too early
            return;
        }
        Json payload = json::parse(data);
        if (!payload.is_object()) return;  // nothing a decoder could use
        std::string type = json::string_at(payload, "type");
        if (type.empty()) type = event.event;

        auto error = payload.find("error");
        bool error_shaped = (error != payload.end() && !error->is_null())
            || (type.empty() && payload.contains("message"));
        if (type == "error" || error_shaped) return report_error(error_message_from(payload), out);
        if (type == "message-start") return start(json::string_at(payload, "id"), out);

        const Json* message = object_at(payload, {"delta", "message"});
        if (type == "content-start" || type == "content-delta") {
            // content-start may carry a first piece; usually it is empty.
            const Json* content = message ? object_at(*message, {"content"}) : nullptr;
            if (!content) return;
            emit(StreamEvent::Kind::thinking, json::string_at(*content, "thinking"), out);
            emit(StreamEvent::Kind::text, json::string_at(*content, "text"), out);
        } else if (type == "tool-plan-delta") {
            // The model's plan before calling tools: reasoning, as in decode_response.
            if (message)
                emit(StreamEvent::Kind::thinking, json::string_at(*message, "tool_plan"), out);
        } else if (type == "tool-call-start") {
            tool_call_start(message ? tool_call_of(*message) : nullptr, out);
        } else if (type == "tool-call-delta") {
            const Json* call = message ? tool_call_of(*message) : nullptr;
            const Json* function = call ? object_at(*call, {"function"}) : nullptr;
            if (function && m_tool_calls > 0)
                arguments(m_tool_calls - 1, json::string_at(*function, "arguments"), out);
        } else if (type == "message-end") {
            message_end(payload, out);
        }
        // content-end, tool-call-end, citation-*, debug and unknown types carry nothing needed.
    }

    void on_end(std::vector<StreamEvent>& out) override
    {
        if (m_done) return;
        report_error("upstream closed the stream early", out, 502);
    }

private:
    // tool_calls is one object in the SDK's stream types; an array is tolerated (first entry).
    static const Json* tool_call_of(const Json& message)
    {
        auto it = message.find("tool_calls");
        if (it == message.end()) return nullptr;
        if (it->is_object()) return &*it;
        if (it->is_array() && !it->empty() && it->front().is_object()) return &it->front();
        return nullptr;
    }

    void start(std::string id, std::vector<StreamEvent>& out)
    {
        if (m_started) return;
        m_started = true;
        StreamEvent event = event_of(StreamEvent::Kind::start);
        event.id = std::move(id);
        out.push_back(std::move(event));
    }

    // Content before message-start still gets a start event first, to keep the order valid.
    void emit(StreamEvent::Kind kind, std::string text, std::vector<StreamEvent>& out)
    {
        if (text.empty()) return;
        start({}, out);
        out.push_back(event_of(kind, std::move(text)));
    }

    void arguments(int index, std::string text, std::vector<StreamEvent>& out)
    {
        if (text.empty()) return;
        StreamEvent event = event_of(StreamEvent::Kind::tool_call_arguments, std::move(text));
        event.index = index;
        out.push_back(std::move(event));
    }

    // Cohere's own event index counts all content blocks; canonical indexes count calls only.
    void tool_call_start(const Json* call, std::vector<StreamEvent>& out)
    {
        if (!call) return;
        start({}, out);
        StreamEvent event = event_of(StreamEvent::Kind::tool_call_start);
        event.index = m_tool_calls++;
        event.id = json::string_at(*call, "id");
        if (event.id.empty()) event.id = canonical::new_tool_call_id();
        const Json* function = object_at(*call, {"function"});
        if (function) event.name = json::string_at(*function, "name");
        int index = event.index;
        out.push_back(std::move(event));
        if (function) arguments(index, json::string_at(*function, "arguments"), out);
    }

    void message_end(const Json& payload, std::vector<StreamEvent>& out)
    {
        const Json* delta = object_at(payload, {"delta"});
        if (!delta) delta = &payload;
        if (std::string error = json::string_at(*delta, "error"); !error.empty())
            return report_error(std::move(error), out);
        start({}, out);
        StreamEvent finish = event_of(StreamEvent::Kind::finish);
        finish.finish = finish_reason_from(json::string_at(*delta, "finish_reason"));
        out.push_back(std::move(finish));
        if (const Json* usage = object_at(*delta, {"usage"})) {
            StreamEvent event = event_of(StreamEvent::Kind::usage);
            event.usage = usage_from(*usage);
            if (event.usage.known) out.push_back(std::move(event));
        }
        out.push_back(event_of(StreamEvent::Kind::end));
        m_stopped = m_done = true;
    }

    // An error reported inside the 200 stream ends it; its status is unknown, so 500.
    void report_error(std::string message, std::vector<StreamEvent>& out, int status = 500)
    {
        if (message.empty()) message = "Cohere reported an error in the stream";
        StreamEvent event = event_of(StreamEvent::Kind::error, std::move(message));
        event.error_status = status;
        event.error_type = canonical::error_type_name(canonical::error_type_for_status(status));
        out.push_back(std::move(event));
        m_stopped = m_done = true;
    }

    bool m_started = false;
    bool m_stopped = false;  // nothing more is read: finished, failed, or [DONE]
    bool m_done = false;     // the sequence was closed by end or error
    int m_tool_calls = 0;
};
} // namespace

std::unique_ptr<StreamDecoder> make_stream_decoder()
{
    return std::make_unique<Decoder>();
}

} // namespace llmp::dialects::cohere
