// A provider is one configured upstream: its kind (wire format, auth, quirks), its base URL and
// its connection pool, or the built-in mock that answers in-process. The server hands it an
// already encoded upstream body in the provider's dialect; the provider knows where to send it
// (paths differ by kind, model and streaming) and how to authenticate.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/config/config.hpp"
#include "llmp/core/result.hpp"
#include "llmp/upstream/client.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace llmp::providers {

enum class Operation { chat, embeddings, count_tokens };

struct Call {
    Operation operation = Operation::chat;
    std::string model;              // the upstream model (Gemini and Azure put it in the path)
    bool stream = false;
    const Json* request = nullptr;  // the upstream body, parsed (the mock reads it)
    std::string body;               // the upstream body, serialised
    // Headers of the client's relayed to a same-dialect upstream (anthropic-beta,
    // anthropic-version); they replace the provider's own header of the same name.
    upstream::Headers relayed = {};
};

class Provider {
public:
    virtual ~Provider() = default;
    virtual const config::Provider& settings() const = 0;
    config::Dialect dialect() const { return settings().dialect(); }

    // Without `stream` the whole response body is returned; with it, the body goes to its hooks
    // as it arrives.
    virtual Result<upstream::HttpResponse> send(Call call, upstream::BodyStream* stream) = 0;

    // The provider's own list of model ids (its models endpoint), for `llmp models`.
    virtual Result<std::vector<std::string>> list_models(int timeout_ms) = 0;
};

std::unique_ptr<Provider> make_mock(const config::Provider& settings);
Result<std::unique_ptr<Provider>> make_remote(const config::Provider& settings);

// The path (relative to the base URL) of an operation for a kind; "" if the kind has none.
std::string path_for(const config::Provider& settings, Operation operation,
                     const std::string& model, bool stream);

// Authentication and fixed headers of a kind (Bearer, api-key, x-api-key, x-goog-api-key...).
upstream::Headers auth_headers(const config::Provider& settings);

// One instance of each configured provider, built once at start-up.
class Registry {
public:
    static Result<Registry> build(const config::Config& config);
    Provider* find(std::string_view name) const;

private:
    std::vector<std::unique_ptr<Provider>> m_providers;
};

} // namespace llmp::providers
