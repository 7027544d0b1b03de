#include "fake_upstream/openai.hpp"

#include "fake_upstream/json_read.hpp"
#include "fake_upstream/reply.hpp"
#include "fake_upstream/routes.hpp"
#include "fake_upstream/scenario.hpp"
#include "fake_upstream/sse.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace llmp::test::fake_upstream {
namespace {

constexpr std::int64_t k_created = 1700000000;
constexpr const char* k_completion_id = "chatcmpl-fake";
constexpr const char* k_call_id = "call_fake_1";

// Azure reports the same numbers: it is the same dialect, and tests expect the same ledger.
constexpr int k_prompt_tokens = 20; // includes k_cached_tokens
constexpr int k_cached_tokens = 5;
constexpr int k_completion_tokens = 10;
constexpr int k_reasoning_tokens = 3; // part of k_completion_tokens, with "[think]" only
constexpr int k_embedding_tokens_per_input = 4;

Json usage_json(bool think)
{
    return {{"prompt_tokens", k_prompt_tokens},
            {"completion_tokens", k_completion_tokens},
            {"total_tokens", k_prompt_tokens + k_completion_tokens},
            {"prompt_tokens_details", {{"cached_tokens", k_cached_tokens}, {"audio_tokens", 0}}},
            {"completion_tokens_details",
             {{"reasoning_tokens", think ? k_reasoning_tokens : 0},
              {"audio_tokens", 0},
              {"accepted_prediction_tokens", 0},
              {"rejected_prediction_tokens", 0}}}};
}

Json content_filter_results()
{
    Json safe = {{"filtered", false}, {"severity", "safe"}};
    return {{"hate", safe}, {"self_harm", safe}, {"sexual", safe}, {"violence", safe}};
}

Json prompt_filter_results()
{
    return Json::array(
        {{{"prompt_index", 0}, {"content_filter_results", content_filter_results()}}});
}

Conversation read_conversation(const Json& body)
{
    Conversation conversation;
    if (const Json* messages = array_member(body, "messages")) {
        for (const Json& message : *messages) {
            const std::string role = string_member(message, "role");
            const Json* content = member(message, "content");
            if (role == "user" && content != nullptr) {
                std::string text = text_of(*content);
                if (!text.empty()) conversation.last_user_text = std::move(text);
            } else if (role == "tool" || role == "function") {
                conversation.tool_result = content != nullptr ? text_of(*content) : "";
            }
        }
    }
    if (const Json* tools = array_member(body, "tools"); tools != nullptr && !tools->empty()) {
        const Json& first = (*tools)[0];
        if (const Json* function = member(first, "function"))
            conversation.first_tool = string_member(*function, "name");
        if (conversation.first_tool.empty()) conversation.first_tool = string_member(first, "name");
    }
    return conversation;
}

std::string tool_arguments()
{
    return R"({"city":")" + std::string(k_tool_city) + R"("})";
}

Json completion_body(const Plan& plan, Flavour flavour, const std::string& model)
{
    Json message = {{"role", "assistant"}};
    if (plan.think) message["reasoning_content"] = k_thinking_text;
    if (plan.answer == Answer::tool_call) {
        message["content"] = nullptr;
        message["tool_calls"] = Json::array(
            {{{"id", k_call_id},
              {"type", "function"},
              {"function", {{"name", plan.tool_name}, {"arguments", tool_arguments()}}}}});
    } else {
        message["content"] = plan.text;
    }
    message["refusal"] = nullptr;
    message["annotations"] = Json::array();

    Json choice = {{"index", 0},
                   {"message", std::move(message)},
                   {"logprobs", nullptr},
                   {"finish_reason", plan.answer == Answer::tool_call ? "tool_calls" : "stop"}};
    if (flavour == Flavour::azure) choice["content_filter_results"] = content_filter_results();

    Json body = {{"id", k_completion_id},
                 {"object", "chat.completion"},
                 {"created", k_created},
                 {"model", model},
                 {"choices", Json::array({std::move(choice)})},
                 {"usage", usage_json(plan.think)},
                 {"system_fingerprint", "fp_fake"}};
    if (flavour == Flavour::azure)
        body["prompt_filter_results"] = prompt_filter_results();
    else
        body["service_tier"] = "default";
    return body;
}

class ChunkFrames {
  public:
    ChunkFrames(Flavour flavour, std::string model, bool include_usage)
        : m_flavour(flavour), m_model(std::move(model)), m_include_usage(include_usage)
    {
    }

