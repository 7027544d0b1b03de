// `llmp ask --via URL`: the same question to a running proxy over HTTP. The proxy records it
// (labelled source "ask"); usage and cost are read back from the answer.
#include "llmp/ask/session.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/core/strings.hpp"
#include "llmp/pricing/cost.hpp"
#include "llmp/upstream/client.hpp"

#include <cstdlib>

namespace llmp::ask {

namespace {

// "http://host:8484", "http://host:8484/" and "http://host:8484/v1" all mean the same proxy.
std::string api_base(std::string url)
{
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (!url.ends_with("/v1")) url += "/v1";
    return url;
}

std::string header_of(const upstream::Headers& headers, std::string_view name)
{
    for (const auto& [key, value] : headers)
        if (strings::iequals(key, name)) return value;
    return {};
}

} // namespace

Result<Outcome> ask_via(const std::string& url, const config::Config& config, const Question& question,
                        const Hooks& hooks)
{
    if (!url.starts_with("http://") && !url.starts_with("https://"))
        return fail(ErrorCode::invalid_input, "--via needs an http:// or https:// URL, got '" + url + "'");
    auto prices = pricing::PriceTable::with_overrides(config.prices);
    if (!prices) return with_context(prices.error(), "prices");
    upstream::EndpointOptions options;
    options.base_url = api_base(url);
    options.max_connections = 1;
    options.connect_timeout_ms = 5'000;
    auto endpoint = LLMP_TRY(upstream::Endpoint::create(options));

    upstream::Headers headers = {{"X-Llmp-Source", "ask"}};
    if (const char* key = std::getenv("LLMP_API_KEY"); key && *key)
        headers.emplace_back("Authorization", std::string("Bearer ") + key);
    std::string body = LLMP_TRY(request_body(question)).dump();

    Outcome outcome;
    bool output_closed = false;
    auto stopped = [&] { return output_closed || (hooks.interrupted && hooks.interrupted->load()); };
    StreamReader reader([&](std::string_view text) {
        if (!output_closed && !hooks.on_text(text)) output_closed = true;
    });
    int64_t started_us = clock::monotonic_us();
    int status = 0;
    upstream::Headers response_headers;
    std::string error_body;
    upstream::BodyStream stream;
    stream.on_head = [&](int s, const upstream::Headers& h) {
        status = s;
        response_headers = h;
        return true;
    };
    stream.on_body = [&](std::string_view piece) {
        if (status != 200) {
            error_body.append(piece);
            return true;
        }
        if (!outcome.ttft_ms) outcome.ttft_ms = (clock::monotonic_us() - started_us) / 1000;
        reader.feed(piece);
        return !stopped();
    };
    auto response = endpoint->post("/chat/completions", headers, std::move(body),
                                   question.stream ? &stream : nullptr);
    outcome.latency_ms = (clock::monotonic_us() - started_us) / 1000;
    if (!response) {
        outcome.ending = Ending::upstream;
        outcome.message = response.error().code == ErrorCode::network
            ? "could not reach llmp at " + url + " (is `llmp serve` running there?)"
            : response.error().message;
        return outcome;
    }
    if (!question.stream) {
        status = response->status;
        response_headers = response->headers;
        error_body = response->body;
        outcome.ttft_ms.reset();
    }
    outcome.status = status;
    outcome.request_id = header_of(response_headers, "x-request-id");
    outcome.provider = header_of(response_headers, "x-llmp-provider");
    outcome.ending = ending_for(status, header_of(response_headers, k_refused_header), error_code(error_body));
    if (outcome.ending == Ending::unreachable) {
        outcome.message = unreachable_message(outcome.provider, error_message(error_body));
    } else if (outcome.ending != Ending::answered) {
        outcome.message = error_message(error_body);
    } else if (question.stream) {
        reader.finish();
        outcome.answer = reader.answer();
    } else {
        outcome.answer = read_body(response->body);
        if (!outcome.answer.text.empty() && !hooks.on_text(outcome.answer.text)) output_closed = true;
    }

    settle(outcome, hooks.interrupted && hooks.interrupted->load(), output_closed);
    if (outcome.answer.usage.known && !outcome.provider.empty())
        outcome.cost_nanousd = pricing::cost_nanousd(prices->find(outcome.provider, outcome.answer.model),
                                                     outcome.answer.usage);
    return outcome;
}

} // namespace llmp::ask
