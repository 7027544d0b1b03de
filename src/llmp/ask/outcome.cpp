#include "llmp/ask/outcome.hpp"

#include <string>

namespace llmp::ask {

namespace {

// "http://user:secret@host/x" -> "http://host/x", for every URL in the text.
std::string without_userinfo(std::string_view text)
{
    std::string out(text);
    for (size_t scheme = out.find("://"); scheme != std::string::npos; scheme = out.find("://", scheme + 3)) {
        size_t start = scheme + 3;
        size_t end = out.find_first_of("/?# ", start);
        if (end == std::string::npos) end = out.size();
        size_t at = out.rfind('@', end == 0 ? 0 : end - 1);
        if (at != std::string::npos && at >= start && at < end) out.erase(start, at + 1 - start);
    }
    return out;
}

} // namespace

Ending ending_for(int status, std::string_view refused, std::string_view error_code)
{
    if (status >= 200 && status < 300) return Ending::answered;
    if (refused == "policy") return Ending::blocked;
    if (refused == "limit" || refused == "budget") return Ending::refused;
    if (error_code == k_unreachable_code) return Ending::unreachable;
    if (status == 400 || status == 404 || status == 413 || status == 422) return Ending::invalid;
    return Ending::upstream;
}

std::string unreachable_message(std::string_view provider, std::string_view message)
{
    std::string text = without_userinfo(message);
    std::string who = provider.empty() ? std::string("the provider") : "provider \"" + std::string(provider) + "\"";
    constexpr std::string_view k_connect = "could not connect to upstream ";
    if (text.starts_with(k_connect)) return "llmp could not connect to " + who + " at " + text.substr(k_connect.size());
    return "llmp could not reach " + who + ": " + text;
}

void settle(Outcome& outcome, bool interrupted, bool output_closed)
{
    if (interrupted) {
        outcome.ending = Ending::interrupted;
        outcome.message = "interrupted";
    } else if (output_closed) {
        outcome.ending = Ending::output_closed;
    } else if (outcome.ending == Ending::answered && outcome.answer.error) {
        outcome.ending = Ending::upstream;
        outcome.message = *outcome.answer.error;
    }
}

} // namespace llmp::ask
