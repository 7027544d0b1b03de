#include "fake_upstream/scenario.hpp"

#include <algorithm>
#include <thread>

namespace llmp::test::fake_upstream {
namespace {

constexpr std::chrono::milliseconds k_slow_pace{150};

bool contains(std::string_view text, std::string_view marker)
{
    return text.find(marker) != std::string_view::npos;
}

bool is_utf8_continuation(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Cuts at byte offsets len*k/3, moved forward to the next character start.
std::vector<std::string> split_bytes(std::string_view text)
{
    std::vector<std::string> pieces;
    size_t start = 0;
    for (size_t k = 1; k <= 3; ++k) {
        size_t end = k == 3 ? text.size() : text.size() * k / 3;
        while (end < text.size() && is_utf8_continuation(text[end])) ++end;
        if (end > start) pieces.emplace_back(text.substr(start, end - start));
        start = std::max(start, end);
    }
    return pieces;
}

} // namespace

Fault fault_in(std::string_view text)
{
    if (contains(text, "[429]")) return Fault::rate_limited;
    if (contains(text, "[529]")) return Fault::overloaded;
    if (contains(text, "[500]")) return Fault::server_error;
    if (contains(text, "[badjson]")) return Fault::bad_json;
    return Fault::none;
}

Plan plan_reply(const Conversation& conversation, std::string_view dialect)
{
    const std::string& said = conversation.last_user_text;
    Plan plan;
    plan.fault = fault_in(said);
    plan.think = contains(said, "[think]");
    plan.midstream = contains(said, "[midstream]");
    if (contains(said, "[slow]")) plan.pace = k_slow_pace;

    if (conversation.tool_result) {
        plan.text = "The weather is " + *conversation.tool_result + ".";
    } else if (contains(said, "[tool]") && !conversation.first_tool.empty()) {
        plan.answer = Answer::tool_call;
        plan.tool_name = conversation.first_tool;
    } else {
        plan.text = "Hello from " + std::string(dialect) + "!";
    }
    return plan;
}

void pause_before_reply(const Plan& plan)
{
    if (plan.pace.count() > 0) std::this_thread::sleep_for(plan.pace);
}

std::vector<std::string> split_pieces(std::string_view text)
{
    std::vector<std::string> words;
    size_t start = 0;
    for (size_t i = 1; i < text.size(); ++i) {
        if (text[i] == ' ' && text[i - 1] != ' ') {
            words.emplace_back(text.substr(start, i - start));
            start = i;
        }
    }
    if (start < text.size()) words.emplace_back(text.substr(start));
    if (words.size() >= 3) return words;
    return split_bytes(text);
}

} // namespace llmp::test::fake_upstream
