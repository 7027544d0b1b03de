#include "llmp/router/model_name.hpp"
#include "llmp/router/resolve.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace llmp;

namespace {

std::string refusal(std::string_view model)
{
    auto checked = router::check_model_name(model);
    if (checked) return "";
    CHECK(checked.error().code == ErrorCode::invalid_input);
    return checked.error().message;
}

} // namespace

TEST_CASE("model names: names real providers use are accepted")
{
    for (const char* model :
         {"gpt-4o-mini", "fgem/gemini-1.5-pro", "openrouter/meta-llama/llama-3.1-8b-instruct",
          "together/mistralai/Mixtral-8x7B-Instruct-v0.1", "ollama/llama3:8b", "local/my model é",
          "azure/dep..loy", "a/.hidden", "x/...", "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0",
          "p/100%"}) {
        CAPTURE(model);
        CHECK(refusal(model) == "");
    }
    CHECK(refusal(std::string(256, 'm')) == "");
}

TEST_CASE("model names: URL syntax, control characters and overlong names are refused")
{
    SUBCASE("dot segments")
    {
        CHECK(refusal("fgem/../../../admin") == R"(model "fgem/../../../admin" is not a valid model name: it has a ".." path segment)");
        CHECK(refusal("..") == R"(model ".." is not a valid model name: it has a ".." path segment)");
        CHECK(refusal("fgem/./x") == R"(model "fgem/./x" is not a valid model name: it has a "." path segment)");
        CHECK(refusal("fgem/x/..") == R"(model "fgem/x/.." is not a valid model name: it has a ".." path segment)");
    }
    SUBCASE("query and fragment")
    {
        CHECK(refusal("fgem/../../../admin?x=1#") == R"(model "fgem/../../../admin?x=1#" is not a valid model name: it contains '?')");
        CHECK(refusal("fgem/gemini#frag") == R"(model "fgem/gemini#frag" is not a valid model name: it contains '#')");
    }
    SUBCASE("control characters")
    {
        CHECK(refusal("fgem/a\r\nHost: evil") == "model \"fgem/a\r\nHost: evil\" is not a valid model name: it contains a control character");
        CHECK(refusal(std::string("a\0b", 3))
              == std::string("model \"a") + '\0' + "b\" is not a valid model name: it contains a control character");
        CHECK(refusal("a\x7f") == "model \"a\x7f\" is not a valid model name: it contains a control character");
        CHECK(refusal("a\tb") != "");
    }
    SUBCASE("over 256 bytes: named by its first 64, cut at a character boundary")
    {
        CHECK(refusal(std::string(257, 'm'))
              == "model \"" + std::string(64, 'm') + "...\" is not a valid model name: it is 257 bytes long, more than 256");
        std::string accented = std::string(63, 'a');
        for (int i = 0; i < 100; ++i) accented += "é";  // 2 bytes each: byte 64 is a continuation
        CHECK(refusal(accented).starts_with("model \"" + std::string(63, 'a') + "...\""));
    }
}

TEST_CASE("model names: resolve refuses a bad name before looking it up")
{
    config::Config config;
    config::Provider gemini;
    gemini.name = "fgem";
    gemini.kind = config::ProviderKind::gemini;
    config.providers = {gemini};
    auto route = router::resolve(config, "fgem/../../../admin?x=1#");
    REQUIRE_FALSE(route);
    CHECK(route.error().code == ErrorCode::invalid_input);
    CHECK(router::resolve(config, "fgem/gemini-2.0-flash"));
    // An alias's targets are held to the same rule.
    config.models.push_back({"sneaky", {"fgem/.."}});
    auto sneaky = router::resolve(config, "sneaky");
    REQUIRE_FALSE(sneaky);
    CHECK(sneaky.error().message == R"(model "fgem/.." is not a valid model name: it has a ".." path segment)");
}
