// The Gemini Developer API wire format (providers.md §4): generateContent,
// streamGenerateContent (alt=sse, events end with CRLF CRLF; without alt=sse a JSON array),
// countTokens, embedContent, batchEmbedContents and the model list, all behind x-goog-api-key.
#include "fake_upstream/json_read.hpp"
#include "fake_upstream/reply.hpp"
#include "fake_upstream/routes.hpp"
#include "fake_upstream/scenario.hpp"
#include "fake_upstream/sse.hpp"

#include <algorithm>
#include <vector>

namespace llmp::test::fake_upstream {
namespace {

constexpr const char* k_response_id = "fake-response-1";
constexpr const char* k_thought_signature = "sig-fake-1";
constexpr const char* k_model_path = "/v1beta/models/([^/:]+)";

constexpr int k_prompt_tokens = 30; // includes k_cached_tokens
constexpr int k_cached_tokens = 6;
constexpr int k_candidates_tokens = 7;
constexpr int k_thoughts_tokens = 4; // with "[think]" only

Json error_body(int code, const std::string& status, const std::string& message)
{
    return {{"error", {{"code", code}, {"message", message}, {"status", status}}}};
}

void reply_error(httplib::Response& response, int code, const std::string& status,
                 const std::string& message)
{
    reply_json(response, code, error_body(code, status, message));
}

// The 429 of an exhausted quota. The retry hint is only the RetryInfo detail: Google sends no
// retry-after header.
Json rate_limit_body(const std::string& model)
{
    Json body = error_body(429, "RESOURCE_EXHAUSTED",
                           "You exceeded your current quota, please check your plan and billing "
                           "details (fake upstream).");
    body["error"]["details"] = Json::array(
        {{{"@type", "type.googleapis.com/google.rpc.QuotaFailure"},
          {"violations",
           Json::array({{{"quotaMetric",
                          "generativelanguage.googleapis.com/generate_content_free_tier_requests"},
                         {"quotaId", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"},
                         {"quotaDimensions", {{"location", "global"}, {"model", model}}},
                         {"quotaValue", "10"}}})}},
         {{"@type", "type.googleapis.com/google.rpc.Help"},
          {"links", Json::array({{{"description", "Learn more about Gemini API quotas"},
                                  {"url", "https://ai.google.dev/gemini-api/docs/rate-limits"}}})}},
         {{"@type", "type.googleapis.com/google.rpc.RetryInfo"}, {"retryDelay", "7s"}}});
    return body;
}

bool reply_fault(httplib::Response& response, Fault fault, const std::string& model)
{
    switch (fault) {
    case Fault::none:
        return false;
    case Fault::rate_limited:
        reply_json(response, 429, rate_limit_body(model));
        return true;
    case Fault::overloaded:
        reply_error(response, 503, "UNAVAILABLE",
                    "The model is overloaded. Please try again later.");
        return true;
    case Fault::server_error:
        reply_error(response, 500, "INTERNAL",
                    "An internal error has occurred. Please retry or report in "
                    "https://developers.generativeai.google/guide/troubleshooting");
        return true;
    case Fault::bad_json:
        reply_bad_json(response);
        return true;
    }
    return false;
}

bool auth_ok(const httplib::Request& request, httplib::Response& response)
{
    if (!request.get_header_value("x-goog-api-key").empty()) return true;
    reply_error(response, 403, "PERMISSION_DENIED",
                "Method doesn't allow unregistered callers (callers without established "
                "identity). Please use API key or other form of API consumer identity to call "
                "this API.");
    return false;
}

// The text a test expects back from a functionResponse: a wrapped string ({"result": "..."}),
// else the response object as JSON.
std::string function_response_text(const Json& function_response)
{
    const Json* response = member(function_response, "response");
    if (response == nullptr) return "";
    if (response->is_string()) return response->get<std::string>();
    for (const char* key : {"result", "output", "content"}) {
        const Json* value = member(*response, key);
        if (value != nullptr && value->is_string() && response->size() == 1)
            return value->get<std::string>();
    }
    return response->dump();
}

struct GeminiRequest {
    Conversation conversation;
    bool signatures_ok = true; // every functionCall part echoes our thoughtSignature
};

GeminiRequest read_request(const Json& body)
{
    GeminiRequest read;
    size_t function_calls = 0;
    bool unsigned_call = false;
    if (const Json* contents = array_member(body, "contents")) {
        for (const Json& content : *contents) {
            const Json* parts = array_member(content, "parts");
            if (parts == nullptr) continue;
            if (string_member(content, "role", "user") == "user") {
                std::string text = text_of(*parts);
                if (!text.empty()) read.conversation.last_user_text = std::move(text);
            }
            for (const Json& part : *parts) {
                if (const Json* call = member(part, "functionCall"); call != nullptr) {
                    ++function_calls;
                    if (string_member(part, "thoughtSignature") != k_thought_signature)
                        unsigned_call = true;
                }
                if (const Json* result = member(part, "functionResponse"); result != nullptr)
                    read.conversation.tool_result = function_response_text(*result);
            }
        }
    }
    if (const Json* tools = array_member(body, "tools")) {
        for (const Json& tool : *tools) {
            const Json* declarations = array_member(tool, "functionDeclarations");
            if (declarations == nullptr || declarations->empty()) continue;
            read.conversation.first_tool = string_member((*declarations)[0], "name");
            break;
        }
    }
    read.signatures_ok = !read.conversation.tool_result || (function_calls > 0 && !unsigned_call);
    return read;
}

Json prompt_details()
{
    return Json::array({{{"modality", "TEXT"}, {"tokenCount", k_prompt_tokens}}});
}

Json usage_json(bool think)
{
    Json usage = {{"promptTokenCount", k_prompt_tokens},
                  {"candidatesTokenCount", k_candidates_tokens},
                  {"totalTokenCount",
                   k_prompt_tokens + k_candidates_tokens + (think ? k_thoughts_tokens : 0)},
                  {"cachedContentTokenCount", k_cached_tokens},
                  {"promptTokensDetails", prompt_details()},
                  {"cacheTokensDetails",
                   Json::array({{{"modality", "TEXT"}, {"tokenCount", k_cached_tokens}}})}};
    if (think) usage["thoughtsTokenCount"] = k_thoughts_tokens;
    return usage;
}

// What early stream chunks carry: the prompt side only.
Json partial_usage_json()
{
    return {{"promptTokenCount", k_prompt_tokens},
            {"totalTokenCount", k_prompt_tokens},
            {"promptTokensDetails", prompt_details()}};
}

Json function_call_part(const Plan& plan)
{
    return {{"functionCall", {{"name", plan.tool_name}, {"args", {{"city", k_tool_city}}}}},
            {"thoughtSignature", k_thought_signature}};
}

enum class Finish { no, stop };

// One response object; `usage` may be null.
Json response_object(Json parts, Finish finish, Json usage, const std::string& model)
{
    Json candidate = {{"content", {{"parts", std::move(parts)}, {"role", "model"}}}};
    if (finish == Finish::stop) candidate["finishReason"] = "STOP";
    candidate["index"] = 0;
    Json body = {{"candidates", Json::array({std::move(candidate)})}};
    if (!usage.is_null()) body["usageMetadata"] = std::move(usage);
    body["modelVersion"] = model;
    body["responseId"] = k_response_id;
    return body;
}

Json whole_response(const Plan& plan, const std::string& model)
{
    Json parts = Json::array();
    if (plan.think) parts.push_back({{"text", k_thinking_text}, {"thought", true}});
    if (plan.answer == Answer::tool_call)
        parts.push_back(function_call_part(plan));
    else
        parts.push_back({{"text", plan.text}});
    return response_object(std::move(parts), Finish::stop, usage_json(plan.think), model);
}

// The stream as response objects, plus a trailing error object for "[midstream]".
std::vector<Json> stream_objects(const Plan& plan, const std::string& model)
{
    std::vector<Json> parts;
    if (plan.think)
        for (const std::string& piece : split_pieces(k_thinking_text))
            parts.push_back({{"text", piece}, {"thought", true}});
    if (plan.answer == Answer::tool_call)
        parts.push_back(function_call_part(plan)); // a call arrives whole, in one chunk
    else
        for (const std::string& piece : split_pieces(plan.text)) parts.push_back({{"text", piece}});

    std::vector<Json> objects;
    if (plan.midstream) {
        objects.push_back(
            response_object(Json::array({parts.front()}), Finish::no, partial_usage_json(), model));
        objects.push_back(error_body(500, "INTERNAL", "boom"));
        return objects;
    }
    for (size_t i = 0; i < parts.size(); ++i) {
        const bool last = i + 1 == parts.size();
        Json usage = last ? usage_json(plan.think) : i == 0 ? partial_usage_json() : Json();
        objects.push_back(response_object(Json::array({parts[i]}), last ? Finish::stop : Finish::no,
                                          std::move(usage), model));
    }
    return objects;
}

// Parses the body after the key check. Empty when a reply was written.
std::optional<Json> read_body(const httplib::Request& request, httplib::Response& response)
{
    if (!auth_ok(request, response)) return std::nullopt;
    std::optional<Json> body = parse_object(request.body);
    if (!body) {
        reply_error(response, 400, "INVALID_ARGUMENT",
                    "Invalid JSON payload received. Unexpected token.");
        return std::nullopt;
    }
    return body;
}

enum class Delivery { whole, stream };

void handle_generate(const httplib::Request& request, httplib::Response& response,
                     Delivery delivery)
{
    const std::optional<Json> body = read_body(request, response);
    if (!body) return;
    const std::string model = request.matches[1];
    const GeminiRequest read = read_request(*body);
    if (!read.signatures_ok) {
        reply_error(response, 400, "INVALID_ARGUMENT", "missing thought signature");
        return;
    }
    const Plan plan = plan_reply(read.conversation, "gemini");
    if (reply_fault(response, plan.fault, model)) return;

    if (delivery == Delivery::whole) {
        pause_before_reply(plan);
        reply_json(response, 200, whole_response(plan, model));
        return;
    }
    const std::vector<Json> objects = stream_objects(plan, model);
    if (request.get_param_value("alt") != "sse") {
        pause_before_reply(plan);
        reply_json(response, 200, Json(objects));
        return;
    }
    std::vector<std::string> frames;
    for (const Json& object : objects) frames.push_back(data_frame(object, LineEnd::crlf));
    send_stream(response, std::move(frames), plan.pace);
}

Json embedding_values(size_t index, const Json& request)
{
    int dimensions = 4;
    if (const Json* wanted = member(request, "outputDimensionality");
        wanted != nullptr && wanted->is_number_integer())
        dimensions = std::clamp(wanted->get<int>(), 1, 4096);
    Json values = Json::array();
    for (int d = 0; d < dimensions; ++d)
        values.push_back(static_cast<double>((index + 1) * 5 + static_cast<size_t>(d)) / 100.0);
    return {{"values", std::move(values)}};
}

std::string content_text(const Json& request)
{
    const Json* content = member(request, "content");
    const Json* parts = content != nullptr ? array_member(*content, "parts") : nullptr;
    return parts != nullptr ? text_of(*parts) : "";
}

void handle_embed(const httplib::Request& request, httplib::Response& response)
{
    const std::optional<Json> body = read_body(request, response);
    if (!body) return;
    if (reply_fault(response, fault_in(content_text(*body)), request.matches[1])) return;
    reply_json(response, 200, {{"embedding", embedding_values(0, *body)}});
}

void handle_batch_embed(const httplib::Request& request, httplib::Response& response)
{
    const std::optional<Json> body = read_body(request, response);
    if (!body) return;
    const Json* requests = array_member(*body, "requests");
    if (requests == nullptr) {
        reply_error(response, 400, "INVALID_ARGUMENT", "requests is required");
        return;
    }
    std::string text;
    for (const Json& item : *requests) text += content_text(item);
    if (reply_fault(response, fault_in(text), request.matches[1])) return;
    Json embeddings = Json::array();
    for (size_t i = 0; i < requests->size(); ++i)
        embeddings.push_back(embedding_values(i, (*requests)[i]));
    reply_json(response, 200, {{"embeddings", std::move(embeddings)}});
}

void handle_count_tokens(const httplib::Request& request, httplib::Response& response)
{
    const std::optional<Json> body = read_body(request, response);
    if (!body) return;
    reply_json(response, 200,
               {{"totalTokens", k_prompt_tokens}, {"promptTokensDetails", prompt_details()}});
}

Json model_entry(const std::string& id, const std::string& display_name,
                 const std::vector<std::string>& methods)
{
    return {{"name", "models/" + id},
            {"version", "001"},
            {"displayName", display_name},
            {"description", display_name + " (fake upstream)"},
            {"inputTokenLimit", 1048576},
            {"outputTokenLimit", 65536},
            {"supportedGenerationMethods", methods},
            {"temperature", 1},
            {"topP", 0.95},
            {"topK", 64},
            {"maxTemperature", 2},
            {"thinking", true}};
}

void handle_models(const httplib::Request& request, httplib::Response& response)
{
    if (!auth_ok(request, response)) return;
    const std::vector<std::string> generate = {"generateContent", "countTokens"};
    reply_json(
        response, 200,
        {{"models", Json::array({model_entry("gemini-2.5-flash", "Gemini 2.5 Flash", generate),
                                 model_entry("gemini-2.5-pro", "Gemini 2.5 Pro", generate),
                                 model_entry("gemini-embedding-001", "Gemini Embedding 001",
                                             {"embedContent", "batchEmbedContents"})})}});
}

} // namespace

void add_gemini_routes(Routes& routes)
{
    const std::string base = k_model_path;
    routes.post(base + ":generateContent",
                [](const httplib::Request& request, httplib::Response& response) {
                    handle_generate(request, response, Delivery::whole);
                });
    routes.post(base + ":streamGenerateContent",
                [](const httplib::Request& request, httplib::Response& response) {
                    handle_generate(request, response, Delivery::stream);
                });
    routes.post(base + ":countTokens", handle_count_tokens);
    routes.post(base + ":embedContent", handle_embed);
    routes.post(base + ":batchEmbedContents", handle_batch_embed);
    routes.get("/v1beta/models", handle_models);
}

} // namespace llmp::test::fake_upstream
