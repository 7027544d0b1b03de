// A provider is one configured upstream: its kind (wire format, auth, quirks), its base URL and
// its connection pool, or the built-in mock that answers in-process. The server hands it an
// already encoded upstream body; the provider only moves bytes.
#pragma once

#include "llmp/canonical/json.hpp"
#include "llmp/config/config.hpp"
#include "llmp/core/result.hpp"
#include "llmp/upstream/client.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace llmp::providers {

struct Call {
    std::string_view path;       // relative to the provider's base URL, e.g. "/chat/completions"
    const Json* request = nullptr;  // the upstream body, parsed (the mock reads it)
    std::string body;            // the upstream body, serialised
};

class Provider {
public:
    virtual ~Provider() = default;
    virtual const config::Provider& settings() const = 0;

    // Without `stream` the whole response body is returned; with it, the body goes to its hooks
    // as it arrives.
    virtual Result<upstream::HttpResponse> send(Call call, upstream::BodyStream* stream) = 0;
};

std::unique_ptr<Provider> make_mock(const config::Provider& settings);
Result<std::unique_ptr<Provider>> make_openai(const config::Provider& settings);

// One instance of each configured provider, built once at start-up.
class Registry {
public:
    static Result<Registry> build(const config::Config& config);
    Provider* find(std::string_view name) const;

private:
    std::vector<std::unique_ptr<Provider>> m_providers;
};

} // namespace llmp::providers
