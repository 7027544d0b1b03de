// Placeholder until the Responses stream codecs land (replaced by stream_encode.cpp and
// stream_decode.cpp).
#include "llmp/dialects/responses.hpp"

#include "llmp/dialects/openai.hpp"

namespace llmp::dialects::responses {

std::unique_ptr<StreamDecoder> make_stream_decoder() { return openai::make_stream_decoder(); }
std::unique_ptr<StreamEncoder> make_stream_encoder(const StreamContext& context)
{
    return openai::make_stream_encoder(context);
}

} // namespace llmp::dialects::responses
