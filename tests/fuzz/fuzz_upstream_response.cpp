// An upstream's whole answer, as the server handles a non-streamed call. Input: a byte that
// picks the upstream dialect (bits 0-1: openai, anthropic, gemini, cohere) and a success or an
// error body (bit 2), a byte for the error status, then the body.
//
// Success: the body is decoded, its tool-call ids take their signatures, and it is encoded for
// an OpenAI and an Anthropic client. Error: a first line of the body is a retry-after header
// (retry-after-ms with bit 4), and the canonical error is encoded for both clients.
#include "fuzz.hpp"

#include "llmp/canonical/tool_ids.hpp"
#include "llmp/dialects/dispatch.hpp"
#include "llmp/dialects/openai.hpp"

#include <cmath>

namespace {

using namespace llmp;
using config::Dialect;

constexpr Dialect k_dialects[] = {Dialect::openai, Dialect::anthropic, Dialect::gemini,
                                  Dialect::cohere};

void check_usage(const canonical::Usage& usage)
{
    fuzz::check(usage.input >= 0 && usage.cached_input >= 0 && usage.cache_write >= 0
                    && usage.output >= 0 && usage.reasoning >= 0,
                "token counts are never negative");
    fuzz::check(usage.reasoning <= usage.output, "reasoning tokens are part of the output");
}

void success(Dialect upstream, std::string_view body)
{
    // As the server does: a body that is not JSON (or nests too deep) reaches the decoder as
    // a discarded value.
    Json parsed = json::parse(body);
    if (parsed.is_object())
        if (auto usage = parsed.find("usage"); usage != parsed.end())
            check_usage(dialects::usage_from(upstream, *usage));  // same-dialect relay
    auto decoded = dialects::decode_response(upstream, parsed);
    if (!decoded) {
        fuzz::check(!decoded.error().message.empty(), "a refused response says why");
        return;
    }
    check_usage(decoded->usage);
    canonical::pack_tool_ids(*decoded);
    for (Dialect client : {Dialect::openai, Dialect::anthropic})
        fuzz::strict_dump(dialects::encode_response(client, *decoded), "an encoded response");
}

void error(Dialect upstream, int status, std::string_view rest, bool in_ms)
{
    upstream::Headers headers;
    std::string_view body = rest;
    if (size_t line_end = rest.find('\n'); line_end != std::string_view::npos) {
        headers.emplace_back(in_ms ? "retry-after-ms" : "retry-after",
                             std::string(rest.substr(0, line_end)));
        body = rest.substr(line_end + 1);
    }
    dialects::openai::error_message_from(std::string(body));
    canonical::UpstreamError decoded = dialects::decode_error(upstream, status, headers, body);
    fuzz::check(!decoded.retry_after_s || (std::isfinite(*decoded.retry_after_s)
                                           && *decoded.retry_after_s >= 0),
                "a retry hint is a finite, non-negative number of seconds");
    for (Dialect client : {Dialect::openai, Dialect::anthropic}) {
        dialects::WireError wire = dialects::encode_error(client, decoded);
        fuzz::check(wire.status >= 400 && wire.status <= 599, "a client sees an error status");
        fuzz::check(fuzz::is_json(wire.body), "an error body is JSON");
        for (const auto& [name, value] : wire.headers)
            fuzz::check(name.find_first_of("\r\n:") == std::string::npos
                            && value.find_first_of("\r\n") == std::string::npos,
                        "an error header is one line");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2) return 0;
    Dialect upstream = k_dialects[data[0] % 4];
    std::string_view rest = fuzz::as_text(data + 2, size - 2);
    if (data[0] & 4)
        error(upstream, 300 + data[1] + (data[0] & 8 ? 44 : 0), rest, data[0] & 16);
    else
        success(upstream, rest);
    return 0;
}
