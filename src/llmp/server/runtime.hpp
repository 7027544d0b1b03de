// What `llmp serve` and in-process `llmp ask` both build from the config before the first
// request: the price table (built-in plus [prices]), the ledger writer, the providers.
#pragma once

#include "llmp/config/config.hpp"
#include "llmp/core/result.hpp"
#include "llmp/ledger/response_store.hpp"
#include "llmp/ledger/writer.hpp"
#include "llmp/pricing/price_table.hpp"
#include "llmp/providers/provider.hpp"

#include <memory>

namespace llmp::server {

struct Runtime {
    pricing::PriceTable prices;
    std::unique_ptr<ledger::Writer> ledger;  // null when [ledger] enabled = false
    providers::Registry registry;
    // Responses API answers (in the ledger file, or in memory without a ledger); null when
    // [ledger] responses_max = 0.
    std::unique_ptr<ledger::ResponseStore> responses;
};

// `short_lived`: one request and exit (llmp ask), see WriterOptions::checkpoint_on_close.
Result<Runtime> build_runtime(const config::Config& config, bool short_lived = false);

} // namespace llmp::server
