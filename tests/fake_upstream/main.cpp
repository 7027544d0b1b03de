// llmp_fake_upstream: one process that speaks every upstream dialect llmp talks to, with the
// shapes and event sequences of shared/reference/providers.md, for integration tests and the
// Node SDK tests (which spawn it). It never calls out and keeps nothing on disk.
//
// Usage: llmp_fake_upstream [--port N]      (N = 0, the default, picks a free port)
// Binds 127.0.0.1, prints exactly one line "port=<N>" to stdout (flushed), then serves until
// SIGTERM or SIGINT, on which it exits 0 at once, cutting open connections. TCP_NODELAY on,
// 64 worker threads, listen backlog 1024. Bad arguments exit 2, a port in use exits 1.
//
// Routes (POST unless marked GET)
//   OpenAI     /v1/chat/completions, /chat/completions, /v1/embeddings, GET /v1/models.
//              No auth required.
//   Responses  /v1/responses, /responses (OpenAI's Responses API, for the openai-responses
//              kind; responses-api.md). No auth. model required (400
//              missing_required_parameter); any previous_response_id answers 400
//              previous_response_not_found (the fake keeps nothing). Streams: named typed
//              events with sequence_number from 0, response.created + in_progress, item events,
//              response.completed with the full object; no [DONE]. Request parameters echoed.
//   Azure      /openai/deployments/{deployment}/chat/completions?api-version=...
//              /openai/deployments/{deployment}/embeddings?api-version=...
//                (api-key header, else 401; api-version, else 400; model defaults to the
//                deployment name)
//              /openai/v1/chat/completions (api-key or Bearer, else 401).
//              OpenAI shapes, text and usage ("Hello from openai!": Azure speaks the OpenAI
//              dialect) plus prompt_filter_results / content_filter_results; a stream opens
//              with a chunk whose "choices" is [] (id "", model "").
//   Anthropic  /v1/messages, /v1/messages/count_tokens ({"input_tokens":17}), GET /v1/models
//              (chosen over OpenAI's when x-api-key or anthropic-version is sent).
//              x-api-key and "anthropic-version: 2023-06-01" required (401
//              authentication_error); model and max_tokens required (400
//              invalid_request_error). Streams send a ping after message_start.
//   Gemini     /v1beta/models/{model}:generateContent
//              /v1beta/models/{model}:streamGenerateContent?alt=sse (events end with CRLF CRLF;
//                without alt=sse the stream is one JSON array)
//              /v1beta/models/{model}:countTokens, :embedContent, :batchEmbedContents,
//              GET /v1beta/models. x-goog-api-key required (403 PERMISSION_DENIED).
//   Cohere     /v2/chat (streamed when body.stream is true; named events, message-end, then
//              "data: [DONE]"). Bearer token required (401 {"message"}).
//   Control    GET /_requests: every request so far (all routes above and unknown ones, not
//              the control routes) as [{"method","path","query":{},"headers":{lowercased},
//              "body": parsed JSON or the raw string}]; "path" keeps the query string as sent
//              ("/openai/deployments/d/chat/completions?api-version=2024-10-21"), "query" is
//              it decoded. POST
//              /_reset clears it (send a body or Content-Length: 0: httplib answers 400 to a
//              POST without a length). Anything else: 404 {"error": "..."}.
//
// Scenarios: markers in the LAST user message that has text (string content, text parts or
// blocks; thought parts ignored), so a test chooses behaviour through the proxy. Messages
// with no text (Anthropic tool_result, Gemini functionResponse turns) are skipped, so the
// marker of the question still counts in the turn that returns the tool result.
//   default      "Hello from <dialect>!" (dialect = openai for OpenAI and Azure, responses,
//                anthropic, gemini, cohere);
//                streams send it as >= 3 text deltas (one per word).
//   [tool]       with tools declared and no tool result in the conversation: call the FIRST
//                tool with {"city":"Paris"}. OpenAI/Azure id "call_fake_1", arguments over 2
//                chunks after an opening chunk with id+name; Anthropic "toolu_fake_1",
//                input_json_delta "", "{\"city\": \"Pa", "ris\"}"; Gemini one whole
//                functionCall part with no id, thoughtSignature "sig-fake-1", finishReason
//                STOP; Cohere "call_fake_1" with a tool_plan (tool-plan-delta events);
//                Responses a function_call item "fc_fake_1", call_id "call_fake_1", arguments
//                over 2 deltas, or, when the first tool is `custom`, a custom_tool_call with
//                input "Paris" (3 input deltas).
//   tool result  whenever the conversation holds a tool result (OpenAI/Cohere role "tool",
//                Responses function_call_output / custom_tool_call_output item,
//                Anthropic tool_result block, Gemini functionResponse): answer
//                "The weather is <last tool result text>." Gemini first requires every
//                functionCall part sent back to carry thoughtSignature "sig-fake-1", else
//                400 INVALID_ARGUMENT "missing thought signature". A Gemini response object
//                {"result": "x"} (one string member result/output/content) reads as "x",
//                any other as its JSON.
//   [think]      reasoning before the answer: OpenAI/Azure message.reasoning_content (deltas in
//                streams); Anthropic thinking block, signature "sig-think" (signature_delta);
//                Gemini {"thought":true} part(s); Cohere "thinking" content item; Responses
//                a reasoning item "rs_fake_1" (summary_text, encrypted_content "enc-fake-1").
//                Reasoning tokens reported as in the table below.
//   [429]        429 + the dialect's error body; "retry-after: 7" (no retry-after-ms) except
//                Gemini, whose only hint is a RetryInfo detail with retryDelay "7s".
//                OpenAI (and Responses, same envelope throughout) type "requests", code
//                "rate_limit_exceeded"; Anthropic
//                rate_limit_error; Gemini RESOURCE_EXHAUSTED; Cohere {"message"}.
//   [529]        Anthropic 529 overloaded_error; the others 503 (OpenAI server_error, Gemini
//                UNAVAILABLE, Cohere {"message"}).
//   [500]        500 (OpenAI server_error, Anthropic api_error, Gemini INTERNAL, Cohere
//                {"message"}).
//   [badjson]    200, Content-Type application/json, body `{not json` (streamed or not).
//   [midstream]  streams only: the opening events and the first content delta (Anthropic tool
//                calls: the first two input_json_delta), then the dialect's
//                mid-stream error, then the body ends (no [DONE], no message_stop):
//                OpenAI/Azure data {"error":{"message":"boom","type":"server_error",...}};
//                Anthropic "event: error" overloaded_error "Overloaded"; Gemini data
//                {"error":{"code":500,"message":"boom","status":"INTERNAL"}}; Cohere
//                message-end {"finish_reason":"ERROR","error":"boom"}; Responses
//                "event: error" {"error":{"type":"server_error","code":"server_error",
//                "message":"boom"}} then response.failed. Ignored when not
//                streaming.
//   [slow]       150 ms between stream events; a non-streamed reply waits 150 ms once.
// Faults ([429] [529] [500] [badjson]) come before everything else except auth and request
// validation. Embedding routes honour the faults found in their input text.
//
// Usage: deterministic, different per dialect, every bucket used.
//   OpenAI     prompt_tokens 20 (prompt_tokens_details.cached_tokens 5), completion_tokens 10
//              (completion_tokens_details.reasoning_tokens 3 with [think], else 0), total 30.
//   Azure      the same as OpenAI.
//   Responses  input_tokens 24 (input_tokens_details.cached_tokens 6), output_tokens 11
//              (output_tokens_details.reasoning_tokens 4 with [think], else 0), total 35.
//   Anthropic  input_tokens 11, cache_read_input_tokens 4, cache_creation_input_tokens 2
//              (cache_creation.ephemeral_5m_input_tokens 2), output_tokens 9
//              (output_tokens_details.thinking_tokens 5 with [think], else absent).
//              count_tokens answers 17 (= 11 + 4 + 2).
//   Gemini     promptTokenCount 30 (cachedContentTokenCount 6), candidatesTokenCount 7,
//              thoughtsTokenCount 4 with [think] (else absent), totalTokenCount 37 or 41.
//   Cohere     tokens {input_tokens 13, output_tokens 8}, billed_units the same,
//              cached_tokens 0; no reasoning count.
//   Embeddings OpenAI and Azure 4 prompt tokens per input; Gemini reports none.
// In streams usage comes as each provider sends it: OpenAI/Azure only with
// stream_options.include_usage (every chunk "usage":null, then a "choices":[] chunk with the
// totals before [DONE]); Anthropic input side in message_start (output_tokens 1) and the
// cumulative totals in message_delta; Gemini a partial usageMetadata (prompt side only) on
// the first chunk and the full one on the last (a lone tool-call chunk carries the full one);
// Cohere in message-end; Responses in response.completed only (null before).
//
// Model names are echoed as the request named them (Gemini: modelVersion = the path model).
// Fixed ids: "chatcmpl-fake", "msg_fake_1", "fake-response-1", "fake-cohere-1"; Responses
// "resp_fake_1" with items "rs_fake_1", "msg_fake_1", "fc_fake_1".
#include "fake_upstream/request_log.hpp"
#include "fake_upstream/routes.hpp"

