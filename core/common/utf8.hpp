#pragma once
// UTF-8 checks for what people send: names, file names, query strings. Pure; thread-safe.

#include <string>
#include <string_view>

namespace kyosei::core {

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above
// U+10FFFF).
bool is_valid_utf8(std::string_view text);

// True when well-formed `text` holds an invisible format character that can disguise a
// name: bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C),
// zero-width and joiner characters (U+200B–U+200D, U+2060–U+2064, U+FEFF), soft hyphen
// and the other Unicode format controls (general category Cf) in common use.
bool contains_format_control(std::string_view text);

// `text` in Unicode Normalization Form C (canonical composition, utf8proc): the form every
// stored text takes, so that the same words typed on different systems compare equal
// (e.g. "が" as U+304B U+3099 becomes U+304C). Compatibility characters (full-width digits,
// ㈱) are kept as they are. Text that is not well-formed UTF-8 is returned unchanged
// (callers refuse it with is_valid_utf8 first).
std::string to_nfc(std::string_view text);

}  // namespace kyosei::core
