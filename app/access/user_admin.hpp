#pragma once
// User management in a region (the web's 利用者 page; ADR 0015): the secretariat of a
// region and administrators list the users who hold a role in it, add one (with a one-time
// temporary password shown once), disable and enable them, reset a password to a new
// temporary one, and replace their grants in the region (moving a town editor to another
// town). Who may touch whom:
//   - an administrator: every user, but never themselves (disable, reset, grants);
//   - the region's secretariat: users whose every grant is in this region and who are not
//     administrators, never themselves;
//   - grants given here are always grants of this region, never the administrator flag.
// Every change is audited with the region; a temporary password is never stored or logged
// in clear (only its argon2id hash).

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/access/auth.hpp"
#include "app/common/error.hpp"
#include "app/common/principal.hpp"
#include "app/plan/vision.hpp"
#include "storage/access/session_store.hpp"
#include "storage/access/user_store.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

// A grant as the region's users page shows it: the town by its name.
struct GrantView {
  std::string role;
  std::string municipality_code;  // municipality_editor only
  std::string municipality_name;  // the town's name in the region ("" when none)
  std::vector<long long> field_ids;
};

struct RegionUser {
  long long id = 0;
  std::string login;
  std::string display_name;
  bool disabled = false;
  bool totp_enabled = false;
  bool must_change_password = false;
  std::vector<GrantView> grants;  // in this region only
  bool other_regions = false;     // also holds grants in another region
  bool manageable = false;        // the caller may disable, reset and change grants
  bool is_self = false;
};

// A grant as the web sends it: the region is the route's.
struct GrantInput {
  std::string role;
  std::string municipality_code;
  std::vector<long long> field_ids;
};

struct NewUser {
  std::string login;
  std::string display_name;
  std::vector<GrantInput> grants;
};

struct CreatedUser {
  RegionUser user;
  std::string temporary_password;  // shown once, never stored in clear
};

// Thread-safe (each call reads and writes through the database).
class UserAdmin {
 public:
  UserAdmin(storage::Database& db, Auth& auth, VisionQueries& vision);

  std::variant<std::vector<RegionUser>, Error> list(const Principal& who, const std::string& slug);
  // 201 with the temporary password; the user must change it at the next sign-in.
  std::variant<CreatedUser, Error> add(const Principal& who, const std::string& slug,
                                       const NewUser& input);
  std::variant<RegionUser, Error> set_disabled(const Principal& who, const std::string& slug,
                                               long long user_id, bool disabled);
  // A new temporary password; every session of the user ends.
  std::variant<CreatedUser, Error> reset_password(const Principal& who, const std::string& slug,
                                                  long long user_id);
  // Replaces the user's grants in this region (grants elsewhere stay).
  std::variant<RegionUser, Error> set_grants(const Principal& who, const std::string& slug,
                                             long long user_id,
                                             const std::vector<GrantInput>& grants);

 private:
  std::variant<storage::UserRecord, Error> target(const Principal& who, const std::string& slug,
                                                  long long user_id, const char* pointer);
  RegionUser view(const Principal& who, const std::string& slug, const storage::UserRecord& u,
                  const core::Region* region) const;
  std::variant<CreatedUser, Error> view_of(const Principal& who, const std::string& slug,
                                           long long user_id, std::string password);
  const core::Region* region_of(const std::string& slug, RegionSnapshot& keep);

  storage::Database& db_;
  Auth& auth_;
  VisionQueries& vision_;
  storage::UserStore users_;
  storage::SessionStore sessions_;
};

}  // namespace kyosei::app
