// `llmp serve`: the proxy's whole life. Opens the ledger, builds the providers, listens, and on
// SIGINT/SIGTERM stops accepting, lets in-flight requests finish (cutting streams still open
// after server.shutdown_grace_ms; a second signal cuts them at once) and flushes the ledger.
#pragma once

#include "llmp/config/config.hpp"
#include "llmp/core/result.hpp"

#include <functional>

namespace llmp::server {

// Call before any thread starts, so that every thread inherits the blocked signal mask and
// SIGINT/SIGTERM reach only serve()'s signal thread.
void block_shutdown_signals();

Result<void> serve(const config::Config& config);

} // namespace llmp::server
