#include "llmp/dialects/responses.hpp"

#include "llmp/dialects/responses/items.hpp"
#include "llmp/upstream/sse.hpp"

#include "support/stream_feed.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

using llmp::Json;
using llmp::canonical::FinishReason;
using llmp::canonical::StreamEvent;
using llmp::canonical::Usage;
using Kind = llmp::canonical::StreamEvent::Kind;
namespace responses = llmp::dialects::responses;

namespace {

// ---- canonical events, built and described -------------------------------------------------

StreamEvent ev(Kind kind, std::string text = {}, int index = 0)
{
    StreamEvent e;
    e.kind = kind;
    e.text = std::move(text);
    e.index = index;
    return e;
}

StreamEvent start_ev(std::string id = "up-1", std::string model = "up-model")
{
    StreamEvent e = ev(Kind::start);
    e.id = std::move(id);
    e.model = std::move(model);
    return e;
}

StreamEvent call_start(int index, std::string id, std::string name)
{
    StreamEvent e = ev(Kind::tool_call_start, "", index);
    e.id = std::move(id);
    e.name = std::move(name);
    return e;
}

StreamEvent finish_ev(FinishReason finish)
{
    StreamEvent e = ev(Kind::finish);
    e.finish = finish;
    return e;
}

Usage sample_usage()
{
    Usage u;
    u.input = 10;
    u.cached_input = 5;
    u.cache_write = 2;
    u.output = 9;
    u.reasoning = 3;
    u.known = true;
    return u;
}

StreamEvent usage_ev(Usage u = sample_usage())
{
    StreamEvent e = ev(Kind::usage);
    e.usage = u;
    return e;
}

StreamEvent error_ev(std::string type, int status, std::string message)
{
    StreamEvent e = ev(Kind::error, std::move(message));
    e.error_type = std::move(type);
    e.error_status = status;
    return e;
}

std::string usage_text(const Usage& u)
{
    return "in=" + std::to_string(u.input) + " cached=" + std::to_string(u.cached_input) +
           " write=" + std::to_string(u.cache_write) + " out=" + std::to_string(u.output) +
           " reasoning=" + std::to_string(u.reasoning) + (u.known ? " known" : " unknown");
}

std::string describe(const StreamEvent& e)
{
    static const char* const k_finishes[] = {"stop", "length", "tool_calls", "content_filter", "error"};
    switch (e.kind) {
    case Kind::start: return "start id=" + e.id + " model=" + e.model;
    case Kind::text: return "text " + e.text;
    case Kind::thinking: return "thinking " + e.text;
    case Kind::thinking_signature: return "signature " + e.text;
    case Kind::redacted_thinking: return "redacted " + e.text;
    case Kind::tool_call_start: return "tool_start " + std::to_string(e.index) + " " + e.id + " " + e.name;
    case Kind::tool_call_arguments: return "tool_args " + std::to_string(e.index) + " " + e.text;
    case Kind::finish: return std::string("finish ") + k_finishes[int(e.finish)];
    case Kind::usage: return "usage " + usage_text(e.usage);
    case Kind::end: return "end";
    case Kind::error: return "error " + std::to_string(e.error_status) + " " + e.error_type + " " + e.text;
    }
    return "?";
}

// ---- the encoder's output, read back --------------------------------------------------------

struct Frame {
    std::string event;
    Json data;
};

struct Encoded {
    std::string bytes;
    std::vector<Frame> frames;
    std::vector<Json> finals;  // what on_final was given

