// llmp logs: placeholder while the command is being built (issue 5); it refuses to run.
#include "command.hpp"

namespace llmp::cli {

std::function<int()> setup_logs(CLI::App&)
{
    return [] { return report_error("llmp logs is not built yet", k_exit_failure); };
}

} // namespace llmp::cli
