#include "app/common/text.hpp"

#include <utf8proc.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <memory>

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
  bool ascii = true;
  for (unsigned char c : text) ascii = ascii && c < 0x80;
  if (ascii || !core::is_valid_utf8(text)) return std::string(text);
  utf8proc_uint8_t* mapped = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                              static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                              static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (n < 0) return std::string(text);
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
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