    std::vector<std::string> types() const
    {
        std::vector<std::string> out;
        for (const auto& f : frames) out.push_back(f.event);
        return out;
    }
    const Frame& last() const { return frames.back(); }
    const Frame* first(const std::string& type) const
    {
        for (const auto& f : frames)
            if (f.event == type) return &f;
        return nullptr;
    }
    std::vector<const Frame*> all(const std::string& type) const
    {
        std::vector<const Frame*> out;
        for (const auto& f : frames)
            if (f.event == type) out.push_back(&f);
        return out;
    }
};

std::vector<Frame> parse_frames(const std::string& bytes)
{
    std::vector<Frame> frames;
    llmp::upstream::SseParser parser([&](llmp::upstream::SseEvent&& e) {
        frames.push_back({e.event, Json::parse(e.data)});
        return true;
    });
    parser.feed(bytes);
    parser.finish();
    return frames;
}

Encoded encode(const std::vector<StreamEvent>& events, Json echo = Json::object(),
               std::string id = "resp_fixed")
{
    Encoded result;
    llmp::dialects::StreamContext context;
    context.id = std::move(id);
    context.model = "client-model";
    context.created = 1700000000;
    context.echo = std::move(echo);
    context.on_final = [&result](const Json& response) { result.finals.push_back(response); };
    auto encoder = responses::make_stream_encoder(context);
    for (const auto& e : events) encoder->on_event(e, result.bytes);
    result.frames = parse_frames(result.bytes);
    return result;
}

// ---- §4.7, checked mechanically --------------------------------------------------------------

const std::set<std::string> k_catalogue = {
    "response.created", "response.in_progress", "response.output_item.added",
    "response.output_item.done", "response.content_part.added", "response.content_part.done",
    "response.output_text.delta", "response.output_text.done",
    "response.function_call_arguments.delta", "response.function_call_arguments.done",
    "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done",
    "response.reasoning_summary_part.added", "response.reasoning_summary_part.done",
    "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
    "response.completed", "response.incomplete", "response.failed", "error"};

// The item type an item-scoped event belongs to.
std::string owner_type(const std::string& event)
{
    if (event.starts_with("response.output_text.") || event.starts_with("response.content_part."))
        return "message";
    if (event.starts_with("response.function_call_arguments.")) return "function_call";
    if (event.starts_with("response.custom_tool_call_input.")) return "custom_tool_call";
    if (event.starts_with("response.reasoning_summary_")) return "reasoning";
    return "";
}

bool full_usage(const Json& usage)
{
    auto count = [](const Json& object, const char* key) {
        return object.is_object() && object.contains(key) && object.at(key).is_number_integer();
    };
    auto details = [&](const char* key) { return usage.is_object() && usage.contains(key) ? usage.at(key) : Json(); };
    return count(usage, "input_tokens") && count(usage, "output_tokens") && count(usage, "total_tokens") &&
           count(details("input_tokens_details"), "cached_tokens") &&
           count(details("output_tokens_details"), "reasoning_tokens");
}

// Every breach of the invariants, as readable lines (empty when the stream keeps them all).
std::vector<std::string> breaches(const Encoded& encoded)
{
    std::vector<std::string> found;
    auto breach = [&](size_t at, const std::string& what) {
        found.push_back("event " + std::to_string(at) + ": " + what);
    };
    const auto& frames = encoded.frames;
    if (encoded.bytes.find("[DONE]") != std::string::npos) found.push_back("[DONE] sent");
    if (frames.empty() || frames[0].event != "response.created") found.push_back("first event is not response.created");
    std::vector<Json> output;       // items as added, replaced when done
    std::vector<bool> closed;
    std::map<size_t, int> parts;    // content parts opened per message
    std::set<std::string> ids;
    bool terminal_seen = false;
    for (size_t i = 0; i < frames.size(); ++i) {
        const Frame& f = frames[i];
        const Json& d = f.data;
        if (terminal_seen) breach(i, "event after the terminal event");
        if (!k_catalogue.contains(f.event)) breach(i, "uncatalogued event " + f.event);
        if (d.value("type", "") != f.event) breach(i, "event name differs from data.type");
        if (d.value("sequence_number", -1) != int(i)) breach(i, "sequence_number is not " + std::to_string(i));
        if (f.event.starts_with("response.") && d.contains("error")) breach(i, "top-level error key");
        if (f.event == "response.output_item.added") {
            if (d["output_index"] != output.size()) breach(i, "added output_index is not the output length");
            for (size_t k = 0; k < closed.size(); ++k)
                if (!closed[k]) breach(i, "item added while item " + std::to_string(k) + " is open");
            std::string id = d["item"].value("id", "");
            if (id.empty()) breach(i, "item without id");
            if (!ids.insert(id).second) breach(i, "duplicate item id " + id);
            if (d["item"].value("type", "") == "function_call" && d["item"].value("call_id", "").empty())
                breach(i, "function_call without call_id");
            output.push_back(d["item"]);
            closed.push_back(false);
            continue;
        }
        if (f.event == "response.output_item.done") {
            size_t at = d.value("output_index", size_t(9999));
            if (at >= output.size()) { breach(i, "done for an item never added"); continue; }
            for (const char* key : {"id", "type", "call_id"})
                if (output[at].value(key, "") != d["item"].value(key, "")) breach(i, std::string("done changed ") + key);
            if (closed[at]) breach(i, "item done twice");
            output[at] = d["item"];
            closed[at] = true;
            continue;
        }
        std::string owner = owner_type(f.event);
        if (!owner.empty()) {
            size_t at = d.value("output_index", size_t(9999));
            if (at >= output.size()) { breach(i, "item event for no item"); continue; }
            if (closed[at]) breach(i, "item event after the item's done");
            if (d.value("item_id", "") != output[at].value("id", "")) breach(i, "item_id is not output[output_index].id");
            if (output[at].value("type", "") != owner) breach(i, f.event + " on a " + output[at].value("type", "") + " item");
            if (f.event == "response.content_part.added") {
                if (d["content_index"] != parts[at]) breach(i, "content_index is not the part count");
                ++parts[at];
                if (d["part"]["logprobs"] != Json::array() || d["part"]["annotations"] != Json::array())
                    breach(i, "text part without logprobs/annotations");
            }
            if (f.event == "response.output_text.delta") {
                if (d.value("content_index", -1) >= parts[at]) breach(i, "text delta before its content_part.added");
                if (d["logprobs"] != Json::array()) breach(i, "text delta without logprobs:[]");
            }
        }
        if (f.event == "response.completed" || f.event == "response.incomplete" || f.event == "response.failed") {
            terminal_seen = true;
            const Json& r = d["response"];
            if (r["id"] != frames[0].data["response"]["id"]) breach(i, "terminal id differs from response.created's");
            for (size_t k = 0; k < closed.size(); ++k)
                if (!closed[k] && f.event != "response.failed") breach(i, "terminal with item " + std::to_string(k) + " open");
            Json done_items = Json::array();
            for (size_t k = 0; k < output.size(); ++k)
                if (closed[k]) done_items.push_back(output[k]);
            if (r["output"] != done_items) breach(i, "terminal output is not the items done");
            if (!full_usage(r["usage"])) breach(i, "terminal usage incomplete: " + r["usage"].dump());
        }
        if (f.event == "response.created" || f.event == "response.in_progress") {
            const Json& r = d["response"];
            if (r["output"] != Json::array() || !r["usage"].is_null() || r["status"] != "in_progress")
                breach(i, "lifecycle object is not an empty in_progress response");
        }
    }
    if (!terminal_seen) found.push_back("no terminal event");
    if (encoded.finals.size() != 1) found.push_back("on_final called " + std::to_string(encoded.finals.size()) + " times");
    else if (terminal_seen && encoded.finals[0] != frames.back().data["response"])
        found.push_back("on_final's object differs from the terminal event's");
    return found;
}

void check_invariants(const Encoded& encoded)
{
    std::vector<std::string> found = breaches(encoded);
    std::string joined;
    for (const auto& b : found) joined += b + "\n";
    INFO(encoded.bytes);
    CHECK_MESSAGE(found.empty(), joined);
}

std::vector<std::string> decode(const std::string& text, size_t piece = 0)
{
    auto decoder = responses::make_stream_decoder();
    std::vector<std::string> out;
    for (const auto& e : llmp::test::feed_in_pieces(*decoder, text, piece)) out.push_back(describe(e));
    return out;
}

std::string frame(const std::string& type, Json data)
{
    data["type"] = type;
    return "event: " + type + "\ndata: " + data.dump() + "\n\n";
}

} // namespace

