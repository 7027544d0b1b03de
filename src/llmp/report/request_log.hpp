// `llmp logs`: ledger requests as a listing (newest first), as one request in full with its
// bodies, or as JSON whose field names are the ledger's column names (README "The ledger").
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/ledger/record.hpp"
#include "llmp/report/period.hpp"

#include <string>
#include <vector>

namespace llmp::report {

// id, time, model, provider, status, input and output tokens, cost, latency; one line each.
std::string render_request_list(const std::vector<ledger::RequestRecord>& requests, Zone zone);

// Every field, one per line, then the request and response bodies (JSON pretty-printed) when
// the ledger kept them.
std::string render_request(const ledger::RequestRecord& request, Zone zone);

// One object per request. Bodies that are JSON are embedded as JSON, others as strings; absent
// bodies are null. `tags` is the parsed object, or null.
Json request_json(const ledger::RequestRecord& request, bool with_bodies);

} // namespace llmp::report
