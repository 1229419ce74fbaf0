#pragma once
// Users, their roles per region, server-side sessions and sign-in failures.
// Session tokens are never stored: only their SHA-256.

#include <optional>
#include <string>
#include <vector>

#include "storage/common/database.hpp"

namespace soci {
class session;
}

namespace kyosei::storage {

struct RoleGrant {
  std::string region_slug;
  std::string role;  // secretariat / municipality_editor / subcommittee_member / council_member
  std::string municipality_code;     // municipality_editor: the town it edits
  std::vector<long long> field_ids;  // subcommittee_member: the fields (ids) of its subcommittee
  bool operator==(const RoleGrant&) const = default;
};

struct UserRecord {
  long long id = 0;
  std::string login;
  std::string display_name;
  std::string password_hash;
  bool is_admin = false;
  bool disabled = false;
  std::string totp_secret;
  bool totp_enabled = false;
  std::string totp_pending_secret;  // a re-enrolment not yet confirmed
  long long totp_last_step = 0;     // the last accepted TOTP time step (never written by update)
  std::string created_at;
  int version = 1;
  std::vector<RoleGrant> roles;
};

struct SessionRecord {
  std::string token_hash;
  long long user_id = 0;
  std::string csrf_token;
  bool second_factor_done = false;
  long long created_at = 0;  // unix seconds
  long long last_seen_at = 0;
  std::string remote;
};

class UserStore {
 public:
  explicit UserStore(Database& db) : db_(db) {}

  std::optional<UserRecord> find_by_login(const std::string& login);
  std::optional<UserRecord> find_by_id(long long id);
  std::vector<UserRecord> list();

  // Writers run inside the caller's write transaction.
  long long insert(soci::session& sql, const UserRecord& user);
  void update(soci::session& sql, const UserRecord& user);  // all columns but roles; version + 1
  void set_roles(soci::session& sql, long long user_id, const std::vector<RoleGrant>& roles);

  void insert_session(soci::session& sql, const SessionRecord& s);
  std::optional<SessionRecord> find_session(const std::string& token_hash);
  void touch_session(const std::string& token_hash, long long now);
  void update_session(soci::session& sql, const SessionRecord& s);
  void delete_session(soci::session& sql, const std::string& token_hash);
  int delete_sessions_of(soci::session& sql, long long user_id);

  // Records the step as used when it is later than the last accepted one; false when it is
  // not (a replayed or older code). Atomic: the check and the update are one statement.
  bool accept_totp_step(soci::session& sql, long long user_id, long long step);

  // Returns the new row's id.
  long long record_failure(soci::session& sql, const std::string& subject, long long at);
  int failures_since(soci::session& sql, const std::string& subject, long long since);
  int failures_since(const std::string& subject, long long since);
  void clear_failures(soci::session& sql, const std::string& subject);
  void delete_failure(soci::session& sql, long long id);

 private:
  Database& db_;
};

}  // namespace kyosei::storage
