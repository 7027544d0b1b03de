// The config loader: every bad input yields "file:line: key.path: message" with the exact text,
// every problem of a file is reported at once, and a valid file reaches the Config value by value.
#include "llmp/config/defaults.hpp"
#include "llmp/config/loader.hpp"
#include "llmp/config/show.hpp"
#include "support/process.hpp"
#include "support/scoped_env.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>

using namespace llmp;
using llmp::test::ScopedEnv;

namespace {

config::LoadResult load(std::string_view text) { return config::load_string(text, "config.toml"); }

// Every error, one rendered diagnostic a line, so a comparison checks the count, the order and
// each full message at once.
std::string errors_of(const config::LoadResult& result)
{
    if (result) return "<loaded without errors>";
    std::string out;
    for (const auto& d : result.error()) out += d.str() + "\n";
    return out;
}

std::string provider_names(const config::Config& c)
{
    std::string out;
    for (const auto& p : c.providers) out += (out.empty() ? "" : ",") + p.name;
    return out;
}

std::string alias_names(const config::Config& c)
{
    std::string out;
    for (const auto& m : c.models) out += (out.empty() ? "" : ",") + m.name;
    return out;
}

} // namespace

TEST_CASE("config loader: unknown keys name the key path and suggest the nearest valid key")
{
    SUBCASE("top-level key")
    {
        CHECK(errors_of(load("listen = \"127.0.0.1:8484\"\nsever = 1\n"))
              == "config.toml:1: listen: unknown key \"listen\"\n"
                 "config.toml:2: sever: unknown key \"sever\"; did you mean \"server\"?\n");
    }
    SUBCASE("top-level table")
    {
        CHECK(errors_of(load("\n[provider.openai]\nkind = \"openai\"\n"))
              == "config.toml:2: provider: unknown key \"provider\"; did you mean "
                 "\"providers\"?\n");
    }
    SUBCASE("top-level key too far from any valid key for a suggestion")
    {
        CHECK(errors_of(load("colour = \"blue\"\n"))
              == "config.toml:1: colour: unknown key \"colour\"\n");
    }
    SUBCASE("[server]")
    {
        CHECK(errors_of(load("[server]\nlistn = \"127.0.0.1:8484\"\n"))
              == "config.toml:2: server.listn: unknown key \"listn\"; did you mean \"listen\"?\n");
    }
    SUBCASE("[ledger]")
    {
        CHECK(errors_of(load("[ledger]\nenabled = true\nstore_body = false\n"))
              == "config.toml:3: ledger.store_body: unknown key \"store_body\"; did you mean "
                 "\"store_bodies\"?\n");
    }
    SUBCASE("[providers.X]")
    {
        CHECK(errors_of(load("[providers.openai]\nkind = \"openai\"\n"
                             "bse_url = \"https://api.openai.com/v1\"\n"))
              == "config.toml:3: providers.openai.bse_url: unknown key \"bse_url\"; did you mean "
                 "\"base_url\"?\n");
    }
    SUBCASE("a mock-only key on an openai provider")
    {
        CHECK(errors_of(load("[providers.local]\nkind = \"openai\"\ntext = \"hi\"\n"))
              == "config.toml:3: providers.local.text: unknown key \"text\"\n");
    }
    SUBCASE("[models.X]: the typo and the key it leaves missing")
    {
        CHECK(errors_of(load("[models.fast]\ntarget = [\"mock/echo\"]\n"))
              == "config.toml:1: models.fast.targets: missing required key\n"
                 "config.toml:2: models.fast.target: unknown key \"target\"; did you mean "
                 "\"targets\"?\n");
    }
    SUBCASE("[prices.\"provider/model\"]: the quoted key stays quoted in the path")
    {
        CHECK(errors_of(load("[prices.\"openai/gpt-4o-mini\"]\ninput = 0.15\ninptu = 0.2\n"))
              == "config.toml:3: prices.\"openai/gpt-4o-mini\".inptu: unknown key \"inptu\"; did "
                 "you mean \"input\"?\n");
    }
}

TEST_CASE("config loader: wrong types")
{
    SUBCASE("a string where an integer is expected")
    {
        CHECK(errors_of(load("[server]\nthreads = \"many\"\n"))
              == "config.toml:2: server.threads: expected an integer, got a string\n");
    }
    SUBCASE("a float where an integer is expected")
    {
        CHECK(errors_of(load("[server]\n\nmax_body_bytes = 1.5\n"))
              == "config.toml:3: server.max_body_bytes: expected an integer, got a float\n");
    }
    SUBCASE("an integer where a boolean is expected")
    {
        CHECK(errors_of(load("[ledger]\nenabled = 1\n"))
              == "config.toml:2: ledger.enabled: expected a boolean, got an integer\n");
    }
    SUBCASE("an integer where a string is expected")
    {
        CHECK(errors_of(load("[server]\nlisten = 8484\n"))
              == "config.toml:2: server.listen: expected a string, got an integer\n");
    }
    SUBCASE("a string where an array is expected")
    {
        CHECK(errors_of(load("[providers.local]\nkind = \"openai\"\nmodels = \"llama3\"\n"))
              == "config.toml:3: providers.local.models: expected an array, got a string\n");
    }
    SUBCASE("an array element of the wrong type names its index and its own line")
    {
        CHECK(errors_of(load("[providers.local]\nkind = \"openai\"\nmodels = [\n  \"llama3\",\n"
                             "  3,\n]\n"))
              == "config.toml:5: providers.local.models[1]: expected a string, got an integer\n");
    }
    SUBCASE("a header value that is not a string")
    {
        CHECK(errors_of(load("[providers.local]\nkind = \"openai\"\nheaders = { X-Team = 7 }\n"))
              == "config.toml:3: providers.local.headers.X-Team: expected a string, got an "
                 "integer\n");
    }
    SUBCASE("kind of the wrong type is reported once")
    {
        CHECK(errors_of(load("[providers.local]\nkind = 1\n"))
              == "config.toml:2: providers.local.kind: expected a string, got an integer\n");
    }
    SUBCASE("a section that is not a table")
    {
        CHECK(errors_of(load("server = \"127.0.0.1:8484\"\n"))
              == "config.toml:1: server: expected a table, got a string\n");
    }
    SUBCASE("a provider that is not a table")
    {
        CHECK(errors_of(load("[providers]\nlocal = \"http://127.0.0.1\"\n"))
              == "config.toml:2: providers.local: expected a table, got a string\n");
    }
    SUBCASE("a string where a price is expected")
    {
        CHECK(errors_of(load("[prices.\"gpt-4o\"]\noutput = \"cheap\"\n"))
              == "config.toml:2: prices.gpt-4o.output: expected a number, got a string\n");
    }
}

