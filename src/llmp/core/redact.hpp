// Secret scrubbing for text llmp did not write itself: upstream error bodies, stream error
// events, stored bodies, messages that quote a URL. Every configured secret value is registered
// once it is resolved; scrub() replaces each occurrence (and any URL userinfo, `user:pw@`) with
// a fixed marker, so a provider that echoes the key cannot make llmp relay, store or log it.
#pragma once

#include <string>
#include <string_view>

namespace llmp::redact {

inline constexpr std::string_view k_marker = "[redacted]";

// Registers a secret value. Values too short to be a credential (under 8 bytes) are ignored:
// scrubbing them would mangle ordinary text. Safe from any thread.
void add_secret(std::string_view value);

// The text with every registered secret and every URL userinfo replaced by k_marker.
std::string scrub(std::string_view text);

// True when scrub() would change the text (lets callers skip a copy on the hot path).
bool needs_scrub(std::string_view text);

} // namespace llmp::redact
