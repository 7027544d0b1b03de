// Errors as values. Anything the outside world can make fail (files, TOML, SQLite, network,
// upstreams, user input) returns Result<T>; third-party exceptions are caught in the adapter
// that calls the library and turned into an Error here.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace llmp {

enum class ErrorCode {
    invalid_input,   // the caller sent something malformed (400)
    not_found,       // unknown model, path, file (404)
    too_large,       // body over the configured limit (413)
    config,          // a configuration problem
    io,              // files, SQLite, processes
    network,         // could not reach an upstream (502)
    timeout,         // upstream did not answer in time (504)
    upstream,        // upstream answered with an error status
    unavailable,     // temporarily out of capacity (503)
    internal,        // a bug: should never reach a user
};

struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message;
    // For refusals OpenAI words itself (previous_response_not_found...): the `param` and `code`
    // of its error body. Empty: null param, and the code that goes with `code`.
    std::string param = {};
    std::string wire_code = {};
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message)
{
    return std::unexpected<Error>(Error{code, std::move(message)});
}

// Prefix an error's message with context when it crosses a layer.
inline std::unexpected<Error> with_context(Error error, const std::string& context)
{
    error.message = context + ": " + error.message;
    return std::unexpected<Error>(std::move(error));
}

} // namespace llmp

// Propagate an error (GCC/Clang statement expression): auto v = LLMP_TRY(f());
#define LLMP_TRY(expr)                                                                   \
    ({                                                                                   \
        auto llmp_try_result_ = (expr);                                                  \
        if (!llmp_try_result_) return std::unexpected(std::move(llmp_try_result_).error()); \
        std::move(llmp_try_result_).value();                                             \
    })
