// Canonical stream events → the typed SSE events a Responses client reads (reference §4):
// response.created and response.in_progress, then one output item at a time (reasoning, message,
// function_call or custom_tool_call) with its added / part / delta / done events, then
// response.completed or response.incomplete carrying the full output and usage; on a failure,
// `error` and response.failed (§4.6). The terminal object is built by response_object
// (items.hpp) from the very items the events showed, and handed to context.on_final once,
// whatever the outcome, so the response store keeps what the client saw.
//
// Clients hold a stream to the invariants of §4.7 (openai-node throws on a breach): every event
// numbered from 0, an item's events contiguous and its output_index the number of items before
// it, only catalogued event types, never [DONE]. Tool calls take care: an upstream may
// interleave the argument pieces of parallel calls, and a custom tool's raw input is only known
// once its `{"input": ...}` arguments are whole. So the first open call streams live, and the
// calls that start while it is open (and any custom call's input) are held and written whole
// when the calls end.
#include "llmp/dialects/responses.hpp"

#include "llmp/canonical/tool_ids.hpp"
#include "llmp/core/clock.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/dialects/responses/items.hpp"

#include <optional>
#include <vector>

namespace llmp::dialects::responses {

namespace {

using canonical::Part;
using canonical::StreamEvent;
using Kind = canonical::StreamEvent::Kind;

// The code of a failed response (§3: the spec's list, plus insufficient_quota seen in streams).
// Codex retries every code but invalid_prompt, insufficient_quota and a few others, so a request
// the upstream refused is reported as invalid_prompt.
std::string failure_code(canonical::ErrorType type)
{
    using canonical::ErrorType;
    switch (type) {
    case ErrorType::rate_limit: return "rate_limit_exceeded";
    case ErrorType::quota: return "insufficient_quota";
    case ErrorType::invalid_request:
    case ErrorType::too_large: return "invalid_prompt";
    default: return "server_error";
    }
}

Json text_part(const std::string& text)
{
    return Json{{"type", "output_text"},
                {"annotations", Json::array()},
                {"logprobs", Json::array()},
                {"text", text}};
}

Json summary_part(const std::string& text)
{
    return Json{{"type", "summary_text"}, {"text", text}};
}

class Encoder final : public StreamEncoder {
public:
    explicit Encoder(StreamContext context) : m_context(std::move(context)) {}

    void on_event(const StreamEvent& event, std::string& out) override
    {
        if (m_done) return;
        switch (event.kind) {
        case Kind::start: start(event, out); break;
        case Kind::text: text(event.text, out); break;
        case Kind::thinking: thinking(event.text, out); break;
        case Kind::thinking_signature: signature(event.text, out); break;
        case Kind::redacted_thinking: redacted(event.text, out); break;
        case Kind::tool_call_start: call_start(event, out); break;
        case Kind::tool_call_arguments: call_arguments(event, out); break;
        case Kind::finish: finish(event, out); break;
        case Kind::usage: m_usage = event.usage; break;
        case Kind::end: end(out); break;
        case Kind::error:
            fail(canonical::error_type_from_name(event.error_type), event.error_status, event.text,
                 out);
            break;
        }
    }

private:
    enum class Open { none, reasoning, message };

    // A tool call between its start and the end of the calls. `live` calls have had their
    // output_item.added written (and their argument deltas as they came); held ones are
    // written whole by close_calls.
    struct Call {
        int index = 0;
        std::string item_id;
        Part part;
        bool custom = false;
        bool live = false;
        size_t output_index = 0;
    };

    void emit(std::string& out, const char* type, const Json& fields)
    {
        Json data = merged({{"type", type}, {"sequence_number", m_sequence++}}, fields);
        out += "event: ";
        out += type;
        out += "\ndata: ";
        out += openai::dump(data);
        out += "\n\n";
    }

    ResponseFields fields(Outcome outcome) const
    {
        ResponseFields f;
        f.id = m_id;
        f.created_at = m_created;
        f.model = m_model;
        f.outcome = std::move(outcome);
        return f;
    }

