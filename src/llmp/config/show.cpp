#include "llmp/config/show.hpp"

#include "llmp/config/secrets.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

namespace llmp::config {

namespace {

// A TOML basic string; JSON string escaping is valid TOML.
std::string quoted(const std::string& text) { return nlohmann::json(text).dump(); }

// A table name as written in a header: bare when TOML allows it, quoted otherwise.
std::string key_text(const std::string& key)
{
    bool bare = !key.empty();
    for (char c : key)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') bare = false;
    return bare ? key : quoted(key);
}

std::string listen_of(const Server& s)
{
    return (s.host.find(':') != std::string::npos ? "[" + s.host + "]" : s.host) + ":" + std::to_string(s.port);
}

const char* kind_name(ProviderKind kind) { return kind_info(kind).name; }

std::string list(const std::vector<std::string>& items)
{
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quoted(items[i]);
    return out + "]";
}

} // namespace

std::string render(const Config& c)
{
    std::ostringstream out;
    out << "# effective config from " << c.source << "\n\n";
    out << "[server]\nlisten = " << quoted(listen_of(c.server)) << "\nthreads = " << c.server.threads
        << "\nmax_body_bytes = " << c.server.max_body_bytes << "\nshutdown_grace_ms = "
        << c.server.shutdown_grace_ms << "\nstream_keepalive_ms = " << c.server.stream_keepalive_ms
        << "\nrequest_timeout_ms = " << c.server.request_timeout_ms << "\nmax_connections = "
        << c.server.max_connections << "\nallowed_hosts = " << list(c.server.allowed_hosts)
        << "\ncors_origins = " << list(c.server.cors_origins) << "\n";
    if (c.server.allow_unauthenticated) out << "allow_unauthenticated = true\n";
    out << "\n[secrets]\ncmd_timeout_ms = " << c.secrets.cmd_timeout_ms << "\n\n";
    out << "[ledger]\npath = " << quoted(c.ledger.path) << "\nenabled = " << (c.ledger.enabled ? "true" : "false")
        << "\nstore_bodies = " << (c.ledger.store_bodies ? "true" : "false") << "\n";
    if (!c.ask.model.empty() || !c.ask.system.empty()) {
        out << "\n[ask]\n";
        if (!c.ask.model.empty()) out << "model = " << quoted(c.ask.model) << "\n";
        if (!c.ask.system.empty()) out << "system = " << quoted(c.ask.system) << "\n";
    }
    for (const auto& p : c.providers) {
        out << "\n[providers." << key_text(p.name) << "]\nkind = " << quoted(kind_name(p.kind)) << "\n";
        if (!p.base_url.empty()) out << "base_url = " << quoted(p.base_url) << "\n";
        if (!p.api_version.empty()) out << "api_version = " << quoted(p.api_version) << "\n";
        if (p.api_key) out << "api_key = " << quoted(mask(*p.api_key)) << "\n";
        if (!p.ca_file.empty()) out << "ca_file = " << quoted(p.ca_file) << "\n";
        if (!p.models.empty()) out << "models = " << list(p.models) << "\n";
        if (p.kind != ProviderKind::mock)
            out << "connect_timeout_ms = " << p.connect_timeout_ms << "\ntimeout_ms = " << p.timeout_ms
                << "\nmax_connections = " << p.max_connections << "\n";
        if (!p.headers.empty()) {
            out << "headers = {";
            bool first = true;
            for (const auto& [name, value] : p.headers) {
                // Header values may carry credentials: show that one is set, not what it is.
                out << (first ? " " : ", ") << quoted(name) << " = \"****\"";
                first = false;
            }
            out << " }\n";
        }
        if (p.kind == ProviderKind::mock) {
            const auto& m = p.mock;
            if (!m.text.empty()) out << "text = " << quoted(m.text) << "\n";
            out << "latency_ms = " << m.latency_ms << "\ntoken_delay_ms = " << m.token_delay_ms
                << "\nanswer_tokens = " << m.answer_tokens << "\nerror_status = " << m.error_status
                << "\nerror_rate = " << m.error_rate << "\n";
        }
    }
    for (const auto& m : c.models) out << "\n[models." << key_text(m.name) << "]\ntargets = " << list(m.targets) << "\n";
    for (const auto& [key, price] : c.prices) {
        out << "\n[prices." << quoted(key) << "]\n";
        if (price.input) out << "input = " << *price.input << "\n";
        if (price.cached_input) out << "cached_input = " << *price.cached_input << "\n";
        if (price.cache_write) out << "cache_write = " << *price.cache_write << "\n";
        if (price.output) out << "output = " << *price.output << "\n";
    }
    return out.str();
}

std::string summary(const Config& c)
{
    std::ostringstream out;
    out << "config: " << c.source << " (ok)\n";
    out << "listen: " << listen_of(c.server) << "\n";
    out << "ledger: " << (c.ledger.enabled ? c.ledger.path : std::string("off"))
        << (c.ledger.enabled && c.ledger.store_bodies ? " (bodies kept)" : "") << "\n";
    out << "providers: " << c.providers.size() << " (";
    for (size_t i = 0; i < c.providers.size(); ++i)
        out << (i ? ", " : "") << c.providers[i].name << ": " << kind_name(c.providers[i].kind);
    out << ")\n";
    out << "aliases: " << c.models.size() << "\n";
    out << "price overrides: " << c.prices.size() << "\n";
    return out.str();
}

} // namespace llmp::config
