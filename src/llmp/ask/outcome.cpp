#include "llmp/ask/outcome.hpp"

namespace llmp::ask {

Ending ending_for(int status, std::string_view refused)
{
    if (status >= 200 && status < 300) return Ending::answered;
    if (refused == "policy") return Ending::blocked;
    if (refused == "limit" || refused == "budget") return Ending::refused;
    if (status == 400 || status == 404 || status == 413 || status == 422) return Ending::invalid;
    return Ending::upstream;
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