TEST_CASE("responses stream encoder: a text answer")
{
    Json echo = responses::echo_of(Json::parse(R"({"model":"m","instructions":"Be brief.","temperature":0.5,"store":false})"));
    Encoded e = encode({start_ev(), ev(Kind::text, "Hel"), ev(Kind::text, "lo"), finish_ev(FinishReason::stop),
                        usage_ev(), ev(Kind::end)},
                       echo);
    check_invariants(e);
    CHECK(e.types() == std::vector<std::string>{
                           "response.created", "response.in_progress", "response.output_item.added",
                           "response.content_part.added", "response.output_text.delta",
                           "response.output_text.delta", "response.output_text.done",
                           "response.content_part.done", "response.output_item.done", "response.completed"});
    const Json& created = e.frames[0].data["response"];
    CHECK(created["id"] == "resp_fixed");
    CHECK(created["model"] == "client-model");
    CHECK(created["created_at"] == 1700000000);
    CHECK(created["instructions"] == "Be brief.");
    CHECK(created["temperature"] == 0.5);
    CHECK(created["store"] == false);
    CHECK(e.first("response.output_text.done")->data["text"] == "Hello");
    const Json& done = e.last().data["response"];
    CHECK(done["status"] == "completed");
    CHECK(done["output"][0]["content"][0]["text"] == "Hello");
    CHECK(done["output"][0]["status"] == "completed");
    CHECK(done["usage"] == Json::parse(R"({"input_tokens":17,"input_tokens_details":{"cached_tokens":5,"cache_write_tokens":2},
        "output_tokens":9,"output_tokens_details":{"reasoning_tokens":3},"total_tokens":26})"));

    // The final object is response_object's, built from the same items.
    responses::ResponseFields fields;
    fields.id = "resp_fixed";
    fields.created_at = 1700000000;
    fields.model = "client-model";
    fields.outcome = {"completed", ""};
    fields.output = done["output"];
    fields.usage = sample_usage();
    Json expected = responses::response_object(fields, echo);
    Json got = e.finals.at(0);
    expected.erase("completed_at");
    got.erase("completed_at");
    CHECK(got == expected);
}

TEST_CASE("responses stream encoder: ids, usage and the missing start")
{
    SUBCASE("an id that is not a response id is replaced")
    {
        Encoded e = encode({start_ev(), ev(Kind::text, "x"), finish_ev(FinishReason::stop), ev(Kind::end)}, Json::object(),
                           "chatcmpl-123");
        check_invariants(e);
        CHECK(e.frames[0].data["response"]["id"].get<std::string>().starts_with("resp_"));
    }
    SUBCASE("no start, no finish, no usage: still a whole stream with zero usage")
    {
        Encoded e = encode({ev(Kind::text, "x"), ev(Kind::end)});
        check_invariants(e);
        CHECK(e.last().data["response"]["usage"]["total_tokens"] == 0);
        CHECK(e.last().data["response"]["usage"]["output_tokens_details"]["reasoning_tokens"] == 0);
    }
    SUBCASE("nothing after the terminal event")
    {
        Encoded e = encode({start_ev(), finish_ev(FinishReason::stop), ev(Kind::end), ev(Kind::text, "late"), ev(Kind::end)});
        check_invariants(e);
        CHECK(e.types() == std::vector<std::string>{"response.created", "response.in_progress", "response.completed"});
        CHECK(e.last().data["response"]["output"] == Json::array());
    }
}

