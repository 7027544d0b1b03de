#include "bench/ledger_writer.hpp"

#include "llmp/core/clock.hpp"
#include "llmp/core/ids.hpp"
#include "llmp/ledger/writer.hpp"

#include <chrono>

namespace llmp::bench {

WriterRate time_ledger_writer(const std::string& path, long rows)
{
    WriterRate rate;
    auto writer = ledger::Writer::open({path, true});
    if (!writer) {
        rate.error = writer.error().message;
        return rate;
    }
    ledger::RequestRecord shape;
    shape.endpoint = "/v1/chat/completions";
    shape.requested_model = "fast/bench";
    shape.provider = "fast";
    shape.upstream_model = "bench";
    shape.status = 200;
    shape.usage = {9, 0, 0, 12, 0, true};
    shape.cost_nanousd = 33'000;
    shape.request_body = R"({"model":"fast/bench","messages":[{"role":"user","content":"ping"}]})";
    shape.response_body = R"({"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,)"
                          R"("model":"bench","choices":[{"index":0,"message":{"role":"assistant",)"
                          R"("content":"pong"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,)"
                          R"("completion_tokens":12,"total_tokens":21}})";
    auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < rows; ++i) {
        ledger::RequestRecord record = shape;
        record.id = ids::request_id();
        record.started_unix_ms = clock::unix_ms();
        (*writer)->submit(std::move(record));
    }
    (*writer)->flush();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rate.rows = static_cast<long>((*writer)->written());
    rate.ok = rate.rows == rows;
    if (!rate.ok) rate.error = std::to_string(rows - rate.rows) + " rows not written";
    rate.rows_per_s = static_cast<double>(rate.rows) / seconds;
    return rate;
}

} // namespace llmp::bench
