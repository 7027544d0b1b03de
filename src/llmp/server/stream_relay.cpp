// The streaming relay. A worker thread reads the upstream stream and turns each SSE event into
// the frame the client gets. The handler waits for the first event before committing to a 200,
// so an upstream that fails early is a normal error status; after that, failures become an SSE
// error event. Once the 200 is out, the connection's thread lends its writer to the worker, which
// writes each frame itself: waking a second thread for every chunk cost more CPU than the rest of
// the relay (the benchmark's 1,000 streams), and the connection's thread is still there for
// keep-alive comments, the end of the stream and shutdown.
//
// The ledger record is owned by both sides and submitted by whichever finishes last, so a
// client that disconnects is recorded, with the usage known at that point.
#include "llmp/core/clock.hpp"
#include "llmp/core/log.hpp"
#include "llmp/core/redact.hpp"
#include "llmp/server/chat.hpp"
#include "llmp/server/errors.hpp"
#include "llmp/server/usage_estimate.hpp"
#include "llmp/upstream/sse.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace llmp::server {

namespace {

// Stored response bodies of streams are capped: replay needs the gist, not megabytes.
constexpr size_t k_max_stored_stream = 1 << 20;
constexpr size_t k_max_error_body = 64 << 10;

class Session {
public:
    Session(Context& context, PreparedCall call)
        : m_context(context), m_call(std::move(call)),
          m_parser([this](upstream::SseEvent&& event) { return on_event(std::move(event)); })
    {
    }

    // Worker thread: the whole upstream exchange.
    void run_upstream()
    {
        upstream::BodyStream hooks;
        hooks.on_head = [this](int status, const upstream::Headers& headers) {
            std::lock_guard lock(m_mutex);
            m_status = status;
            m_upstream_headers = headers;
            return !m_client_gone;
        };
        hooks.on_body = [this](std::string_view piece) {
            if (m_client_gone.load() || m_context.past_drain_deadline()) return false;
            if (m_status != 200) {
                std::lock_guard lock(m_mutex);
                if (m_error_body.size() < k_max_error_body) m_error_body.append(piece);
                return true;
            }
            return m_parser.feed(piece) && !m_client_gone.load();
        };
        providers::Call call{providers::Operation::chat, m_call.record.upstream_model, true,
                             &m_call.body, upstream_text(m_call), m_call.relayed};
        auto result = m_call.provider->send(std::move(call), &hooks);
        if (result && !result->cancelled && m_status == 200) {
            m_parser.finish();
            std::string frames;
            Seen seen = m_call.translator->on_end(frames);
            take(seen, std::move(frames));
        }

        {
            std::lock_guard lock(m_mutex);
            if (!result) m_transport_error = result.error();
            m_upstream_cut = result && result->cancelled;
            m_upstream_done = true;
        }
        m_changed.notify_all();  // after unlocking: see take()
    }

