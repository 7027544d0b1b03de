#include "llmp/canonical/error.hpp"

#include <array>
#include <utility>

namespace llmp::canonical {

namespace {
constexpr std::array<std::pair<ErrorType, const char*>, 10> k_names = {{
    {ErrorType::invalid_request, "invalid_request"},
    {ErrorType::authentication, "authentication"},
    {ErrorType::permission, "permission"},
    {ErrorType::not_found, "not_found"},
    {ErrorType::too_large, "too_large"},
    {ErrorType::rate_limit, "rate_limit"},
    {ErrorType::quota, "quota"},
    {ErrorType::overloaded, "overloaded"},
    {ErrorType::timeout, "timeout"},
    {ErrorType::server, "server"},
}};
} // namespace

ErrorType error_type_for_status(int status)
{
    switch (status) {
    case 400:
    case 422: return ErrorType::invalid_request;
    case 401: return ErrorType::authentication;
    case 402: return ErrorType::quota;
    case 403: return ErrorType::permission;
    case 404: return ErrorType::not_found;
    case 413: return ErrorType::too_large;
    case 429: return ErrorType::rate_limit;
    case 503:
    case 529: return ErrorType::overloaded;
    case 408:
    case 504: return ErrorType::timeout;
    default: return status >= 500 ? ErrorType::server : ErrorType::invalid_request;
    }
}

const char* error_type_name(ErrorType type)
{
    for (const auto& [t, name] : k_names)
        if (t == type) return name;
    return "server";
}

ErrorType error_type_from_name(const std::string& name)
{
    for (const auto& [t, n] : k_names)
        if (name == n) return t;
    return ErrorType::server;
}

} // namespace llmp::canonical
