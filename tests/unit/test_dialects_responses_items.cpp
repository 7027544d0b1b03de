#include "llmp/dialects/responses/items.hpp"

#include <doctest/doctest.h>

#include <set>

using llmp::Json;
namespace canonical = llmp::canonical;
namespace responses = llmp::dialects::responses;
using canonical::FinishReason;
using canonical::Part;

TEST_CASE("responses items: ids in OpenAI's shapes")
{
    std::set<std::string> seen;
    for (const char* prefix : {"resp_", "msg_", "rs_", "fc_"}) {
        std::string id = responses::new_id(prefix);
        CHECK(id.starts_with(prefix));
        CHECK(id.size() == std::string(prefix).size() + 48);
        CHECK(id.substr(std::string(prefix).size()).find_first_not_of("0123456789abcdef")
              == std::string::npos);
        seen.insert(id.substr(std::string(prefix).size()));
    }
    CHECK(seen.size() == 4);
    CHECK(responses::new_id("resp").starts_with("resp_"));
}

TEST_CASE("responses items: outcome of each finish reason")
{
    auto check = [](FinishReason finish, const char* status, const char* reason) {
        auto outcome = responses::outcome_of(finish);
        CHECK(outcome.status == status);
        CHECK(outcome.incomplete_reason == reason);
    };
    check(FinishReason::stop, "completed", "");
    check(FinishReason::tool_calls, "completed", "");
    check(FinishReason::length, "incomplete", "max_output_tokens");
    check(FinishReason::content_filter, "incomplete", "content_filter");
    check(FinishReason::error, "failed", "");
}

TEST_CASE("responses items: the reasoning blob")
{
    Part thinking;
    thinking.kind = Part::Kind::thinking;
    thinking.text = "not sealed";
    CHECK(responses::seal_reasoning(thinking).empty());  // nothing to carry
    thinking.signature = "sig/with+odd=chars\xC3\xA9";
    std::string blob = responses::seal_reasoning(thinking);
    CHECK(blob.starts_with("llmp1."));
    auto opened = responses::open_reasoning(blob);
    REQUIRE(opened);
    CHECK(opened->kind == Part::Kind::thinking);
    CHECK(opened->signature == thinking.signature);
    CHECK(opened->text.empty());  // the text travels in the summary

    Part redacted;
    redacted.kind = Part::Kind::redacted_thinking;
    redacted.data = "EmwKAhgB";
    opened = responses::open_reasoning(responses::seal_reasoning(redacted));
    REQUIRE(opened);
    CHECK(opened->kind == Part::Kind::redacted_thinking);
    CHECK(opened->data == "EmwKAhgB");

    CHECK_FALSE(responses::open_reasoning("gAAAAABoIjE"));  // OpenAI's own
    CHECK_FALSE(responses::open_reasoning("llmp1.%%%"));  // not base64
    CHECK_FALSE(responses::open_reasoning("llmp1.bm9wZQ=="));  // "nope": not JSON
    CHECK_FALSE(responses::open_reasoning("llmp1.e30="));  // {}
    CHECK_FALSE(responses::open_reasoning(""));
}

TEST_CASE("responses items: output items")
{
    CHECK(responses::message_item("msg_1", "hi", "in_progress")
          == Json::parse(R"({"type":"message","id":"msg_1",
      "status":"in_progress","role":"assistant","content":[{"type":"output_text","text":"hi","annotations":[],"logprobs":[]}]})"));

    Part thinking;
    thinking.kind = Part::Kind::thinking;
    thinking.text = "hmm";
    CHECK(
        responses::reasoning_item("rs_1", thinking)
        == Json::parse(
            R"({"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"hmm"}]})"));
    Part empty;
    empty.kind = Part::Kind::thinking;
    CHECK(responses::reasoning_item("rs_2", empty)["summary"] == Json::array());

    Part call;
    call.kind = Part::Kind::tool_call;
    call.id = "call_1";
    call.name = "run";
    call.arguments = R"({"input":"ls -la"})";
    CHECK(responses::call_item("fc_1", call, Json::object(), "completed")
          == Json::parse(R"({"type":"function_call",
      "id":"fc_1","call_id":"call_1","name":"run","arguments":"{\"input\":\"ls -la\"}","status":"completed"})"));
    Json echo = {{"tools", Json::array({{{"type", "custom"}, {"name", "run"}}})}};
    CHECK(responses::call_item("ctc_1", call, echo, "completed")
          == Json::parse(R"({"type":"custom_tool_call",
      "id":"ctc_1","call_id":"call_1","name":"run","input":"ls -la","status":"completed"})"));
    // Codex's additional_tools, kept aside by echo_of.
    Json additional
        = {{"additional_tools",
            Json::array({{{"type", "namespace"},
                          {"name", "functions"},
                          {"tools", Json::array({{{"type", "custom"}, {"name", "exec"}}})}}})}};
    call.name = "functions__exec";
    Json item = responses::call_item("ctc_2", call, additional, "completed");
    CHECK(item["type"] == "custom_tool_call");
    CHECK(item["namespace"] == "functions");
    CHECK(item["name"] == "exec");
}

TEST_CASE("responses items: the response object")
{
    responses::ResponseFields fields;
    fields.id = "resp_1";
    fields.created_at = 5;
    fields.model = "m";
    fields.outcome = {"failed", ""};
    fields.error_code = "rate_limit_exceeded";
    fields.error_message = "try again in 1.5s";
    Json object = responses::response_object(fields, Json::object());
    CHECK(object["error"]
          == Json{{"code", "rate_limit_exceeded"}, {"message", "try again in 1.5s"}});
    CHECK(object["usage"].is_null());  // no usage given
    CHECK(object["output"] == Json::array());
    CHECK(object["store"] == true);
    CHECK(object["tools"] == Json::array());
    CHECK(object["truncation"] == "disabled");

    fields.outcome = {"in_progress", ""};
    object = responses::response_object(fields, Json::object());
    CHECK(object["status"] == "in_progress");
    CHECK(object["error"].is_null());
    CHECK(object["completed_at"].is_null());
    CHECK(object["incomplete_details"].is_null());
}
