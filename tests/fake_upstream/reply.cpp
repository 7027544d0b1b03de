#include "fake_upstream/reply.hpp"

namespace llmp::test::fake_upstream {

void reply_json(httplib::Response& response, int status, const Json& body)
{
    response.status = status;
    // Replaces invalid UTF-8 (a logged raw body may hold any bytes) instead of throwing.
    response.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace),
                         "application/json");
}

void reply_bad_json(httplib::Response& response)
{
    response.status = 200;
    response.set_content("{not json", "application/json");
}

std::string bearer_token(const httplib::Request& request)
{
    const std::string value = request.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (value.size() <= prefix.size() || value.compare(0, prefix.size(), prefix) != 0) return "";
    return value.substr(prefix.size());
}

} // namespace llmp::test::fake_upstream