TEST_CASE("config loader: numbers out of range")
{
    SUBCASE("server.threads")
    {
        CHECK(errors_of(load("[server]\nthreads = 0\n"))
              == "config.toml:2: server.threads: must be between 1 and 100000, got 0\n");
    }
    SUBCASE("a mock error_status that is not an error")
    {
        CHECK(errors_of(load("[providers.mock]\nkind = \"mock\"\nerror_status = 200\n"))
              == "config.toml:3: providers.mock.error_status: must be 0 or an error status between "
                 "400 and 599, got 200\n");
    }
    SUBCASE("a mock error_rate above 1")
    {
        CHECK(errors_of(load("[providers.mock]\nkind = \"mock\"\nerror_rate = 1.5\n"))
              == "config.toml:3: providers.mock.error_rate: must be between 0 and 1, got 1.5\n");
    }
}

TEST_CASE("config loader: base_url must be an http or https URL")
{
    auto with_url = [](const std::string& url) {
        return load("[providers.local]\nkind = \"openai\"\nbase_url = \"" + url + "\"\n");
    };
    SUBCASE("no scheme")
    {
        CHECK(errors_of(with_url("127.0.0.1:11434/v1"))
              == "config.toml:3: providers.local.base_url: not a URL: \"127.0.0.1:11434/v1\"\n");
    }
    SUBCASE("unsupported scheme")
    {
        CHECK(errors_of(with_url("ftp://example.com/v1"))
              == "config.toml:3: providers.local.base_url: not a URL: \"ftp://example.com/v1\"\n");
    }
    SUBCASE("scheme misspelt")
    {
        CHECK(errors_of(with_url("http//example.com"))
              == "config.toml:3: providers.local.base_url: not a URL: \"http//example.com\"\n");
    }
    SUBCASE("no host")
    {
        CHECK(errors_of(with_url("https:///v1"))
              == "config.toml:3: providers.local.base_url: not a URL: \"https:///v1\"\n");
    }
    SUBCASE("a port but no host")
    {
        CHECK(errors_of(with_url("http://:8080/v1"))
              == "config.toml:3: providers.local.base_url: not a URL: \"http://:8080/v1\"\n");
    }
    SUBCASE("http and https are accepted as written")
    {
        auto plain = with_url("http://127.0.0.1:11434/v1");
        REQUIRE(plain);
        CHECK(plain->config.find_provider("local")->base_url == "http://127.0.0.1:11434/v1");
        auto tls = with_url("https://api.groq.com/openai/v1");
        REQUIRE(tls);
        CHECK(tls->config.find_provider("local")->base_url == "https://api.groq.com/openai/v1");
    }
}

TEST_CASE("config loader: server.listen is host:port")
{
    auto with_listen = [](const std::string& listen) {
        return load("[server]\nlisten = \"" + listen + "\"\n");
    };
    auto error_for = [](const std::string& listen) {
        return "config.toml:2: server.listen: expected \"host:port\" (e.g. \"127.0.0.1:8484\"), "
               "got \""
            + listen + "\"\n";
    };
    SUBCASE("no port")
    {
        CHECK(errors_of(with_listen("localhost")) == error_for("localhost"));
    }
    SUBCASE("empty port")
    {
        CHECK(errors_of(with_listen("127.0.0.1:")) == error_for("127.0.0.1:"));
    }
    SUBCASE("no host")
    {
        CHECK(errors_of(with_listen(":8484")) == error_for(":8484"));
    }
    SUBCASE("port above 65535")
    {
        CHECK(errors_of(with_listen("127.0.0.1:65536")) == error_for("127.0.0.1:65536"));
    }
    SUBCASE("port not a number")
    {
        CHECK(errors_of(with_listen("127.0.0.1:http")) == error_for("127.0.0.1:http"));
    }
    SUBCASE("IPv6 in brackets")
    {
        auto r = with_listen("[::1]:9090");
        REQUIRE(r);
        CHECK(r->config.server.host == "::1");
        CHECK(r->config.server.port == 9090);
    }
    SUBCASE("the highest port")
    {
        auto r = with_listen("0.0.0.0:65535");
        REQUIRE(r);
        CHECK(r->config.server.host == "0.0.0.0");
        CHECK(r->config.server.port == 65535);
    }
}

