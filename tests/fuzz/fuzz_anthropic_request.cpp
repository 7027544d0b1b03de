// An Anthropic client's Messages body (POST /v1/messages), decoded and re-encoded for every
// upstream dialect.
#include "request_path.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    llmp::fuzz::run_request_path(llmp::config::Dialect::anthropic,
                                 llmp::fuzz::as_text(data, size));
    return 0;
}
