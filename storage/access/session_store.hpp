#pragma once
// Server-side sessions. Session tokens are never stored: only their SHA-256.

#include <optional>
#include <string>

#include "storage/common/database.hpp"

namespace kyosei::storage {

struct SessionRecord {
  std::string token_hash;
  long long user_id = 0;
  std::string csrf_token;
  bool second_factor_done = false;
  long long created_at = 0;  // unix seconds
  long long last_seen_at = 0;
  std::string remote;
};

// Thread-safe; writers run inside the caller's write transaction.
class SessionStore {
 public:
  explicit SessionStore(Database& db) : db_(db) {}

  void insert(Session& sql, const SessionRecord& s);
  std::optional<SessionRecord> find(const std::string& token_hash);
  std::optional<SessionRecord> find(Session& sql, const std::string& token_hash);
  // Marks the session seen at `now`. Not under the write lock: a best-effort idle-time marker.
  void touch(const std::string& token_hash, long long now);
  void update(Session& sql, const SessionRecord& s);  // second_factor_done, last_seen_at
  void remove(Session& sql, const std::string& token_hash);
  // Ends every session of the user; returns how many there were.
  int remove_all_of(Session& sql, long long user_id);
  // Ends every session of the user but `keep_hash`.
  void remove_others_of(Session& sql, long long user_id, const std::string& keep_hash);
  // Removes the sessions last seen before `idle_before` or created before `created_before`
  // (unix seconds): they no longer work. Returns how many.
  int purge(Session& sql, long long idle_before, long long created_before);

 private:
  Database& db_;
};

}  // namespace kyosei::storage
