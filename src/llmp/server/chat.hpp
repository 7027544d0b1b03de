// POST /v1/chat/completions for OpenAI-dialect clients (the shared pipeline is in
// pipeline.hpp), and what the plain and streaming paths share: the prepared upstream call.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/ledger/record.hpp"
#include "llmp/server/context.hpp"
#include "llmp/server/http.hpp"
#include "llmp/server/stream_translator.hpp"

namespace llmp::server {

Reply handle_chat_completions(Context& context, const Request& request);

// A request ready to go upstream (shared by the plain and the streaming path).
struct PreparedCall {
    providers::Provider* provider = nullptr;
    config::Dialect client = config::Dialect::openai;    // the client's wire format
    config::Dialect upstream = config::Dialect::openai;  // the provider's
    Json body;                    // the upstream body
    // The upstream body as text when it could be made from the client's own bytes (same
    // dialect: only the model and stream options change); empty means "serialise `body`".
    std::string body_text;
    bool client_wants_usage = false;
    std::unique_ptr<StreamTranslator> translator;  // streams: upstream events → client frames
    upstream::Headers relayed;    // client headers for a same-dialect upstream (anthropic-beta)
    // Responses clients: the parameters a response object repeats, and who keeps the answer
    // (the response store), told once with the response object the client got.
    Json echo;
    std::function<void(const Json& response)> on_final;
    ledger::RequestRecord record; // filled as the request goes
    int64_t started_us = 0;       // monotonic
};

Reply relay_stream(Context& context, PreparedCall call);

// The text to send upstream: the spliced client body when there is one, else `body` serialised.
std::string upstream_text(PreparedCall& call);

} // namespace llmp::server