TEST_CASE("config loader: provider kinds and names")
{
    SUBCASE("unknown kind with a suggestion")
    {
        CHECK(errors_of(load("[providers.local]\nkind = \"opnai\"\n"))
              == "config.toml:2: providers.local.kind: unknown provider kind \"opnai\"; did you "
                 "mean \"openai\"?\n");
    }
    SUBCASE("unknown kind with nothing close lists the kinds")
    {
        CHECK(errors_of(load("[providers.aws]\nkind = \"bedrock\"\n"))
              == "config.toml:2: providers.aws.kind: unknown provider kind \"bedrock\" (one of: "
                 "openai, azure, anthropic, gemini, cohere, mock, mistral, groq, deepseek, openrouter, together, ollama, lmstudio, vllm, llamacpp, openai-responses)\n");
    }
    SUBCASE("a cloud kind needs only its key, from its standard variable by default")
    {
        ScopedEnv key("ANTHROPIC_API_KEY", nullptr);
        CHECK(errors_of(load("[providers.claude]\nkind = \"anthropic\"\n"))
              == "config.toml:1: providers.claude.api_key: missing: set ANTHROPIC_API_KEY or give "
                 "api_key = \"env:NAME\", \"file:PATH\" or \"cmd:COMMAND\"\n");
        ScopedEnv set("ANTHROPIC_API_KEY", "sk-ant-test");
        auto r = load("[providers.claude]\nkind = \"anthropic\"\n");
        REQUIRE(r);
        const auto* claude = r->config.find_provider("claude");
        REQUIRE(claude);
        CHECK(claude->base_url == "https://api.anthropic.com");
        CHECK(claude->api_key->reference == "env:ANTHROPIC_API_KEY");
        CHECK(claude->api_key->value == "sk-ant-test");
        CHECK(claude->dialect() == config::Dialect::anthropic);
    }
    SUBCASE("local presets need no key and know their port")
    {
        auto r = load("[providers.local]\nkind = \"ollama\"\n[providers.lm]\nkind = \"lmstudio\"\n");
        REQUIRE(r);
        CHECK(r->config.find_provider("local")->base_url == "http://127.0.0.1:11434/v1");
        CHECK_FALSE(r->config.find_provider("local")->api_key);
        CHECK(r->config.find_provider("lm")->base_url == "http://127.0.0.1:1234/v1");
    }
    SUBCASE("azure needs its resource URL; api_version has a default")
    {
        ScopedEnv key("AZURE_OPENAI_API_KEY", "az-test");
        CHECK(errors_of(load("[providers.az]\nkind = \"azure\"\n"))
              == "config.toml:1: providers.az.base_url: missing required key (the resource URL, e.g. "
                 "\"https://NAME.openai.azure.com\", or \"https://NAME.openai.azure.com/openai/v1\")\n");
        auto r = load("[providers.az]\nkind = \"azure\"\nbase_url = \"https://x.openai.azure.com\"\n");
        REQUIRE(r);
        CHECK(r->config.find_provider("az")->api_version == "2024-10-21");
        CHECK(errors_of(load("[providers.o]\nkind = \"openai\"\napi_version = \"1\"\n"))
              == "config.toml:3: providers.o.api_version: unknown key \"api_version\"\n");
    }
    SUBCASE("kind missing: reported at the table header")
    {
        CHECK(errors_of(load("\n[providers.local]\nbase_url = \"http://127.0.0.1:8000/v1\"\n"))
              == "config.toml:2: providers.local.kind: missing required key (one of: openai, azure, anthropic, gemini, cohere, mock, mistral, groq, deepseek, openrouter, together, ollama, lmstudio, vllm, llamacpp, openai-responses)\n");
    }
    SUBCASE("a provider name that cannot be used in provider/model")
    {
        CHECK(errors_of(load("[providers.\"my provider\"]\nkind = \"mock\"\n"))
              == "config.toml:1: providers.\"my provider\": a provider name may only use letters, "
                 "digits, '_', '-' and '.'\n");
    }
}

TEST_CASE("config loader: alias targets")
{
    const std::string providers = "[providers.openai]\nkind = \"openai\"\n\n";
    SUBCASE("a target naming an unknown provider, with a suggestion")
    {
        CHECK(errors_of(load(providers
                             + "[models.fast]\ntargets = [\"mock/echo\", \"opena/gpt-4o\"]\n"))
              == "config.toml:5: models.fast.targets: \"opena/gpt-4o\" names no configured "
                 "provider \"opena\"; did you mean \"openai\"?\n");
    }
    SUBCASE("a target naming an unknown provider, nothing close")
    {
        CHECK(errors_of(load(providers + "[models.fast]\ntargets = [\"anthropic/claude\"]\n"))
              == "config.toml:5: models.fast.targets: \"anthropic/claude\" names no configured "
                 "provider \"anthropic\"\n");
    }
    SUBCASE("a target that is not provider/model")
    {
        CHECK(errors_of(load(providers + "[models.fast]\ntargets = [\"gpt-4o\", \"openai/\"]\n"))
              == "config.toml:5: models.fast.targets: \"gpt-4o\" is not \"provider/model\"\n"
                 "config.toml:5: models.fast.targets: \"openai/\" is not \"provider/model\"\n");
    }
    SUBCASE("no targets")
    {
        CHECK(errors_of(load("[models.fast]\ntargets = []\n"))
              == "config.toml:2: models.fast.targets: needs at least one \"provider/model\"\n");
    }
    SUBCASE("targets may name the implicit mock provider")
    {
        auto r = load("[models.offline]\ntargets = [\"mock/echo\"]\n");
        REQUIRE(r);
        REQUIRE(r->config.find_alias("offline"));
        CHECK(r->config.find_alias("offline")->targets == std::vector<std::string>{"mock/echo"});
    }
}

TEST_CASE("config loader: a secret that cannot be resolved")
{
    ScopedEnv unset("LLMP_TEST_LOADER_UNSET_KEY", nullptr);
    CHECK(errors_of(load("[providers.openai]\nkind = \"openai\"\n"
                         "api_key = \"env:LLMP_TEST_LOADER_UNSET_KEY\"\n"))
          == "config.toml:3: providers.openai.api_key: environment variable "
             "LLMP_TEST_LOADER_UNSET_KEY is not set or empty\n");
}

