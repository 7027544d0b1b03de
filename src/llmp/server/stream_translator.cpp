#include "llmp/server/stream_translator.hpp"

#include "llmp/canonical/json.hpp"
#include "llmp/canonical/tool_ids.hpp"
#include "llmp/dialects/dispatch.hpp"
#include "llmp/dialects/openai.hpp"
#include "llmp/server/errors.hpp"

#include <vector>

namespace llmp::server {

namespace {

using canonical::StreamEvent;

bool is_content(StreamEvent::Kind kind)
{
    using K = StreamEvent::Kind;
    return kind == K::text || kind == K::thinking || kind == K::tool_call_start
        || kind == K::tool_call_arguments;
}

int64_t content_chars(const StreamEvent& e)
{
    return is_content(e.kind) ? static_cast<int64_t>(e.text.size() + e.name.size()) : 0;
}

int64_t string_size(const Json& object, const char* key)
{
    auto found = object.find(key);
    return found != object.end() && found->is_string()
        ? static_cast<int64_t>(found->get_ref<const std::string&>().size())
        : 0;
}

// The model output in an OpenAI chunk's deltas: text, reasoning, refusals and tool calls.
int64_t delta_chars(const Json& choices)
{
    int64_t chars = 0;
    for (const auto& choice : choices) {
        if (!choice.is_object()) continue;
        auto delta = choice.find("delta");
        if (delta == choice.end() || !delta->is_object()) continue;
        for (const char* key : {"content", "reasoning_content", "reasoning", "refusal"})
            chars += string_size(*delta, key);
        auto calls = delta->find("tool_calls");
        if (calls == delta->end() || !calls->is_array()) continue;
        for (const auto& call : *calls) {
            if (!call.is_object()) continue;
            auto function = call.find("function");
            if (function == call.end() || !function->is_object()) continue;
            chars += string_size(*function, "name") + string_size(*function, "arguments");
        }
    }
    return chars;
}

Reply reply_for(config::Dialect client, const StreamEvent& error)
{
    canonical::UpstreamError e;
    e.status = error.error_status > 0 ? error.error_status : 502;
    e.type = canonical::error_type_from_name(error.error_type);
    e.message = error.text;
    auto wire = dialects::encode_error(client, e);
    Reply reply;
    reply.status = wire.status;
    reply.body = std::move(wire.body);
    reply.headers = std::move(wire.headers);
    return reply;
}

class OpenAiPassthrough final : public StreamTranslator {
public:
    explicit OpenAiPassthrough(bool client_wants_usage) : m_client_wants_usage(client_wants_usage) {}

    Seen on_event(const upstream::SseEvent& event, std::string& frames) override
    {
        Seen seen;
        if (event.data == "[DONE]") {
            m_complete = true;
            frames += upstream::k_sse_done;
            return seen;
        }
        Json chunk = json::parse(event.data);  // bounded depth: nlohmann recurses
        if (!chunk.is_object()) {
            frames += upstream::sse_data(event.data);  // not ours to judge: relay as is
            return seen;
        }
        if (chunk.contains("error")) seen.error = upstream_error_reply(502, {}, event.data);
        auto usage = chunk.find("usage");
        bool has_usage = usage != chunk.end() && usage->is_object();
        if (has_usage) seen.usage = dialects::openai::usage_from(*usage);
        auto choices = chunk.find("choices");
        bool usage_only = has_usage && choices != chunk.end() && choices->is_array() && choices->empty();
        seen.content = choices != chunk.end() && choices->is_array() && !choices->empty();
        if (seen.content) seen.content_chars = delta_chars(*choices);
        if (has_usage || (seen.content && has_finish_reason(*choices))) m_complete = true;
        if (m_client_wants_usage) {
            frames += upstream::sse_data(event.data);
        } else if (usage_only) {
            // the client did not ask for it
        } else if (usage != chunk.end()) {
            chunk.erase("usage");  // the `"usage":null` we caused
            frames += upstream::sse_data(chunk.dump());
        } else {
            frames += upstream::sse_data(event.data);
        }
        return seen;
    }

    // Servers that omit `[DONE]` still end with a finish reason or the usage chunk; a body that
    // ends with neither was cut.
    Seen on_end(std::string&) override
    {
        Seen seen;
        seen.ended_early = !m_complete;
        return seen;
    }

private:
    static bool has_finish_reason(const Json& choices)
    {
        for (const auto& choice : choices)
            if (choice.is_object() && choice.contains("finish_reason") && !choice["finish_reason"].is_null())
                return true;
        return false;
    }

    bool m_client_wants_usage;
    bool m_complete = false;
};

// Anthropic to Anthropic: the events go out as they came; the decoder only watches.
class AnthropicPassthrough final : public StreamTranslator {
public:
    AnthropicPassthrough() : m_decoder(dialects::make_stream_decoder(config::Dialect::anthropic)) {}

    Seen on_event(const upstream::SseEvent& event, std::string& frames) override
    {
        if (!event.event.empty()) frames += "event: " + event.event + "\n";
        frames += "data: " + event.data + "\n\n";
        std::vector<StreamEvent> events;
        m_decoder->on_event(event, events);
        return observe(events);
    }

    Seen on_end(std::string&) override
    {
        std::vector<StreamEvent> events;
        m_decoder->on_end(events);
        // An early close is the client's to see in the raw stream; the relay only records it.
        Seen seen = observe(events);
        seen.ended_early = seen.error.has_value();
        seen.error.reset();
        return seen;
    }

private:
    Seen observe(const std::vector<StreamEvent>& events)
    {
        Seen seen;
        for (const auto& e : events) {
            if (is_content(e.kind)) seen.content = true;
            seen.content_chars += content_chars(e);
            if (e.kind == StreamEvent::Kind::usage) seen.usage = e.usage;
            if (e.kind == StreamEvent::Kind::error) seen.error = reply_for(config::Dialect::anthropic, e);
        }
        return seen;
    }

