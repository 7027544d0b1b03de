#include "llmp/router/resolve.hpp"

#include "llmp/core/strings.hpp"
#include "llmp/router/model_name.hpp"

namespace llmp::router {

namespace {

std::optional<Target> split_target(const config::Config& config, const std::string& text)
{
    size_t slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) return std::nullopt;
    std::string provider = text.substr(0, slash);
    if (!config.find_provider(provider)) return std::nullopt;
    return Target{provider, text.substr(slash + 1)};
}

std::string not_found_message(const config::Config& config, const std::string& requested)
{
    std::vector<std::string> names;
    std::string providers;
    for (const auto& p : config.providers) {
        if (!providers.empty()) providers += ", ";
        providers += p.name;
        names.push_back(p.name + "/");
        for (const auto& m : p.models) names.push_back(m);
    }
    std::string message = "model \"" + requested
        + "\" not found; address a model as \"provider/model\" (providers: " + providers + ")";
    if (!config.models.empty()) {
        message += ", as an alias (";
        for (size_t i = 0; i < config.models.size(); ++i) {
            if (i) message += ", ";
            message += config.models[i].name;
            names.push_back(config.models[i].name);
        }
        message += ")";
    }
    message += " or by a name listed in a provider's models";
    if (size_t slash = requested.find('/'); slash != std::string::npos) {
        std::string prefix = requested.substr(0, slash);
        std::vector<std::string> provider_names;
        for (const auto& p : config.providers) provider_names.push_back(p.name);
        if (auto near = strings::nearest(prefix, provider_names); !near.empty())
            message += "; did you mean \"" + near + requested.substr(slash) + "\"?";
    }
    return message;
}

} // namespace

Result<Route> resolve(const config::Config& config, const std::string& requested)
{
    LLMP_TRY(check_model_name(requested));
    if (const auto* alias = config.find_alias(requested)) {
        Route route;
        route.alias = alias->name;
        for (const auto& text : alias->targets) {
            LLMP_TRY(check_model_name(text));  // the config's own names obey the same rule
            if (auto target = split_target(config, text)) route.targets.push_back(*target);
        }
        if (!route.targets.empty()) return route;
    }
    if (auto target = split_target(config, requested)) return Route{{*target}, {}};
    for (const auto& provider : config.providers)
        for (const auto& model : provider.models)
            if (model == requested) return Route{{Target{provider.name, model}}, {}};
    return fail(ErrorCode::not_found, not_found_message(config, requested));
}

} // namespace llmp::router
