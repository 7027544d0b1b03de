// String helpers that know nothing about llmp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llmp::strings {

std::string_view trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
std::string join(const std::vector<std::string>& items, std::string_view separator);

// Levenshtein distance, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, or "" when none is close enough to be a plausible typo.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

} // namespace llmp::strings