    void start(const StreamEvent& event, std::string& out)
    {
        if (m_started) return;
        m_started = true;
        if (m_context.id.starts_with("resp_")) m_id = m_context.id;
        else if (event.id.starts_with("resp_")) m_id = event.id;
        else m_id = new_id("resp_");
        m_model = m_context.model.empty() ? event.model : m_context.model;
        m_created = m_context.created != 0 ? m_context.created : clock::unix_seconds();
        if (event.usage.known) m_usage = event.usage;
        // §4.3: both lifecycle events carry the whole object, no output yet, usage null.
        Json response = response_object(fields({"in_progress", ""}), m_context.echo);
        emit(out, "response.created", {{"response", response}});
        emit(out, "response.in_progress", {{"response", response}});
    }

    void ensure_started(std::string& out)
    {
        if (!m_started) start(StreamEvent{}, out);
    }

    // Opens an item of `type`: output_index is the number of items before it (§4.7.2).
    void add_item(const Json& item, std::string& out)
    {
        emit(out, "response.output_item.added",
             {{"output_index", m_output.size()}, {"item", item}});
    }

    void done_item(Json item, std::string& out)
    {
        emit(out, "response.output_item.done", {{"output_index", m_output.size()}, {"item", item}});
        m_output.push_back(std::move(item));
    }

    // The fields of an event about the open reasoning or message item, plus `extra`.
    Json scoped(const Json& extra) const
    {
        return merged({{"item_id", m_item_id}, {"output_index", m_output.size()}}, extra);
    }

    // Content after the finish would reopen items the terminal event already closed.
    bool accepting_content(std::string& out)
    {
        ensure_started(out);
        return !m_finished;
    }

    void text(const std::string& piece, std::string& out)
    {
        if (piece.empty() || !accepting_content(out)) return;
        if (m_open != Open::message) {
            close_all("completed", out);
            m_open = Open::message;
            m_item_id = new_id("msg_");
            m_text.clear();
            add_item({{"type", "message"},
                      {"id", m_item_id},
                      {"status", "in_progress"},
                      {"role", "assistant"},
                      {"content", Json::array()}},
                     out);
            emit(out, "response.content_part.added",
                 scoped({{"content_index", 0}, {"part", text_part("")}}));
        }
        m_text += piece;
        emit(out, "response.output_text.delta",
             scoped({{"content_index", 0}, {"delta", piece}, {"logprobs", Json::array()}}));
    }

    void open_reasoning(std::string& out)
    {
        close_all("completed", out);
        m_open = Open::reasoning;
        m_item_id = new_id("rs_");
        m_thinking = Part{};
        m_thinking.kind = Part::Kind::thinking;
        m_summary_open = false;
        m_sealed = false;
        add_item({{"type", "reasoning"}, {"id", m_item_id}, {"summary", Json::array()}}, out);
    }

    // Thinking text becomes the reasoning summary (§6.3.2): the AI SDK ignores reasoning_text.
    void thinking(const std::string& piece, std::string& out)
    {
        if (piece.empty() || !accepting_content(out)) return;
        // A signature ends a thinking block: more thinking is a new block, so a new item.
        if (m_open != Open::reasoning || m_sealed) open_reasoning(out);
        if (!m_summary_open) {
            m_summary_open = true;
            emit(out, "response.reasoning_summary_part.added",
                 scoped({{"summary_index", 0}, {"part", summary_part("")}}));
        }
        m_thinking.text += piece;
        emit(out, "response.reasoning_summary_text.delta",
             scoped({{"summary_index", 0}, {"delta", piece}}));
    }

    // The signature rides in the item's encrypted_content, known at output_item.done.
    void signature(const std::string& piece, std::string& out)
    {
        if (piece.empty() || !accepting_content(out)) return;
        if (m_open != Open::reasoning || m_sealed) open_reasoning(out);
        m_thinking.signature += piece;
        m_sealed = true;
    }

