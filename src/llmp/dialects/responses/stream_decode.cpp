// A Responses upstream's typed SSE events (reference §4) → canonical stream events: start from
// response.created, text from output_text (and refusal) deltas, thinking from the reasoning
// summary or raw reasoning deltas, tool calls from function_call and custom_tool_call items
// (numbered among themselves, §6.4), and finish + usage + end from the terminal event. Events
// are told apart by their data's `type`, as the clients do (§4.1); unknown ones (hosted tools,
// annotations, keepalive) are skipped. Item events may be missing pieces a server did not
// stream: what an output_item.done or the terminal response holds and no delta showed is
// emitted from there, so nothing the upstream answered is lost.
#include "llmp/dialects/responses.hpp"

#include "llmp/canonical/tool_ids.hpp"
#include "llmp/core/strings.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/dialects/responses/items.hpp"

#include <map>

namespace llmp::dialects::responses {

namespace {

using canonical::Part;
using canonical::StreamEvent;
using Kind = canonical::StreamEvent::Kind;

StreamEvent make(Kind kind, std::string text = {})
{
    StreamEvent event;
    event.kind = kind;
    event.text = std::move(text);
    return event;
}

const Json& member(const Json& object, const char* key)
{
    static const Json k_null = nullptr;
    if (!object.is_object()) return k_null;
    auto it = object.find(key);
    return it == object.end() ? k_null : *it;
}

int64_t integer_at(const Json& object, const char* key, int64_t fallback)
{
    const Json& value = member(object, key);
    return value.is_number_integer() ? value.get<int64_t>() : fallback;
}

// The canonical type of an error a stream reports (§4.6, §5): only the words tell.
canonical::ErrorType error_type_of(const std::string& type, const std::string& code)
{
    using canonical::ErrorType;
    if (code == "invalid_prompt" || code == "context_length_exceeded" || code == "bio_policy"
        || type == "invalid_request_error")
        return ErrorType::invalid_request;
    return openai::error_type_from(500, type, code);
}

class Decoder final : public StreamDecoder {
public:
    void on_event(const upstream::SseEvent& event, std::vector<StreamEvent>& out) override
    {
        if (m_done) return;
        std::string_view text = strings::trim(event.data);
        if (text.empty() || text == "[DONE]") return;  // clients tolerate [DONE] (§4.1); so do we
        Json data = json::parse(text);
        if (!data.is_object()) {
            fail_with(out, "responses upstream sent an event that is not a JSON object");
            return;
        }
        std::string type = json::string_at(data, "type");
        if (type.empty()) type = event.event;

        if (type == "response.created" || type == "response.in_progress"
            || type == "response.queued")
            start(member(data, "response"), out);
        else if (type == "response.output_item.added")
            item_added(data, out);
        else if (type == "response.output_item.done")
            item_done(member(data, "item"), out);
        else if (type == "response.output_text.delta" || type == "response.refusal.delta")
            text_delta(data, out);
        else if (type == "response.reasoning_summary_text.delta")
            reasoning_delta(data, Source::summary, out);
        else if (type == "response.reasoning_text.delta")
            reasoning_delta(data, Source::raw, out);
        else if (type == "response.function_call_arguments.delta")
            arguments_delta(data, out);
        else if (type == "response.custom_tool_call_input.delta")
            input_delta(data);
        else if (type == "response.completed" || type == "response.incomplete")
            terminal(member(data, "response"), out);
        else if (type == "response.failed")
            failed(member(data, "response"), out);
        else if (type == "error")
            error(data, out);
    }

    void on_end(std::vector<StreamEvent>& out) override
    {
        if (!m_done) fail_with(out, "upstream closed the stream before response.completed");
    }

private:
    enum class Item { message, reasoning, call, custom, other };
    enum class Source { none, summary, raw };  // where a reasoning item's text comes from

    struct ItemState {
        Item kind = Item::other;
        int call_index = 0;
        bool streamed = false;       // some delta of this item was emitted
        bool done = false;           // its output_item.done was read
        std::string input;           // custom call: the raw input so far
        Source source = Source::none;
        int64_t summary_index = 0;
    };

    void start(const Json& response, std::vector<StreamEvent>& out)
    {
        if (m_started) return;
        m_started = true;
        StreamEvent start = make(Kind::start);
        start.id = json::string_at(response, "id");
        start.model = json::string_at(response, "model");
        out.push_back(std::move(start));
    }

    void ensure_started(std::vector<StreamEvent>& out) { start(Json(), out); }

