// One row of the ledger's `requests` table: what happened to one client request.
// Built on the request path, written by ledger::Writer in the background.
#pragma once

#include "llmp/canonical/usage.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace llmp::ledger {

struct RequestRecord {
    std::string id;                    // llmp's request id (also sent as x-request-id)
    int64_t started_unix_ms = 0;
    int64_t duration_ms = 0;
    std::optional<int64_t> ttft_ms;    // time to first token (streams)
    std::string source = "serve";      // serve | ask | replay
    std::string dialect = "openai";    // the client's wire format
    std::string endpoint;              // e.g. /v1/chat/completions
    std::string key_id;                // virtual key id, project, user (empty until access/)
    std::string project;
    std::string user;
    std::string tags;                  // JSON object text, or empty
    std::string requested_model;       // as the client wrote it
    std::string provider;              // provider that served (or failed)
    std::string upstream_model;        // model name sent upstream
    int attempts = 1;
    bool fallback = false;
    int status = 0;                    // HTTP status sent to the client
    std::string error_class;           // empty on success; e.g. upstream_error, client_disconnected
    canonical::Usage usage;
    // Which token counts llmp estimated because the provider never reported them (a stream cut
    // by the client or the upstream): "input", "output" or "input,output"; empty when every
    // number is the provider's. A cost computed from an estimate is an estimate.
    std::string usage_estimated;
    std::optional<int64_t> cost_nanousd;  // NULL when the price is unknown, never a silent 0
    bool cache_hit = false;
    bool streamed = false;
    std::string replay_of;             // id of the original request (replay)
    std::optional<std::string> request_body;   // kept only when ledger.store_bodies
    std::optional<std::string> response_body;
};

} // namespace llmp::ledger