    std::string delta(Json delta, Json finish_reason = nullptr) const
    {
        Json choice = {{"index", 0},
                       {"delta", std::move(delta)},
                       {"logprobs", nullptr},
                       {"finish_reason", std::move(finish_reason)}};
        if (m_flavour == Flavour::azure) choice["content_filter_results"] = Json::object();
        Json chunk = envelope();
        chunk["choices"] = Json::array({std::move(choice)});
        if (m_include_usage) chunk["usage"] = nullptr;
        return data_frame(chunk);
    }

    // The include_usage chunk: no choices, the totals.
    std::string usage(bool think) const
    {
        Json chunk = envelope();
        chunk["choices"] = Json::array();
        chunk["usage"] = usage_json(think);
        return data_frame(chunk);
    }

  private:
    Json envelope() const
    {
        return {{"id", k_completion_id},
                {"object", "chat.completion.chunk"},
                {"created", k_created},
                {"model", m_model},
                {"system_fingerprint", "fp_fake"}};
    }

    Flavour m_flavour;
    std::string m_model;
    bool m_include_usage;
};

// Azure's first chunk: prompt filter results and no choices.
std::string azure_prompt_filter_frame()
{
    return data_frame({{"choices", Json::array()},
                       {"created", 0},
                       {"id", ""},
                       {"model", ""},
                       {"object", ""},
                       {"prompt_filter_results", prompt_filter_results()}});
}

std::vector<std::string> stream_frames(const Plan& plan, Flavour flavour, const std::string& model,
                                       bool include_usage)
{
    const ChunkFrames chunks(flavour, model, include_usage);
    const bool calls_tool = plan.answer == Answer::tool_call;
    std::vector<std::string> frames;
    if (flavour == Flavour::azure) frames.push_back(azure_prompt_filter_frame());
    frames.push_back(
        chunks.delta({{"role", "assistant"}, {"content", calls_tool ? Json(nullptr) : Json("")}}));
    if (plan.think) {
        for (const std::string& piece : split_pieces(k_thinking_text))
            frames.push_back(chunks.delta({{"reasoning_content", piece}}));
    }

    std::vector<std::string> content;
    if (calls_tool) {
        Json start = {{"index", 0},
                      {"id", k_call_id},
                      {"type", "function"},
                      {"function", {{"name", plan.tool_name}, {"arguments", ""}}}};
        content.push_back(chunks.delta({{"tool_calls", Json::array({start})}}));
        const std::string arguments = tool_arguments();
        const size_t cut = arguments.find(':') + 1;
        for (const std::string& piece : {arguments.substr(0, cut), arguments.substr(cut)}) {
            Json fragment = {{"index", 0}, {"function", {{"arguments", piece}}}};
            content.push_back(chunks.delta({{"tool_calls", Json::array({fragment})}}));
        }
    } else {
        for (const std::string& piece : split_pieces(plan.text))
            content.push_back(chunks.delta({{"content", piece}}));
    }

    if (plan.midstream) {
        frames.push_back(content.front());
        frames.push_back(data_frame(openai_error_body("boom", "server_error", nullptr)));
        return frames;
    }
    frames.insert(frames.end(), content.begin(), content.end());
    frames.push_back(chunks.delta(Json::object(), calls_tool ? "tool_calls" : "stop"));
    if (include_usage) frames.push_back(chunks.usage(plan.think));
    frames.push_back(done_frame());
    return frames;
}

// The OpenAI "base64" encoding: little-endian float32s (the Node SDK asks for it by default).
std::string base64(const std::vector<double>& values)
{
    static constexpr char k_alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::vector<unsigned char> bytes;
    for (double value : values) {
        const float narrow = static_cast<float>(value);
        std::uint32_t word = 0;
        std::memcpy(&word, &narrow, sizeof word);
        for (int shift = 0; shift < 32; shift += 8)
            bytes.push_back(static_cast<unsigned char>(word >> shift));
    }
    std::string out;
    for (size_t i = 0; i < bytes.size(); i += 3) {
        const size_t n = std::min<size_t>(3, bytes.size() - i);
        std::uint32_t block = bytes[i] << 16;
        if (n > 1) block |= bytes[i + 1] << 8;
        if (n > 2) block |= bytes[i + 2];
        out += k_alphabet[(block >> 18) & 63];
        out += k_alphabet[(block >> 12) & 63];
        out += n > 1 ? k_alphabet[(block >> 6) & 63] : '=';
        out += n > 2 ? k_alphabet[block & 63] : '=';
    }
    return out;
}

} // namespace

Json openai_error_body(const std::string& message, const std::string& type, Json code)
{
    return {
        {"error",
         {{"message", message}, {"type", type}, {"param", nullptr}, {"code", std::move(code)}}}};
}