TEST_CASE("config loader: TOML syntax errors name the line")
{
    SUBCASE("a value missing")
    {
        CHECK(errors_of(load("[server]\nlisten = \"127.0.0.1:8484\"\nthreads = = 3\n"))
              == "config.toml:3: Error while parsing value: could not determine value type\n");
    }
    SUBCASE("an unclosed table header")
    {
        CHECK(errors_of(load("[server]\nthreads = 3\n\n[ledger\n"))
              == "config.toml:4: Error while parsing table header: expected ']', saw '\\n'\n");
    }
    SUBCASE("a key defined twice")
    {
        CHECK(errors_of(load("[server]\nthreads = 1\nthreads = 2\n"))
              == "config.toml:3: Error while parsing key-value pair: cannot redefine existing "
                 "integer 'threads'\n");
    }
}

TEST_CASE("config loader: every problem in a file is reported, in order")
{
    ScopedEnv unset("LLMP_TEST_LOADER_UNSET_KEY", nullptr);
    auto r = load("colour = \"blue\"\n"                            // 1
                  "\n"                                             // 2
                  "[server]\n"                                     // 3
                  "listen = \"localhost\"\n"                       // 4
                  "threads = \"many\"\n"                           // 5
                  "\n"                                             // 6
                  "[ledger]\n"                                     // 7
                  "enabled = \"yes\"\n"                            // 8
                  "\n"                                             // 9
                  "[providers.openai]\n"                           // 10
                  "kind = \"openai\"\n"                            // 11
                  "bse_url = \"https://api.openai.com/v1\"\n"      // 12
                  "api_key = \"env:LLMP_TEST_LOADER_UNSET_KEY\"\n" // 13
                  "\n"                                             // 14
                  "[models.fast]\n"                                // 15
                  "targets = [\"opneai/gpt-4o-mini\"]\n"           // 16
                  "\n"                                             // 17
                  "[prices.\"openai/gpt-4o-mini\"]\n"              // 18
                  "input = \"cheap\"\n");                          // 19
    REQUIRE_FALSE(r);
    CHECK(r.error().size() == 8);
    CHECK(errors_of(r)
          == "config.toml:1: colour: unknown key \"colour\"\n"
             "config.toml:4: server.listen: expected \"host:port\" (e.g. \"127.0.0.1:8484\"), got "
             "\"localhost\"\n"
             "config.toml:5: server.threads: expected an integer, got a string\n"
             "config.toml:8: ledger.enabled: expected a boolean, got a string\n"
             "config.toml:12: providers.openai.bse_url: unknown key \"bse_url\"; did you mean "
             "\"base_url\"?\n"
             "config.toml:13: providers.openai.api_key: environment variable "
             "LLMP_TEST_LOADER_UNSET_KEY is not set or empty\n"
             "config.toml:16: models.fast.targets: \"opneai/gpt-4o-mini\" names no configured "
             "provider \"opneai\"; did you mean \"openai\"?\n"
             "config.toml:19: prices.\"openai/gpt-4o-mini\".input: expected a number, got a "
             "string\n");
    // The parts behind the rendered line.
    const auto& listen = r.error()[1];
    CHECK(listen.file == "config.toml");
    CHECK(listen.line == 4);
    CHECK(listen.key == "server.listen");
    CHECK(listen.message == "expected \"host:port\" (e.g. \"127.0.0.1:8484\"), got \"localhost\"");
}

TEST_CASE("config loader: errors inside one table come in line order, not key order")
{
    // toml++ iterates a table's keys alphabetically; the report must follow the file.
    CHECK(errors_of(load("[server]\nzzz = 1\naaa = 2\n"))
          == "config.toml:2: server.zzz: unknown key \"zzz\"\n"
             "config.toml:3: server.aaa: unknown key \"aaa\"\n");
}

TEST_CASE("config loader: load_file")
{
    test::TempDir dir;
    SUBCASE("a missing file")
    {
        auto r = config::load_file(dir.file("absent.toml"));
        CHECK(errors_of(r) == dir.file("absent.toml") + ": cannot read the config file\n");
    }
    SUBCASE("errors name the file by its path")
    {
        dir.write("bad.toml", "[server]\nlisten = \"127.0.0.1:8484\"\nthreds = 4\n");
        CHECK(errors_of(config::load_file(dir.file("bad.toml")))
              == dir.file("bad.toml")
                  + ":3: server.threds: unknown key \"threds\"; did you mean \"threads\"?\n");
    }
    SUBCASE("a syntax error names the file by its path")
    {
        dir.write("broken.toml", "[server]\nlisten = \"127.0.0.1:8484\n");
        CHECK(errors_of(config::load_file(dir.file("broken.toml")))
              == dir.file("broken.toml")
                  + ":2: Error while parsing string: unescaped control characters other than "
                    "TAB (U+0009) are explicitly prohibited\n");
    }
    SUBCASE("a valid file")
    {
        dir.write("good.toml", "[server]\nlisten = \"127.0.0.1:9999\"\n");
        auto r = config::load_file(dir.file("good.toml"));
        REQUIRE(r);
        CHECK(r->config.source == dir.file("good.toml"));
        CHECK(r->config.server.port == 9999);
    }
}

