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

// Whether scrub() also hides URL userinfo it was not told about. A model's answer may quote an
// example connection string ("postgres://user:pass@localhost/db") that is no secret of llmp's;
// the configured base URLs' userinfo is registered as secrets and goes either way.
enum class Userinfo { scrub, keep };

// The text with every registered secret and, unless told to keep it, every URL userinfo (after
// "://", or ":\/\/" as JSON may escape it) replaced by k_marker. Overlapping or adjacent
// matches become one marker, so no tail of a secret survives next to it.
std::string scrub(std::string_view text, Userinfo userinfo = Userinfo::scrub);

// True when scrub() would change the text (lets callers skip a copy on the hot path).
bool needs_scrub(std::string_view text, Userinfo userinfo = Userinfo::scrub);
// scrub() when needs_scrub(), else the text itself, moved: the call for hot paths, where text
// rarely holds a secret and is often large.
std::string scrubbed(std::string text, Userinfo userinfo = Userinfo::scrub);

} // namespace llmp::redact