TEST_CASE("responses stream encoder: a function call")
{
    Encoded e = encode({start_ev(), call_start(0, "call_abc", "get_weather"), ev(Kind::tool_call_arguments, "{\"city\":", 0),
                        ev(Kind::tool_call_arguments, "\"Paris\"}", 0), finish_ev(FinishReason::tool_calls), usage_ev(),
                        ev(Kind::end)});
    check_invariants(e);
    CHECK(e.types() == std::vector<std::string>{"response.created", "response.in_progress", "response.output_item.added",
                                                "response.function_call_arguments.delta",
                                                "response.function_call_arguments.delta",
                                                "response.function_call_arguments.done", "response.output_item.done",
                                                "response.completed"});
    const Json& added = e.first("response.output_item.added")->data["item"];
    CHECK(added["type"] == "function_call");
    CHECK(added["call_id"] == "call_abc");
    CHECK(added["arguments"] == "");
    CHECK(added["status"] == "in_progress");
    CHECK(added["id"].get<std::string>().starts_with("fc_"));
    const Json& args_done = e.first("response.function_call_arguments.done")->data;
    CHECK(args_done["arguments"] == "{\"city\":\"Paris\"}");
    CHECK(args_done["name"] == "get_weather");
    const Json& item = e.first("response.output_item.done")->data["item"];
    CHECK(item["arguments"] == "{\"city\":\"Paris\"}");
    CHECK(item["status"] == "completed");
    CHECK(e.last().data["response"]["status"] == "completed");
}

TEST_CASE("responses stream encoder: parallel calls stay contiguous when their arguments interleave")
{
    Encoded e = encode({start_ev(), ev(Kind::text, "Checking."), call_start(0, "call_a", "weather"),
                        ev(Kind::tool_call_arguments, "{\"city\":", 0), call_start(1, "call_b", "time"),
                        ev(Kind::tool_call_arguments, "{\"zone\":", 1), ev(Kind::tool_call_arguments, "\"Paris\"}", 0),
                        ev(Kind::tool_call_arguments, "\"CET\"}", 1), finish_ev(FinishReason::tool_calls), usage_ev(),
                        ev(Kind::end)});
    check_invariants(e);
    const Json& output = e.last().data["response"]["output"];
    REQUIRE(output.size() == 3);
    CHECK(output[0]["type"] == "message");
    CHECK(output[1]["call_id"] == "call_a");
    CHECK(output[1]["arguments"] == "{\"city\":\"Paris\"}");
    CHECK(output[2]["call_id"] == "call_b");
    CHECK(output[2]["arguments"] == "{\"zone\":\"CET\"}");
    // Each call's argument deltas add up to its arguments.
    std::map<std::string, std::string> joined;
    for (const Frame* f : e.all("response.function_call_arguments.delta"))
        joined[f->data["item_id"].get<std::string>()] += f->data["delta"].get<std::string>();
    CHECK(joined[output[1]["id"].get<std::string>()] == "{\"city\":\"Paris\"}");
    CHECK(joined[output[2]["id"].get<std::string>()] == "{\"zone\":\"CET\"}");
}

TEST_CASE("responses stream encoder: reasoning, then the answer")
{
    Encoded e = encode({start_ev(), ev(Kind::thinking, "Let me "), ev(Kind::thinking, "think."),
                        ev(Kind::thinking_signature, "sig-1"), ev(Kind::thinking, "More."), ev(Kind::text, "42"),
                        finish_ev(FinishReason::stop), usage_ev(), ev(Kind::end)});
    check_invariants(e);
    CHECK(e.types() == std::vector<std::string>{
                           "response.created", "response.in_progress", "response.output_item.added",
                           "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                           "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
                           "response.reasoning_summary_part.done", "response.output_item.done",
                           // a signature ends a thinking block: the next thinking is a new item
                           "response.output_item.added", "response.reasoning_summary_part.added",
                           "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
                           "response.reasoning_summary_part.done", "response.output_item.done",
                           "response.output_item.added", "response.content_part.added",
                           "response.output_text.delta", "response.output_text.done",
                           "response.content_part.done", "response.output_item.done", "response.completed"});
    const Json& output = e.last().data["response"]["output"];
    CHECK(output[0]["type"] == "reasoning");
    CHECK(output[0]["summary"] == Json::parse(R"([{"type":"summary_text","text":"Let me think."}])"));
    auto sealed = responses::open_reasoning(output[0].value("encrypted_content", ""));
    REQUIRE(sealed);
    CHECK(sealed->signature == "sig-1");
    CHECK_FALSE(output[1].contains("encrypted_content"));
    CHECK(output[2]["content"][0]["text"] == "42");
}

TEST_CASE("responses stream encoder: a redacted thinking block is a reasoning item of its own")
{
    Encoded e = encode({start_ev(), ev(Kind::redacted_thinking, "opaque"), ev(Kind::text, "ok"),
                        finish_ev(FinishReason::stop), ev(Kind::end)});
    check_invariants(e);
    const Json& output = e.last().data["response"]["output"];
    REQUIRE(output.size() == 2);
    CHECK(output[0]["summary"] == Json::array());
    auto sealed = responses::open_reasoning(output[0].value("encrypted_content", ""));
    REQUIRE(sealed);
    CHECK(sealed->data == "opaque");
}

