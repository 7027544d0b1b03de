#include "llmp/router/resolve.hpp"

#include <doctest/doctest.h>

using namespace llmp;

namespace {
config::Config sample()
{
    config::Config c;
    config::Provider mock;
    mock.name = "mock";
    mock.kind = config::ProviderKind::mock;
    config::Provider openai;
    openai.name = "openai";
    openai.base_url = "https://api.openai.com/v1";
    openai.models = {"gpt-4o-mini"};
    config::Provider openrouter;
    openrouter.name = "openrouter";
    openrouter.base_url = "https://openrouter.ai/api/v1";
    c.providers = {mock, openai, openrouter};
    c.models.push_back({"fast", {"openai/gpt-4o-mini", "mock/echo"}});
    return c;
}
} // namespace

TEST_CASE("model addressing")
{
    auto c = sample();
    SUBCASE("provider/model")
    {
        auto r = router::resolve(c, "mock/echo");
        REQUIRE(r);
        CHECK(r->targets.front().provider == "mock");
        CHECK(r->targets.front().model == "echo");
    }
    SUBCASE("provider/vendor/model keeps the rest as the model")
    {
        auto r = router::resolve(c, "openrouter/anthropic/claude-sonnet-4-5");
        REQUIRE(r);
        CHECK(r->targets.front().provider == "openrouter");
        CHECK(r->targets.front().model == "anthropic/claude-sonnet-4-5");
    }
    SUBCASE("alias: first target serves")
    {
        auto r = router::resolve(c, "fast");
        REQUIRE(r);
        CHECK(r->alias == "fast");
        REQUIRE(r->targets.size() == 2);
        CHECK(r->targets[0].provider == "openai");
        CHECK(r->targets[0].model == "gpt-4o-mini");
        CHECK(r->targets[1].provider == "mock");
    }
    SUBCASE("bare name through a provider's models list")
    {
        auto r = router::resolve(c, "gpt-4o-mini");
        REQUIRE(r);
        CHECK(r->targets.front().provider == "openai");
    }
    SUBCASE("unknown model explains how to address models")
    {
        auto r = router::resolve(c, "gpt-9");
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::not_found);
        CHECK(r.error().message
              == "model \"gpt-9\" not found; address a model as \"provider/model\" (providers: "
                 "mock, openai, openrouter), as an alias (fast) or by a name listed in a "
                 "provider's models");
    }
    SUBCASE("a typo in the provider gets a suggestion")
    {
        auto r = router::resolve(c, "opnai/gpt-4o");
        REQUIRE_FALSE(r);
        CHECK(r.error().message.ends_with("; did you mean \"openai/gpt-4o\"?"));
    }
}
