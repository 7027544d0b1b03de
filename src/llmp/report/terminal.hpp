// Where a report is printed: a terminal gets colour and block bars at its width; a pipe or a
// file gets plain text (no escape codes) at $COLUMNS or 80 columns. NO_COLOR turns colour off.
#pragma once

namespace llmp::report {

struct Terminal {
    bool is_tty = false;
    bool color = false;
    int width = 80;
};

Terminal detect_terminal(int fd);

} // namespace llmp::report