TEST_CASE("responses stream encoder: a custom tool's call is a custom_tool_call with its raw input")
{
    Json echo = responses::echo_of(Json::parse(R"({"model":"m","tools":[
        {"type":"custom","name":"apply_patch","description":"Patch files"},
        {"type":"function","name":"shell","parameters":{"type":"object"}}]})"));
    Encoded e = encode({start_ev(), call_start(0, "call_p", "apply_patch"), ev(Kind::tool_call_arguments, "{\"input\":\"*** Begin", 0),
                        ev(Kind::tool_call_arguments, " Patch\\n\"}", 0), call_start(1, "call_s", "shell"),
                        ev(Kind::tool_call_arguments, "{}", 1), finish_ev(FinishReason::tool_calls), usage_ev(), ev(Kind::end)},
                       echo);
    check_invariants(e);
    CHECK(e.types() == std::vector<std::string>{
                           "response.created", "response.in_progress", "response.output_item.added",
                           "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done",
                           "response.output_item.done", "response.output_item.added",
                           "response.function_call_arguments.delta", "response.function_call_arguments.done",
                           "response.output_item.done", "response.completed"});
    const Json& added = e.first("response.output_item.added")->data["item"];
    CHECK(added["type"] == "custom_tool_call");
    CHECK(added["id"].get<std::string>().starts_with("fc_"));
    CHECK(added["input"] == "");
    CHECK(e.first("response.custom_tool_call_input.delta")->data["delta"] == "*** Begin Patch\n");
    CHECK(e.first("response.custom_tool_call_input.done")->data["input"] == "*** Begin Patch\n");
    const Json& output = e.last().data["response"]["output"];
    CHECK(output[0]["type"] == "custom_tool_call");
    CHECK(output[0]["input"] == "*** Begin Patch\n");
    CHECK(output[0]["call_id"] == "call_p");
    CHECK_FALSE(output[0].contains("arguments"));
    CHECK(output[1]["type"] == "function_call");
    CHECK(output[1]["arguments"] == "{}");
}

TEST_CASE("responses stream encoder: a cut-off answer is response.incomplete")
{
    SUBCASE("length")
    {
        Encoded e = encode({start_ev(), ev(Kind::text, "Once upon"), finish_ev(FinishReason::length), usage_ev(), ev(Kind::end)});
        check_invariants(e);
        CHECK(e.last().event == "response.incomplete");
        const Json& r = e.last().data["response"];
        CHECK(r["status"] == "incomplete");
        CHECK(r["incomplete_details"] == Json{{"reason", "max_output_tokens"}});
        CHECK(r["output"][0]["status"] == "incomplete");
        CHECK(e.first("response.output_item.done")->data["item"]["status"] == "incomplete");
        CHECK(r["completed_at"].is_null());
        CHECK(e.finals.at(0)["status"] == "incomplete");
    }
    SUBCASE("content filter")
    {
        Encoded e = encode({start_ev(), ev(Kind::text, "I"), finish_ev(FinishReason::content_filter), ev(Kind::end)});
        check_invariants(e);
        CHECK(e.last().data["response"]["incomplete_details"]["reason"] == "content_filter");
    }
}

TEST_CASE("responses stream encoder: a mid-stream error is `error` then response.failed")
{
    SUBCASE("a rate limit after some text")
    {
        Encoded e = encode({start_ev(), ev(Kind::text, "Hel"), error_ev("rate_limit", 429, "slow down")});
        check_invariants(e);
        REQUIRE(e.frames.size() >= 2);
        const Frame& error = e.frames[e.frames.size() - 2];
        CHECK(error.event == "error");
        CHECK(error.data["code"] == "rate_limit_exceeded");
        CHECK(error.data["message"] == "slow down");
        CHECK(error.data["param"].is_null());
        CHECK(error.data["error"] == Json::parse(R"({"type":"rate_limit_error","code":"rate_limit_exceeded","message":"slow down","param":null})"));
        CHECK(e.last().event == "response.failed");
        const Json& r = e.last().data["response"];
        CHECK(r["status"] == "failed");
        CHECK(r["error"] == Json::parse(R"({"code":"rate_limit_exceeded","message":"slow down"})"));
        CHECK(r["output"] == Json::array());
        CHECK(e.finals.at(0)["status"] == "failed");
    }
    SUBCASE("an error before anything: the stream still opens with response.created")
    {
        Encoded e = encode({error_ev("server", 502, "")});
        check_invariants(e);
        CHECK(e.types() == std::vector<std::string>{"response.created", "response.in_progress", "error", "response.failed"});
        CHECK(e.frames[2].data["code"] == "server_error");
        CHECK(e.frames[2].data["message"] == "upstream error");
    }
    SUBCASE("an upstream that finished with an error")
    {
        Encoded e = encode({start_ev(), ev(Kind::text, "x"), finish_ev(FinishReason::error), usage_ev(), ev(Kind::end)});
        check_invariants(e);
        CHECK(e.last().event == "response.failed");
    }
    SUBCASE("a refused request is not retried by Codex: invalid_prompt")
    {
        Encoded e = encode({start_ev(), error_ev("invalid_request", 400, "too long")});
        CHECK(e.first("error")->data["code"] == "invalid_prompt");
        CHECK(e.first("error")->data["error"]["type"] == "invalid_request_error");
    }
}

// ---- the decoder ----------------------------------------------------------------------------

