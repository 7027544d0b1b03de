// What every dialect (one wire format: openai, anthropic, gemini, cohere) provides besides its
// request/response codecs: stream codecs and the error shape. Each dialect's header
// (dialects/<name>.hpp) declares, in namespace llmp::dialects::<name>:
//
//   Result<canonical::Request> decode_request(const Json& body);      // a client's request
//   Result<Json> encode_request(const canonical::Request& request);     // an upstream body
//   Result<canonical::Response> decode_response(const Json& body);     // an upstream answer
//   Json encode_response(const canonical::Response& response);          // to a client
//   std::unique_ptr<StreamDecoder> make_stream_decoder();
//   std::unique_ptr<StreamEncoder> make_stream_encoder(const StreamContext& context);
//   canonical::UpstreamError decode_error(int status, const upstream::Headers& headers,
//                                         std::string_view body);
//   WireError encode_error(const canonical::UpstreamError& error);
//
// Decoders of client input fail with ErrorCode::invalid_input and a message naming the field
// ("messages[2].content[0].type: ..."); encoders fail with invalid_input when the target
// dialect cannot express the request (the client gets a 400 in its own dialect).
#pragma once

#include "llmp/canonical/response.hpp"
#include "llmp/upstream/client.hpp"
#include "llmp/upstream/sse.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace llmp::dialects {

// Turns an upstream's SSE events into canonical stream events.
class StreamDecoder {
public:
    virtual ~StreamDecoder() = default;
    // One upstream event in; zero or more canonical events appended to `out`.
    virtual void on_event(const upstream::SseEvent& event,
                          std::vector<canonical::StreamEvent>& out) = 0;
    // The upstream body ended. Appends what is still owed: finish/usage/end for a stream that
    // ended properly for its dialect, or an error event for one that was cut short.
    virtual void on_end(std::vector<canonical::StreamEvent>& out) = 0;
};

// Turns canonical stream events into the client's SSE bytes.
class StreamEncoder {
public:
    virtual ~StreamEncoder() = default;
    // Appends the wire bytes for `event` (possibly none, possibly several SSE events) to `out`.
    virtual void on_event(const canonical::StreamEvent& event, std::string& out) = 0;
};

// What the client's stream encoder needs to know up front.
struct StreamContext {
    std::string id;              // response id to show the client
    std::string model;           // model name to show the client
    int64_t created = 0;         // unix seconds
    bool include_usage = false;  // OpenAI: the client asked for the usage chunk
    // Responses: the request parameters every response object repeats (responses::echo_of),
    // and who is told the final response object (the response store), once, at the end.
    Json echo;
    std::function<void(const Json& response)> on_final;
};

// An error as a client of this dialect must see it.
struct WireError {
    int status = 500;
    std::string body;
    upstream::Headers headers;   // e.g. retry-after
};

} // namespace llmp::dialects
