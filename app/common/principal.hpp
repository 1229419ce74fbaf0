#pragma once
// Who is asking: the signed-in user (or nobody) as every use case sees them, with their
// role grants. Filled by app/access (sessions); read by every feature's permission and
// audit code.

#include <string>
#include <string_view>
#include <vector>

#include "storage/access/user_store.hpp"

namespace kyosei::app {

// Region roles (an admin is a user flag, valid everywhere).
inline constexpr std::string_view kRoleSecretariat = "secretariat";
inline constexpr std::string_view kRoleMunicipalityEditor = "municipality_editor";
inline constexpr std::string_view kRoleSubcommitteeMember = "subcommittee_member";
inline constexpr std::string_view kRoleCouncilMember = "council_member";
bool is_known_role(std::string_view role);

struct Principal {
  bool signed_in = false;             // a valid session (second factor possibly pending)
  bool second_factor_done = false;    // or not required
  bool must_enrol_totp = false;       // role requires TOTP and none is enrolled yet
  bool must_change_password = false;  // a temporary password: only the password change
  long long user_id = 0;
  std::string login;
  std::string display_name;
  bool is_admin = false;
  std::vector<storage::RoleGrant> roles;
  std::string session_hash;
  std::string csrf_token;
  std::string remote;

  // Every grant the user holds in the region (several: e.g. an editor of two towns).
  std::vector<const storage::RoleGrant*> grants_in(const std::string& region_slug) const;
  bool fully_signed_in() const { return signed_in && second_factor_done; }
  std::string actor() const { return signed_in ? login : std::string("anonymous"); }
};

}  // namespace kyosei::app
