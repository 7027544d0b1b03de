// Gemini GenerateContentResponse → canonical response (reference §4.2, §9.2, §9.3).
#include "llmp/dialects/gemini.hpp"

#include "llmp/canonical/tool_ids.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace llmp::dialects::gemini {

namespace {

// A token count. Anything that is not a sane count reads as 0; the ceiling also keeps the sums
// below far from overflowing.
constexpr double k_max_count = double(int64_t(1) << 50);

int64_t count_at(const Json& object, const char* key)
{
    auto it = object.find(key);
    if (it == object.end() || !it->is_number()) return 0;
    double value = it->get<double>();
    return value >= 0 && value <= k_max_count ? int64_t(value) : 0;
}

// Reasons that mean "the output was withheld" (§9.2); every IMAGE_* reason but NO_IMAGE
// belongs here too.
constexpr std::array<std::string_view, 5> k_filtered = {
    "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
};

const Json* first_candidate(const Json& body)
{
    auto it = body.find("candidates");
    if (it == body.end() || !it->is_array() || it->empty() || !(*it)[0].is_object()) return nullptr;
    return &(*it)[0];
}

canonical::Part decode_function_call(const Json& part, const Json& call)
{
    canonical::Part out;
    out.kind = canonical::Part::Kind::tool_call;
    out.id = json::string_at(call, "id");
    if (out.id.empty()) out.id = canonical::new_tool_call_id();  // the Developer API often omits it
    out.name = json::string_at(call, "name");
    auto args = call.find("args");
    out.arguments = args != call.end() && args->is_object() ? args->dump() : "{}";
    out.signature = json::string_at(part, "thoughtSignature");
    return out;
}

// Text, thought summaries and function calls; other kinds (executableCode, inlineData output)
// have no canonical place and are skipped.
std::vector<canonical::Part> decode_parts(const Json& candidate)
{
    std::vector<canonical::Part> out;
    auto content = candidate.find("content");
    if (content == candidate.end() || !content->is_object()) return out;
    auto parts = content->find("parts");
    if (parts == content->end() || !parts->is_array()) return out;
    for (const auto& part : *parts) {
        if (!part.is_object()) continue;
        if (auto call = part.find("functionCall"); call != part.end() && call->is_object()) {
            out.push_back(decode_function_call(part, *call));
            continue;
        }
        auto text = part.find("text");
        if (text == part.end() || !text->is_string()) continue;
        canonical::Part piece = canonical::Part::make_text(text->get<std::string>());
        if (json::is_true(part, "thought")) piece.kind = canonical::Part::Kind::thinking;
        // Gemini may sign a text part too; keep it so an encoder back to Gemini can echo it.
        piece.signature = json::string_at(part, "thoughtSignature");
        if (piece.text.empty() && piece.signature.empty()) continue;
        out.push_back(std::move(piece));
    }
    return out;
}

} // namespace

canonical::FinishReason finish_reason_from(std::string_view reason)
{
    if (reason == "MAX_TOKENS") return canonical::FinishReason::length;
    if (std::ranges::find(k_filtered, reason) != k_filtered.end() || reason.starts_with("IMAGE_"))
        return canonical::FinishReason::content_filter;
    // STOP, LANGUAGE, OTHER, NO_IMAGE, FINISH_REASON_UNSPECIFIED, and the failed tool-call
    // family (MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS): the answer
    // ended; what it holds is what the client gets.
    return canonical::FinishReason::stop;
}

canonical::Usage usage_from(const Json& usage_metadata)
{
    canonical::Usage out;
    if (!usage_metadata.is_object()) return out;
    out.known = true;
    int64_t prompt = count_at(usage_metadata, "promptTokenCount");
    int64_t cached = std::min(count_at(usage_metadata, "cachedContentTokenCount"), prompt);
    out.cached_input = cached;
    // Tool-use prompt tokens (e.g. search results fed back) are billed as input but reported
    // apart from promptTokenCount.
    out.input = prompt - cached + count_at(usage_metadata, "toolUsePromptTokenCount");
    out.reasoning = count_at(usage_metadata, "thoughtsTokenCount");
    out.output = count_at(usage_metadata, "candidatesTokenCount") + out.reasoning;
    return out;
}

Result<canonical::Response> decode_response(const Json& body)
{
    if (!body.is_object()) return fail(ErrorCode::upstream, "Gemini response is not a JSON object");
    canonical::Response out;
    out.id = json::string_at(body, "responseId");
    out.model = json::string_at(body, "modelVersion");
    if (auto usage = body.find("usageMetadata"); usage != body.end())
        out.usage = usage_from(*usage);

    const Json* candidate = first_candidate(body);
    if (candidate == nullptr) {
        // No candidate: the prompt itself was blocked (promptFeedback.blockReason), or Gemini
        // produced nothing; either way the client gets an empty answer, flagged when blocked.
        auto feedback = body.find("promptFeedback");
        bool blocked = feedback != body.end() && !json::string_at(*feedback, "blockReason").empty();
        out.finish =
            blocked ? canonical::FinishReason::content_filter : canonical::FinishReason::stop;
        return out;
    }
    out.content = decode_parts(*candidate);
    out.finish = finish_reason_from(json::string_at(*candidate, "finishReason"));
    // Gemini finishes a function-calling turn with STOP; clients need tool_calls to run them.
    bool has_calls = std::ranges::any_of(out.content, [](const canonical::Part& p) {
        return p.kind == canonical::Part::Kind::tool_call;
    });
    if (has_calls && out.finish == canonical::FinishReason::stop)
        out.finish = canonical::FinishReason::tool_calls;
    return out;
}

} // namespace llmp::dialects::gemini