namespace {

// Reference §4.3 (a text answer, recorded order), with reasoning first as in §4.5.
std::string reasoning_and_text_stream()
{
    std::string s;
    Json created = {{"response", {{"id", "resp_1"}, {"object", "response"}, {"created_at", 1765552663},
                                  {"status", "in_progress"}, {"model", "gpt-5.1-codex-max"},
                                  {"output", Json::array()}, {"usage", nullptr}}}};
    s += frame("response.created", created);
    s += frame("response.in_progress", created);
    s += frame("response.output_item.added", {{"output_index", 0}, {"item", {{"id", "rs_1"}, {"type", "reasoning"}, {"encrypted_content", "gAAAA-partial"}, {"summary", Json::array()}}}});
    s += frame("response.reasoning_summary_part.added", {{"item_id", "rs_1"}, {"output_index", 0}, {"summary_index", 0}, {"part", {{"type", "summary_text"}, {"text", ""}}}});
    s += frame("response.reasoning_summary_text.delta", {{"item_id", "rs_1"}, {"output_index", 0}, {"summary_index", 0}, {"delta", "**Calcul"}});
    s += frame("response.reasoning_summary_text.delta", {{"item_id", "rs_1"}, {"output_index", 0}, {"summary_index", 0}, {"delta", "ating**"}});
    s += frame("response.reasoning_summary_text.delta", {{"item_id", "rs_1"}, {"output_index", 0}, {"summary_index", 1}, {"delta", "Done."}});
    s += frame("response.reasoning_summary_text.done", {{"item_id", "rs_1"}, {"output_index", 0}, {"summary_index", 1}, {"text", "Done."}});
    s += frame("response.output_item.done", {{"output_index", 0}, {"item", {{"id", "rs_1"}, {"type", "reasoning"}, {"encrypted_content", "gAAAA-full"}, {"summary", Json::array()}}}});
    s += frame("response.output_item.added", {{"output_index", 1}, {"item", {{"id", "msg_1"}, {"type", "message"}, {"status", "in_progress"}, {"content", Json::array()}, {"role", "assistant"}}}});
    s += frame("response.content_part.added", {{"item_id", "msg_1"}, {"output_index", 1}, {"content_index", 0}, {"part", {{"type", "output_text"}, {"annotations", Json::array()}, {"logprobs", Json::array()}, {"text", ""}}}});
    s += frame("response.output_text.delta", {{"item_id", "msg_1"}, {"output_index", 1}, {"content_index", 0}, {"delta", "The"}, {"logprobs", Json::array()}, {"obfuscation", "o6siFn"}});
    s += frame("response.output_text.delta", {{"item_id", "msg_1"}, {"output_index", 1}, {"content_index", 0}, {"delta", " result is 570."}, {"logprobs", Json::array()}});
    s += frame("response.output_text.done", {{"item_id", "msg_1"}, {"output_index", 1}, {"content_index", 0}, {"text", "The result is 570."}, {"logprobs", Json::array()}});
    s += frame("response.output_item.done", {{"output_index", 1}, {"item", {{"id", "msg_1"}, {"type", "message"}, {"status", "completed"}, {"content", Json::array({{{"type", "output_text"}, {"text", "The result is 570."}, {"annotations", Json::array()}}})}, {"role", "assistant"}}}});
    s += frame("response.completed", {{"response", {{"id", "resp_1"}, {"status", "completed"}, {"output", Json::array()},
                                                    {"usage", Json::parse(R"({"input_tokens":299,"input_tokens_details":{"cached_tokens":7},"output_tokens":12,"output_tokens_details":{"reasoning_tokens":4},"total_tokens":311})")}}}});
    return s;
}

// Reference §4.4: a function call, then a custom tool call.
std::string calls_stream()
{
    std::string s;
    s += frame("response.created", {{"response", {{"id", "resp_2"}, {"model", "gpt-5"}, {"output", Json::array()}}}});
    s += frame("response.output_item.added", {{"output_index", 0}, {"item", {{"id", "fc_1"}, {"type", "function_call"}, {"status", "in_progress"}, {"arguments", ""}, {"call_id", "call_AB6"}, {"name", "calculator"}}}});
    s += frame("response.function_call_arguments.delta", {{"item_id", "fc_1"}, {"output_index", 0}, {"delta", "{\""}});
    s += frame("response.function_call_arguments.delta", {{"item_id", "fc_1"}, {"output_index", 0}, {"delta", "a\":12}"}});
    s += frame("response.function_call_arguments.done", {{"item_id", "fc_1"}, {"output_index", 0}, {"arguments", "{\"a\":12}"}});
    s += frame("response.output_item.done", {{"output_index", 0}, {"item", {{"id", "fc_1"}, {"type", "function_call"}, {"status", "completed"}, {"arguments", "{\"a\":12}"}, {"call_id", "call_AB6"}, {"name", "calculator"}}}});
    s += frame("response.output_item.added", {{"output_index", 1}, {"item", {{"id", "ctc_1"}, {"type", "custom_tool_call"}, {"status", "in_progress"}, {"input", ""}, {"call_id", "call_P"}, {"name", "apply_patch"}}}});
    s += frame("response.custom_tool_call_input.delta", {{"item_id", "ctc_1"}, {"output_index", 1}, {"delta", "*** Begin"}});
    s += frame("response.custom_tool_call_input.delta", {{"item_id", "ctc_1"}, {"output_index", 1}, {"delta", " Patch"}});
    s += frame("response.output_item.done", {{"output_index", 1}, {"item", {{"id", "ctc_1"}, {"type", "custom_tool_call"}, {"status", "completed"}, {"input", "*** Begin Patch"}, {"call_id", "call_P"}, {"name", "apply_patch"}}}});
    s += frame("response.completed", {{"response", {{"id", "resp_2"}, {"status", "completed"}, {"usage", {{"input_tokens", 10}, {"output_tokens", 5}}}}}});
    return s;
}

} // namespace

