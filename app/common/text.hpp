#pragma once
// The one rule for text typed by users: free texts and names, their normal form (NFC) and
// the checks every use case applies.

#include <boost/json/value.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "app/common/error.hpp"

namespace kyosei::app {

// The rule for every free text of the API (editing, KPIs, progress): no control characters
// but newline and tab, at most `max_bytes` (4000 unless a field is shorter), not blank when
// required. (The JSON parser has already refused invalid UTF-8.) A FieldError at
// `pointer`, or nullopt.
std::optional<FieldError> text_problem(const std::string& pointer, const std::string& text,
                                       bool required, std::size_t max_bytes = 4000);

// The rule for a name (of a region, field, category, initiative, action, KPI, user or
// file): a text as above that also holds no invisible format character (bidirectional
// controls such as U+202E, zero-width characters, see core::contains_format_control),
// which could make a name look like another.
std::optional<FieldError> name_problem(const std::string& pointer, const std::string& text,
                                       bool required, std::size_t max_bytes = 4000);

// True when `s` has no control characters other than newline and tab (the JSON parser has
// already refused invalid UTF-8).
bool free_of_controls(const std::string& s);

// `text` in Unicode Normalization Form C (composed: "か" + U+3099 → "が"); text that is not
// well-formed UTF-8 is returned unchanged (the checks refuse it).
std::string to_nfc(std::string_view text);

// Every string in `v` (member names too) in NFC. The API applies this to each JSON body
// before any use case reads it, so every text and name is stored composed.
void normalize_strings(boost::json::value& v);

}  // namespace kyosei::app
