// Filesystem locations: `~` expansion and the XDG base directories.
#pragma once

#include <string>

namespace llmp::paths {

// "~/x" -> "$HOME/x"; anything else unchanged.
std::string expand_home(const std::string& path);

// $XDG_CONFIG_HOME or ~/.config
std::string config_home();

// $XDG_DATA_HOME or ~/.local/share
std::string data_home();

} // namespace llmp::paths
