// Token usage in normalised buckets (reference/providers.md §9.3), whatever the provider.
// `input` excludes cached and cache-write tokens; `output` includes `reasoning`.
#pragma once

#include <cstdint>

namespace llmp::canonical {

struct Usage {
    int64_t input = 0;         // uncached input tokens
    int64_t cached_input = 0;  // input read from the provider's prompt cache
    int64_t cache_write = 0;   // input written to the provider's prompt cache
    int64_t output = 0;        // generated tokens, reasoning included
    int64_t reasoning = 0;     // the reasoning part of `output`
    bool known = false;        // false until some usage was reported

    int64_t prompt_total() const { return input + cached_input + cache_write; }
};

} // namespace llmp::canonical
