// An open SQLite ledger file: created with mode 0600 in a directory made on demand, WAL mode,
// schema migrated forward. The only module that includes sqlite3.h is ledger/.
#pragma once

#include "llmp/core/result.hpp"

#include <memory>
#include <string>

struct sqlite3;

namespace llmp::ledger {

enum class Access { read_write, read_only };

struct DatabaseDeleter {
    void operator()(sqlite3* db) const;
};
using Database = std::unique_ptr<sqlite3, DatabaseDeleter>;

// read_write creates and migrates; read_only fails if the file is missing.
Result<Database> open_database(const std::string& path, Access access);

// The schema version this binary writes (PRAGMA user_version).
int schema_version();

// The schema version of an open file (PRAGMA user_version); -1 when it cannot be read. A
// read-only reader of an older file leaves out the columns it lacks.
int file_schema_version(sqlite3* db);

// Executes SQL without results; the error names `what`.
Result<void> exec(sqlite3* db, const char* sql, const std::string& what);

} // namespace llmp::ledger