    // Deltas name their item by item_id; output_index is the fallback for servers that omit it.
    ItemState* find(const Json& data)
    {
        auto by_id = m_items.find(json::string_at(data, "item_id"));
        if (by_id != m_items.end()) return &by_id->second;
        auto by_index = m_by_index.find(integer_at(data, "output_index", -1));
        if (by_index == m_by_index.end()) return nullptr;
        by_id = m_items.find(by_index->second);
        return by_id == m_items.end() ? nullptr : &by_id->second;
    }

    static std::string key_of(const Json& item)
    {
        std::string id = json::string_at(item, "id");
        // §4.7.2: a function_call may lack an id, never a call_id.
        return id.empty() ? "call:" + json::string_at(item, "call_id") : id;
    }

    void item_added(const Json& data, std::vector<StreamEvent>& out)
    {
        const Json& item = member(data, "item");
        ItemState& state = open_item(item, out);
        m_by_index[integer_at(data, "output_index", -1)] = key_of(item);
        // A call whose arguments come whole in the added item.
        if (state.kind == Item::call) {
            std::string arguments = json::string_at(item, "arguments");
            if (!arguments.empty()) emit_arguments(state, std::move(arguments), out);
        }
    }

    ItemState& open_item(const Json& item, std::vector<StreamEvent>& out)
    {
        ensure_started(out);
        std::string key = key_of(item);
        if (auto it = m_items.find(key); it != m_items.end()) return it->second;
        ItemState& state = m_items[key];
        std::string type = json::string_at(item, "type");
        if (type == "message") state.kind = Item::message;
        else if (type == "reasoning") state.kind = Item::reasoning;
        else if (type == "function_call") state.kind = Item::call;
        else if (type == "custom_tool_call") state.kind = Item::custom;
        if (state.kind == Item::call || state.kind == Item::custom) {
            state.call_index = m_calls++;
            StreamEvent start = make(Kind::tool_call_start);
            start.index = state.call_index;
            start.id = json::string_at(item, "call_id");
            if (start.id.empty()) start.id = canonical::new_tool_call_id();
            start.name = json::string_at(item, "name");
            if (std::string space = json::string_at(item, "namespace"); !space.empty())
                start.name = space + "__" + start.name;
            out.push_back(std::move(start));
        }
        return state;
    }

    void emit_arguments(ItemState& state, std::string piece, std::vector<StreamEvent>& out)
    {
        if (piece.empty()) return;
        StreamEvent arguments = make(Kind::tool_call_arguments, std::move(piece));
        arguments.index = state.call_index;
        out.push_back(std::move(arguments));
        state.streamed = true;
    }

    void text_delta(const Json& data, std::vector<StreamEvent>& out)
    {
        ensure_started(out);
        if (ItemState* state = find(data)) state->streamed = true;
        std::string piece = json::string_at(data, "delta");
        if (!piece.empty()) out.push_back(make(Kind::text, std::move(piece)));
    }

    // One source per item: a server that streams both the summary and the raw reasoning
    // (gpt-oss style) would otherwise show the thinking twice. Summary parts are joined with a
    // blank line, as response.cpp joins them.
    void reasoning_delta(const Json& data, Source source, std::vector<StreamEvent>& out)
    {
        ensure_started(out);
        ItemState* state = find(data);
        std::string piece = json::string_at(data, "delta");
        if (piece.empty()) return;
        if (state) {
            if (state->source != Source::none && state->source != source) return;
            const char* key = source == Source::summary ? "summary_index" : "content_index";
            int64_t index = integer_at(data, key, 0);
            if (state->source != Source::none && index != state->summary_index)
                out.push_back(make(Kind::thinking, "\n\n"));
            state->source = source;
            state->summary_index = index;
            state->streamed = true;
        }
        out.push_back(make(Kind::thinking, std::move(piece)));
    }

    void arguments_delta(const Json& data, std::vector<StreamEvent>& out)
    {
        ItemState* state = find(data);
        if (!state || state->kind != Item::call) return;
        emit_arguments(*state, json::string_at(data, "delta"), out);
    }

    void input_delta(const Json& data)
    {
        ItemState* state = find(data);
        if (state && state->kind == Item::custom) state->input += json::string_at(data, "delta");
    }

    // The finished item: what its deltas did not show, and what only the done item carries
    // (a custom call's whole input, reasoning's encrypted_content).
    void item_done(const Json& item, std::vector<StreamEvent>& out)
    {
        if (!item.is_object()) return;
        ItemState& state = open_item(item, out);
        if (state.done) return;
        state.done = true;
        switch (state.kind) {
        case Item::message:
            if (const Json& content = member(item, "content");
                !state.streamed && content.is_array()) {
                for (const auto& part : content) {
                    std::string type = json::string_at(part, "type");
                    std::string text = type == "refusal" ? json::string_at(part, "refusal")
                                                         : json::string_at(part, "text");
                    if (!text.empty()) out.push_back(make(Kind::text, std::move(text)));
                }
            }
            break;
        case Item::reasoning: reasoning_done(item, state, out); break;
        case Item::call:
            if (!state.streamed) emit_arguments(state, json::string_at(item, "arguments"), out);
            break;
        case Item::custom: {
            const Json& input = member(item, "input");
            std::string whole = input.is_string() ? input.get<std::string>() : state.input;
            emit_arguments(state, openai::dump(Json{{"input", whole}}), out);
            break;
        }
        case Item::other: break;
        }
    }

