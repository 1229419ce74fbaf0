#pragma once
// The one rule for free text typed by users.

#include <cstddef>
#include <optional>
#include <string>

#include "app/common/error.hpp"

namespace kyosei::app {

// The rule for every free text of the API (editing, KPIs, progress): no control characters
// but newline and tab, at most `max_bytes` (4000 unless a field is shorter), not blank when
// required. (The JSON parser has already refused invalid UTF-8.) A FieldError at
// `pointer`, or nullopt.
std::optional<FieldError> text_problem(const std::string& pointer, const std::string& text,
                                       bool required, std::size_t max_bytes = 4000);

// True when `s` has no control characters other than newline and tab (the JSON parser has
// already refused invalid UTF-8).
bool free_of_controls(const std::string& s);

}  // namespace kyosei::app
