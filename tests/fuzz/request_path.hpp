// A client's request body through everything the server does with it when the upstream speaks
// another dialect: decode, split the signatures off tool-call ids, encode for each upstream
// dialect, apply each provider kind's quirks, and write the body out.
#pragma once

#include "fuzz.hpp"

#include "llmp/canonical/tool_ids.hpp"
#include "llmp/config/kinds.hpp"
#include "llmp/dialects/dispatch.hpp"
#include "llmp/providers/quirks.hpp"

#include <optional>

namespace llmp::fuzz {

// An integer field of the body, if it is one, arrived unchanged (not wrapped, not rounded).
inline void check_integer(const Json& body, const char* key, std::optional<int64_t> decoded)
{
    auto it = body.find(key);
    if (it == body.end() || !it->is_number_integer()) return;
    bool same = it->is_number_unsigned()
        ? decoded && *decoded >= 0 && uint64_t(*decoded) == it->get<uint64_t>()
        : decoded == it->get<int64_t>();
    check(same, "a decoded integer field has the body's value");
}

inline void check_decoded(config::Dialect client, const Json& body,
                          const canonical::Request& request)
{
    check_integer(body, "top_k", request.top_k);
    if (client == config::Dialect::openai) check_integer(body, "seed", request.seed);
    check(!request.max_tokens || *request.max_tokens >= 1, "a decoded max_tokens is positive");
    // 0 is reasoning_effort "none": thinking off.
    check(!request.reasoning || !request.reasoning->budget_tokens
              || *request.reasoning->budget_tokens >= 0,
          "a decoded thinking budget is not negative");
}

inline void run_request_path(config::Dialect client, std::string_view text)
{
    // The server refuses a body nested deeper than the library parses (server/limits.hpp).
    Json body = json::parse(text);
    if (body.is_discarded()) return;
    auto decoded = dialects::decode_request(client, body);
    if (!decoded) {
        check(decoded.error().code == ErrorCode::invalid_input,
              "a refused client request is invalid_input");
        check(!decoded.error().message.empty(), "a refused client request says why");
        return;
    }
    check_decoded(client, body, *decoded);
    canonical::unpack_tool_ids(*decoded);
    for (config::Dialect upstream : {config::Dialect::openai, config::Dialect::anthropic,
                                     config::Dialect::gemini, config::Dialect::cohere}) {
        auto encoded = dialects::encode_request(upstream, *decoded);
        if (!encoded) {
            check(encoded.error().code == ErrorCode::invalid_input,
                  "a request another dialect cannot express is invalid_input");
            continue;
        }
        for (const auto& kind : config::all_kinds()) {
            if (kind.dialect != upstream) continue;
            Json sent = *encoded;
            providers::apply_translation_quirks(kind.kind, sent);
            providers::apply_request_quirks(kind.kind, sent);
            strict_dump(sent, "an encoded upstream request");
        }
    }
}

} // namespace llmp::fuzz
