#include "llmp/config/loader.hpp"

#include "llmp/config/defaults.hpp"
#include "llmp/config/secrets.hpp"
#include "llmp/core/authority.hpp"
#include "llmp/core/paths.hpp"
#include "llmp/core/strings.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace llmp::config {

std::string Diagnostic::str() const
{
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
    if (!key.empty()) out += key + ": ";
    out += message;
    return out;
}

namespace {

const char* type_name(toml::node_type type)
{
    switch (type) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: return "a date/time";
    case toml::node_type::none: break;
    }
    return "nothing";
}

// A key as it is written in a path: bare when it can be, quoted otherwise.
std::string key_text(std::string_view key)
{
    bool bare = !key.empty();
    for (char c : key)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') bare = false;
    return bare ? std::string(key) : "\"" + std::string(key) + "\"";
}

std::string join(const std::string& path, std::string_view key)
{
    return path.empty() ? key_text(key) : path + "." + key_text(key);
}

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

// Walks one parsed document, collecting every problem rather than stopping at the first.
class Checker {
public:
    explicit Checker(std::string file) : m_file(std::move(file)) {}

    std::vector<Diagnostic> errors;
    std::vector<Diagnostic> warnings;

    void error(int line, std::string key, std::string message)
    {
        errors.push_back({m_file, line, std::move(key), std::move(message)});
    }
    void warn(int line, std::string key, std::string message)
    {
        warnings.push_back({m_file, line, std::move(key), std::move(message)});
    }

    void check_keys(const toml::table& table, const std::string& path,
                    const std::vector<std::string>& allowed)
    {
        for (const auto& [key, node] : table) {
            std::string name(key.str());
            if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
            std::string message = "unknown key \"" + name + "\"";
            if (auto near = strings::nearest(name, allowed); !near.empty())
                message += "; did you mean \"" + near + "\"?";
            error(static_cast<int>(key.source().begin.line), join(path, name), message);
        }
    }

    const toml::node* typed(const toml::table& table, const std::string& path, const char* key,
                            toml::node_type want, bool number_ok = false)
    {
        const toml::node* node = table.get(key);
        if (!node) return nullptr;
        toml::node_type got = node->type();
        if (got == want || (number_ok && got == toml::node_type::integer)) return node;
        const char* wanted = number_ok ? "a number" : type_name(want);
        error(line_of(*node), join(path, key), std::string("expected ") + wanted + ", got " + type_name(got));
        return nullptr;
    }

    std::optional<std::string> string(const toml::table& t, const std::string& path, const char* key)
    {
        const auto* node = typed(t, path, key, toml::node_type::string);
        if (!node) return std::nullopt;
        return node->as_string()->get();
    }

    std::optional<bool> boolean(const toml::table& t, const std::string& path, const char* key)
    {
        const auto* node = typed(t, path, key, toml::node_type::boolean);
        if (!node) return std::nullopt;
        return node->as_boolean()->get();
    }

    std::optional<int64_t> integer(const toml::table& t, const std::string& path, const char* key,
                                   int64_t min, int64_t max)
    {
        const auto* node = typed(t, path, key, toml::node_type::integer);
        if (!node) return std::nullopt;
        int64_t value = node->as_integer()->get();
        if (value < min || value > max) {
            error(line_of(*node), join(path, key),
                  "must be between " + std::to_string(min) + " and " + std::to_string(max)
                      + ", got " + std::to_string(value));
            return std::nullopt;
        }
        return value;
    }

    std::optional<double> number(const toml::table& t, const std::string& path, const char* key,
                                 double min, double max)
    {
        const auto* node = typed(t, path, key, toml::node_type::floating_point, true);
        if (!node) return std::nullopt;
        double value = node->is_integer() ? static_cast<double>(node->as_integer()->get())
                                          : node->as_floating_point()->get();
        if (!(value >= min && value <= max)) {
            std::ostringstream range;
            range << "must be between " << min << " and " << max << ", got " << value;
            error(line_of(*node), join(path, key), range.str());
            return std::nullopt;
        }
        return value;
    }

