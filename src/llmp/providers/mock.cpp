// The built-in mock provider: answers in-process, deterministically, in exact OpenAI format, so
// users can develop offline and our tests and benchmark have an upstream with known behaviour.
//
// Answer: the configured `text`, else the last user message echoed. Tokens are words: the
// answer "Hello big world" is three tokens ("Hello", " big", " world"), and the prompt counts
// the words of every message's text. Usage therefore matches exactly what was sent.
#include "llmp/core/clock.hpp"
#include "llmp/core/ids.hpp"
#include "llmp/providers/mock_embeddings.hpp"
#include "llmp/providers/provider.hpp"
#include "llmp/upstream/sse.hpp"

#include <atomic>
#include <cmath>
#include <thread>

namespace llmp::providers {

namespace {

// The text of a message's content: a string, or the text parts of an array.
std::string content_text(const Json& content)
{
    if (content.is_string()) return content.get<std::string>();
    std::string text;
    if (content.is_array()) {
        for (const auto& part : content) {
            if (part.is_object() && json::string_at(part, "type") == "text" && part.contains("text")
                && part["text"].is_string()) {
                if (!text.empty()) text += ' ';
                text += part["text"].get<std::string>();
            }
        }
    }
    return text;
}

std::vector<std::string> words(std::string_view text)
{
    std::vector<std::string> out;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        size_t start = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i > start) out.emplace_back(text.substr(start, i - start));
    }
    return out;
}

// Answer tokens: words, each after the first carrying its leading space.
std::vector<std::string> tokenize(std::string_view text)
{
    auto list = words(text);
    for (size_t i = 1; i < list.size(); ++i) list[i].insert(0, " ");
    return list;
}

int64_t limit_from(const Json& request)
{
    for (const char* key : {"max_completion_tokens", "max_tokens"}) {
        auto it = request.find(key);
        if (it != request.end() && it->is_number_integer() && it->get<int64_t>() >= 0)
            return it->get<int64_t>();
    }
    return -1;
}

class MockProvider final : public Provider {
public:
    explicit MockProvider(config::Provider settings) : m_settings(std::move(settings)) {}

    const config::Provider& settings() const override { return m_settings; }

    // Any name works under the mock; "echo" is the one it advertises.
    Result<std::vector<std::string>> list_models(int) override
    {
        return m_settings.models.empty() ? std::vector<std::string>{"echo"} : m_settings.models;
    }

