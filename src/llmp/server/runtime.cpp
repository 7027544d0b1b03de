#include "llmp/server/runtime.hpp"

namespace llmp::server {

Result<Runtime> build_runtime(const config::Config& config, bool short_lived)
{
    auto prices = pricing::PriceTable::with_overrides(config.prices);
    if (!prices) return with_context(prices.error(), "prices");

    std::unique_ptr<ledger::Writer> writer;
    if (config.ledger.enabled) {
        ledger::WriterOptions options;
        options.path = config.ledger.path;
        options.store_bodies = config.ledger.store_bodies;
        options.checkpoint_on_close = !short_lived;
        writer = LLMP_TRY(ledger::Writer::open(options));
    }
    auto registry = LLMP_TRY(providers::Registry::build(config));
    std::unique_ptr<ledger::ResponseStore> responses;
    if (config.ledger.responses_max > 0 && !short_lived) {
        ledger::ResponseStoreOptions options;
        options.path = config.ledger.enabled ? config.ledger.path : "";
        options.retention_days = config.ledger.responses_days;
        options.max_responses = config.ledger.responses_max;
        responses = LLMP_TRY(ledger::ResponseStore::open(options));
    }
    return Runtime{std::move(*prices), std::move(writer), std::move(registry), std::move(responses)};
}

} // namespace llmp::server
