// Every request the fake upstream receives, kept in memory so that a test can assert what the
// proxy really sent upstream (GET /_requests) and start afresh (POST /_reset).
#pragma once

#include "fake_upstream/json_read.hpp"

#include <httplib.h>

#include <mutex>

namespace llmp::test::fake_upstream {

class RequestLog {
  public:
    // Appends {"method","path","query","headers","body"}: the path with its query string as
    // sent ("/openai/deployments/d/chat/completions?api-version=2024-10-21"), the query also
    // decoded into an object, header names lowercased, the body parsed when it is JSON and
    // kept as a string otherwise.
    void record(const httplib::Request& request);

    // The log as a JSON array, oldest first.
    Json entries() const;

    void clear();

  private:
    mutable std::mutex m_mutex;
    Json m_entries = Json::array();
};

} // namespace llmp::test::fake_upstream
