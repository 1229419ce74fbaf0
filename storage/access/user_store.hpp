#pragma once
// Users and their roles per region (sessions: session_store.hpp; failed attempts:
// attempt_store.hpp).

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
  std::string email;  // for notices by e-mail, "" = none (written by set_email only)
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
  // The user's e-mail address ("" = none); version + 1.
  void set_email(soci::session& sql, long long user_id, const std::string& email);

  // Records the step as used when it is later than the last accepted one; false when it is
  // not (a replayed or older code). Atomic: the check and the update are one statement.
  bool accept_totp_step(soci::session& sql, long long user_id, long long step);

  // A newly confirmed secret: its steps start from `step` (the code just used).
  void start_totp_steps(Session& sql, long long user_id, long long step);

  // For checking grants: the region's id (nullopt when there is none), and whether it has
  // the municipality (by code) or the field (by id), deleted ones not counted.
  std::optional<long long> region_id(const std::string& slug);
  bool has_municipality(long long region_id, const std::string& code);
  bool has_field(long long region_id, long long field_id);

 private:
  Database& db_;
};

}  // namespace kyosei::storage
