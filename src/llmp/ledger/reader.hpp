// Read-only queries over the ledger, for tests and reports. Opens the file read-only, so it
// can run beside a serving llmp.
#pragma once

#include "llmp/core/result.hpp"
#include "llmp/ledger/database.hpp"
#include "llmp/ledger/record.hpp"

#include <optional>
#include <string>
#include <vector>

namespace llmp::ledger {

class Reader {
public:
    static Result<Reader> open(const std::string& path);

    Result<int64_t> count_requests();
    // Newest first, bodies included when stored.
    Result<std::vector<RequestRecord>> recent(int limit);
    Result<std::optional<RequestRecord>> find(const std::string& id);

private:
    explicit Reader(Database db) : m_db(std::move(db)) {}
    Result<std::vector<RequestRecord>> query(const std::string& where, const std::string& bind,
                                             int limit);
    Database m_db;
};

} // namespace llmp::ledger
