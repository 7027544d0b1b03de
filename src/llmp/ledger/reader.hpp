// Read-only queries over the ledger, for tests and reports. Opens the file read-only, so it
// can run beside a serving llmp.
#pragma once

#include "llmp/core/result.hpp"
#include "llmp/ledger/database.hpp"
#include "llmp/ledger/record.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace llmp::ledger {

// Which requests `llmp logs` lists; an empty or absent field does not filter.
struct RequestFilter {
    int limit = 20;
    std::optional<int64_t> since_unix_ms;
    std::string model;              // requested model, served model or provider/served model
    std::optional<bool> failed;     // true: errors only (status >= 400 or an error class)
    std::string source;             // serve | ask | replay
};

class Reader {
public:
    static Result<Reader> open(const std::string& path);

    Result<int64_t> count_requests();
    // Newest first, bodies included when stored.
    Result<std::vector<RequestRecord>> recent(int limit);
    Result<std::optional<RequestRecord>> find(const std::string& id);
    // Newest first, without bodies (a listing never reads them).
    Result<std::vector<RequestRecord>> list(const RequestFilter& filter);

private:
    enum class Bodies { with, without };
    using Bind = std::variant<std::string, int64_t>;
    explicit Reader(Database db) : m_db(std::move(db)) {}
    Result<std::vector<RequestRecord>> query(const std::string& where, const std::vector<Bind>& binds,
                                             int limit, Bodies bodies);
    Database m_db;
};

} // namespace llmp::ledger
