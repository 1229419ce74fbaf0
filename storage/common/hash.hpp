#pragma once
// The SHA-256 helpers (libsodium): the audit chain and its seals, evidence files and session
// tokens all use them; the base64 text of stored files. Thread-safe.

#include <string>
#include <string_view>

namespace kyosei::storage {

// Lower-case hex SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);

// Lower-case hex HMAC-SHA-256 of `data` under `key` (any length; the audit seals).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// Stored file bytes (evidence, meeting materials) are base64 text, one column type on both
// engines. from_base64 gives "" for text that is not base64.
std::string to_base64(std::string_view bytes);
std::string from_base64(std::string_view text);

}  // namespace kyosei::storage
