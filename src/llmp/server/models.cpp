#include "llmp/server/models.hpp"

#include "llmp/canonical/json.hpp"
#include "llmp/router/resolve.hpp"
#include "llmp/server/errors.hpp"

#include <set>

namespace llmp::server {

namespace {

constexpr std::string_view k_prefix = "/v1/models/";
// llmp knows no creation dates; the epoch says so in both shapes.
constexpr const char* k_created_at = "1970-01-01T00:00:00Z";

struct Listed {
    std::string id;
    std::string owner;  // a provider, or "llmp" for an alias
};

// The Anthropic SDKs send anthropic-version on every request and the key as x-api-key.
config::Dialect client_of(const Request& request)
{
    bool anthropic = !request.header("anthropic-version").empty()
                     || !request.header("x-api-key").empty();
    return anthropic ? config::Dialect::anthropic : config::Dialect::openai;
}

// In the order resolve() tries them: aliases, then what providers declare (bare and qualified),
// then the targets aliases name. Each name once.
std::vector<Listed> usable_models(const config::Config& config)
{
    std::vector<Listed> listed;
    std::set<std::string> seen;
    auto add = [&](std::string id, const std::string& owner) {
        if (seen.insert(id).second) listed.push_back({std::move(id), owner});
    };
    for (const auto& alias : config.models) add(alias.name, "llmp");
    for (const auto& provider : config.providers)
        for (const auto& model : provider.models) add(model, provider.name);
    for (const auto& provider : config.providers) {
        // The mock answers any name; "echo" is the one it advertises.
        if (provider.kind == config::ProviderKind::mock && provider.models.empty())
            add(provider.name + "/echo", provider.name);
        for (const auto& model : provider.models) add(provider.name + "/" + model, provider.name);
    }
    for (const auto& alias : config.models)
        for (const auto& target : alias.targets)
            if (auto slash = target.find('/'); slash != std::string::npos)
                add(target, target.substr(0, slash));
    return listed;
}

Json entry(config::Dialect client, const Listed& model)
{
    if (client == config::Dialect::anthropic)
        return {{"type", "model"},
                {"id", model.id},
                {"display_name", model.id},
                {"created_at", k_created_at}};
    return {{"id", model.id}, {"object", "model"}, {"created", 0}, {"owned_by", model.owner}};
}

Reply json_reply(const Json& body)
{
    Reply reply;
    reply.body = body.dump();
    return reply;
}

} // namespace

Reply handle_list_models(const Context& context, const Request& request)
{
    config::Dialect client = client_of(request);
    auto listed = usable_models(context.config());
    Json data = Json::array();
    for (const auto& model : listed) data.push_back(entry(client, model));
    if (client == config::Dialect::openai)
        return json_reply({{"object", "list"}, {"data", std::move(data)}});
    // One page holds every model: has_more is false and the ids bound it.
    Json first = listed.empty() ? Json(nullptr) : Json(listed.front().id);
    Json last = listed.empty() ? Json(nullptr) : Json(listed.back().id);
    return json_reply(
        {{"data", std::move(data)}, {"has_more", false}, {"first_id", first}, {"last_id", last}});
}

Reply handle_retrieve_model(const Context& context, const Request& request)
{
    config::Dialect client = client_of(request);
    std::string id = request.path.starts_with(k_prefix)
                         ? std::string(request.path.substr(k_prefix.size()))
                         : "";
    for (const auto& model : usable_models(context.config()))
        if (model.id == id) return json_reply(entry(client, model));
    // Any other name llmp would route is a model too ("openai/gpt-4o" with no models declared).
    auto route = router::resolve(context.config(), id);
    // A name check_model_name() refuses is not found either: no such model can exist.
    if (!route) return error_reply(client, Error{ErrorCode::not_found, route.error().message});
    std::string owner = route->alias.empty() ? route->targets.front().provider : "llmp";
    return json_reply(entry(client, {id, owner}));
}

} // namespace llmp::server