TEST_CASE("config loader: the embedded default")
{
    std::list<ScopedEnv> environment;
    for (const auto& known : config::known_providers())
        environment.emplace_back(known.env_key, nullptr);
    environment.emplace_back("XDG_DATA_HOME", "/srv/llmp-test-data");

    SUBCASE("no keys in the environment: the mock provider only")
    {
        auto r = config::load_embedded_default();
        REQUIRE(r);
        CHECK(r->warnings.empty());
        const auto& c = r->config;
        CHECK(c.source == "<embedded default>");
        CHECK(provider_names(c) == "mock");
        CHECK(c.providers.front().kind == config::ProviderKind::mock);
        CHECK(c.server.host == "127.0.0.1");
        CHECK(c.server.port == 8484);
        CHECK(c.ledger.path == "/srv/llmp-test-data/llmp/ledger.sqlite");
        CHECK(c.ledger.enabled);
        CHECK(c.ledger.store_bodies);
        CHECK(c.models.empty());
        CHECK(c.prices.empty());
    }
    SUBCASE("a provider for each well-known key that is set and not empty")
    {
        environment.emplace_back("OPENAI_API_KEY", "sk-test-openai");
        environment.emplace_back("GROQ_API_KEY", "");
        environment.emplace_back("DEEPSEEK_API_KEY", "sk-test-deepseek");
        auto r = config::load_embedded_default();
        REQUIRE(r);
        const auto& c = r->config;
        CHECK(provider_names(c) == "mock,openai,deepseek");
        const auto* deepseek = c.find_provider("deepseek");
        REQUIRE(deepseek);
        CHECK(deepseek->kind == config::ProviderKind::deepseek);
        CHECK(deepseek->base_url == "https://api.deepseek.com/v1");
        REQUIRE(deepseek->api_key);
        CHECK(deepseek->api_key->reference == "env:DEEPSEEK_API_KEY");
        CHECK(deepseek->api_key->value == "sk-test-deepseek");
        CHECK(c.find_provider("openai")->base_url == "https://api.openai.com/v1");
    }
    SUBCASE("every cloud kind joins with its key; azure only with its endpoint too")
    {
        environment.emplace_back("ANTHROPIC_API_KEY", "sk-ant");
        environment.emplace_back("GEMINI_API_KEY", "g-key");
        environment.emplace_back("COHERE_API_KEY", "co-key");
        environment.emplace_back("AZURE_OPENAI_API_KEY", "az-key");
        environment.emplace_back(config::k_azure_endpoint_env, nullptr);
        auto r = config::load_embedded_default();
        REQUIRE(r);
        CHECK(provider_names(r->config) == "mock,anthropic,gemini,cohere");
        CHECK(r->config.find_provider("gemini")->dialect() == config::Dialect::gemini);
        environment.emplace_back(config::k_azure_endpoint_env, "https://res.openai.azure.com");
        r = config::load_embedded_default();
        REQUIRE(r);
        CHECK(provider_names(r->config) == "mock,azure,anthropic,gemini,cohere");
        CHECK(r->config.find_provider("azure")->base_url == "https://res.openai.azure.com");
    }
}

TEST_CASE("config loader: the starter file of `config init` loads cleanly")
{
    auto r = config::load_string(config::starter_template(), "starter.toml");
    REQUIRE(r);
    CHECK(r->warnings.empty());
    CHECK(provider_names(r->config) == "mock");
    CHECK(r->config.server.port == 8484);
}

TEST_CASE("config loader: providers and aliases keep the order of the file")
{
    SUBCASE("tables")
    {
        auto r = load("[providers.zeta]\nkind = \"openai\"\n\n"
                      "[providers.alpha]\nkind = \"mock\"\n\n"
                      "[providers.mid]\nkind = \"openai\"\n"
                      "base_url = \"http://127.0.0.1:8000/v1\"\n\n"
                      "[models.slow]\ntargets = [\"zeta/big\"]\n\n"
                      "[models.fast]\ntargets = [\"mid/small\"]\n");
        REQUIRE(r);
        // mock is always present; when not declared it comes last.
        CHECK(provider_names(r->config) == "zeta,alpha,mid,mock");
        CHECK(alias_names(r->config) == "slow,fast");
    }
    SUBCASE("a declared mock keeps its place and is not added twice")
    {
        auto r = load("[providers.zeta]\nkind = \"openai\"\n[providers.mock]\nkind = \"mock\"\n"
                      "[providers.alpha]\nkind = \"openai\"\n");
        REQUIRE(r);
        CHECK(provider_names(r->config) == "zeta,mock,alpha");
    }
    SUBCASE("dotted keys")
    {
        auto r = load("[providers]\nzeta.kind = \"mock\"\nalpha.kind = \"mock\"\n");
        REQUIRE(r);
        CHECK(provider_names(r->config) == "zeta,alpha,mock");
    }
}

// Entries declared on one line (an inline table) keep the order written, not toml++'s
// alphabetical order: the router picks the first provider listing a bare model name.
TEST_CASE("config loader: providers declared in one inline table keep their order")
{
    auto r = load("providers = { zeta = { kind = \"mock\" }, alpha = { kind = \"mock\" } }\n");
    REQUIRE(r);
    CHECK(provider_names(r->config) == "zeta,alpha,mock");
}

TEST_CASE("config loader: base_url defaults by kind")
{
    auto r = load("[providers.openai]\nkind = \"openai\"\n[providers.mock]\nkind = \"mock\"\n");
    REQUIRE(r);
    CHECK(r->config.find_provider("openai")->base_url == "https://api.openai.com/v1");
    CHECK(r->config.find_provider("mock")->base_url.empty());
}

TEST_CASE("config loader: ledger path")
{
    ScopedEnv home("HOME", "/home/llmp-test");
    ScopedEnv data_home("XDG_DATA_HOME", nullptr);
    SUBCASE("~ is expanded")
    {
        auto r = load("[ledger]\npath = \"~/ledgers/llmp.sqlite\"\n");
        REQUIRE(r);
        CHECK(r->config.ledger.path == "/home/llmp-test/ledgers/llmp.sqlite");
    }
    SUBCASE("~ only at the start")
    {
        auto r = load("[ledger]\npath = \"/data/~/llmp.sqlite\"\n");
        REQUIRE(r);
        CHECK(r->config.ledger.path == "/data/~/llmp.sqlite");
    }
    SUBCASE("default: under ~/.local/share")
    {
        auto r = load("");
        REQUIRE(r);
        CHECK(r->config.ledger.path == "/home/llmp-test/.local/share/llmp/ledger.sqlite");
    }
    SUBCASE("empty")
    {
        CHECK(errors_of(load("[ledger]\npath = \"\"\n"))
              == "config.toml:2: ledger.path: must not be empty\n");
    }
}

