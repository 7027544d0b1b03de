#include "llmp/providers/quirks.hpp"

#include <cctype>
#include <cstdint>

namespace llmp::providers {

std::string mistral_tool_id(const std::string& id)
{
    bool ok = id.size() == 9;
    for (char c : id) ok = ok && std::isalnum(static_cast<unsigned char>(c));
    if (ok) return id;
    uint64_t hash = 1469598103934665603ull;  // FNV-1a
    for (char c : id) {
        hash ^= static_cast<uint8_t>(c);
        hash *= 1099511628211ull;
    }
    static constexpr char k_digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string out(9, '0');
    for (auto& c : out) {
        c = k_digits[hash % 62];
        hash /= 62;
    }
    return out;
}

bool has_request_quirks(config::ProviderKind kind) { return kind == config::ProviderKind::mistral; }

void apply_request_quirks(config::ProviderKind kind, Json& body)
{
    if (!has_request_quirks(kind)) return;
    auto messages = body.find("messages");
    if (messages == body.end() || !messages->is_array()) return;
    for (auto& message : *messages) {
        if (!message.is_object()) continue;
        if (auto id = message.find("tool_call_id"); id != message.end() && id->is_string())
            *id = mistral_tool_id(id->get<std::string>());
        auto calls = message.find("tool_calls");
        if (calls == message.end() || !calls->is_array()) continue;
        for (auto& call : *calls)
            if (auto id = call.find("id"); call.is_object() && id != call.end() && id->is_string())
                *id = mistral_tool_id(id->get<std::string>());
    }
}

void apply_translation_quirks(config::ProviderKind kind, Json& body)
{
    if (kind != config::ProviderKind::openai && kind != config::ProviderKind::azure) return;
    auto limit = body.find("max_tokens");
    if (limit == body.end()) return;
    body["max_completion_tokens"] = *limit;
    body.erase("max_tokens");
}

} // namespace llmp::providers
