// The chat pipeline every client dialect shares: parse, resolve the model, then either pass the
// body through (client and upstream speak the same dialect: unknown fields survive) or
// translate through the canonical form; call the provider; answer in the client's dialect;
// record the request.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/config/kinds.hpp"
#include "llmp/server/context.hpp"
#include "llmp/server/http.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace llmp::server {

// A request body as JSON: not JSON, or not an object, is invalid_input with the position.
Result<Json> parse_body(std::string_view text);

// Checks a client dialect makes before anything else (OpenAI: model and messages present...).
using Validate = std::function<Result<void>(const Json& body)>;

Reply handle_chat(Context& context, const Request& request, config::Dialect client,
                  const std::string& endpoint, const Validate& validate);

} // namespace llmp::server