    Result<upstream::HttpResponse> send(Call call, upstream::BodyStream* stream) override
    {
        const Json& request = *call.request;
        const auto& mock = m_settings.mock;
        if (call.operation == Operation::embeddings) return mock_embeddings(request);
        if (call.operation != Operation::chat)
            return fail(ErrorCode::invalid_input, "the mock provider does not offer this endpoint");
        if (mock.latency_ms > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(mock.latency_ms));

        if (should_fail()) return error_response(mock.error_status, stream);

        std::string model = json::string_at(request, "model");
        int64_t prompt_tokens = 0;
        std::string last_user;
        if (auto it = request.find("messages"); it != request.end() && it->is_array()) {
            for (const auto& message : *it) {
                if (!message.is_object() || !message.contains("content")) continue;
                std::string text = content_text(message["content"]);
                prompt_tokens += static_cast<int64_t>(words(text).size());
                if (json::string_at(message, "role") == "user") last_user = text;
            }
        }
        auto tokens = tokenize(mock.text.empty() ? last_user : mock.text);
        if (mock.answer_tokens > 0) tokens = resize(std::move(tokens), mock.answer_tokens);

        std::string finish_reason = "stop";
        int64_t limit = limit_from(request);
        if (limit >= 0 && static_cast<int64_t>(tokens.size()) > limit) {
            tokens.resize(static_cast<size_t>(limit));
            finish_reason = "length";
        }

        Json usage = {{"prompt_tokens", prompt_tokens},
                      {"completion_tokens", tokens.size()},
                      {"total_tokens", prompt_tokens + static_cast<int64_t>(tokens.size())},
                      {"prompt_tokens_details", {{"cached_tokens", 0}}},
                      {"completion_tokens_details", {{"reasoning_tokens", 0}}}};
        std::string id = ids::random_id("chatcmpl-mock-", 20);
        int64_t created = clock::unix_seconds();

        if (!stream) {
            std::string answer;
            for (const auto& t : tokens) answer += t;
            Json body = {{"id", id},
                         {"object", "chat.completion"},
                         {"created", created},
                         {"model", model},
                         {"choices",
                          Json::array({{{"index", 0},
                                        {"message",
                                         {{"role", "assistant"},
                                          {"content", answer},
                                          {"refusal", nullptr}}},
                                        {"logprobs", nullptr},
                                        {"finish_reason", finish_reason}}})},
                         {"usage", usage},
                         {"system_fingerprint", "llmp-mock"}};
            upstream::HttpResponse response;
            response.status = 200;
            response.headers = {{"Content-Type", "application/json"}};
            response.body = body.dump();
            return response;
        }

        bool include_usage = false;
        if (auto it = request.find("stream_options"); it != request.end() && it->is_object())
            include_usage = json::is_true(*it, "include_usage");

        upstream::HttpResponse response;
        response.status = 200;
        if (stream->on_head && !stream->on_head(200, {{"Content-Type", "text/event-stream"}})) {
            response.cancelled = true;
            return response;
        }
        auto chunk = [&](Json delta, Json finish) {
            Json c = {{"id", id},
                      {"object", "chat.completion.chunk"},
                      {"created", created},
                      {"model", model},
                      {"system_fingerprint", "llmp-mock"},
                      {"choices",
                       Json::array({{{"index", 0},
                                     {"delta", std::move(delta)},
                                     {"logprobs", nullptr},
                                     {"finish_reason", std::move(finish)}}})}};
            if (include_usage) c["usage"] = nullptr;
            return upstream::sse_data(c.dump());
        };
        auto emit = [&](const std::string& frame) {
            if (stream->on_body(frame)) return true;
            response.cancelled = true;
            return false;
        };
        if (!emit(chunk({{"role", "assistant"}, {"content", ""}}, nullptr))) return response;
        for (size_t i = 0; i < tokens.size(); ++i) {
            if (i > 0 && mock.token_delay_ms > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(mock.token_delay_ms));
            if (!emit(chunk({{"content", tokens[i]}}, nullptr))) return response;
        }
        if (!emit(chunk(Json::object(), finish_reason))) return response;
        if (include_usage) {
            Json last = {{"id", id},
                         {"object", "chat.completion.chunk"},
                         {"created", created},
                         {"model", model},
                         {"system_fingerprint", "llmp-mock"},
                         {"choices", Json::array()},
                         {"usage", usage}};
            if (!emit(upstream::sse_data(last.dump()))) return response;
        }
        emit(std::string(upstream::k_sse_done));
        return response;
    }

private:
    static std::vector<std::string> resize(std::vector<std::string> tokens, int count)
    {
        if (tokens.empty()) tokens.push_back("mock");
        std::vector<std::string> out;
        out.reserve(static_cast<size_t>(count));
        for (int i = 0; i < count; ++i) {
            std::string t = tokens[static_cast<size_t>(i) % tokens.size()];
            if (i > 0 && t.front() != ' ') t.insert(0, " ");
            if (i == 0 && t.front() == ' ') t.erase(0, 1);
            out.push_back(std::move(t));
        }
        return out;
    }

    // Deterministic error injection: request n fails when floor(n*rate) steps up, so a rate of
    // 0.25 fails exactly every fourth request.
    bool should_fail()
    {
        const auto& mock = m_settings.mock;
        if (mock.error_status == 0 || mock.error_rate <= 0.0) return false;
        uint64_t n = ++m_requests;
        auto before = static_cast<uint64_t>(std::floor(static_cast<double>(n - 1) * mock.error_rate));
        auto after = static_cast<uint64_t>(std::floor(static_cast<double>(n) * mock.error_rate));
        return after > before;
    }

    static Result<upstream::HttpResponse> error_response(int status, upstream::BodyStream* stream)
    {
        std::string type = status == 429 ? "rate_limit_error"
            : status >= 500             ? "server_error"
                                        : "invalid_request_error";
        Json body = {{"error",
                      {{"message", "mock provider: injected error " + std::to_string(status)},
                       {"type", type},
                       {"param", nullptr},
                       {"code", status == 429 ? Json("rate_limit_exceeded") : Json(nullptr)}}}};
        upstream::HttpResponse response;
        response.status = status;
        response.headers = {{"Content-Type", "application/json"}};
        if (status == 429) response.headers.emplace_back("Retry-After", "1");
        std::string text = body.dump();
        if (stream) {
            if (stream->on_head && !stream->on_head(status, response.headers)) {
                response.cancelled = true;
                return response;
            }
            if (!stream->on_body(text)) response.cancelled = true;
            return response;
        }
        response.body = std::move(text);
        return response;
    }

    config::Provider m_settings;
    std::atomic<uint64_t> m_requests{0};
};

} // namespace

std::unique_ptr<Provider> make_mock(const config::Provider& settings)
{
    return std::make_unique<MockProvider>(settings);
}

} // namespace llmp::providers
