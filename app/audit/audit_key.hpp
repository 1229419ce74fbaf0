#pragma once
// The audit key file (ADR 0008): the secret that seals the audit trail, kept outside the
// database. One key a line, `<key id> <64 hex digits>`; the first line seals new entries,
// every line verifies (rotation: put a new key first, keep the old ones below it). Blank
// lines and lines starting with `#` are ignored.

#include <filesystem>
#include <string>

namespace kyosei::app {

struct AuditKeySetup {
  std::filesystem::path file;
  bool created = false;    // a new key file was written (first run)
  std::size_t keys = 0;    // keys read
  std::string current_id;  // the key that seals new entries
};

// Reads `file` and makes its keys the process's audit keys (storage::set_audit_keys).
// When the file does not exist and `create_if_missing` is set, first writes a new random
// 32-byte key to it (mode 0600, its folder created). Throws std::runtime_error naming the
// file and line when it cannot be read or a line is malformed, and when it is missing
// without `create_if_missing`.
AuditKeySetup configure_audit_keys(const std::filesystem::path& file, bool create_if_missing);

}  // namespace kyosei::app
