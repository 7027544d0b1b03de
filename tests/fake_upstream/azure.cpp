// Azure OpenAI routes (providers.md §5.1): the classic deployments path, which needs an api-key
// header and an api-version query parameter, and the versionless /openai/v1 path. The bodies
// are OpenAI's (openai.cpp, Flavour::azure).
#include "fake_upstream/openai.hpp"
#include "fake_upstream/reply.hpp"
#include "fake_upstream/routes.hpp"

namespace llmp::test::fake_upstream {
namespace {

Json azure_error(const std::string& code, const std::string& message)
{
    return {{"error", {{"code", code}, {"message", message}}}};
}

void reply_unauthorized(httplib::Response& response)
{
    reply_json(response, 401,
               azure_error("401", "Access denied due to invalid subscription key or wrong API "
                                  "endpoint. Make sure to provide a valid key for an active "
                                  "subscription and use a correct regional API endpoint for "
                                  "your resource."));
}

// Checks of the deployments path. True when the request may proceed.
bool deployment_request_ok(const httplib::Request& request, httplib::Response& response)
{
    if (request.get_header_value("api-key").empty()) {
        reply_unauthorized(response);
        return false;
    }
    if (request.get_param_value("api-version").empty()) {
        reply_json(response, 400,
                   azure_error("BadRequest", "Missing required query parameter 'api-version'."));
        return false;
    }
    return true;
}

} // namespace

void add_azure_routes(Routes& routes)
{
    routes.post("/openai/deployments/([^/]+)/chat/completions",
                [](const httplib::Request& request, httplib::Response& response) {
                    if (!deployment_request_ok(request, response)) return;
                    handle_openai_chat(request, response, Flavour::azure, request.matches[1]);
                });
    routes.post("/openai/deployments/([^/]+)/embeddings",
                [](const httplib::Request& request, httplib::Response& response) {
                    if (!deployment_request_ok(request, response)) return;
                    handle_openai_embeddings(request, response, request.matches[1]);
                });
    routes.post("/openai/v1/chat/completions", [](const httplib::Request& request,
                                                  httplib::Response& response) {
        if (request.get_header_value("api-key").empty() && bearer_token(request).empty()) {
            reply_unauthorized(response);
            return;
        }
        handle_openai_chat(request, response, Flavour::azure, "");
    });
}

} // namespace llmp::test::fake_upstream
