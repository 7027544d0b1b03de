// Identifiers for requests and generated completions.
#pragma once

#include <string>

namespace llmp::ids {

// A random, URL-safe identifier of `length` characters, with an optional prefix.
std::string random_id(const std::string& prefix, size_t length = 24);

// A request id: "req_", 9 characters of the time in milliseconds, 15 random ones (24 in all,
// like random_id's). Ids sort by time, so the ledger's id indexes grow at their end: random ids
// made every insert touch a different page of two indexes, which held the writer to a third of
// its rate.
std::string request_id();

} // namespace llmp::ids