TEST_CASE("config loader: omitted keys keep the documented defaults")
{
    auto r = load("[providers.local]\nkind = \"openai\"\n");
    REQUIRE(r);
    const auto& c = r->config;
    CHECK(c.server.host == "127.0.0.1");
    CHECK(c.server.port == 8484);
    CHECK(c.server.threads == 1024);
    CHECK(c.server.max_body_bytes == 33554432);
    CHECK(c.server.shutdown_grace_ms == 10000);
    CHECK(c.server.stream_keepalive_ms == 15000);
    CHECK(c.server.request_timeout_ms == 10000);
    CHECK(c.server.max_connections == 4096);
    CHECK(c.ledger.enabled);
    CHECK(c.ledger.store_bodies);
    const auto* local = c.find_provider("local");
    REQUIRE(local);
    CHECK_FALSE(local->api_key);
    CHECK(local->connect_timeout_ms == 10000);
    CHECK(local->timeout_ms == 600000);
    CHECK(local->max_connections == 1024);
}

TEST_CASE("config loader: every key reaches the Config")
{
    test::TempDir dir;
    dir.write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
    ScopedEnv key("LLMP_TEST_LOADER_KEY", "sk-test-override");
    auto r = load("[server]\n"
                  "listen = \"0.0.0.0:9100\"\n"
                  "threads = 64\n"
                  "max_body_bytes = 1048576\n"
                  "shutdown_grace_ms = 2500\n"
                  "stream_keepalive_ms = 500\n"
                  "request_timeout_ms = 2000\n"
                  "max_connections = 300\n"
                  "[ledger]\n"
                  "path = \""
                  + dir.file("ledger.sqlite")
                  + "\"\n"
                    "enabled = false\n"
                    "store_bodies = false\n"
                    "[providers.local]\n"
                    "kind = \"openai\"\n"
                    "base_url = \"http://127.0.0.1:11434/v1\"\n"
                    "api_key = \"env:LLMP_TEST_LOADER_KEY\"\n"
                    "ca_file = \""
                  + dir.file("ca.pem")
                  + "\"\n"
                    "models = [\"llama3.2\", \"qwen\"]\n"
                    "headers = { \"X-Team\" = \"infra\", \"OpenAI-Organization\" = \"org-1\" }\n"
                    "connect_timeout_ms = 1500\n"
                    "timeout_ms = 30000\n"
                    "max_connections = 8\n"
                    "[providers.mock]\n"
                    "kind = \"mock\"\n"
                    "text = \"hello there\"\n"
                    "latency_ms = 5\n"
                    "token_delay_ms = 2\n"
                    "answer_tokens = 7\n"
                    "error_status = 503\n"
                    "error_rate = 0.25\n"
                    "[models.fast]\n"
                    "targets = [\"local/llama3.2\", \"mock/echo\"]\n"
                    "[prices.\"local/llama3.2\"]\n"
                    "input = 0.5\n"
                    "cache_write = 0.625\n"
                    "output = 2\n");
    REQUIRE(r);
    CHECK(r->warnings.empty());
    const auto& c = r->config;
    CHECK(c.source == "config.toml");

    CHECK(c.server.host == "0.0.0.0");
    CHECK(c.server.port == 9100);
    CHECK(c.server.threads == 64);
    CHECK(c.server.max_body_bytes == 1048576);
    CHECK(c.server.shutdown_grace_ms == 2500);
    CHECK(c.server.stream_keepalive_ms == 500);
    CHECK(c.server.request_timeout_ms == 2000);
    CHECK(c.server.max_connections == 300);

    CHECK(c.ledger.path == dir.file("ledger.sqlite"));
    CHECK_FALSE(c.ledger.enabled);
    CHECK_FALSE(c.ledger.store_bodies);

    REQUIRE(provider_names(c) == "local,mock");
    const auto& local = c.providers[0];
    CHECK(local.kind == config::ProviderKind::openai);
    CHECK(local.base_url == "http://127.0.0.1:11434/v1");
    REQUIRE(local.api_key);
    CHECK(local.api_key->reference == "env:LLMP_TEST_LOADER_KEY");
    CHECK(local.api_key->value == "sk-test-override");
    CHECK(local.ca_file == dir.file("ca.pem"));
    CHECK(local.models == std::vector<std::string>{"llama3.2", "qwen"});
    CHECK(local.headers
          == std::map<std::string, std::string>{{"OpenAI-Organization", "org-1"},
                                                {"X-Team", "infra"}});
    CHECK(local.connect_timeout_ms == 1500);
    CHECK(local.timeout_ms == 30000);
    CHECK(local.max_connections == 8);

    const auto& mock = c.providers[1];
    CHECK(mock.kind == config::ProviderKind::mock);
    CHECK(mock.mock.text == "hello there");
    CHECK(mock.mock.latency_ms == 5);
    CHECK(mock.mock.token_delay_ms == 2);
    CHECK(mock.mock.answer_tokens == 7);
    CHECK(mock.mock.error_status == 503);
    CHECK(mock.mock.error_rate == 0.25);

    REQUIRE(c.models.size() == 1);
    CHECK(c.models[0].name == "fast");
    CHECK(c.models[0].targets == std::vector<std::string>{"local/llama3.2", "mock/echo"});

    REQUIRE(c.prices.size() == 1);
    const auto& price = c.prices.at("local/llama3.2");
    CHECK(price.input == 0.5);
    CHECK_FALSE(price.cached_input);
    CHECK(price.cache_write == 0.625);
    CHECK(price.output == 2.0);  // an integer is accepted as a price
}

