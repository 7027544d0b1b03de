#include "fake_upstream/routes.hpp"

#include "fake_upstream/reply.hpp"

#include <exception>

namespace llmp::test::fake_upstream {

Routes::Routes(httplib::Server& server, RequestLog& log) : m_server(server), m_log(log)
{
    m_server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
            std::string what = "unknown exception";
            try {
                if (error) std::rethrow_exception(error);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            reply_json(response, 500, {{"error", "fake upstream: " + what}});
        });
}

Routes::Handler Routes::logged(Handler handler)
{
    return [this, handler = std::move(handler)](const httplib::Request& request,
                                                httplib::Response& response) {
        m_log.record(request);
        handler(request, response);
    };
}

void Routes::post(const std::string& pattern, Handler handler)
{
    m_server.Post(pattern, logged(std::move(handler)));
}

void Routes::get(const std::string& pattern, Handler handler)
{
    m_server.Get(pattern, logged(std::move(handler)));
}

void Routes::add_control_and_fallback()
{
    m_server.Get("/_requests", [this](const httplib::Request&, httplib::Response& response) {
        reply_json(response, 200, m_log.entries());
    });
    m_server.Post("/_reset", [this](const httplib::Request&, httplib::Response& response) {
        m_log.clear();
        reply_json(response, 200, {{"ok", true}});
    });
    auto not_found = [](const httplib::Request& request, httplib::Response& response) {
        reply_json(
            response, 404,
            {{"error", "fake upstream: no route for " + request.method + " " + request.path}});
    };
    post(".*", not_found);
    get(".*", not_found);
}

} // namespace llmp::test::fake_upstream
