#pragma once
// Operator use cases around user administration (`kyosei user …`, `kyosei demo-users`):
// role grants as written on the command line, and the demo users of a region. Adding,
// changing and listing users themselves is app::Auth's (auth.hpp).

#include <optional>
#include <string>
#include <vector>

#include "app/access/auth.hpp"
#include "app/common/error.hpp"
#include "storage/access/user_store.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

// One grant: REGION:ROLE, REGION:municipality_editor:CODE or
// REGION:subcommittee_member:FIELD_ID[,FIELD_ID…]. nullopt when malformed. Whether the
// region, role, code and fields exist is Auth::check_grants's.
std::optional<storage::RoleGrant> parse_grant(const std::string& text);

struct ParsedGrants {
  std::vector<storage::RoleGrant> grants;
  std::optional<std::string> malformed;  // the first text that is not a grant
};
ParsedGrants parse_grants(const std::vector<std::string>& texts);

struct DemoUser {
  std::string login;
  bool existed = false;     // left unchanged; no password
  std::string password;     // random, shown once
  std::string totp_secret;  // for the roles that need a second factor
};
struct DemoUsers {
  std::vector<DemoUser> users;  // in order, up to the one that failed
  std::optional<std::string> failed_login;
  std::optional<Error> failure;  // why failed_login could not be added
};

// The demo users of a region: an administrator, the secretariat, a council member, a
// subcommittee member of its first field (when it has fields) and one editor per
// municipality. Existing logins are left as they are. nullopt for an unknown region.
// DEMO ONLY: never for production.
std::optional<DemoUsers> make_demo_users(storage::Database& db, Auth& auth,
                                         const std::string& region, const std::string& actor);

}  // namespace kyosei::app
