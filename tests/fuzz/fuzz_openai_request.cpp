// An OpenAI client's chat-completions body (POST /v1/chat/completions), decoded and re-encoded
// for every upstream dialect.
#include "request_path.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    llmp::fuzz::run_request_path(llmp::config::Dialect::openai, llmp::fuzz::as_text(data, size));
    return 0;
}