    std::optional<std::vector<std::string>> strings(const toml::table& t, const std::string& path,
                                                    const char* key)
    {
        const auto* node = typed(t, path, key, toml::node_type::array);
        if (!node) return std::nullopt;
        std::vector<std::string> out;
        size_t index = 0;
        bool ok = true;
        for (const auto& item : *node->as_array()) {
            if (!item.is_string()) {
                error(line_of(item), join(path, key) + "[" + std::to_string(index) + "]",
                      std::string("expected a string, got ") + type_name(item.type()));
                ok = false;
            } else {
                out.push_back(item.as_string()->get());
            }
            ++index;
        }
        if (!ok) return std::nullopt;
        return out;
    }

    const toml::table* table(const toml::table& parent, const std::string& path, const char* key)
    {
        return typed(parent, path, key, toml::node_type::table) ? parent.get(key)->as_table() : nullptr;
    }

private:
    std::string m_file;
};

bool valid_url(const std::string& url)
{
    for (const char* scheme : {"http://", "https://"}) {
        if (url.rfind(scheme, 0) != 0) continue;
        std::string_view rest = std::string_view(url).substr(std::strlen(scheme));
        std::string_view host = rest.substr(0, rest.find('/'));
        if (host.empty() || host.find_first_of(" \t\"<>") != std::string_view::npos) return false;
        return host.front() != ':';
    }
    return false;
}

void read_listen(Checker& c, const toml::table& server, Server& out)
{
    auto listen = c.string(server, "server", "listen");
    if (!listen) return;
    int line = line_of(*server.get("listen"));
    std::string text = *listen;
    size_t colon = text.rfind(':');
    std::string host = colon == std::string::npos ? "" : text.substr(0, colon);
    std::string port = colon == std::string::npos ? "" : text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    bool port_ok = !port.empty() && port.size() <= 5
        && std::all_of(port.begin(), port.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })
        && std::stoi(port) <= 65535;
    if (host.empty() || !port_ok) {
        c.error(line, "server.listen", "expected \"host:port\" (e.g. \"127.0.0.1:8484\"), got \"" + text + "\"");
        return;
    }
    out.host = host;
    out.port = std::stoi(port);
}

// The browser guard's lists, normalised so the guard compares strings (see browser_guard.hpp).
void read_browser_lists(Checker& c, const toml::table& server, Server& out)
{
    auto entry_key = [](const char* key, size_t i) { return "server." + std::string(key) + "[" + std::to_string(i) + "]"; };
    if (auto hosts = c.strings(server, "server", "allowed_hosts")) {
        int line = line_of(*server.get("allowed_hosts"));
        for (size_t i = 0; i < hosts->size(); ++i) {
            auto host = authority::parse((*hosts)[i]);
            if (!host || host->port)
                c.error(line, entry_key("allowed_hosts", i),
                        "expected a host name without scheme or port (e.g. \"llmp.internal\"), got \"" + (*hosts)[i] + "\"");
            else
                out.allowed_hosts.push_back(host->host);
        }
    }
    if (auto origins = c.strings(server, "server", "cors_origins")) {
        int line = line_of(*server.get("cors_origins"));
        for (size_t i = 0; i < origins->size(); ++i) {
            const std::string& text = (*origins)[i];
            auto origin = authority::normalise_origin(text);
            if (text == "*")
                c.error(line, entry_key("cors_origins", i),
                        "\"*\" is not supported: it would let every web page spend your keys; list each origin");
            else if (!origin)
                c.error(line, entry_key("cors_origins", i),
                        "expected an origin \"scheme://host[:port]\" with no path (e.g. \"http://localhost:3000\"), got \"" + text + "\"");
            else
                out.cors_origins.push_back(*origin);
        }
    }
}

