// Model addressing: turns the model a client asked for into the target that serves it.
// Pure decisions over the config; no I/O. Order: an alias from [models], then
// "provider/model", then a bare name listed in a provider's `models`.
#pragma once

#include "llmp/config/config.hpp"
#include "llmp/core/result.hpp"

#include <string>
#include <vector>

namespace llmp::router {

struct Target {
    std::string provider;  // a configured provider's name
    std::string model;     // the model name sent upstream
};

struct Route {
    std::vector<Target> targets;  // in order of preference; the first serves
    std::string alias;            // the alias used, if any
};

// ErrorCode::not_found with a message that explains how to address models; invalid_input,
// before anything else, for a name check_model_name() refuses (router/model_name.hpp).
Result<Route> resolve(const config::Config& config, const std::string& requested);

} // namespace llmp::router
