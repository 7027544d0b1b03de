// Money as text for machines: exact decimal dollars from integer nano-dollars.
#pragma once

#include <cstdint>
#include <string>

namespace llmp::report {

// 1234567890 -> "1.234567890": nine decimals, exact, so it parses back to the same integer.
std::string usd_decimal(int64_t nanousd);

} // namespace llmp::report