    void redacted(const std::string& data, std::string& out)
    {
        if (data.empty() || !accepting_content(out)) return;
        close_all("completed", out);
        Part part;
        part.kind = Part::Kind::redacted_thinking;
        part.data = data;
        std::string id = new_id("rs_");
        add_item({{"type", "reasoning"}, {"id", id}, {"summary", Json::array()}}, out);
        done_item(reasoning_item(id, part), out);
    }

    void close_reasoning(std::string& out)
    {
        if (m_summary_open) {
            emit(out, "response.reasoning_summary_text.done",
                 scoped({{"summary_index", 0}, {"text", m_thinking.text}}));
            emit(out, "response.reasoning_summary_part.done",
                 scoped({{"summary_index", 0}, {"part", summary_part(m_thinking.text)}}));
        }
        done_item(reasoning_item(m_item_id, m_thinking), out);
    }

    void close_message(const std::string& status, std::string& out)
    {
        Json item = message_item(m_item_id, m_text, status);
        emit(out, "response.output_text.done",
             scoped({{"content_index", 0}, {"text", m_text}, {"logprobs", Json::array()}}));
        emit(out, "response.content_part.done",
             scoped({{"content_index", 0}, {"part", item["content"][0]}}));
        done_item(std::move(item), out);
    }

    void call_start(const StreamEvent& event, std::string& out)
    {
        if (!accepting_content(out) || find_call(event.index)) return;
        if (m_open == Open::message) close_message("completed", out);
        if (m_open == Open::reasoning) close_reasoning(out);
        m_open = Open::none;
        Call call;
        call.index = event.index;
        call.part.kind = Part::Kind::tool_call;
        call.part.id = event.id.empty() ? canonical::new_tool_call_id() : event.id;
        call.part.name = event.name;
        Json probe = call_item("", call.part, m_context.echo, "in_progress");
        call.custom = json::string_at(probe, "type") == "custom_tool_call";
        // fc_ for custom calls too (OpenAI says ctc_): response.cpp names a plain answer's
        // calls so, and a streamed answer must look like a plain one.
        call.item_id = new_id("fc_");
        Json item = call_item(call.item_id, call.part, m_context.echo, "in_progress");
        // Only the first open call is shown as it comes; the others wait their turn.
        call.live = m_calls.empty();
        if (call.live) {
            call.output_index = m_output.size();
            add_item(item, out);
        }
        m_calls.push_back(std::move(call));
    }

    Call* find_call(int index)
    {
        for (Call& call : m_calls)
            if (call.index == index) return &call;
        return nullptr;
    }

    void call_arguments(const StreamEvent& event, std::string& out)
    {
        if (event.text.empty() || !accepting_content(out)) return;
        Call* call = find_call(event.index);
        if (!call) return;  // never started, or already closed by later content
        call->part.arguments += event.text;
        if (call->live && !call->custom)
            emit(out, "response.function_call_arguments.delta",
                 {{"item_id", call->item_id},
                  {"output_index", call->output_index},
                  {"delta", event.text}});
    }

    // Writes every open call to its output_item.done; the last gets `last_status`.
    void close_calls(const std::string& last_status, std::string& out)
    {
        for (size_t i = 0; i < m_calls.size(); ++i) {
            Call& call = m_calls[i];
            const std::string status = i + 1 == m_calls.size() ? last_status : "completed";
            Json item = call_item(call.item_id, call.part, m_context.echo, status);
            if (!call.live) {
                call.output_index = m_output.size();
                Part opening = call.part;
                opening.arguments.clear();
                add_item(call_item(call.item_id, opening, m_context.echo, "in_progress"), out);
            }
            Json where = {{"item_id", call.item_id}, {"output_index", call.output_index}};
            if (call.custom) {
                std::string input = json::string_at(item, "input");
                if (!input.empty())
                    emit(out, "response.custom_tool_call_input.delta",
                         merged(where, {{"delta", input}}));
                emit(out, "response.custom_tool_call_input.done",
                     merged(where, {{"input", input}}));
            } else {
                if (!call.live && !call.part.arguments.empty())
                    emit(out, "response.function_call_arguments.delta",
                         merged(where, {{"delta", call.part.arguments}}));
                emit(out, "response.function_call_arguments.done",
                     merged(where, {{"name", item["name"]}, {"arguments", call.part.arguments}}));
            }
            done_item(std::move(item), out);
        }
        m_calls.clear();
    }

