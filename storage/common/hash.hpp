#pragma once
// The SHA-256 helpers (libsodium): the audit chain and its seals, evidence files and session
// tokens all use them. Thread-safe.

#include <string>
#include <string_view>

namespace kyosei::storage {

// Lower-case hex SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);

// Lower-case hex HMAC-SHA-256 of `data` under `key` (any length; the audit seals).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace kyosei::storage
