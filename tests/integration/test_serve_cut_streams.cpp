// Streams cut before the provider reported usage, by the client or by the upstream: the ledger
// records llmp's estimates (never 0 or NULL for tokens that were sent and relayed), says which
// numbers are estimates, and `llmp cost` shows totals that include them as such.
#include "support/fake_upstream.hpp"
#include "support/http_client.hpp"
#include "support/ledger_wait.hpp"
#include "support/process.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

using namespace llmp::test;
using nlohmann::json;

namespace {

const std::vector<std::string> k_env = {"LLMP_TEST_FAKE_KEY=sk-test-SECRET-4242"};

std::string config_for(const std::string& base_url)
{
    return "[ledger]\npath = \"{ledger}\"\n"
           "[providers.fake]\nkind = \"openai\"\nbase_url = \""
        + base_url
        + "\"\napi_key = \"env:LLMP_TEST_FAKE_KEY\"\ntimeout_ms = 5000\n"
          "[prices.\"fake/gpt-test\"]\ninput = 1.0\noutput = 2.0\n";
}

// 400 characters of prompt: with the role, (4 + 400) / 4 = 101 tokens by count_tokens' rule.
const std::string k_prompt(400, 'q');
constexpr int64_t k_prompt_estimate = 101;

// An upstream that sends `sent` content chunks (usage would come only at the end), then either
// waits for the client to go or, when `cut`, drops the connection.
FakeUpstream::Handler streaming(int sent, bool cut)
{
    return [sent, cut](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/event-stream", [sent, cut](size_t, httplib::DataSink& sink) {
            auto frames = stream_frames("gpt-test", std::vector<std::string>(400, "word"), true, 101, 400);
            for (int i = 0; i <= sent; ++i)  // frame 0 is the role chunk
                if (!sink.write(frames[static_cast<size_t>(i)].data(), frames[static_cast<size_t>(i)].size()))
                    return false;
            if (cut) return false;  // the connection goes down mid-answer
            for (size_t i = static_cast<size_t>(sent) + 1; i < frames.size(); ++i) {
                if (!sink.write(frames[i].data(), frames[i].size())) return false;
                std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a slow model
            }
            sink.done();
            return true;
        });
    };
}

void check_estimated(const llmp::ledger::RequestRecord& row, int64_t min_output)
{
    CHECK(row.status == 200);
    CHECK_FALSE(row.error_class.empty());
    CHECK(row.usage.known);
    CHECK(row.usage.input == k_prompt_estimate);
    CHECK(row.usage.output >= min_output);
    CHECK(row.usage.output < 400);
    CHECK(row.usage_estimated == "input,output");
    REQUIRE(row.cost_nanousd.has_value());
    CHECK(*row.cost_nanousd == row.usage.input * 1000 + row.usage.output * 2000);
}

} // namespace

TEST_SUITE("integration")
{
    TEST_CASE("cut streams: the client hangs up, the upstream drops; both recorded as estimates")
    {
        FakeUpstream client_cut(streaming(3, false));
        Server server(config_for(client_cut.url()), k_env);
        int pieces = 0;
        auto hung_up = post_stream(server.port(), "/v1/chat/completions", chat_body("fake/gpt-test", k_prompt, true),
                                   [&](const std::string& piece) {
                                       pieces += static_cast<int>(std::count(piece.begin(), piece.end(), '\n')) / 2;
                                       return pieces < 4;
                                   });
        CHECK(hung_up.status == 200);
        auto rows = wait_for_rows(server.ledger_path(), 1);
        CHECK(rows[0].error_class == "client_disconnected");
        check_estimated(rows[0], 3);
        CHECK(server.stop() == 0);

        FakeUpstream upstream_cut(streaming(3, true));
        Server second(config_for(upstream_cut.url()), k_env);
        auto dropped = post_stream(second.port(), "/v1/chat/completions", chat_body("fake/gpt-test", k_prompt, true),
                                   [](const std::string&) { return true; });
        CHECK(dropped.status == 200);
        auto payloads = sse_payloads(dropped.body);
        REQUIRE(payloads.size() >= 4);
        CHECK(json::parse(payloads[3])["choices"][0]["delta"]["content"] == "word");
        auto cut_rows = wait_for_rows(second.ledger_path(), 1);
        check_estimated(cut_rows[0], 3);

        // A stream the provider finished keeps the provider's numbers, unmarked.
        FakeUpstream whole([](const httplib::Request&, httplib::Response& res) {
            res.set_chunked_content_provider("text/event-stream", [](size_t, httplib::DataSink& sink) {
                for (const auto& f : stream_frames("gpt-test", {"a", "b", "c"}, true, 7, 3)) sink.write(f.data(), f.size());
                sink.done();
                return true;
            });
        });
        Server third(config_for(whole.url()), k_env);
        CHECK(post_stream(third.port(), "/v1/chat/completions", chat_body("fake/gpt-test", k_prompt, true),
                          [](const std::string&) { return true; })
                  .status
              == 200);
        auto whole_rows = wait_for_rows(third.ledger_path(), 1);
        CHECK(whole_rows[0].usage.input == 7);
        CHECK(whole_rows[0].usage.output == 3);
        CHECK(whole_rows[0].usage_estimated.empty());
        CHECK(third.stop() == 0);

        // llmp cost shows the total as including estimates, in every format.
        CHECK(second.stop() == 0);
        auto json_run = run_llmp({"cost", "--ledger", second.ledger_path(), "--format", "json"}, second.dir().path());
        REQUIRE_MESSAGE(json_run.exit_code == 0, json_run.err);
        auto report = json::parse(json_run.out);
        CHECK(report["total"]["estimated_requests"] == 1);
        CHECK(report["total"]["cost_includes_estimates"] == true);
        auto table = run_llmp({"cost", "--ledger", second.ledger_path()}, second.dir().path());
        REQUIRE_MESSAGE(table.exit_code == 0, table.err);
        CHECK(table.out.find("~$") != std::string::npos);
        CHECK(table.out.find("~ includes estimates: 1 request(s)") != std::string::npos);

        // llmp logs: the cost marked in the list, the estimated numbers named in the detail.
        auto listed = run_llmp({"logs", "--ledger", second.ledger_path()}, second.dir().path());
        REQUIRE_MESSAGE(listed.exit_code == 0, listed.err);
        CHECK(listed.out.find("~$") != std::string::npos);
        auto detail = run_llmp({"logs", "--ledger", second.ledger_path(), cut_rows[0].id}, second.dir().path());
        REQUIRE_MESSAGE(detail.exit_code == 0, detail.err);
        CHECK(detail.out.find("estimated by llmp: input,output") != std::string::npos);
        auto lines = run_llmp({"logs", "--ledger", second.ledger_path(), "--json"}, second.dir().path());
        REQUIRE_MESSAGE(lines.exit_code == 0, lines.err);
        CHECK(json::parse(lines.out)["usage_estimated"] == "input,output");
    }
}
