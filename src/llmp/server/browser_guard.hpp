// The browser guard: decides from a request's Host and Origin headers (and its method) whether
// a web page could be behind it, before anything reads the body or reaches a provider. Any
// page can make a browser send "simple" requests to 127.0.0.1 (a text/plain POST needs no
// preflight), and with DNS rebinding (a name the attacker controls re-pointed at 127.0.0.1)
// also read the answers; either would spend the user's provider keys.
//
// - Host must name llmp: localhost, 127.0.0.1, [::1], the listen address, or a name in
//   [server] allowed_hosts, with any port (port forwards change it; rebinding is about the
//   name). Listening on a wildcard address (0.0.0.0, ::), any IP literal is accepted too: a
//   page cannot rebind an address. Anything else is 421; no Host at all is 400.
// - A request with an Origin must come from a listed origin ([server] cors_origins) or from
//   llmp's own origin (Origin = scheme://Host); anything else, "null" included, is 403.
//   Listed origins get CORS headers, and their OPTIONS preflights a 204.
// - Requests without Origin (curl, SDKs outside browsers) pass once the Host check passes.
//
// Pure: no I/O. routes.cpp turns a refusal into the client's error JSON and a ledger row.
#pragma once

#include "llmp/config/config.hpp"
#include "llmp/server/http.hpp"

#include <string>
#include <string_view>

namespace llmp::server {

struct BrowserRequest {
    std::string_view method;
    std::string_view host;             // the Host header; empty when absent
    std::string_view origin;           // the Origin header; empty when absent
    std::string_view request_headers;  // Access-Control-Request-Headers of a preflight
};

enum class Verdict {
    allow,      // serve it, adding `headers` to the reply
    preflight,  // an OPTIONS the guard answers itself: 204 with `headers`
    refuse,     // `status` with `message`; nothing is served
};

struct GuardDecision {
    Verdict verdict = Verdict::allow;
    int status = 0;            // refuse: 400 (no Host), 421 (Host), 403 (Origin)
    std::string error_class;   // refuse: forbidden_host | forbidden_origin (the ledger's)
    std::string message;
    Headers headers;           // CORS headers, for listed origins only
};

GuardDecision check_browser(const config::Server& server, const BrowserRequest& request);

} // namespace llmp::server
