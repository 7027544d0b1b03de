// Route registration for the fake upstream. Every route is logged to the RequestLog before its
// handler runs (so a test can read the log as soon as it has the reply) and no exception
// escapes a handler: it becomes a 500 that names the fake as its source.
#pragma once

#include "fake_upstream/request_log.hpp"

#include <httplib.h>

#include <functional>
#include <string>

namespace llmp::test::fake_upstream {

class Routes {
  public:
    using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

    Routes(httplib::Server& server, RequestLog& log);

    // `pattern` is a regular expression matched against the whole path (query excluded).
    void post(const std::string& pattern, Handler handler);
    void get(const std::string& pattern, Handler handler);

    // GET /_requests, POST /_reset (not logged), then 404 for anything else (logged).
    // Call last: routes match in registration order.
    void add_control_and_fallback();

  private:
    Handler logged(Handler handler);

    httplib::Server& m_server;
    RequestLog& m_log;
};

// One per dialect, each in its own file.
void add_openai_routes(Routes& routes);
void add_responses_routes(Routes& routes);
void add_azure_routes(Routes& routes);
void add_anthropic_routes(Routes& routes);
void add_gemini_routes(Routes& routes);
void add_cohere_routes(Routes& routes);
void add_model_list_routes(Routes& routes);

} // namespace llmp::test::fake_upstream
