#pragma once
// May they? The permission policies every route is registered with (docs/permissions.md
// lists them), the check of a principal against one, and role grants as JSON.

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/common/error.hpp"
#include "app/common/principal.hpp"

namespace kyosei::app {

// Every route names exactly one policy (http/api/); docs/permissions.md lists them.
enum class Policy {
  kPublic,            // anyone
  kPublicRegionRead,  // anyone for a published region; else a role in it
  kSigningIn,         // a session, second factor possibly pending (sign-out, 2FA steps)
  kSignedIn,          // a fully signed-in user
  kRegionMember,      // any role in the region (or admin)
  kOwnMunicipality,   // secretariat/admin, or an editor of that municipality (any of their grants)
  kRegionEdit,        // secretariat of the region, or admin
  kAdmin,             // admin only
  kCouncilMember,     // secretariat of the region, its council members, or admin (written opinions)
  kAnyMunicipality,   // secretariat/admin, or an editor of any of the region's towns (answers;
                      // the use case checks the town the record is assigned to)
  kWorkspace,         // secretariat/admin, a subcommittee member or a town editor of the region
                      // (the subcommittee workspace; the use case checks the field; ADR 0014)
};
inline constexpr Policy kAllPolicies[] = {
    Policy::kPublic,        Policy::kPublicRegionRead, Policy::kSigningIn,  Policy::kSignedIn,
    Policy::kRegionMember,  Policy::kOwnMunicipality,  Policy::kRegionEdit, Policy::kAdmin,
    Policy::kCouncilMember, Policy::kAnyMunicipality,  Policy::kWorkspace};
std::string_view policy_name(Policy p);
std::string_view policy_description_ja(Policy p);

struct AccessTarget {
  std::string region_slug;
  bool region_published = true;
  std::string municipality_code;  // for kOwnMunicipality
};

// nullopt = allowed; otherwise 401/403 as an Error.
std::optional<Error> authorize(const Principal& who, Policy policy, const AccessTarget& target);

bool requires_second_factor(const storage::UserRecord& user);

// Role grants as the API shows them and the audit trail records them:
// [{"region","role","municipality" (null when none),"fields":[id…]}].
boost::json::array roles_json(const std::vector<storage::RoleGrant>& roles);

namespace access {
Error forbidden();        // 403: the role does not allow this
Error unauthenticated();  // 401: sign in first
}  // namespace access

}  // namespace kyosei::app
