// Usage errors in llmp's own words. Range checks for numeric flags that say what a person
// would ("--temperature must be between 0 and 2, got 3"), and CLI11's parse errors turned into
// the one line llmp prints, pointing at the help of the command that was being parsed.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace llmp::cli {

// A whole number in [min, max].
CLI::Validator between(int64_t min, int64_t max);
// A number in [min, max].
CLI::Validator between_numbers(double min, double max);

// "MESSAGE (see llmp SUBCOMMAND --help)" for a parse error of `app`, after app.parse threw.
std::string usage_message(const CLI::App& app, const CLI::ParseError& error);

} // namespace llmp::cli