TEST_CASE("config loader: a ca_file that does not exist")
{
    test::TempDir dir;
    CHECK(errors_of(load("[providers.local]\nkind = \"openai\"\nca_file = \"" + dir.file("ca.pem")
                         + "\"\n"))
          == "config.toml:3: providers.local.ca_file: file not found: " + dir.file("ca.pem")
                 + "\n");
}

TEST_CASE("config show: the rendered config loads back to the same config")
{
    ScopedEnv key("LLMP_TEST_LOADER_KEY", "sk-test-roundtrip");
    auto first = load("[server]\nlisten = \"[::1]:9200\"\nthreads = 32\n"
                      "[ledger]\npath = \"/var/lib/llmp/ledger.sqlite\"\nstore_bodies = false\n"
                      "[providers.local]\nkind = \"openai\"\n"
                      "base_url = \"http://127.0.0.1:8000/v1\"\n"
                      "api_key = \"env:LLMP_TEST_LOADER_KEY\"\n"
                      "models = [\"qwen\"]\ntimeout_ms = 1234\n"
                      "[providers.mock]\nkind = \"mock\"\ntext = \"canned \\\"answer\\\"\"\n"
                      "error_status = 429\nerror_rate = 0.5\n"
                      "[models.fast]\ntargets = [\"local/qwen\", \"mock/echo\"]\n"
                      "[prices.\"local/qwen\"]\ninput = 0.2\noutput = 0.4\n");
    REQUIRE(first);
    auto second = config::load_string(config::render(first->config), "rendered.toml");
    REQUIRE_MESSAGE(second, errors_of(second));
    const auto& a = first->config;
    const auto& b = second->config;
    CHECK(b.server.host == "::1");
    CHECK(b.server.port == 9200);
    CHECK(b.server.threads == 32);
    CHECK(b.ledger.path == a.ledger.path);
    CHECK(b.ledger.store_bodies == false);
    CHECK(provider_names(b) == "local,mock");
    CHECK(b.providers[0].base_url == "http://127.0.0.1:8000/v1");
    REQUIRE(b.providers[0].api_key);
    CHECK(b.providers[0].api_key->reference == "env:LLMP_TEST_LOADER_KEY");
    CHECK(b.providers[0].models == std::vector<std::string>{"qwen"});
    CHECK(b.providers[0].timeout_ms == 1234);
    CHECK(b.providers[1].mock.text == "canned \"answer\"");
    CHECK(b.providers[1].mock.error_status == 429);
    CHECK(b.providers[1].mock.error_rate == 0.5);
    CHECK(alias_names(b) == "fast");
    CHECK(b.models[0].targets == a.models[0].targets);
    REQUIRE(b.prices.count("local/qwen") == 1);
    CHECK(b.prices.at("local/qwen").input == 0.2);
    CHECK(b.prices.at("local/qwen").output == 0.4);
}

// A name that is not a bare TOML key ("together.ai" is a valid provider name, "gpt-4.1" a
// natural alias) must be quoted in the rendered header, or `config show` would not load back.
TEST_CASE("config show: names that need quoting load back")
{
    auto first = load("[providers.\"together.ai\"]\nkind = \"openai\"\n"
                      "base_url = \"https://api.together.xyz/v1\"\n"
                      "[models.\"gpt-4.1\"]\ntargets = [\"together.ai/gpt-4.1\"]\n");
    REQUIRE(first);
    auto second = config::load_string(config::render(first->config), "rendered.toml");
    REQUIRE_MESSAGE(second, errors_of(second));
    CHECK(provider_names(second->config) == "together.ai,mock");
    CHECK(alias_names(second->config) == "gpt-4.1");
}

TEST_CASE("config loader: one mistake does not hide another (issue 11, item 13)")
{
    SUBCASE("an unknown kind: the rest of the provider is still checked")
    {
        CHECK(errors_of(load("[providers.p]\n"                       // 1
                             "kind = \"opnai\"\n"                    // 2
                             "base_url = \"ftp://x\"\n"              // 3
                             "timeout_ms = 0\n"                      // 4
                             "modles = [\"a\"]\n"                    // 5
                             "api_key = \"env:\"\n"))                // 6
              == "config.toml:2: providers.p.kind: unknown provider kind \"opnai\"; did you mean "
                 "\"openai\"?\n"
                 "config.toml:3: providers.p.base_url: not a URL: \"ftp://x\"\n"
                 "config.toml:4: providers.p.timeout_ms: must be between 1 and 86400000, got 0\n"
                 "config.toml:5: providers.p.modles: unknown key \"modles\"; did you mean \"models\"?\n"
                 "config.toml:6: providers.p.api_key: env: needs a variable name, e.g. "
                 "env:OPENAI_API_KEY\n");
    }
    SUBCASE("a missing kind, and a kind of the wrong type, hide nothing either")
    {
        CHECK(errors_of(load("[providers.a]\nmax_connections = 0\n[providers.b]\nkind = 3\nlatency_ms = -1\n"))
              == "config.toml:1: providers.a.kind: missing required key (one of: openai, azure, "
                 "anthropic, gemini, cohere, mock, mistral, groq, deepseek, openrouter, together, "
                 "ollama, lmstudio, vllm, llamacpp, openai-responses)\n"
                 "config.toml:2: providers.a.max_connections: must be between 1 and 100000, got 0\n"
                 "config.toml:4: providers.b.kind: expected a string, got an integer\n"
                 "config.toml:5: providers.b.latency_ms: must be between 0 and 3600000, got -1\n");
    }
    SUBCASE("alias targets: every target is checked, whatever else is wrong")
    {
        CHECK(errors_of(load("[server]\nthreads = 0\n"                                  // 1-2
                             "[providers.openai]\nkind = \"openai\"\napi_key = \"x\"\n"  // 3-5
                             "[models.fast]\n"                                          // 6
                             "targets = [1, \"opneai/gpt-4o\", \"gpt-4o\", \"openai/gpt-4o\"]\n"
                             "[models.slow]\ntargets = [\"nosuch/x\"]\n"))               // 8-9
              == "config.toml:2: server.threads: must be between 1 and 100000, got 0\n"
                 "config.toml:7: models.fast.targets[0]: expected a string, got an integer\n"
                 "config.toml:7: models.fast.targets: \"opneai/gpt-4o\" names no configured provider "
                 "\"opneai\"; did you mean \"openai\"?\n"
                 "config.toml:7: models.fast.targets: \"gpt-4o\" is not \"provider/model\"\n"
                 "config.toml:9: models.slow.targets: \"nosuch/x\" names no configured provider \"nosuch\"\n");
    }
    SUBCASE("every bad element of a list, not only the first")
    {
        CHECK(errors_of(load("[providers.m]\nkind = \"mock\"\nmodels = [\"a\", 2, true]\n"))
              == "config.toml:3: providers.m.models[1]: expected a string, got an integer\n"
                 "config.toml:3: providers.m.models[2]: expected a string, got a boolean\n");
    }
}

