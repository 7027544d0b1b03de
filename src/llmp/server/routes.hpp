// The HTTP surface of `llmp serve`: which path goes to which handler.
#pragma once

#include "llmp/server/context.hpp"
#include "llmp/server/http.hpp"

namespace llmp::server {

void add_routes(HttpServer& http, Context& context);

} // namespace llmp::server