    // Handler thread: wait for the first frame (or the end) and decide the response status.
    // Returns an error reply, or nullopt to go on streaming.
    std::optional<Reply> wait_for_start()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_frames.empty() || m_upstream_done; });
        if (!m_frames.empty() && !m_first_error) return std::nullopt;
        Reply reply;
        if (m_transport_error) {
            reply = error_reply(m_call.client, *m_transport_error);
            m_call.record.error_class = error_class_for(m_transport_error->code);
        } else if (m_status != 200 && m_status != 0) {
            reply = upstream_error_reply(m_call.client, m_call.upstream, m_status, m_upstream_headers,
                                         m_error_body);
            m_call.record.error_class = "upstream_error";
        } else if (m_first_error) {
            reply = std::move(*m_first_error);
            m_call.record.error_class = "upstream_error";
        } else {
            reply = error_reply(m_call.client, Error{ErrorCode::upstream,
                                                     "upstream closed the stream without sending an event"});
            m_call.record.error_class = "upstream_error";
        }
        m_call.record.status = reply.status;
        m_call.record.response_body = redact::scrubbed(reply.body);
        reply.headers.emplace_back("x-request-id", m_call.record.id);
        return reply;
    }

    // Connection thread, once the 200 is committed: hands its writer to the worker, which from
    // then on writes each frame itself (one thread woken per upstream chunk, not two), and
    // meanwhile keeps an idle stream alive and ends the stream when the upstream is done, the
    // client is gone or shutdown's grace period is over.
    void write_frames(StreamWriter& writer)
    {
        int keepalive_ms = std::max(100, m_context.config().server.stream_keepalive_ms);
        std::unique_lock lock(m_mutex);
        for (const auto& frame : m_frames)
            if (!write_locked(writer, frame)) break;
        m_frames.clear();
        m_writer = &writer;
        while (true) {
            // While draining, look at the clock often: the grace period may end in silence.
            int wait_ms = m_context.draining() ? 50 : keepalive_ms;
            bool ready = m_changed.wait_for(lock, std::chrono::milliseconds(wait_ms), [&] {
                return m_upstream_done || m_write_failed || m_context.past_drain_deadline();
            });
            if (!ready && !m_context.draining()
                && clock::monotonic_us() - m_last_write_us >= int64_t{keepalive_ms} * 1000)
                write_locked(writer, upstream::k_sse_keepalive);
            if (m_write_failed) {
                m_writer = nullptr;
                lock.unlock();
                return client_left();
            }
            bool done = m_upstream_done;
            bool shutting_down = m_context.past_drain_deadline() && (!done || m_upstream_cut);
            if (done && !shutting_down) {
                if (m_transport_error) {
                    // The 200 is long sent: tell the client in the stream and close cleanly.
                    write_locked(writer, late_error_frame(m_call.client, *m_transport_error));
                    if (m_call.record.error_class.empty())
                        m_call.record.error_class = error_class_for(m_transport_error->code);
                }
                m_writer = nullptr;
                return;
            }
            if (shutting_down) {
                m_writer = nullptr;  // the worker writes no more
                write_locked(writer, late_error_frame(m_call.client,
                                                      Error{ErrorCode::unavailable,
                                                            "llmp is shutting down; the stream was cut"}));
                if (m_call.record.error_class.empty()) m_call.record.error_class = "shutdown";
                m_client_gone = true;  // stops the upstream read
                return;
            }
        }
    }

    // Ownership: the worker and the client side each release once; the last one records.
    void release()
    {
        if (m_owners.fetch_sub(1) != 1) return;
        auto& record = m_call.record;
        record.duration_ms = (clock::monotonic_us() - m_call.started_us) / 1000;
        if (record.status == 0) record.status = 200;
        fill_in_estimates();
        if (m_context.config().ledger.store_bodies && record.status == 200)
            record.response_body = redact::scrubbed(std::move(m_stored));
        m_context.record(std::move(record));
    }

    // The response is gone (written or abandoned): nobody reads frames any more.
    void client_closed() { m_client_gone = true; }

