// Every provider reached over HTTP(S): one pooled endpoint per provider; the kind decides the
// paths and the authentication (see routes.cpp in this folder for both).
#include "llmp/providers/provider.hpp"

#include "llmp/core/strings.hpp"

namespace llmp::providers {

namespace {

class RemoteProvider final : public Provider {
public:
    RemoteProvider(config::Provider settings, std::unique_ptr<upstream::Endpoint> endpoint)
        : m_settings(std::move(settings)), m_endpoint(std::move(endpoint)),
          m_headers(auth_headers(m_settings))
    {
    }

    const config::Provider& settings() const override { return m_settings; }

    Result<upstream::HttpResponse> send(Call call, upstream::BodyStream* stream) override
    {
        std::string path = path_for(m_settings, call.operation, call.model, call.stream);
        if (path.empty())
            return fail(ErrorCode::invalid_input, "provider " + m_settings.name + " (kind "
                                                      + config::kind_info(m_settings.kind).name
                                                      + ") does not offer this endpoint");
        if (call.relayed.empty()) return m_endpoint->post(path, m_headers, std::move(call.body), stream);
        upstream::Headers headers;
        for (const auto& header : m_headers) {
            bool replaced = false;
            for (const auto& relayed : call.relayed)
                if (strings::iequals(header.first, relayed.first)) replaced = true;
            if (!replaced) headers.push_back(header);
        }
        for (auto& header : call.relayed) headers.push_back(std::move(header));
        return m_endpoint->post(path, headers, std::move(call.body), stream);
    }

    Result<std::vector<std::string>> list_models(int timeout_ms) override;

private:
    config::Provider m_settings;
    std::unique_ptr<upstream::Endpoint> m_endpoint;
    upstream::Headers m_headers;
};

// Model ids from a models listing: OpenAI/Anthropic {"data":[{"id"}]}, Gemini
// {"models":[{"name":"models/x"}]}, Cohere {"models":[{"name"}]}.
std::vector<std::string> model_ids(const Json& body)
{
    std::vector<std::string> ids;
    for (const char* list : {"data", "models"}) {
        auto it = body.find(list);
        if (it == body.end() || !it->is_array()) continue;
        for (const auto& item : *it) {
            std::string id = json::string_at(item, "id");
            if (id.empty()) id = json::string_at(item, "name");
            if (id.rfind("models/", 0) == 0) id.erase(0, 7);
            if (!id.empty()) ids.push_back(id);
        }
    }
    return ids;
}

Result<std::vector<std::string>> RemoteProvider::list_models(int timeout_ms)
{
    std::string path = m_settings.kind == config::ProviderKind::anthropic ? "/v1/models"
        : m_settings.kind == config::ProviderKind::cohere                ? "/v1/models"
                                                                         : "/models";
    if (m_settings.kind == config::ProviderKind::azure) return std::vector<std::string>{};
    upstream::EndpointOptions options;
    options.base_url = m_settings.base_url;
    options.ca_file = m_settings.ca_file;
    options.connect_timeout_ms = timeout_ms;
    options.read_timeout_ms = timeout_ms;
    options.max_connections = 1;
    auto endpoint = LLMP_TRY(upstream::Endpoint::create(options));
    auto response = LLMP_TRY(endpoint->get(path, m_headers));
    if (response.status != 200)
        return fail(ErrorCode::upstream, "HTTP " + std::to_string(response.status) + " from " + path);
    Json body = Json::parse(response.body, nullptr, false);
    if (!body.is_object()) return fail(ErrorCode::upstream, "not a JSON object from " + path);
    return model_ids(body);
}

} // namespace

Result<std::unique_ptr<Provider>> make_remote(const config::Provider& settings)
{
    upstream::EndpointOptions options;
    options.base_url = settings.base_url;
    options.ca_file = settings.ca_file;
    options.connect_timeout_ms = settings.connect_timeout_ms;
    options.read_timeout_ms = settings.timeout_ms;
    options.max_connections = settings.max_connections;
    auto endpoint = LLMP_TRY(upstream::Endpoint::create(options));
    return std::unique_ptr<Provider>(new RemoteProvider(settings, std::move(endpoint)));
}

} // namespace llmp::providers
