#include "fake_upstream/sse.hpp"

#include <memory>
#include <thread>

namespace llmp::test::fake_upstream {

std::string data_frame(const Json& data, LineEnd line_end)
{
    const char* blank = line_end == LineEnd::crlf ? "\r\n\r\n" : "\n\n";
    return "data: " + data.dump() + blank;
}

std::string named_frame(std::string_view event, const Json& data)
{
    return "event: " + std::string(event) + "\ndata: " + data.dump() + "\n\n";
}

std::string done_frame()
{
    return "data: [DONE]\n\n";
}

void send_stream(httplib::Response& response, std::vector<std::string> frames,
                 std::chrono::milliseconds pace)
{
    auto shared = std::make_shared<const std::vector<std::string>>(std::move(frames));
    response.status = 200;
    response.set_header("Cache-Control", "no-cache");
    response.set_chunked_content_provider("text/event-stream",
                                          [shared, pace](size_t, httplib::DataSink& sink) {
                                              for (size_t i = 0; i < shared->size(); ++i) {
                                                  if (i > 0 && pace.count() > 0)
                                                      std::this_thread::sleep_for(pace);
                                                  const std::string& frame = (*shared)[i];
                                                  if (!sink.write(frame.data(), frame.size()))
                                                      return false;
                                              }
                                              sink.done();
                                              return true;
                                          });
}

} // namespace llmp::test::fake_upstream
