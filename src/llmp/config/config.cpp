#include "llmp/config/config.hpp"

namespace llmp::config {

const Provider* Config::find_provider(const std::string& name) const
{
    for (const auto& p : providers)
        if (p.name == name) return &p;
    return nullptr;
}

const ModelAlias* Config::find_alias(const std::string& name) const
{
    for (const auto& m : models)
        if (m.name == name) return &m;
    return nullptr;
}

} // namespace llmp::config
