#include "llmp/providers/provider.hpp"

#include <doctest/doctest.h>

using namespace llmp;
using providers::Operation;

namespace {

config::Provider provider(config::ProviderKind kind, const std::string& base_url)
{
    config::Provider settings;
    settings.name = "p";
    settings.kind = kind;
    settings.base_url = base_url;
    settings.api_version = "2024-10-21";
    return settings;
}

} // namespace

TEST_CASE("routes: a model in the path is one percent-encoded segment")
{
    auto gemini = provider(config::ProviderKind::gemini, "https://generativelanguage.googleapis.com/v1beta");
    auto azure = provider(config::ProviderKind::azure, "https://r.openai.azure.com");

    SUBCASE("unreserved characters pass as they are")
    {
        CHECK(providers::path_for(gemini, Operation::chat, "gemini-1.5-pro_latest~x", false)
              == "/models/gemini-1.5-pro_latest~x:generateContent");
        CHECK(providers::path_for(gemini, Operation::chat, "gemini-2.0-flash", true)
              == "/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
        CHECK(providers::path_for(azure, Operation::chat, "gpt-4o", false)
              == "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21");
    }
    SUBCASE("everything else is encoded, '/' included")
    {
        CHECK(providers::path_for(gemini, Operation::chat, "my model é", false)
              == "/models/my%20model%20%C3%A9:generateContent");
        CHECK(providers::path_for(gemini, Operation::embeddings, "a/b:c?d#e%f", false)
              == "/models/a%2Fb%3Ac%3Fd%23e%25f:batchEmbedContents");
        CHECK(providers::path_for(azure, Operation::embeddings, "dep/../x y", false)
              == "/openai/deployments/dep%2F..%2Fx%20y/embeddings?api-version=2024-10-21");
        CHECK(providers::path_for(azure, Operation::chat, "a\r\nb", false)
              == "/openai/deployments/a%0D%0Ab/chat/completions?api-version=2024-10-21");
    }
    SUBCASE("kinds that send the model in the body keep a fixed path")
    {
        auto openai = provider(config::ProviderKind::openai, "https://openrouter.ai/api/v1");
        CHECK(providers::path_for(openai, Operation::chat, "meta-llama/llama-3 x", false) == "/chat/completions");
        auto azure_v1 = provider(config::ProviderKind::azure, "https://r.openai.azure.com/openai/v1");
        CHECK(providers::path_for(azure_v1, Operation::chat, "a/b", false) == "/chat/completions");
    }
}
