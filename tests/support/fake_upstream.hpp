// A fake OpenAI-compatible upstream inside the test process, plain HTTP or HTTPS with a
// self-signed certificate. Tests install the handler and read back what the proxy sent.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace llmp::test {

struct SeenRequest {
    std::string path;    // decoded by httplib
    std::string target;  // as on the request line: percent-escapes and query kept
    std::string body;
    httplib::Headers headers;
};

class FakeUpstream {
public:
    using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

    // Plain HTTP when cert/key are empty.
    explicit FakeUpstream(Handler handler, const std::string& cert_file = "",
                          const std::string& key_file = "");
    ~FakeUpstream();

    int port() const { return m_port; }
    std::string url(const std::string& host = "127.0.0.1") const;
    std::vector<SeenRequest> seen() const;

    FakeUpstream(const FakeUpstream&) = delete;
    FakeUpstream& operator=(const FakeUpstream&) = delete;

private:
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    int m_port = 0;
    bool m_tls = false;
    mutable std::mutex m_mutex;
    std::vector<SeenRequest> m_seen;
};

// Writes a self-signed certificate for localhost/127.0.0.1 and its key (PEM).
void make_self_signed(const std::string& cert_file, const std::string& key_file);

// A standard OpenAI chat.completion body with the given usage.
std::string completion_body(const std::string& model, const std::string& content,
                            int prompt_tokens, int completion_tokens, int cached_tokens = 0);

// OpenAI-style chunk frames ("data: {...}\n\n") for a streamed answer, with usage when
// include_usage, ending with "data: [DONE]\n\n".
std::vector<std::string> stream_frames(const std::string& model,
                                       const std::vector<std::string>& pieces, bool include_usage,
                                       int prompt_tokens, int completion_tokens);

} // namespace llmp::test