TEST_CASE("responses stream decoder: reasoning and text (reference §4.3, §4.5)")
{
    std::vector<std::string> expected = {
        "start id=resp_1 model=gpt-5.1-codex-max",
        "thinking **Calcul",
        "thinking ating**",
        "thinking \n\n",
        "thinking Done.",
        "signature gAAAA-full",
        "text The",
        "text  result is 570.",
        "finish stop",
        "usage in=292 cached=7 write=0 out=12 reasoning=4 known",
        "end",
    };
    CHECK(decode(reasoning_and_text_stream()) == expected);
    // Any split of the bytes reads the same.
    CHECK(decode(reasoning_and_text_stream(), 7) == expected);
    CHECK(decode(llmp::test::with_crlf(reasoning_and_text_stream()), 3) == expected);
}

TEST_CASE("responses stream decoder: function and custom tool calls (reference §4.4)")
{
    CHECK(decode(calls_stream()) == std::vector<std::string>{
                                        "start id=resp_2 model=gpt-5",
                                        "tool_start 0 call_AB6 calculator",
                                        "tool_args 0 {\"",
                                        "tool_args 0 a\":12}",
                                        "tool_start 1 call_P apply_patch",
                                        "tool_args 1 {\"input\":\"*** Begin Patch\"}",
                                        "finish tool_calls",
                                        "usage in=10 cached=0 write=0 out=5 reasoning=0 known",
                                        "end",
                                    });
}

