// The Anthropic Messages wire format (providers.md §3).
#pragma once

#include <httplib.h>

namespace llmp::test::fake_upstream {

// Checks x-api-key and "anthropic-version: 2023-06-01"; answers 401 authentication_error and
// returns false when either is missing or wrong.
bool anthropic_auth_ok(const httplib::Request& request, httplib::Response& response);

} // namespace llmp::test::fake_upstream
