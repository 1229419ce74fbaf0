#pragma once
// The one SHA-256 helper (libsodium): the audit chain, evidence files and session tokens
// all use it. Thread-safe.

#include <string>
#include <string_view>

namespace kyosei::storage {

// Lower-case hex SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);

}  // namespace kyosei::storage
