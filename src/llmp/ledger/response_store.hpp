// The Responses API's memory: answers a later request may build on. Clients default to
// `store: true` and the AI SDK's second turn sends `previous_response_id` or `item_reference`s
// instead of the history, so llmp keeps each stored answer, whatever provider served it, in the
// ledger file (tables `responses` and `response_items`, schema 3), for `retention_days` and at
// most `max_responses` answers. Without a ledger the store lives in memory, with the same limits.
//
// Calls are synchronous and serialised: a follow-up may arrive the moment the client has read
// the answer, so an answer is stored before its request is finished.
#pragma once

#include "llmp/core/result.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace llmp::ledger {

struct StoredResponse {
    std::string id;                 // resp_...
    int64_t created_unix_ms = 0;
    std::string input;              // JSON array: the whole input of that turn, earlier turns included
    std::string response;           // JSON object: the response as the client got it
    // Items with ids (output items, and input items that carried one), for item_reference:
    // (item id, item JSON).
    std::vector<std::pair<std::string, std::string>> items;
};

struct ResponseStoreOptions {
    std::string path;               // the ledger file; "" = in memory
    int64_t retention_days = 30;
    int64_t max_responses = 10'000;
};

class ResponseStore {
public:
    static Result<std::unique_ptr<ResponseStore>> open(const ResponseStoreOptions& options);
    ~ResponseStore();

    Result<void> put(const StoredResponse& response);
    // nullopt: no such response (never stored, deleted, or past retention).
    Result<std::optional<StoredResponse>> get(const std::string& id);
    // false: there was none.
    Result<bool> erase(const std::string& id);
    // An item's JSON by its id; nullopt when unknown.
    Result<std::optional<std::string>> item(const std::string& item_id);

    struct Statements;

private:
    ResponseStore(ResponseStoreOptions options, std::unique_ptr<Statements> statements);
    Result<void> prune();

    ResponseStoreOptions m_options;
    std::unique_ptr<Statements> m_statements;
    std::mutex m_mutex;
    int64_t m_puts_since_prune = 0;
};

} // namespace llmp::ledger
