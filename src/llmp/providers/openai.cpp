// Upstreams that speak the OpenAI chat format: OpenAI itself and every compatible server
// (Ollama, vLLM, LM Studio, llama.cpp, Groq, Mistral, DeepSeek, OpenRouter, Together).
#include "llmp/providers/provider.hpp"

namespace llmp::providers {

namespace {

class OpenAiProvider final : public Provider {
public:
    OpenAiProvider(config::Provider settings, std::unique_ptr<upstream::Endpoint> endpoint)
        : m_settings(std::move(settings)), m_endpoint(std::move(endpoint))
    {
        if (m_settings.api_key && !m_settings.api_key->value.empty())
            m_headers.emplace_back("Authorization", "Bearer " + m_settings.api_key->value);
        for (const auto& [name, value] : m_settings.headers) m_headers.emplace_back(name, value);
        m_headers.emplace_back("Accept", "application/json, text/event-stream");
    }

    const config::Provider& settings() const override { return m_settings; }

    Result<upstream::HttpResponse> send(Call call, upstream::BodyStream* stream) override
    {
        return m_endpoint->post(call.path, m_headers, std::move(call.body), stream);
    }

private:
    config::Provider m_settings;
    std::unique_ptr<upstream::Endpoint> m_endpoint;
    upstream::Headers m_headers;
};

} // namespace

Result<std::unique_ptr<Provider>> make_openai(const config::Provider& settings)
{
    upstream::EndpointOptions options;
    options.base_url = settings.base_url;
    options.ca_file = settings.ca_file;
    options.connect_timeout_ms = settings.connect_timeout_ms;
    options.read_timeout_ms = settings.timeout_ms;
    options.max_connections = settings.max_connections;
    auto endpoint = LLMP_TRY(upstream::Endpoint::create(options));
    return std::unique_ptr<Provider>(new OpenAiProvider(settings, std::move(endpoint)));
}

} // namespace llmp::providers
