#include "llmp/canonical/reasoning.hpp"

#include <array>
#include <utility>

namespace llmp::canonical {

namespace {
// Anthropic's minimum budget is 1024; the steps roughly double, as the efforts are meant to.
constexpr std::array<std::pair<const char*, int64_t>, 7> k_steps = {{
    {"none", 0},
    {"minimal", 1024},
    {"low", 2048},
    {"medium", 8192},
    {"high", 16384},
    {"xhigh", 24576},
    {"max", 32768},
}};
} // namespace

int64_t budget_for_effort(const std::string& effort)
{
    for (const auto& [name, budget] : k_steps)
        if (effort == name) return budget;
    return 8192;
}

std::string effort_for_budget(int64_t budget_tokens)
{
    if (budget_tokens <= 0) return "none";
    for (const auto& [name, budget] : k_steps)
        if (budget_tokens <= budget) return name;
    return "max";
}

} // namespace llmp::canonical