#include <httplib.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <pthread.h>
#include <string>
#include <sys/socket.h>
#include <thread>

namespace {

constexpr int k_worker_threads = 64;
constexpr int k_listen_backlog = 1024;

struct Options {
    int port = 0;
};

int usage_error(const std::string& message)
{
    std::cerr << "llmp_fake_upstream: error: " << message << "\n"
              << "usage: llmp_fake_upstream [--port N]\n";
    return 2;
}

bool parse_port(const std::string& text, int& port)
{
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || value < 0 || value > 65535) return false;
    port = static_cast<int>(value);
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    using namespace llmp::test::fake_upstream;

    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        std::string value;
        if (arg == "--port" && i + 1 < argc)
            value = argv[++i];
        else if (arg.rfind("--port=", 0) == 0)
            value = arg.substr(7);
        else
            return usage_error("unknown argument '" + arg + "'");
        if (!parse_port(value, options.port)) return usage_error("bad port '" + value + "'");
    }

    // Signals are taken by one thread with sigwait; block them before any thread starts so
    // that no worker receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    httplib::Server server;
    server.new_task_queue = [] { return new httplib::ThreadPool(k_worker_threads); };
    server.set_tcp_nodelay(true);
    // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which would let a second fake
    // share a fixed --port with a stale one instead of failing. Remembers the listening
    // socket, whose backlog is raised below.
    socket_t listening_socket = -1;
    server.set_socket_options([&listening_socket](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listening_socket = sock;
    });

    RequestLog log;
    Routes routes(server, log);
    add_openai_routes(routes);
    add_responses_routes(routes);
    add_azure_routes(routes);
    add_anthropic_routes(routes);
    add_gemini_routes(routes);
    add_cohere_routes(routes);
    add_model_list_routes(routes);
    routes.add_control_and_fallback();

    int port = options.port;
    if (port == 0) {
        port = server.bind_to_any_port("127.0.0.1");
    } else if (!server.bind_to_port("127.0.0.1", port)) {
        port = -1;
    }
    if (port <= 0) {
        std::cerr << "llmp_fake_upstream: error: cannot bind 127.0.0.1:" << options.port << "\n";
        return 1;
    }

    // httplib 0.11 listens with a backlog of 5: a burst of parallel test clients would see
    // refused SYNs and one-second retransmits. Listening again only raises the backlog.
    ::listen(listening_socket, k_listen_backlog);

    // Exit at once: a graceful httplib stop waits out idle keep-alive connections (5 s), and
    // the fake has nothing to save. Open streams are cut, as a dying upstream would cut them.
    std::thread([stop_signals] {
        int signal_number = 0;
        sigwait(&stop_signals, &signal_number);
        std::fflush(stdout);
        std::_Exit(0);
    }).detach();

    std::printf("port=%d\n", port);
    std::fflush(stdout);
    if (!server.listen_after_bind()) {
        std::cerr << "llmp_fake_upstream: error: the server stopped unexpectedly\n";
        return 1;
    }
    return 0;
}
