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
    return Runtime{std::move(*prices), std::move(writer), std::move(registry)};
}

} // namespace llmp::server
