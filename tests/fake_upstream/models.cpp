// GET /v1/models, a path OpenAI and Anthropic share: a request that carries x-api-key or
// anthropic-version gets Anthropic's list (after Anthropic's header checks), any other gets
// OpenAI's. Gemini's list lives in gemini.cpp.
#include "fake_upstream/anthropic.hpp"
#include "fake_upstream/json_read.hpp"
#include "fake_upstream/reply.hpp"
#include "fake_upstream/routes.hpp"

namespace llmp::test::fake_upstream {
namespace {

Json openai_models()
{
    Json data = Json::array();
    for (const char* id : {"gpt-4o-mini", "gpt-4o", "text-embedding-3-small"})
        data.push_back(
            {{"id", id}, {"object", "model"}, {"created", 1721172741}, {"owned_by", "system"}});
    return {{"object", "list"}, {"data", std::move(data)}};
}

Json anthropic_models()
{
    Json data = Json::array();
    for (const auto& [id, name] : {std::pair{"claude-sonnet-4-5", "Claude Sonnet 4.5"},
                                   std::pair{"claude-haiku-4-5", "Claude Haiku 4.5"}})
        data.push_back({{"type", "model"},
                        {"id", id},
                        {"display_name", name},
                        {"created_at", "2025-09-29T00:00:00Z"}});
    return {{"data", data},
            {"has_more", false},
            {"first_id", data.front()["id"]},
            {"last_id", data.back()["id"]}};
}

void handle_models(const httplib::Request& request, httplib::Response& response)
{
    if (request.has_header("x-api-key") || request.has_header("anthropic-version")) {
        if (!anthropic_auth_ok(request, response)) return;
        response.set_header("request-id", "req_fake_anthropic");
        reply_json(response, 200, anthropic_models());
        return;
    }
    response.set_header("x-request-id", "req_fake_openai");
    reply_json(response, 200, openai_models());
}

} // namespace

void add_model_list_routes(Routes& routes)
{
    routes.get("/v1/models", handle_models);
}

} // namespace llmp::test::fake_upstream
