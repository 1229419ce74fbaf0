#pragma once
// Who is asking, and may they? Sign-in with throttling, server-side sessions, the second
// factor, and the permission policies every route is registered with.

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/common/error.hpp"
#include "app/common/principal.hpp"
#include "storage/access/user_store.hpp"
#include "storage/common/database.hpp"

namespace soci {
class session;
}

namespace kyosei::app {

// Every route names exactly one policy (http/api.cpp); docs/permissions.md lists them.
enum class Policy {
  kPublic,            // anyone
  kPublicRegionRead,  // anyone for a published region; else a role in it
  kSigningIn,         // a session, second factor possibly pending (sign-out, 2FA steps)
  kSignedIn,          // a fully signed-in user
  kRegionMember,      // any role in the region (or admin)
  kOwnMunicipality,   // secretariat/admin, or an editor of that municipality (any of their grants)
  kRegionEdit,        // secretariat of the region, or admin
  kAdmin,             // admin only
};
inline constexpr Policy kAllPolicies[] = {
    Policy::kPublic,       Policy::kPublicRegionRead, Policy::kSigningIn,  Policy::kSignedIn,
    Policy::kRegionMember, Policy::kOwnMunicipality,  Policy::kRegionEdit, Policy::kAdmin};
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

struct AuthOptions {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 60 * 60};
  int max_failures_per_login = 5;     // within failure_window
  int max_failures_per_address = 20;  // within failure_window
  std::chrono::seconds failure_window{15 * 60};
};

struct SignIn {
  std::string token;  // the cookie value; never stored or logged
  Principal principal;
};

struct TotpEnrolment {
  std::string secret;
  std::string uri;
  std::string qr_svg;
};

// Thread-safe.
class Auth {
 public:
  Auth(storage::Database& db, AuthOptions options = {});

  std::variant<SignIn, Error> sign_in(const std::string& login, const std::string& password,
                                      const std::string& remote, const std::string& old_token);
  // Not signed in when the token is unknown, expired or the user disabled.
  Principal authenticate(const std::string& token, const std::string& remote);

  // The steps below that check a secret (one-time code, current password) are throttled
  // like sign-in: per account and per address, counted before the check (429 when over).
  // Those that raise the session's privilege or change its credentials rotate the session:
  // they return the new token (the cookie to set); the old one no longer works. The CSRF
  // token stays with the session.
  std::variant<std::string, Error> second_factor(Principal& who, const std::string& code);
  void sign_out(const Principal& who);
  int sign_out_everywhere(const Principal& who);
  // Ends every other session of the user too.
  std::variant<std::string, Error> change_password(Principal& who, const std::string& current,
                                                   const std::string& next);
  // Starts (re-)enrolment. The new secret is kept apart until confirmed; an enrolled factor
  // keeps working meanwhile. With a factor enrolled, the current password or a current
  // one-time code must be given.
  std::variant<TotpEnrolment, Error> start_totp(const Principal& who, const std::string& password,
                                                const std::string& code);
  std::variant<std::string, Error> confirm_totp(Principal& who, const std::string& code);

  // Operators (CLI). `actor` goes to the audit trail.
  std::optional<Error> add_user(const std::string& login, const std::string& display_name,
                                const std::string& password, bool is_admin,
                                const std::vector<storage::RoleGrant>& roles,
                                const std::string& actor);
  std::optional<Error> set_password(const std::string& login, const std::string& password,
                                    const std::string& actor);
  std::optional<Error> set_roles(const std::string& login,
                                 const std::vector<storage::RoleGrant>& roles,
                                 const std::string& actor);
  std::optional<Error> set_disabled(const std::string& login, bool disabled,
                                    const std::string& actor);
  // Checks grants against the database: known role and region, an existing municipality
  // code for an editor, existing field ids of the region for a subcommittee member, and
  // no grant given twice. The error names the grant.
  std::optional<Error> check_grants(const std::vector<storage::RoleGrant>& roles);
  std::optional<Error> set_totp_secret(const std::string& login, const std::string& secret,
                                       const std::string& actor);
  std::vector<storage::UserRecord> users() { return users_.list(); }

  // Clock, replaceable in tests (unix seconds).
  std::function<long long()> now;

 private:
  Principal principal_for(const storage::UserRecord& u, const storage::SessionRecord& s) const;
  // Counts an attempt against each (subject, limit) before the secret is checked, in one
  // write transaction, so that parallel attempts cannot all pass the check. Returns the
  // recorded rows (to forgive on success) or 429.
  std::variant<std::vector<long long>, Error> begin_attempt(
      const std::vector<std::pair<std::string, int>>& subjects);
  // Replaces the principal's session by a new one (same CSRF token and creation time);
  // returns the new token. Inside the caller's write transaction.
  std::string rotate_session(soci::session& sql, Principal& who, bool second_factor_done);
  std::string address_subject(const std::string& remote) const;
  void audit(soci::session& sql, const std::string& actor, const std::string& remote,
             const std::string& action, const std::string& login, const std::string& after);

  storage::Database& db_;
  storage::UserStore users_;
  AuthOptions options_;
  std::string dummy_hash_;
};

}  // namespace kyosei::app
