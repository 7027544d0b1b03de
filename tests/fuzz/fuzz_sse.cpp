// The SSE parser alone. The same bytes fed whole, one byte at a time and in pieces of 1 to 256
// bytes (the first byte says how many) must give the same events; no field keeps a line end;
// and sse_data() of an event's data parses back to that data.
#include "fuzz.hpp"

#include "llmp/upstream/sse.hpp"

#include <vector>

namespace {

using llmp::upstream::SseEvent;
using llmp::upstream::SseParser;

std::vector<SseEvent> parse(std::string_view bytes, size_t piece)
{
    std::vector<SseEvent> events;
    SseParser parser([&](SseEvent&& event) {
        events.push_back(std::move(event));
        return true;
    });
    if (piece == 0) piece = bytes.size();
    for (size_t at = 0; at < bytes.size(); at += piece)
        llmp::fuzz::check(parser.feed(bytes.substr(at, piece)), "feed goes on while asked to");
    llmp::fuzz::check(parser.finish(), "finish goes on while asked to");
    return events;
}

bool same(const std::vector<SseEvent>& a, const std::vector<SseEvent>& b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].event != b[i].event || a[i].data != b[i].data || a[i].id != b[i].id) return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using llmp::fuzz::check;
    std::string_view bytes = llmp::fuzz::as_text(data, size);
    std::vector<SseEvent> whole = parse(bytes, 0);
    check(same(whole, parse(bytes, 1)), "events do not depend on the split (bytes)");
    if (size > 0)
        check(same(whole, parse(bytes, size_t(data[0]) + 1)),
              "events do not depend on the split (pieces)");
    for (const auto& event : whole) {
        check(event.event.find_first_of("\r\n") == std::string::npos, "event: is one line");
        check(event.id.find_first_of("\r\n") == std::string::npos, "id: is one line");
        check(event.data.find('\r') == std::string::npos, "data lines are joined with \\n");
        if (event.data.find('\n') != std::string::npos) continue;
        std::vector<SseEvent> again = parse(llmp::upstream::sse_data(event.data), 0);
        check(again.size() == 1 && again[0].data == event.data, "sse_data() parses back");
    }
    return 0;
}
