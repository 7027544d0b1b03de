#include "llmp/config/defaults.hpp"

#include "llmp/config/kinds.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace llmp::config {

std::string_view embedded_default_text()
{
    return R"toml([server]
listen = "127.0.0.1:8484"

[ledger]
store_bodies = true

[ask]
model = "mock/echo"

[providers.mock]
kind = "mock"
)toml";
}

std::string_view starter_template()
{
    return R"toml(# llmp configuration. Check it with `llmp config check`; see the effective
# config (secrets masked) with `llmp config show`.

[server]
# Where `llmp serve` listens. Loopback only unless you mean to share it: llmp has no client
# authentication yet, so any other address is refused unless you say the network is trusted.
listen = "127.0.0.1:8484"
# allow_unauthenticated = false
# Most connections served at once (a stream holds one for its whole length).
# threads = 1024
# Largest request body accepted, in bytes.
# max_body_bytes = 33554432
# After SIGINT/SIGTERM, in-flight requests get this long to finish.
# shutdown_grace_ms = 10000
# A request's headers must arrive within this of its first byte (else 408); its body gets
# as long again plus one second per 64 KiB.
# request_timeout_ms = 10000
# Open client connections, idle ones included; past it the longest idle are closed.
# max_connections = 4096
# Host names accepted besides localhost, 127.0.0.1, [::1] and the listen address (a guard
# against DNS rebinding), and web apps allowed to call llmp from a browser (CORS).
# allowed_hosts = ["llmp.internal"]
# cors_origins = ["http://localhost:3000"]

[ledger]
# Every request is recorded here (SQLite). Query it with any SQLite client.
# path = "~/.local/share/llmp/ledger.sqlite"
# Keep request and response bodies (needed by `llmp replay`).
store_bodies = true

[ask]
# The model `llmp ask` uses when neither -m nor $LLMP_MODEL names one.
model = "mock/echo"
# A system prompt sent with every `llmp ask` question (-s replaces it).
# system = "Answer briefly."

# Providers. Keys are references, never literals in this file:
#   env:NAME   an environment variable
#   file:PATH  the content of a file (trailing whitespace trimmed)
#   cmd:CMD    the output of a command, e.g. cmd:security find-generic-password -w -s openai
# They are resolved only by the commands that call a provider (serve, ask, models, config check).

# [secrets]
# A cmd: that has not finished after this long is killed (with everything it started).
# cmd_timeout_ms = 10000

# [providers.openai]
# kind = "openai"
# api_key = "env:OPENAI_API_KEY"
# models = ["gpt-4o-mini", "gpt-4.1"]   # lets clients use bare names

# Any OpenAI-compatible server: Ollama, vLLM, LM Studio, llama.cpp, Groq, Mistral, DeepSeek,
# OpenRouter, Together.
# [providers.local]
# kind = "openai"
# base_url = "http://127.0.0.1:11434/v1"
# timeout_ms = 600000          # longest silence tolerated from the upstream
# max_connections = 256        # concurrent upstream connections
# ca_file = "/path/to/ca.pem"  # extra CA for a private HTTPS endpoint

# The built-in mock provider answers offline ("mock/anything" echoes the last user message).
[providers.mock]
kind = "mock"
# text = "a fixed answer"
# latency_ms = 0
# token_delay_ms = 0
# answer_tokens = 0
# error_status = 503
# error_rate = 0.0

# Aliases clients can name as the model; the first target serves.
# [models.fast]
# targets = ["openai/gpt-4o-mini", "mock/echo"]

# Prices in USD per million tokens, overriding the built-in table.
# [prices."openai/gpt-4o-mini"]
# input = 0.15
# cached_input = 0.075
# output = 0.60
)toml";
}

const std::vector<KnownProvider>& known_providers()
{
    static const std::vector<KnownProvider> k_known = [] {
        std::vector<KnownProvider> known;
        for (const auto& info : all_kinds())
            // openai-responses shares OPENAI_API_KEY with openai, whose provider already
            // reaches every chat model; Responses-only models need a declared provider.
            if (*info.key_env && info.kind != ProviderKind::openai_responses)
                known.push_back({info.name, info.key_env});
        return known;
    }();
    return k_known;
}

Result<void> write_starter(const std::string& path)
{
    std::filesystem::path file(path);
    std::error_code error;
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), error);
    if (error) return fail(ErrorCode::io, "cannot create " + file.parent_path().string() + ": " + error.message());
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return fail(ErrorCode::io, path + " already exists; not overwriting it");
        return fail(ErrorCode::io, "cannot create " + path + ": " + std::strerror(errno));
    }
    auto text = starter_template();
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    if (!ok) return fail(ErrorCode::io, "cannot write " + path);
    return {};
}

} // namespace llmp::config