TEST_CASE("config loader: [secrets] and server.allow_unauthenticated")
{
    SUBCASE("defaults")
    {
        auto r = load("");
        REQUIRE(r);
        CHECK(r->config.secrets.cmd_timeout_ms == 10'000);
        CHECK_FALSE(r->config.server.allow_unauthenticated);
    }
    SUBCASE("set")
    {
        auto r = load("[server]\nallow_unauthenticated = true\n[secrets]\ncmd_timeout_ms = 2500\n");
        REQUIRE(r);
        CHECK(r->config.secrets.cmd_timeout_ms == 2500);
        CHECK(r->config.server.allow_unauthenticated);
        // config show writes them back in a form that loads to the same values.
        auto again = config::load_string(config::render(r->config), "rendered.toml");
        REQUIRE(again);
        CHECK(again->config.secrets.cmd_timeout_ms == 2500);
        CHECK(again->config.server.allow_unauthenticated);
    }
    SUBCASE("bad values")
    {
        CHECK(errors_of(load("[server]\nallow_unauthenticated = \"yes\"\n[secrets]\ncmd_timeout_ms = 0\n"
                             "cmd_timeout = 5\n"))
              == "config.toml:2: server.allow_unauthenticated: expected a boolean, got a string\n"
                 "config.toml:4: secrets.cmd_timeout_ms: must be between 1 and 3600000, got 0\n"
                 "config.toml:5: secrets.cmd_timeout: unknown key \"cmd_timeout\"; did you mean "
                 "\"cmd_timeout_ms\"?\n");
    }
}

TEST_CASE("config loader: secrets left unresolved read and run nothing (issue 11, item 11)")
{
    using Clock = std::chrono::steady_clock;
    ScopedEnv unset("LLMP_TEST_LOADER_UNSET_KEY", nullptr);
    ScopedEnv anthropic("ANTHROPIC_API_KEY", nullptr);
    test::TempDir dir;
    std::string ran = dir.file("ran");
    std::string text = "[providers.hangs]\nkind = \"openai\"\napi_key = \"cmd:touch " + ran + "; sleep 100\"\n"
                       "[providers.unset]\nkind = \"openai\"\napi_key = \"env:LLMP_TEST_LOADER_UNSET_KEY\"\n"
                       "[providers.preset]\nkind = \"anthropic\"\n"
                       "[providers.absent]\nkind = \"openai\"\napi_key = \"file:" + dir.file("absent") + "\"\n";
    auto started = Clock::now();
    auto r = config::load_string(text, "config.toml", config::Secrets::leave_unresolved);
    CHECK(Clock::now() - started < std::chrono::seconds(2));
    REQUIRE(r);
    CHECK(access(ran.c_str(), F_OK) != 0);  // the command never ran
    for (std::string name : {"hangs", "unset", "preset", "absent"}) {
        CAPTURE(name);
        const auto* p = r->config.find_provider(name);
        REQUIRE(p);
        REQUIRE(p->api_key);
        CHECK(p->api_key->value.empty());
    }
    CHECK(r->config.find_provider("hangs")->api_key->reference == "cmd:touch " + ran + "; sleep 100");
    CHECK(r->config.find_provider("preset")->api_key->reference == "env:ANTHROPIC_API_KEY");

    SUBCASE("resolved, the same config fails at the configured deadline, naming the provider")
    {
        std::string timed = "[secrets]\ncmd_timeout_ms = 200\n" + text;
        auto resolved = config::load_string(timed, "config.toml", config::Secrets::resolve);
        REQUIRE_FALSE(resolved);
        CHECK(resolved.error()[0].str()
              == "config.toml:5: providers.hangs.api_key: command \"touch " + ran
                     + "; sleep 100\" did not finish within 200 ms (raise [secrets] cmd_timeout_ms if "
                       "it needs longer)");
        CHECK(resolved.error().size() == 4);
    }
    SUBCASE("the embedded default: a key variable that is set adds its provider, unread")
    {
        ScopedEnv key("OPENAI_API_KEY", "sk-test-embedded");
        auto embedded = config::load_embedded_default(config::Secrets::leave_unresolved);
        REQUIRE(embedded);
        REQUIRE(embedded->config.find_provider("openai"));
        CHECK(embedded->config.find_provider("openai")->api_key->value.empty());
    }
}
