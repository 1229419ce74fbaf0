#include "app/common/upload.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "app/common/file_type.hpp"
#include "app/common/messages.hpp"
#include "app/common/unit_of_work.hpp"
#include "core/common/utf8.hpp"

namespace kyosei::app {
namespace {

// Accepted types (as sniffed) and a display name for messages.
const std::map<std::string, std::string>& allowed_types() {
  static const std::map<std::string, std::string> kTypes = {
      {"image/jpeg", "JPEG"},
      {"image/png", "PNG"},
      {"image/gif", "GIF"},
      {"image/webp", "WebP"},
      {"application/pdf", "PDF"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (xlsx)"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (docx)"},
      {"text/plain", "text"},
      {"text/csv", "CSV"}};
  return kTypes;
}

}  // namespace

std::vector<FieldError> upload_problems(const std::string& file_name, const std::string& bytes,
                                        std::string& type, const std::string& name_pointer,
                                        const std::string& file_pointer) {
  std::vector<FieldError> errors;
  // A name a person can read and no file system misreads: well-formed UTF-8 without
  // format controls that disguise it (U+202E …), no path separators or control bytes, and
  // not only dots and blanks ("." and ".." name folders), none of the characters that
  // Windows refuses in a file name (< > : " | ? *), so a downloaded file keeps its name.
  const bool bad_name =
      file_name.empty() || file_name.size() > 200 ||
      file_name.find_first_of(std::string_view("/\\\0<>:\"|?*", 10)) != std::string::npos ||
      std::any_of(file_name.begin(), file_name.end(),
                  [](unsigned char c) { return c < 0x20 || c == 0x7f; }) ||
      !core::is_valid_utf8(file_name) || core::contains_format_control(file_name) ||
      file_name.find_first_not_of(". ") == std::string::npos;
  if (bad_name) errors.push_back(field_error(name_pointer, msg::common::bad_file_name));
  if (bytes.empty()) errors.push_back(field_error(file_pointer, msg::common::empty_file));
  if (bytes.size() > kMaxUploadBytes)
    fail(error_of(Errc::kPayloadTooLarge, msg::common::file_too_large));
  if (!bytes.empty()) {
    type = sniff_media_type(bytes);
    if (!allowed_types().contains(type)) {
      std::string list;
      for (const auto& [t, n] : allowed_types()) list += (list.empty() ? "" : ", ") + n;
      const auto& unknown = msg::common::unknown_type;
      const auto& m = msg::common::file_type_refused;
      errors.push_back({file_pointer, m.ja(type.empty() ? unknown.ja() : type, list),
                        m.en(type.empty() ? unknown.en() : type, list)});
    }
  }
  return errors;
}

}  // namespace kyosei::app
