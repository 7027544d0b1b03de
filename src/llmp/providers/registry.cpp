#include "llmp/providers/provider.hpp"

namespace llmp::providers {

Result<Registry> Registry::build(const config::Config& config)
{
    Registry registry;
    for (const auto& settings : config.providers) {
        if (settings.kind == config::ProviderKind::mock) {
            registry.m_providers.push_back(make_mock(settings));
            continue;
        }
        auto provider = make_remote(settings);
        if (!provider) return with_context(provider.error(), "provider " + settings.name);
        registry.m_providers.push_back(std::move(*provider));
    }
    return registry;
}

Provider* Registry::find(std::string_view name) const
{
    for (const auto& p : m_providers)
        if (p->settings().name == name) return p.get();
    return nullptr;
}

} // namespace llmp::providers
