#include "llmp/providers/provider.hpp"

#include "llmp/core/redact.hpp"
#include "llmp/core/strings.hpp"

namespace llmp::providers {

namespace {

// A header whose name says it carries a credential (Authorization, api-key, x-goog-api-key,
// Cookie, X-Auth-Token...). Broad on purpose: registering a harmless value costs nothing.
bool is_credential_header(const std::string& name)
{
    std::string lower = strings::to_lower(name);
    for (const char* word : {"auth", "key", "token", "secret", "password", "cookie", "session",
                             "credential", "signature"})
        if (lower.find(word) != std::string::npos) return true;
    return false;
}

// A credential as it may come back: whole, and without its scheme ("Bearer sk-...", "Basic
// dXNlcjpwdw==").
void add_credential(std::string_view value)
{
    redact::add_secret(value);
    if (size_t space = value.find_last_of(' '); space != std::string_view::npos)
        redact::add_secret(value.substr(space + 1));
}

// Every value in a provider's settings that an upstream could echo back: the key, credential
// headers, and the userinfo of its base URL ("https://user:pw@host").
void register_secrets(const config::Provider& settings)
{
    if (settings.api_key) add_credential(settings.api_key->value);
    for (const auto& [name, value] : settings.headers)
        if (is_credential_header(name)) add_credential(value);
    size_t authority = settings.base_url.find("://");
    if (authority == std::string::npos) return;
    authority += 3;
    size_t path = settings.base_url.find_first_of("/?#", authority);
    size_t at = settings.base_url.rfind('@', path == std::string::npos ? std::string::npos : path);
    if (at == std::string::npos || at < authority) return;
    std::string_view userinfo = std::string_view(settings.base_url).substr(authority, at - authority);
    redact::add_secret(userinfo);
    if (size_t colon = userinfo.find(':'); colon != std::string_view::npos)
        redact::add_secret(userinfo.substr(colon + 1));
}

} // namespace

Result<Registry> Registry::build(const config::Config& config)
{
    Registry registry;
    for (const auto& settings : config.providers) {
        register_secrets(settings);
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