void read_server(Checker& c, const toml::table& root, Server& out)
{
    const auto* server = c.table(root, "", "server");
    if (!server) return;
    c.check_keys(*server, "server",
                 {"listen", "threads", "max_body_bytes", "shutdown_grace_ms", "stream_keepalive_ms",
                  "request_timeout_ms", "max_connections", "allowed_hosts", "cors_origins",
                  "allow_unauthenticated"});
    read_listen(c, *server, out);
    read_browser_lists(c, *server, out);
    if (auto v = c.boolean(*server, "server", "allow_unauthenticated")) out.allow_unauthenticated = *v;
    if (auto v = c.integer(*server, "server", "threads", 1, 100'000)) out.threads = static_cast<int>(*v);
    if (auto v = c.integer(*server, "server", "max_body_bytes", 1, int64_t{1} << 40)) out.max_body_bytes = *v;
    if (auto v = c.integer(*server, "server", "shutdown_grace_ms", 0, 3'600'000)) out.shutdown_grace_ms = static_cast<int>(*v);
    if (auto v = c.integer(*server, "server", "stream_keepalive_ms", 100, 3'600'000)) out.stream_keepalive_ms = static_cast<int>(*v);
    if (auto v = c.integer(*server, "server", "request_timeout_ms", 100, 3'600'000)) out.request_timeout_ms = static_cast<int>(*v);
    if (auto v = c.integer(*server, "server", "max_connections", 1, 10'000'000)) out.max_connections = *v;
}

void read_ledger(Checker& c, const toml::table& root, Ledger& out)
{
    out.path = paths::data_home() + "/llmp/ledger.sqlite";
    const auto* ledger = c.table(root, "", "ledger");
    if (!ledger) return;
    c.check_keys(*ledger, "ledger", {"path", "enabled", "store_bodies", "responses_days", "responses_max"});
    if (auto v = c.string(*ledger, "ledger", "path")) {
        if (v->empty()) c.error(line_of(*ledger->get("path")), "ledger.path", "must not be empty");
        else out.path = paths::expand_home(*v);
    }
    if (auto v = c.boolean(*ledger, "ledger", "enabled")) out.enabled = *v;
    if (auto v = c.boolean(*ledger, "ledger", "store_bodies")) out.store_bodies = *v;
    if (auto v = c.integer(*ledger, "ledger", "responses_days", 1, 36'500)) out.responses_days = *v;
    if (auto v = c.integer(*ledger, "ledger", "responses_max", 0, 100'000'000)) out.responses_max = *v;
}

const std::vector<std::string> k_common_provider_keys = {
    "kind", "base_url", "api_key", "ca_file", "models", "headers",
    "connect_timeout_ms", "timeout_ms", "max_connections"};
const std::vector<std::string> k_mock_keys = {"text", "latency_ms", "token_delay_ms",
                                              "answer_tokens", "error_status", "error_rate"};

void read_mock(Checker& c, const toml::table& t, const std::string& path, MockSettings& out)
{
    if (auto v = c.string(t, path, "text")) out.text = *v;
    if (auto v = c.integer(t, path, "latency_ms", 0, 3'600'000)) out.latency_ms = static_cast<int>(*v);
    if (auto v = c.integer(t, path, "token_delay_ms", 0, 600'000)) out.token_delay_ms = static_cast<int>(*v);
    if (auto v = c.integer(t, path, "answer_tokens", 0, 10'000'000)) out.answer_tokens = static_cast<int>(*v);
    if (auto v = c.integer(t, path, "error_status", 0, 599)) {
        if (*v != 0 && *v < 400)
            c.error(line_of(*t.get("error_status")), join(path, "error_status"),
                    "must be 0 or an error status between 400 and 599, got " + std::to_string(*v));
        else out.error_status = static_cast<int>(*v);
    }
    if (auto v = c.number(t, path, "error_rate", 0.0, 1.0)) out.error_rate = *v;
}

// nullptr (after reporting why) when the kind is missing, not a string or not one we know.
const KindInfo* read_kind(Checker& c, const toml::table& t, const std::string& path, int table_line)
{
    auto kind = c.string(t, path, "kind");
    if (!kind) {
        if (!t.get("kind"))
            c.error(table_line, join(path, "kind"), "missing required key (one of: " + strings::join(kind_names(), ", ") + ")");
        return nullptr;
    }
    const KindInfo* info = find_kind(*kind);
    if (!info) {
        std::string message = "unknown provider kind \"" + *kind + "\"";
        if (auto near = strings::nearest(*kind, kind_names()); !near.empty())
            message += "; did you mean \"" + near + "\"?";
        else
            message += " (one of: " + strings::join(kind_names(), ", ") + ")";
        c.error(line_of(*t.get("kind")), join(path, "kind"), message);
    }
    return info;
}

void read_provider(Checker& c, const std::string& name, const toml::table& t, int table_line,
                   const SecretResolver& resolve, Provider& out)
{
    std::string path = join("providers", name);
    out.name = name;
    bool name_ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-' || ch == '.';
    });
    if (!name_ok)
        c.error(table_line, path, "a provider name may only use letters, digits, '_', '-' and '.'");

    const KindInfo* info = read_kind(c, t, path, table_line);
    // Without a kind that is known, the rest of the table is still checked (so one run shows
    // every mistake), against the keys of every kind; only what depends on the kind is skipped.
    if (info) out.kind = info->kind;
    std::vector<std::string> allowed = k_common_provider_keys;
    if (!info || out.kind == ProviderKind::mock) allowed.insert(allowed.end(), k_mock_keys.begin(), k_mock_keys.end());
    if (!info || out.kind == ProviderKind::azure) allowed.push_back("api_version");
    c.check_keys(t, path, allowed);

    if (auto v = c.string(t, path, "base_url")) {
        if (!valid_url(*v)) c.error(line_of(*t.get("base_url")), join(path, "base_url"), "not a URL: \"" + *v + "\"");
        else out.base_url = *v;
    } else if (!t.get("base_url") && info) {
        out.base_url = info->default_base_url;
        if (out.kind == ProviderKind::azure)
            c.error(table_line, join(path, "base_url"),
                    "missing required key (the resource URL, e.g. \"https://NAME.openai.azure.com\", "
                    "or \"https://NAME.openai.azure.com/openai/v1\")");
    }
    if (!info || out.kind == ProviderKind::azure) {
        if (info) out.api_version = "2024-10-21";
        if (auto v = c.string(t, path, "api_version")) out.api_version = *v;
    }
    if (!t.get("api_key") && info && info->key_required) {
        // Presets need only a key: by default, their standard variable.
        std::string reference = std::string("env:") + info->key_env;
        if (auto value = resolve(reference))
            out.api_key = Secret{reference, *value};
        else
            c.error(table_line, join(path, "api_key"),
                    std::string("missing: set ") + info->key_env + " or give api_key = \"env:NAME\", "
                    "\"file:PATH\" or \"cmd:COMMAND\"");
    }
    if (auto v = c.string(t, path, "api_key")) {
        int line = line_of(*t.get("api_key"));
        auto value = resolve(*v);
        if (!value) c.error(line, join(path, "api_key"), value.error().message);
        else out.api_key = Secret{*v, *value};
        if (is_literal_secret(*v))
            c.warn(line, join(path, "api_key"),
                   "literal secret in config; use env:NAME, file:PATH or cmd:COMMAND");
    }
    if (auto v = c.string(t, path, "ca_file")) {
        std::string file = paths::expand_home(*v);
        // The overload that throws would escape load() for a path too long or inside a
        // directory we may not search.
        std::error_code error;
        if (std::filesystem::is_regular_file(file, error)) {
            out.ca_file = file;
        } else {
            bool missing = !error || error == std::errc::no_such_file_or_directory
                || error == std::errc::not_a_directory;
            c.error(line_of(*t.get("ca_file")), join(path, "ca_file"),
                    missing ? "file not found: " + file
                            : "cannot use " + file + ": " + error.message());
        }
    }
    if (auto v = c.strings(t, path, "models")) out.models = *v;
    if (const auto* headers = c.table(t, path, "headers")) {
        for (const auto& [key, node] : *headers) {
            if (!node.is_string()) {
                c.error(line_of(node), join(join(path, "headers"), key.str()),
                        std::string("expected a string, got ") + type_name(node.type()));
                continue;
            }
            out.headers[std::string(key.str())] = node.as_string()->get();
        }
    }
    if (auto v = c.integer(t, path, "connect_timeout_ms", 1, 3'600'000)) out.connect_timeout_ms = static_cast<int>(*v);
    if (auto v = c.integer(t, path, "timeout_ms", 1, 86'400'000)) out.timeout_ms = static_cast<int>(*v);
    if (auto v = c.integer(t, path, "max_connections", 1, 100'000)) out.max_connections = static_cast<int>(*v);
    if (!info || out.kind == ProviderKind::mock) read_mock(c, t, path, out.mock);
}

// toml++ keeps tables sorted by key; providers and aliases keep the order the user wrote.
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& table)
{
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (const auto& [key, node] : table) entries.emplace_back(&key, &node);
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        const auto& x = a.first->source().begin;
        const auto& y = b.first->source().begin;
        return x.line != y.line ? x.line < y.line : x.column < y.column;  // inline tables share a line
    });
    return entries;
}

void read_providers(Checker& c, const toml::table& root, const SecretResolver& resolve,
                    Config& out)
{
    const auto* providers = c.table(root, "", "providers");
    if (providers) {
        for (auto [key_ptr, node_ptr] : in_file_order(*providers)) {
            const auto& key = *key_ptr;
            const auto& node = *node_ptr;
            std::string name(key.str());
            if (!node.is_table()) {
                c.error(line_of(node), join("providers", name),
                        std::string("expected a table, got ") + type_name(node.type()));
                continue;
            }
            Provider provider;
            read_provider(c, name, *node.as_table(), static_cast<int>(key.source().begin.line),
                          resolve, provider);
            out.providers.push_back(std::move(provider));
        }
    }
    if (!out.find_provider("mock")) {
        Provider mock;
        mock.name = "mock";
        mock.kind = ProviderKind::mock;
        out.providers.push_back(std::move(mock));
    }
}

void read_models(Checker& c, const toml::table& root, Config& out)
{
    const auto* models = c.table(root, "", "models");
    if (!models) return;
    std::vector<std::string> provider_names;
    for (const auto& p : out.providers) provider_names.push_back(p.name);
    for (auto [key_ptr, node_ptr] : in_file_order(*models)) {
        const auto& key = *key_ptr;
        const auto& node = *node_ptr;
        std::string name(key.str());
        std::string path = join("models", name);
        if (!node.is_table()) {
            c.error(line_of(node), path, std::string("expected a table, got ") + type_name(node.type()));
            continue;
        }
        const auto& t = *node.as_table();
        c.check_keys(t, path, {"targets"});
        const toml::node* list = c.typed(t, path, "targets", toml::node_type::array);
        if (!list) {
            if (!t.get("targets")) c.error(static_cast<int>(key.source().begin.line), join(path, "targets"), "missing required key");
            continue;
        }
        int line = line_of(*list);
        if (list->as_array()->empty()) {
            c.error(line, join(path, "targets"), "needs at least one \"provider/model\"");
            continue;
        }
        // Every target is checked, whatever is wrong with the others.
        bool ok = true;
        std::vector<std::string> targets;
        size_t index = 0;
        for (const auto& item : *list->as_array()) {
            if (!item.is_string()) {
                c.error(line_of(item), join(path, "targets") + "[" + std::to_string(index++) + "]",
                        std::string("expected a string, got ") + type_name(item.type()));
                ok = false;
                continue;
            }
            ++index;
            const std::string& target = targets.emplace_back(item.as_string()->get());
            size_t slash = target.find('/');
            if (slash == std::string::npos || slash == 0 || slash + 1 == target.size()) {
                c.error(line, join(path, "targets"), "\"" + target + "\" is not \"provider/model\"");
                ok = false;
                continue;
            }
            std::string provider = target.substr(0, slash);
            if (!out.find_provider(provider)) {
                std::string message = "\"" + target + "\" names no configured provider \"" + provider + "\"";
                if (auto near = strings::nearest(provider, provider_names); !near.empty())
                    message += "; did you mean \"" + near + "\"?";
                c.error(line, join(path, "targets"), message);
                ok = false;
            }
        }
        if (ok) out.models.push_back({name, std::move(targets)});
    }
}

void read_prices(Checker& c, const toml::table& root, Config& out)
{
    const auto* prices = c.table(root, "", "prices");
    if (!prices) return;
    for (const auto& [key, node] : *prices) {
        std::string name(key.str());
        std::string path = join("prices", name);
        if (!node.is_table()) {
            c.error(line_of(node), path, std::string("expected a table, got ") + type_name(node.type()));
            continue;
        }
        const auto& t = *node.as_table();
        c.check_keys(t, path, {"input", "cached_input", "cache_write", "output"});
        PriceOverride price;
        price.input = c.number(t, path, "input", 0.0, 1e6);
        price.cached_input = c.number(t, path, "cached_input", 0.0, 1e6);
        price.cache_write = c.number(t, path, "cache_write", 0.0, 1e6);
        price.output = c.number(t, path, "output", 0.0, 1e6);
        out.prices[name] = price;
    }
}

void read_secrets(Checker& c, const toml::table& root, SecretSettings& out)
{
    const auto* secrets = c.table(root, "", "secrets");
    if (!secrets) return;
    c.check_keys(*secrets, "secrets", {"cmd_timeout_ms"});
    if (auto v = c.integer(*secrets, "secrets", "cmd_timeout_ms", 1, 3'600'000)) out.cmd_timeout_ms = static_cast<int>(*v);
}

// The resolver the loader uses: the caller's own, else the real one with the configured
// timeout, else (secrets left unresolved) one that checks the reference and reads nothing.
SecretResolver resolver_for(const SecretResolver* custom, Secrets secrets, const SecretSettings& settings)
{
    if (custom) return *custom;
    if (secrets == Secrets::leave_unresolved)
        return [](const std::string& reference) -> Result<std::string> {
            if (auto checked = check_reference(reference); !checked) return std::unexpected(checked.error());
            return std::string();
        };
    return [timeout_ms = settings.cmd_timeout_ms](const std::string& reference) {
        return resolve_secret(reference, timeout_ms);
    };
}

void read_ask(Checker& c, const toml::table& root, Ask& out)
{
    const auto* ask = c.table(root, "", "ask");
    if (!ask) return;
    c.check_keys(*ask, "ask", {"model", "system"});
    if (auto v = c.string(*ask, "ask", "model")) out.model = *v;
    if (auto v = c.string(*ask, "ask", "system")) out.system = *v;
}

LoadResult check_document(const toml::table& root, const std::string& source,
                          const SecretResolver* custom_resolver, Secrets secrets)
{
    Checker c(source);
    Config config;
    config.source = source;
    c.check_keys(root, "", {"server", "ledger", "ask", "secrets", "providers", "models", "prices"});
    read_server(c, root, config.server);
    read_ledger(c, root, config.ledger);
    read_ask(c, root, config.ask);
    read_secrets(c, root, config.secrets);
    read_providers(c, root, resolver_for(custom_resolver, secrets, config.secrets), config);
    read_models(c, root, config);
    read_prices(c, root, config);
    // Report in file order, however the checks walked the document.
    auto by_line = [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; };
    std::stable_sort(c.errors.begin(), c.errors.end(), by_line);
    std::stable_sort(c.warnings.begin(), c.warnings.end(), by_line);
    if (!c.errors.empty()) return std::unexpected(std::move(c.errors));
    return Loaded{std::move(config), std::move(c.warnings)};
}

} // namespace

namespace {

LoadResult parse_and_check(std::string_view toml_text, const std::string& source_name,
                           const SecretResolver* custom_resolver, Secrets secrets)
{
    try {
        toml::table root = toml::parse(toml_text, source_name);
        return check_document(root, source_name, custom_resolver, secrets);
    } catch (const toml::parse_error& e) {
        return std::unexpected(std::vector<Diagnostic>{
            {source_name, static_cast<int>(e.source().begin.line), "", std::string(e.description())}});
    }
}

} // namespace

LoadResult load_string(std::string_view toml_text, const std::string& source_name, Secrets secrets)
{
    return parse_and_check(toml_text, source_name, nullptr, secrets);
}

LoadResult load_string(std::string_view toml_text, const std::string& source_name,
                       const SecretResolver& resolve)
{
    return parse_and_check(toml_text, source_name, &resolve, Secrets::resolve);
}

LoadResult load_file(const std::string& path, Secrets secrets)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::unexpected(std::vector<Diagnostic>{{path, 0, "", "cannot read the config file"}});
    std::stringstream text;
    text << in.rdbuf();
    return load_string(text.str(), path, secrets);
}

LoadResult load_embedded_default(Secrets secrets)
{
    auto loaded = load_string(embedded_default_text(), k_embedded_source, secrets);
    if (!loaded) return loaded;
    for (const auto& known : known_providers()) {
        const char* key = std::getenv(known.env_key);
        if (!key || !*key || loaded->config.find_provider(known.name)) continue;
        const KindInfo& info = *find_kind(known.name);
        Provider provider;
        provider.name = known.name;
        provider.kind = info.kind;
        provider.base_url = info.default_base_url;
        if (info.kind == ProviderKind::azure) {
            const char* endpoint = std::getenv(k_azure_endpoint_env);
            if (!endpoint || !*endpoint) continue;
            provider.base_url = endpoint;
            provider.api_version = "2024-10-21";
        }
        provider.api_key = Secret{std::string("env:") + known.env_key,
                                  secrets == Secrets::resolve ? std::string(key) : std::string()};
        loaded->config.providers.push_back(std::move(provider));
    }
    return loaded;
}

Result<Location> locate(const std::optional<std::string>& flag_path)
{
    auto must_exist = [](const std::string& path, const std::string& how) -> Result<Location> {
        std::error_code error;  // not the overload that throws (a path too long, unsearchable)
        if (std::filesystem::exists(path, error)) return Location{path, how};
        std::string why = error ? "cannot use config file " + path + ": " + error.message()
                                : "config file not found: " + path;
        return fail(ErrorCode::config, why + " (from " + how + ")");
    };
    if (flag_path) return must_exist(paths::expand_home(*flag_path), "--config");
    if (const char* env = std::getenv("LLMP_CONFIG"); env && *env)
        return must_exist(paths::expand_home(env), "$LLMP_CONFIG");
    std::string standard = paths::config_home() + "/llmp/config.toml";
    std::error_code error;
    if (std::filesystem::exists(standard, error)) return Location{standard, "default location"};
    return Location{"", "embedded default"};
}

LoadResult load(const Location& location, Secrets secrets)
{
    return location.path.empty() ? load_embedded_default(secrets) : load_file(location.path, secrets);
}

} // namespace llmp::config
