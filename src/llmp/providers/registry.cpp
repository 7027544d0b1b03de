#include "llmp/providers/provider.hpp"

namespace llmp::providers {

Result<Registry> Registry::build(const config::Config& config)
{
    Registry registry;
    for (const auto& settings : config.providers) {
        switch (settings.kind) {
        case config::ProviderKind::mock:
            registry.m_providers.push_back(make_mock(settings));
            break;
        case config::ProviderKind::openai: {
            auto provider = make_openai(settings);
            if (!provider) return with_context(provider.error(), "provider " + settings.name);
            registry.m_providers.push_back(std::move(*provider));
            break;
        }
        }
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