bool reply_openai_fault(httplib::Response& response, Fault fault)
{
    switch (fault) {
    case Fault::none:
        return false;
    case Fault::rate_limited:
        response.set_header("retry-after", "7");
        reply_json(response, 429,
                   openai_error_body("Rate limit reached for requests (fake upstream).", "requests",
                                     "rate_limit_exceeded"));
        return true;
    case Fault::overloaded:
        reply_json(response, 503,
                   openai_error_body("The engine is currently overloaded, please try again later.",
                                     "server_error", nullptr));
        return true;
    case Fault::server_error:
        reply_json(response, 500,
                   openai_error_body("The server had an error while processing your request.",
                                     "server_error", nullptr));
        return true;
    case Fault::bad_json:
        reply_bad_json(response);
        return true;
    }
    return false;
}

void handle_openai_chat(const httplib::Request& request, httplib::Response& response,
                        Flavour flavour, const std::string& model_fallback)
{
    const std::optional<Json> body = parse_object(request.body);
    if (!body) {
        reply_json(response, 400,
                   openai_error_body("We could not parse the JSON body of your request.",
                                     "invalid_request_error", nullptr));
        return;
    }
    const std::string model = string_member(*body, "model", model_fallback);
    if (model.empty()) {
        reply_json(response, 400,
                   openai_error_body("you must provide a model parameter", "invalid_request_error",
                                     nullptr));
        return;
    }
    const Plan plan = plan_reply(read_conversation(*body), "openai");
    if (reply_openai_fault(response, plan.fault)) return;

    response.set_header("x-request-id", "req_fake_openai");
    if (is_true(*body, "stream")) {
        const Json* options = member(*body, "stream_options");
        const bool include_usage = options != nullptr && is_true(*options, "include_usage");
        send_stream(response, stream_frames(plan, flavour, model, include_usage), plan.pace);
        return;
    }
    pause_before_reply(plan);
    reply_json(response, 200, completion_body(plan, flavour, model));
}

void handle_openai_embeddings(const httplib::Request& request, httplib::Response& response,
                              const std::string& model_fallback)
{
    const std::optional<Json> body = parse_object(request.body);
    const Json* input = body ? member(*body, "input") : nullptr;
    if (input == nullptr) {
        reply_json(
            response, 400,
            openai_error_body("'input' is a required property", "invalid_request_error", nullptr));
        return;
    }
    // string | string[] | int[] | int[][]: one embedding per string or per token array.
    std::vector<std::string> texts;
    size_t count = 1;
    if (input->is_string()) {
        texts.push_back(input->get<std::string>());
    } else if (input->is_array() && !input->empty() && !(*input)[0].is_number()) {
        count = input->size();
        for (const Json& item : *input)
            if (item.is_string()) texts.push_back(item.get<std::string>());
    }
    std::string joined;
    for (const std::string& text : texts) joined += text;
    if (reply_openai_fault(response, fault_in(joined))) return;

    int dimensions = 4;
    if (const Json* wanted = member(*body, "dimensions");
        wanted != nullptr && wanted->is_number_integer())
        dimensions = std::clamp(wanted->get<int>(), 1, 4096);
    const bool as_base64 = string_member(*body, "encoding_format") == "base64";

    Json data = Json::array();
    for (size_t i = 0; i < count; ++i) {
        std::vector<double> values;
        for (int d = 0; d < dimensions; ++d)
            values.push_back(static_cast<double>((i + 1) * 10 + static_cast<size_t>(d)) / 100.0);
        Json embedding = as_base64 ? Json(base64(values)) : Json(values);
        data.push_back(
            {{"object", "embedding"}, {"index", i}, {"embedding", std::move(embedding)}});
    }
    const int tokens = static_cast<int>(count) * k_embedding_tokens_per_input;
    response.set_header("x-request-id", "req_fake_openai");
    reply_json(response, 200,
               {{"object", "list"},
                {"data", std::move(data)},
                {"model", string_member(*body, "model", model_fallback)},
                {"usage", {{"prompt_tokens", tokens}, {"total_tokens", tokens}}}});
}

void add_openai_routes(Routes& routes)
{
    auto chat = [](const httplib::Request& request, httplib::Response& response) {
        handle_openai_chat(request, response, Flavour::openai, "");
    };
    routes.post("/v1/chat/completions", chat);
    routes.post("/chat/completions", chat);
    routes.post("/v1/embeddings", [](const httplib::Request& request, httplib::Response& response) {
        handle_openai_embeddings(request, response, "");
    });
}

} // namespace llmp::test::fake_upstream