TEST_CASE("responses stream decoder: endings")
{
    std::string created = frame("response.created", {{"response", {{"id", "resp_3"}, {"model", "m"}}}});
    std::string text = frame("response.output_text.delta", {{"item_id", "msg_1"}, {"output_index", 0}, {"delta", "Hi"}});
    SUBCASE("incomplete")
    {
        std::string s = created + text +
            frame("response.incomplete", {{"response", {{"status", "incomplete"}, {"incomplete_details", {{"reason", "max_output_tokens"}}}}}});
        CHECK(decode(s) == std::vector<std::string>{"start id=resp_3 model=m", "text Hi", "finish length", "end"});
    }
    SUBCASE("content filter")
    {
        std::string s = created + frame("response.incomplete", {{"response", {{"status", "incomplete"}, {"incomplete_details", {{"reason", "content_filter"}}}}}});
        CHECK(decode(s) == std::vector<std::string>{"start id=resp_3 model=m", "finish content_filter", "end"});
    }
    SUBCASE("error then response.failed (reference §4.6): one error")
    {
        std::string s = created + text +
            "event: error\ndata: " R"({"type":"error","sequence_number":2,"error":{"type":"insufficient_quota","code":"insufficient_quota","message":"You exceeded your current quota","param":null}})" "\n\n" +
            frame("response.failed", {{"response", {{"status", "failed"}, {"error", {{"code", "insufficient_quota"}, {"message", "You exceeded"}}}}}});
        CHECK(decode(s) == std::vector<std::string>{"start id=resp_3 model=m", "text Hi",
                                                    "error 429 quota You exceeded your current quota"});
    }
    SUBCASE("a flat error event (the spec's shape)")
    {
        std::string s = created + frame("error", {{"code", "rate_limit_exceeded"}, {"message", "slow"}, {"param", nullptr}});
        CHECK(decode(s) == std::vector<std::string>{"start id=resp_3 model=m", "error 429 rate_limit slow"});
    }
    SUBCASE("response.failed alone")
    {
        std::string s = created + frame("response.failed", {{"response", {{"status", "failed"}, {"error", {{"code", "server_error"}, {"message", "boom"}}}}}});
        CHECK(decode(s) == std::vector<std::string>{"start id=resp_3 model=m", "error 500 server boom"});
    }
    SUBCASE("cut before the terminal event")
    {
        CHECK(decode(created + text) == std::vector<std::string>{
                                            "start id=resp_3 model=m", "text Hi",
                                            "error 502 server upstream closed the stream before response.completed"});
    }
    SUBCASE("not JSON")
    {
        CHECK(decode(created + "event: response.output_text.delta\ndata: {oops\n\n") ==
              std::vector<std::string>{"start id=resp_3 model=m",
                                       "error 502 server responses upstream sent an event that is not a JSON object"});
    }
    SUBCASE("unknown events, keepalives and [DONE] are skipped")
    {
        std::string s = created + frame("keepalive", {}) + frame("response.web_search_call.searching", {{"output_index", 0}}) +
            text + frame("response.completed", {{"response", {{"status", "completed"}}}}) + "data: [DONE]\n\n";
        CHECK(decode(s) == std::vector<std::string>{"start id=resp_3 model=m", "text Hi", "finish stop", "end"});
    }
    SUBCASE("only a terminal event: its output is the answer")
    {
        std::string s = created + frame("response.completed", {{"response", Json::parse(R"({"status":"completed","output":[
            {"type":"message","id":"msg_9","content":[{"type":"output_text","text":"Whole."}]},
            {"type":"function_call","id":"fc_9","call_id":"call_9","name":"f","arguments":"{}"}]})")}});
        CHECK(decode(s) == std::vector<std::string>{"start id=resp_3 model=m", "text Whole.", "tool_start 0 call_9 f",
                                                    "tool_args 0 {}", "finish tool_calls", "end"});
    }
}

TEST_CASE("responses stream decoder: llmp's own reasoning blob gives back the signature")
{
    llmp::canonical::Part thinking;
    thinking.kind = llmp::canonical::Part::Kind::thinking;
    thinking.signature = "anthropic-sig";
    std::string blob = responses::seal_reasoning(thinking);
    std::string s = frame("response.created", {{"response", {{"id", "resp_4"}, {"model", "m"}}}}) +
        frame("response.output_item.done", {{"output_index", 0}, {"item", {{"id", "rs_1"}, {"type", "reasoning"}, {"encrypted_content", blob}, {"summary", Json::parse(R"([{"type":"summary_text","text":"Hmm."}])")}}}}) +
        frame("response.completed", {{"response", {{"status", "completed"}}}});
    CHECK(decode(s) == std::vector<std::string>{"start id=resp_4 model=m", "thinking Hmm.", "signature anthropic-sig",
                                                "finish stop", "end"});
}

TEST_CASE("responses stream: encoder → decoder round trip")
{
    Json echo = responses::echo_of(Json::parse(R"({"model":"m","tools":[{"type":"custom","name":"apply_patch"},{"type":"function","name":"f"}]})"));
    std::vector<StreamEvent> events = {
        start_ev("resp_rt", "client-model"),
        ev(Kind::thinking, "Plan."),
        ev(Kind::thinking_signature, "sig-9"),
        ev(Kind::text, "Doing "),
        ev(Kind::text, "it."),
        call_start(0, "call_1", "f"),
        ev(Kind::tool_call_arguments, "{\"x\":", 0),
        call_start(1, "call_2", "apply_patch"),
        ev(Kind::tool_call_arguments, "{\"input\":\"diff\"}", 1),
        ev(Kind::tool_call_arguments, "1}", 0),
        finish_ev(FinishReason::tool_calls),
        usage_ev(),
        ev(Kind::end),
    };
    Encoded e = encode(events, echo, "resp_rt");
    check_invariants(e);
    auto decoded = decode(e.bytes, 5);
    CHECK(decoded == std::vector<std::string>{
                         "start id=resp_rt model=client-model",
                         "thinking Plan.",
                         "signature sig-9",
                         "text Doing ",
                         "text it.",
                         "tool_start 0 call_1 f",
                         "tool_args 0 {\"x\":",
                         "tool_args 0 1}",
                         "tool_start 1 call_2 apply_patch",
                         "tool_args 1 {\"input\":\"diff\"}",
                         "finish tool_calls",
                         "usage " + usage_text(sample_usage()),
                         "end",
                     });
    // A failure survives the trip too.
    Encoded failed = encode({start_ev(), ev(Kind::text, "a"), error_ev("quota", 429, "pay up")});
    CHECK(decode(failed.bytes) == std::vector<std::string>{"start id=resp_fixed model=client-model", "text a",
                                                           "error 429 quota pay up"});
}

TEST_CASE("responses stream: the invariant checker sees breaches")
{
    // A valid stream, then one broken in the ways clients notice.
    Encoded good = encode({start_ev(), ev(Kind::text, "a"), finish_ev(FinishReason::stop), ev(Kind::end)});
    REQUIRE(breaches(good).empty());

    Encoded bad = good;
    std::swap(bad.frames[3], bad.frames[4]);  // a text delta before its content_part.added
    CHECK_FALSE(breaches(bad).empty());

    bad = good;
    bad.frames[2].data["output_index"] = 1;  // added at the wrong index
    CHECK_FALSE(breaches(bad).empty());

    bad = good;
    bad.frames[4].data["item_id"] = "msg_other";
    CHECK_FALSE(breaches(bad).empty());

    bad = good;
    bad.frames.back().data["response"]["output"] = Json::array();  // terminal without the items
    CHECK_FALSE(breaches(bad).empty());

    bad = good;
    bad.frames.back().data["response"]["usage"]["input_tokens_details"] = Json::object();
    CHECK_FALSE(breaches(bad).empty());

    bad = good;
    bad.frames.insert(bad.frames.begin() + 5, Frame{"response.output_text.annotation.added", Json::object()});
    CHECK_FALSE(breaches(bad).empty());

    bad = good;
    bad.finals.push_back(bad.finals.front());
    CHECK_FALSE(breaches(bad).empty());
}

TEST_CASE("responses stream decoder: calls without argument deltas, namespaced calls")
{
    std::string s = frame("response.created", {{"response", {{"id", "resp_5"}, {"model", "m"}}}}) +
        frame("response.output_item.added", {{"output_index", 0}, {"item", {{"id", "fc_1"}, {"type", "function_call"}, {"call_id", "call_1"}, {"name", "f"}, {"arguments", ""}}}}) +
        frame("response.output_item.done", {{"output_index", 0}, {"item", {{"id", "fc_1"}, {"type", "function_call"}, {"call_id", "call_1"}, {"name", "f"}, {"arguments", "{\"a\":1}"}}}}) +
        frame("response.output_item.added", {{"output_index", 1}, {"item", {{"id", "fc_2"}, {"type", "function_call"}, {"call_id", "call_2"}, {"namespace", "mcp"}, {"name", "g"}, {"arguments", "{}"}}}}) +
        frame("response.output_item.done", {{"output_index", 1}, {"item", {{"id", "fc_2"}, {"type", "function_call"}, {"call_id", "call_2"}, {"namespace", "mcp"}, {"name", "g"}, {"arguments", "{}"}}}}) +
        frame("response.completed", {{"response", {{"status", "completed"}}}});
    CHECK(decode(s) == std::vector<std::string>{"start id=resp_5 model=m", "tool_start 0 call_1 f", "tool_args 0 {\"a\":1}",
                                                "tool_start 1 call_2 mcp__g", "tool_args 1 {}", "finish tool_calls", "end"});
}
