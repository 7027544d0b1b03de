// Who can reach `llmp serve`. A proxy holding provider keys and listening beyond loopback
// without client authentication lets anyone who can reach the port spend those keys, so it
// is refused unless the user says the network is trusted (--allow-unauthenticated, or
// server.allow_unauthenticated = true). llmp has no client authentication yet; when virtual
// keys exist, they will be the other way to listen on a network.
#pragma once

#include "llmp/config/config.hpp"
#include "llmp/core/result.hpp"

#include <string>

namespace llmp::config {

// 127.0.0.0/8, ::1 (also IPv4-mapped), "localhost", or a host name whose every address is one
// of those.
bool is_loopback(const std::string& host);

// An ErrorCode::config error saying why and how, when `server` would listen beyond loopback
// without client authentication and without allow_unauthenticated.
Result<void> check_exposure(const Server& server);

} // namespace llmp::config
