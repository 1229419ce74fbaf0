#pragma once
// The one rule for files people upload and others download (evidence files of progress
// records, a meeting's materials): a safe name, not empty, at most kMaxUploadBytes, and a
// type sniffed from the bytes (app/common/file_type) among the accepted ones. Thread-safe.

#include <cstddef>
#include <string>
#include <vector>

#include "app/common/error.hpp"

namespace kyosei::app {

// The largest uploaded file accepted, in bytes (the server's body limit allows it).
inline constexpr std::size_t kMaxUploadBytes = std::size_t{8} * 1024 * 1024;

// The problems of an upload's name (reported at `name_pointer`) and bytes (at
// `file_pointer`); `type` gets the sniffed media type. A file over the limit fails the
// unit at once (413). The name must be NFC already (the caller stores it composed).
std::vector<FieldError> upload_problems(const std::string& file_name, const std::string& bytes,
                                        std::string& type, const std::string& name_pointer,
                                        const std::string& file_pointer);

}  // namespace kyosei::app