    std::unique_ptr<dialects::StreamDecoder> m_decoder;
};

// Responses to Responses: the events go out as they came; the decoder watches for content,
// usage and errors, and the terminal event's response object is kept for the store.
class ResponsesPassthrough final : public StreamTranslator {
public:
    explicit ResponsesPassthrough(std::function<void(const Json&)> on_final)
        : m_decoder(dialects::make_stream_decoder(config::Dialect::responses)), m_on_final(std::move(on_final))
    {
    }

    Seen on_event(const upstream::SseEvent& event, std::string& frames) override
    {
        if (!event.event.empty()) frames += "event: " + event.event + "\n";
        frames += "data: " + event.data + "\n\n";
        std::vector<StreamEvent> events;
        m_decoder->on_event(event, events);
        if (m_on_final && is_terminal(event)) {
            Json data = json::parse(event.data);
            if (data.is_object() && data.contains("response") && data["response"].is_object()) {
                m_on_final(data["response"]);
                m_on_final = nullptr;
            }
        }
        return observe(events);
    }

    Seen on_end(std::string&) override
    {
        std::vector<StreamEvent> events;
        m_decoder->on_end(events);
        Seen seen = observe(events);
        seen.ended_early = seen.error.has_value();
        seen.error.reset();
        return seen;
    }

private:
    static bool is_terminal(const upstream::SseEvent& event)
    {
        // The event name repeats `type`; a stream without names still carries it in the data.
        if (event.event == "response.completed" || event.event == "response.incomplete") return true;
        if (!event.event.empty()) return false;
        return event.data.find("\"response.completed\"") != std::string::npos
            || event.data.find("\"response.incomplete\"") != std::string::npos;
    }

    Seen observe(const std::vector<StreamEvent>& events)
    {
        Seen seen;
        for (const auto& e : events) {
            if (is_content(e.kind)) seen.content = true;
            seen.content_chars += content_chars(e);
            if (e.kind == StreamEvent::Kind::usage) seen.usage = e.usage;
            if (e.kind == StreamEvent::Kind::error) seen.error = reply_for(config::Dialect::responses, e);
        }
        return seen;
    }

    std::unique_ptr<dialects::StreamDecoder> m_decoder;
    std::function<void(const Json&)> m_on_final;
};

// Any other pair: upstream wire → canonical events → client wire.
class Translation final : public StreamTranslator {
public:
    Translation(config::Dialect client, config::Dialect upstream, const dialects::StreamContext& context)
        : m_client(client), m_decoder(dialects::make_stream_decoder(upstream)),
          m_encoder(dialects::make_stream_encoder(client, context))
    {
    }

    Seen on_event(const upstream::SseEvent& event, std::string& frames) override
    {
        std::vector<StreamEvent> events;
        m_decoder->on_event(event, events);
        return emit(events, frames);
    }

    Seen on_end(std::string& frames) override
    {
        std::vector<StreamEvent> events;
        m_decoder->on_end(events);
        return emit(events, frames);
    }

private:
    Seen emit(std::vector<StreamEvent>& events, std::string& frames)
    {
        Seen seen;
        for (auto& e : events) {
            if (is_content(e.kind)) seen.content = true;
            seen.content_chars += content_chars(e);
            if (e.kind == StreamEvent::Kind::usage) seen.usage = e.usage;
            if (e.kind == StreamEvent::Kind::error) seen.error = reply_for(m_client, e);
            if (e.kind == StreamEvent::Kind::tool_call_start && !e.signature.empty()) {
                // Gemini's thought signature rides in the id the client will send back.
                e.id = canonical::pack_tool_id(e.id, e.signature);
                e.signature.clear();
            }
            m_encoder->on_event(e, frames);
        }
        return seen;
    }

    config::Dialect m_client;
    std::unique_ptr<dialects::StreamDecoder> m_decoder;
    std::unique_ptr<dialects::StreamEncoder> m_encoder;
};

} // namespace

std::unique_ptr<StreamTranslator> make_openai_passthrough(bool client_wants_usage)
{
    return std::make_unique<OpenAiPassthrough>(client_wants_usage);
}

std::unique_ptr<StreamTranslator> make_anthropic_passthrough()
{
    return std::make_unique<AnthropicPassthrough>();
}

std::unique_ptr<StreamTranslator> make_responses_passthrough(std::function<void(const Json&)> on_final)
{
    return std::make_unique<ResponsesPassthrough>(std::move(on_final));
}

std::unique_ptr<StreamTranslator> make_stream_translation(config::Dialect client,
                                                          config::Dialect upstream,
                                                          const dialects::StreamContext& context)
{
    return std::make_unique<Translation>(client, upstream, context);
}

std::string late_error_frame(config::Dialect client, const Error& error)
{
    Reply reply = error_reply(client, error);
    if (client == config::Dialect::anthropic) return "event: error\ndata: " + reply.body + "\n\n";
    if (client == config::Dialect::responses) {
        // The error event carries the details flat and nested (reference §4.6), with a string
        // code, so every SDK reads it.
        Json body = json::parse(reply.body);
        Json event = {{"type", "error"}};
        if (body.is_object() && body.contains("error") && body["error"].is_object()) {
            Json nested = body["error"];
            if (!nested["code"].is_string()) nested["code"] = nested.value("type", "server_error");
            event["code"] = nested["code"];
            event["message"] = nested.value("message", "");
            event["param"] = nullptr;
            event["error"] = std::move(nested);
        }
        return "event: error\ndata: " + dialects::openai::dump(event) + "\n\n";
    }
    return upstream::sse_data(reply.body);
}

} // namespace llmp::server