    static Json merged(Json fields, const Json& extra)
    {
        for (const auto& [key, value] : extra.items()) fields[key] = value;
        return fields;
    }

    // Closes whatever is open; the last item closed gets `last_status` (a cut-off answer ends
    // in a cut-off item, as response.cpp's output_items has it).
    void close_all(const std::string& last_status, std::string& out)
    {
        if (m_open == Open::message) close_message(last_status, out);
        else if (m_open == Open::reasoning) close_reasoning(out);
        m_open = Open::none;
        close_calls(last_status, out);
    }

    void finish(const StreamEvent& event, std::string& out)
    {
        ensure_started(out);
        if (m_finished) return;
        // An upstream that stopped "with an error" (Mistral, OpenRouter) failed (§9.2).
        if (event.finish == canonical::FinishReason::error) {
            fail(canonical::ErrorType::server, 500, "the upstream stopped with an error", out);
            return;
        }
        m_finished = true;
        m_finish = event.finish;
        Outcome outcome = outcome_of(m_finish);
        close_all(outcome.status == "incomplete" ? "incomplete" : "completed", out);
    }

    void end(std::string& out)
    {
        ensure_started(out);
        if (!m_finished) finish(StreamEvent{}, out);  // an end with no finish: a plain stop
        if (m_done) return;
        ResponseFields f = fields(outcome_of(m_finish));
        f.output = m_output;
        // Usage always, zeros when unknown (§4.7.8): Codex and the AI SDK read it here.
        f.usage = m_usage;
        Json response = response_object(f, m_context.echo);
        emit(out, f.outcome.status == "incomplete" ? "response.incomplete" : "response.completed",
             {{"response", response}});
        conclude(response);
    }

    // §4.6: `error` with both the spec's flat fields and the API's nested object (a string code
    // for the AI SDK), then response.failed with the items finished so far.
    void fail(canonical::ErrorType type, int status, const std::string& text, std::string& out)
    {
        ensure_started(out);
        canonical::UpstreamError upstream_error;
        upstream_error.status = status;
        upstream_error.type = type;
        openai::ErrorStyle style = openai::error_style(upstream_error);
        std::string code = failure_code(type);
        std::string message = text.empty() ? "upstream error" : text;
        emit(out, "error",
             {{"code", code},
              {"message", message},
              {"param", nullptr},
              {"error",
               {{"type", style.type}, {"code", code}, {"message", message}, {"param", nullptr}}}});
        ResponseFields f = fields({"failed", ""});
        f.output = m_output;
        f.usage = m_usage;
        f.error_code = code;
        f.error_message = message;
        Json response = response_object(f, m_context.echo);
        emit(out, "response.failed", {{"response", response}});
        conclude(response);
    }

    void conclude(const Json& response)
    {
        m_done = true;
        if (m_context.on_final) m_context.on_final(response);
    }

    StreamContext m_context;
    std::string m_id;
    std::string m_model;
    int64_t m_created = 0;
    int64_t m_sequence = 0;
    Json m_output = Json::array();  // the items written to output_item.done, in order

    Open m_open = Open::none;
    std::string m_item_id;     // the open reasoning or message item
    std::string m_text;        // the open message's text so far
    Part m_thinking;           // the open reasoning item's text and signature
    bool m_summary_open = false;
    bool m_sealed = false;     // the open reasoning item has its signature: no more text
    std::vector<Call> m_calls;  // open calls, in order of start; the first may be live

    canonical::Usage m_usage;
    canonical::FinishReason m_finish = canonical::FinishReason::stop;
    bool m_started = false;
    bool m_finished = false;
    bool m_done = false;  // a terminal event was written: nothing more may follow
};

} // namespace

std::unique_ptr<StreamEncoder> make_stream_encoder(const StreamContext& context)
{
    return std::make_unique<Encoder>(context);
}

} // namespace llmp::dialects::responses
