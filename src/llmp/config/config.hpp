// The typed configuration every other module reads. Produced by config/loader.hpp from TOML
// (a file or the embedded default); nothing outside config/ sees toml++.
#pragma once

#include "llmp/config/kinds.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace llmp::config {

// A secret as written in the config (`env:NAME`, `file:PATH`, `cmd:COMMAND` or a literal) and
// its resolved value. Only `reference` may ever be printed. `value` is empty when the config
// was loaded without resolving secrets (config::Secrets::leave_unresolved).
struct Secret {
    std::string reference;
    std::string value;
};

// Behaviour of a provider of kind "mock" (see README, "Mock provider").
struct MockSettings {
    std::string text;            // fixed answer; empty = echo the last user message
    int latency_ms = 0;          // delay before the first byte
    int token_delay_ms = 0;      // delay between streamed tokens
    int answer_tokens = 0;       // 0 = as many as the answer has; else repeat/trim to this many
    int error_status = 0;        // HTTP status to inject (0 = none)
    double error_rate = 0.0;     // fraction of requests that get error_status, 0..1
};

struct Provider {
    std::string name;                  // the table name: [providers.NAME]
    ProviderKind kind = ProviderKind::openai;
    std::string base_url;              // e.g. https://api.openai.com/v1 (empty for mock)
    std::string api_version;           // azure: "?api-version=" of deployment URLs
    std::optional<Secret> api_key;
    std::string ca_file;               // extra CA bundle for HTTPS; empty = system CAs
    std::vector<std::string> models;   // bare model names this provider serves
    std::map<std::string, std::string> headers;  // extra upstream headers
    int connect_timeout_ms = 10'000;
    int timeout_ms = 600'000;          // read timeout: longest silence tolerated from upstream
    int max_connections = 1024;        // concurrent upstream connections (streams hold one each)
    MockSettings mock;

    Dialect dialect() const { return kind_info(kind).dialect; }
};

struct ModelAlias {
    std::string name;                  // [models.NAME]
    std::vector<std::string> targets;  // "provider/model", first serves
};

// USD per million tokens; unset fields fall back as documented in pricing/.
struct PriceOverride {
    std::optional<double> input;
    std::optional<double> cached_input;
    std::optional<double> cache_write;
    std::optional<double> output;
};

struct Server {
    std::string host = "127.0.0.1";
    int port = 8484;
    // Listening beyond loopback without client authentication is refused unless this is set
    // (see config/exposure.hpp).
    bool allow_unauthenticated = false;
    int threads = 1024;                      // upper bound of the connection-serving pool
    int64_t max_body_bytes = 32 * 1024 * 1024;
    int shutdown_grace_ms = 10'000;          // in-flight requests get this long after SIGTERM
    int stream_keepalive_ms = 15'000;        // ": keep-alive" comment on an idle stream
    int request_timeout_ms = 10'000;         // a request's head must arrive within this; its
                                             // body gets as long plus 1 s per 64 KiB
    int64_t max_connections = 4096;          // open client connections, idle ones included
    // Browser guard (server/browser_guard.hpp): Host names accepted besides localhost,
    // 127.0.0.1, [::1] and the listen address; web origins allowed to call llmp (CORS).
    std::vector<std::string> allowed_hosts;  // lowercase, no port, no trailing dot
    std::vector<std::string> cors_origins;   // lowercase "scheme://host[:port]"
};

struct Ledger {
    std::string path;             // `~` already expanded
    bool enabled = true;
    bool store_bodies = true;
    // Responses API answers kept for previous_response_id / item_reference (response_store.hpp).
    int64_t responses_days = 30;
    int64_t responses_max = 10'000;  // 0 = keep none: every follow-up must send its history
};

// Defaults of `llmp ask`; its flags and $LLMP_MODEL override them.
struct Ask {
    std::string model;            // empty: the user must name one
    std::string system;           // system prompt sent with every question; empty = none
};

// [secrets]: how secret references are resolved.
struct SecretSettings {
    int cmd_timeout_ms = 10'000;  // a `cmd:` that has not finished by then is killed
};

struct Config {
    std::string source;                       // file path, or "<embedded default>"
    Server server;
    SecretSettings secrets;
    Ledger ledger;
    Ask ask;
    std::vector<Provider> providers;          // in declaration order
    std::vector<ModelAlias> models;           // in declaration order
    std::map<std::string, PriceOverride> prices;  // key: "provider/model" or "model"

    const Provider* find_provider(const std::string& name) const;
    const ModelAlias* find_alias(const std::string& name) const;
};

} // namespace llmp::config
