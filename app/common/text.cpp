#include "app/common/text.hpp"

#include <boost/json.hpp>

#include "app/common/messages.hpp"
#include "core/common/utf8.hpp"

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

std::optional<FieldError> name_problem(const std::string& pointer, const std::string& text,
                                       bool required, std::size_t max_bytes) {
  if (!core::is_valid_utf8(text)) return field_error(pointer, msg::common::invalid_utf8);
  if (core::contains_format_control(text))
    return field_error(pointer, msg::common::format_controls);
  return text_problem(pointer, text, required, max_bytes);
}

std::string to_nfc(std::string_view text) {
  // Bytes that are not UTF-8 are left as they are, for the UTF-8 rule to name.
  if (!core::is_valid_utf8(text)) return std::string(text);
  return core::to_nfc(text);
}

void normalize_strings(boost::json::value& v) {
  if (auto* s = v.if_string()) {
    std::string n = to_nfc(*s);
    if (n != *s) *s = n;
  } else if (auto* a = v.if_array()) {
    for (auto& e : *a) normalize_strings(e);
  } else if (auto* o = v.if_object()) {
    boost::json::object out;
    bool renamed = false;
    for (auto& [k, e] : *o) {
      normalize_strings(e);
      const std::string key = to_nfc(k);
      renamed = renamed || key != std::string_view(k);
    }
    if (renamed) {
      for (auto& [k, e] : *o) out[to_nfc(k)] = std::move(e);
      *o = std::move(out);
    }
  }
}

}  // namespace kyosei::app
