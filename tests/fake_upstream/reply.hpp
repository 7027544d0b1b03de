// Plain (non-streamed) replies of the fake upstream.
#pragma once

#include "fake_upstream/json_read.hpp"

#include <httplib.h>

namespace llmp::test::fake_upstream {

void reply_json(httplib::Response& response, int status, const Json& body);

// The "[badjson]" scenario: 200, application/json, body `{not json`.
void reply_bad_json(httplib::Response& response);

// The token of an "Authorization: Bearer <token>" header, "" when there is none.
std::string bearer_token(const httplib::Request& request);

} // namespace llmp::test::fake_upstream