    void reasoning_done(const Json& item, const ItemState& state, std::vector<StreamEvent>& out)
    {
        if (!state.streamed) {
            std::string text;
            for (const char* key : {"summary", "content"}) {
                const Json& pieces = member(item, key);
                if (!pieces.is_array()) continue;
                for (const auto& piece : pieces) {
                    std::string part = json::string_at(piece, "text");
                    if (part.empty()) continue;
                    if (!text.empty()) text += "\n\n";
                    text += part;
                }
                if (!text.empty()) break;
            }
            if (!text.empty()) out.push_back(make(Kind::thinking, std::move(text)));
        }
        // An llmp blob gives back another provider's signature or redacted data; OpenAI's own
        // blob rides as the signature, as response.cpp does for whole answers.
        std::string blob = json::string_at(item, "encrypted_content");
        if (blob.empty()) return;
        std::optional<Part> sealed = open_reasoning(blob);
        if (sealed && sealed->kind == Part::Kind::redacted_thinking)
            out.push_back(make(Kind::redacted_thinking, sealed->data));
        else
            out.push_back(make(Kind::thinking_signature, sealed ? sealed->signature : blob));
    }

    void terminal(const Json& response, std::vector<StreamEvent>& out)
    {
        ensure_started(out);
        // Items the stream did not finish (a server that sent only the terminal event, or no
        // output_item.done): the terminal's output says what they were.
        if (const Json& output = member(response, "output"); output.is_array())
            for (const auto& item : output) item_done(item, out);
        StreamEvent finish = make(Kind::finish);
        if (json::string_at(response, "status") == "incomplete") {
            std::string reason = json::string_at(member(response, "incomplete_details"), "reason");
            finish.finish = reason == "content_filter" ? canonical::FinishReason::content_filter
                                                       : canonical::FinishReason::length;
        } else {
            finish.finish = m_calls > 0 ? canonical::FinishReason::tool_calls
                                        : canonical::FinishReason::stop;
        }
        out.push_back(std::move(finish));
        if (canonical::Usage usage = usage_from(member(response, "usage")); usage.known) {
            StreamEvent event = make(Kind::usage);
            event.usage = usage;
            out.push_back(std::move(event));
        }
        out.push_back(make(Kind::end));
        m_done = true;
    }

    void failed(const Json& response, std::vector<StreamEvent>& out)
    {
        const Json& error = member(response, "error");
        report(json::string_at(error, "code"), json::string_at(error, "code"),
               json::string_at(error, "message"), out);
    }

    // §4.6: flat (the spec) or nested (the API) fields; either may be missing.
    void error(const Json& data, std::vector<StreamEvent>& out)
    {
        const Json& nested = member(data, "error");
        auto field = [&](const char* key) {
            std::string value = json::string_at(nested, key);
            return value.empty() ? json::string_at(data, key) : value;
        };
        report(field("type"), field("code"), field("message"), out);
    }

    void report(const std::string& type, const std::string& code, std::string message,
                std::vector<StreamEvent>& out)
    {
        canonical::ErrorType error_type = error_type_of(type, code);
        canonical::UpstreamError upstream_error;
        upstream_error.type = error_type;
        StreamEvent event = make(Kind::error);
        event.error_status = openai::error_style(upstream_error).status;
        event.error_type = canonical::error_type_name(error_type);
        event.text = !message.empty() ? std::move(message)
            : "responses upstream reported " + (code.empty() ? std::string("an error") : code);
        out.push_back(std::move(event));
        m_done = true;
    }

    void fail_with(std::vector<StreamEvent>& out, std::string message)
    {
        StreamEvent event = make(Kind::error, std::move(message));
        event.error_status = 502;
        event.error_type = canonical::error_type_name(canonical::ErrorType::server);
        out.push_back(std::move(event));
        m_done = true;
    }

    std::map<std::string, ItemState> m_items;      // by item id (or "call:" + call_id)
    std::map<int64_t, std::string> m_by_index;     // output_index → item key
    int m_calls = 0;
    bool m_started = false;
    bool m_done = false;  // a terminal event or an error: nothing more is read
};

} // namespace

std::unique_ptr<StreamDecoder> make_stream_decoder()
{
    return std::make_unique<Decoder>();
}

} // namespace llmp::dialects::responses
