// `llmp ask` without a server: the question goes through server::handle_chat_completions, the
// very handler `llmp serve` routes to, with an in-memory request instead of a socket.
#include "llmp/ask/session.hpp"

#include "llmp/server/chat.hpp"
#include "llmp/server/runtime.hpp"

#include <mutex>

namespace llmp::ask {

namespace {

// Stream frames go to the reader instead of a socket. Refusing a frame is how a client leaves:
// the relay then records the request with the usage known so far.
class ReaderWriter final : public server::StreamWriter {
public:
    ReaderWriter(StreamReader& reader, const Hooks& hooks, bool& output_closed)
        : m_reader(reader), m_hooks(hooks), m_output_closed(output_closed)
    {
    }

    bool write(std::string_view bytes) override
    {
        if (stopped()) return false;
        m_reader.feed(bytes);
        return !stopped();
    }

private:
    bool stopped() const
    {
        return m_output_closed || (m_hooks.interrupted && m_hooks.interrupted->load());
    }

    StreamReader& m_reader;
    const Hooks& m_hooks;
    bool& m_output_closed;
};

std::string header_of(const server::Reply& reply, std::string_view name)
{
    for (const auto& [key, value] : reply.headers)
        if (key == name) return value;
    return {};
}

} // namespace

Result<Outcome> ask_in_process(const config::Config& config, const Question& question, const Hooks& hooks)
{
    auto runtime = LLMP_TRY(server::build_runtime(config, /*short_lived=*/true));
    auto& writer = runtime.ledger;

    config::Config settings = config;
    // The relay looks at its client at least this often, so Ctrl-C during a silence is seen
    // within 100 ms (keep-alive frames are comments: the reader skips them).
    settings.server.stream_keepalive_ms = 100;
    server::Context context(std::move(settings), std::move(runtime.registry), std::move(runtime.prices),
                            writer.get());
    std::mutex recorded_mutex;
    std::optional<ledger::RequestRecord> recorded;
    context.observe_records([&](const ledger::RequestRecord& record) {
        std::lock_guard lock(recorded_mutex);
        recorded = record;
        recorded->request_body.reset();
        recorded->response_body.reset();
    });

    Outcome outcome;
    std::string body = LLMP_TRY(request_body(question)).dump();
    server::Request request;
    request.method = "POST";
    request.path = "/v1/chat/completions";
    request.body = body;
    request.source = "ask";

    bool output_closed = false;
    auto on_text = [&](std::string_view text) {
        if (!output_closed && !hooks.on_text(text)) output_closed = true;
    };
    server::Reply reply = server::handle_chat_completions(context, request);
    outcome.status = reply.status;
    outcome.request_id = header_of(reply, "x-request-id");
    outcome.provider = header_of(reply, "x-llmp-provider");
    outcome.ending = ending_for(reply.status, header_of(reply, k_refused_header),
                                reply.stream ? std::string() : error_code(reply.body));
    if (reply.stream) {
        StreamReader reader(on_text);
        ReaderWriter sink(reader, hooks, output_closed);
        reply.stream(sink);
        reader.finish();
        outcome.answer = reader.answer();
    } else if (outcome.ending == Ending::answered) {
        outcome.answer = read_body(reply.body);
        if (!outcome.answer.text.empty()) on_text(outcome.answer.text);
    } else {
        outcome.message = error_message(reply.body);
    }
    reply = {};  // lets go of the stream: the relay records once both sides are done

    // The stream's upstream side records last; it stops at its next event once we have left.
    context.wait_for_workers(2000);
    if (writer) writer->flush();

    settle(outcome, hooks.interrupted && hooks.interrupted->load(), output_closed);
    std::lock_guard lock(recorded_mutex);
    if (recorded) {
        if (outcome.provider.empty()) outcome.provider = recorded->provider;
        outcome.cost_nanousd = recorded->cost_nanousd;
        outcome.latency_ms = recorded->duration_ms;
        outcome.ttft_ms = recorded->ttft_ms;
        if (!outcome.answer.usage.known) outcome.answer.usage = recorded->usage;
    }
    // Named once the record is in: a stream's error reply does not carry the provider header.
    if (outcome.ending == Ending::unreachable) outcome.message = unreachable_message(outcome.provider, outcome.message);
    return outcome;
}

} // namespace llmp::ask
