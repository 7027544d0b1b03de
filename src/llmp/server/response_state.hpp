// The Responses API's conversation state, on llmp's side: a request that continues a stored
// answer (previous_response_id) or points at stored items (item_reference) is made whole before
// it is routed, so any provider can serve it; an answer is stored when the client asked for it
// (`store`, true by default). Missing state gets OpenAI's own error.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/core/result.hpp"
#include "llmp/ledger/response_store.hpp"

namespace llmp::server::response_state {

// `input` as a list of items: a string is one user message.
Json input_items(const Json& body);

// The body with the stored history of `previous_response_id` before its own input and every
// item_reference replaced by its item; `previous_response_id` removed. `store` may be null (no
// store kept): any reference is then unknown.
Result<Json> expand(Json body, ledger::ResponseStore* store);

// Whether an answer to this body is to be kept (`store` absent or true).
bool wants_store(const Json& body);

// What the store keeps of one turn: its whole input (expanded) and the response the client got.
ledger::StoredResponse to_stored(const Json& expanded_input, const Json& response);

} // namespace llmp::server::response_state
