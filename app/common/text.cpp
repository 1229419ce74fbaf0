#include "app/common/text.hpp"

#include "app/common/messages.hpp"

namespace kyosei::app {

bool free_of_controls(const std::string& s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

std::optional<FieldError> text_problem(const std::string& pointer, const std::string& text,
                                       bool required, std::size_t max_bytes) {
  if (!free_of_controls(text)) return field_error(pointer, msg::common::control_characters);
  if (text.size() > max_bytes) {
    return field_error(pointer, msg::common::too_many_bytes, std::to_string(max_bytes));
  }
  if (required && text.find_first_not_of(" \t\n") == std::string::npos)
    return field_error(pointer, msg::common::required);
  return std::nullopt;
}

}  // namespace kyosei::app