private:
    // Content reached the client but the provider's count of it never came (the stream was cut
    // by the client, the upstream or shutdown before the usage chunk, or the provider does not
    // report usage on streams): record llmp's estimate rather than nothing or a silent 0, and
    // say which numbers are estimates. A number the provider reported is kept, except an
    // output count below what was relayed, which only a cut stream leaves (Anthropic reports
    // output at the end; its first event carries a placeholder).
    void fill_in_estimates()
    {
        if (m_content_frames == 0) return;
        auto& record = m_call.record;
        auto& usage = record.usage;
        bool cut = !record.error_class.empty();
        int64_t output = estimate_output_tokens(m_content_chars, m_content_frames);
        bool estimate_input = !usage.known || usage.prompt_total() == 0;
        bool estimate_output = !usage.known || (cut && usage.output < output);
        if (estimate_input) usage.input = estimate_request_tokens(m_call.body);
        if (estimate_output) {
            usage.output = output;
            usage.reasoning = std::min(usage.reasoning, output);
        }
        usage.known = true;
        if (estimate_input && estimate_output) record.usage_estimated = "input,output";
        else if (estimate_input) record.usage_estimated = "input";
        else if (estimate_output) record.usage_estimated = "output";
    }

    void client_left()
    {
        m_client_gone = true;
        set_error_class("client_disconnected");
    }

    void set_error_class(const std::string& error_class)
    {
        std::lock_guard lock(m_mutex);
        if (m_call.record.error_class.empty()) m_call.record.error_class = error_class;
    }

    // Worker thread, for each upstream event.
    bool on_event(upstream::SseEvent&& event)
    {
        std::string frames;
        Seen seen = m_call.translator->on_event(event, frames);
        take(seen, std::move(frames));
        return true;
    }

    void take(Seen& seen, std::string frames)
    {
        {
            std::lock_guard lock(m_mutex);
            if (!store(seen, std::move(frames))) return;
        }
        // Woken while this thread still held the mutex, the connection's thread would run (llmp
        // shares a core among thousands of threads), block on the mutex and switch back: two
        // context switches more for every frame.
        m_changed.notify_all();
    }

    // With m_mutex held. A failed write is the client gone: the connection's thread says so.
    bool write_locked(StreamWriter& writer, std::string_view frame)
    {
        if (m_write_failed) return false;
        m_last_write_us = clock::monotonic_us();
        if (writer.write(frame)) return true;
        m_write_failed = true;
        m_client_gone = true;  // stops the upstream read
        return false;
    }

    // With m_mutex held. True when the connection's thread must look: a frame waits for it
    // (the stream has not started yet) or the client is gone.
    bool store(Seen& seen, std::string frames)
    {
        if (seen.usage) m_call.record.usage = *seen.usage;
        if (!m_started && (!frames.empty() || seen.error)) {
            m_started = true;
            if (seen.error) m_first_error = std::move(seen.error);
        }
        if (seen.error) m_call.record.error_class = "upstream_error";
        // A provider that quotes the key (in an error event, or echoed in an answer) does not
        // get it relayed or stored. Answers keep URL userinfo llmp was not told about, as plain
        // answers do (errors.cpp): an example connection string is no secret of llmp's.
        frames = redact::scrubbed(std::move(frames),
                                  seen.error ? redact::Userinfo::scrub : redact::Userinfo::keep);
        if (seen.ended_early && m_call.record.error_class.empty())
            m_call.record.error_class = "upstream_error";
        m_content_chars += seen.content_chars;
        if (seen.content) {
            ++m_content_frames;
            if (!m_call.record.ttft_ms)
                m_call.record.ttft_ms = (clock::monotonic_us() - m_call.started_us) / 1000;
        }
        if (frames.empty()) return false;
        // Kept for the ledger only when it stores bodies (release() uses it only then).
        if (m_context.config().ledger.store_bodies && m_stored.size() < k_max_stored_stream)
            m_stored += frames;
        if (m_writer) return !write_locked(*m_writer, frames);
        m_frames.push_back(std::move(frames));
        return true;
    }

    Context& m_context;
    PreparedCall m_call;
    upstream::SseParser m_parser;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::string> m_frames;   // before the stream starts
    StreamWriter* m_writer = nullptr;   // the client's, while the connection's thread lends it
    bool m_write_failed = false;
    int64_t m_last_write_us = 0;
    bool m_started = false;
    std::optional<Reply> m_first_error;
    int m_status = 0;
    upstream::Headers m_upstream_headers;
    std::string m_error_body;
    std::optional<Error> m_transport_error;
    bool m_upstream_done = false;
    bool m_upstream_cut = false;  // the upstream read was abandoned (client gone, shutdown)
    std::atomic<bool> m_client_gone{false};        // stop reading upstream
    int64_t m_content_frames = 0;
    int64_t m_content_chars = 0;
    std::string m_stored;
    std::atomic<int> m_owners{2};
};

// Releases the client side's ownership when cpp-httplib destroys the response, whether or not
// the stream function ever ran.
struct ClientSide {
    explicit ClientSide(std::shared_ptr<Session> s) : session(std::move(s)) {}
    ClientSide(const ClientSide&) = delete;
    ClientSide& operator=(const ClientSide&) = delete;
    std::shared_ptr<Session> session;
    ~ClientSide()
    {
        session->client_closed();
        session->release();
    }
};

} // namespace

Reply relay_stream(Context& context, PreparedCall call)
{
    std::string request_id = call.record.id;
    std::string provider = call.record.provider;
    auto session = std::make_shared<Session>(context, std::move(call));
    context.worker_started();
    std::thread([session, &context] {
        session->run_upstream();
        session->release();
        context.worker_finished();
    }).detach();

    auto client = std::make_shared<ClientSide>(session);
    if (auto error = session->wait_for_start()) return std::move(*error);

    Reply reply;
    reply.status = 200;
    reply.content_type = "text/event-stream";
    reply.headers = {{"Cache-Control", "no-cache"}, {"x-request-id", request_id},
                     {"x-llmp-provider", provider}};
    reply.stream = [client](StreamWriter& writer) { client->session->write_frames(writer); };
    return reply;
}

} // namespace llmp::server
