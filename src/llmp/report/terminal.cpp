#include "llmp/report/terminal.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <sys/ioctl.h>
#include <unistd.h>

namespace llmp::report {

Terminal detect_terminal(int fd)
{
    Terminal terminal;
    terminal.is_tty = ::isatty(fd) == 1;
    const char* no_color = std::getenv("NO_COLOR");  // no-color.org: set and non-empty
    terminal.color = terminal.is_tty && !(no_color && *no_color);
    // $COLUMNS first: the user's word, and the only width a pipe has.
    if (const char* columns = std::getenv("COLUMNS")) {
        int width = 0;
        auto [end, ec] = std::from_chars(columns, columns + std::strlen(columns), width);
        if (ec == std::errc() && *end == '\0' && width > 0) {
            terminal.width = width;
            return terminal;
        }
    }
    winsize size{};
    if (terminal.is_tty && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        terminal.width = size.ws_col;
    return terminal;
}

} // namespace llmp::report
