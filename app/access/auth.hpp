#pragma once
// Who is asking? Sign-in with throttling, server-side sessions, the second factor, user
// administration. The permission policies are in permissions.hpp (included here).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/access/permissions.hpp"
#include "app/common/clock.hpp"
#include "app/common/error.hpp"
#include "app/common/principal.hpp"
#include "storage/access/attempt_store.hpp"
#include "storage/access/session_store.hpp"
#include "storage/access/user_store.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

struct AuthOptions {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 60 * 60};
  int max_failures_per_login = 5;     // within failure_window
  int max_failures_per_address = 20;  // within failure_window
  std::chrono::seconds failure_window{15 * 60};
  int max_sign_ins_per_login = 30;  // successful ones, within sign_in_window
  std::chrono::seconds sign_in_window{60};
};

// What Auth::purge removed.
struct Purged {
  int sessions = 0;
  int attempts = 0;
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
  Auth(storage::Database& db, AuthOptions options = {}, const Clock& clock = system_clock());

  // Over max_sign_ins_per_login successful sign-ins within sign_in_window: 429 with
  // Retry-After, audited ("sign-in-refused"), before the password is checked.
  std::variant<SignIn, Error> sign_in(const std::string& login, const std::string& password,
                                      const std::string& remote, const std::string& old_token);

  // Removes the sessions that expired (idle or absolute timeout) and the attempt rows
  // older than every window that counts them; audited ("purge") when it removed any.
  Purged purge();
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

 private:
  long long now() const;  // unix seconds
  Principal principal_for(const storage::UserRecord& u, const storage::SessionRecord& s) const;
  // Counts an attempt against the account (`account_key`, max_failures_per_login) and the
  // address of `remote` (max_failures_per_address) before the secret is checked, in one
  // write transaction, so that parallel attempts cannot all pass the check. Returns the
  // recorded rows (to forgive on success) or 429.
  std::variant<std::vector<long long>, Error> begin_attempt(const std::string& account_key,
                                                            const std::string& remote);
  // Replaces the principal's session by a new one (same CSRF token and creation time);
  // returns the new token. Inside the caller's write transaction.
  std::string rotate_session(storage::Session& sql, Principal& who, bool second_factor_done);
  std::string address_subject(const std::string& remote) const;
  void audit(storage::Session& sql, const std::string& actor, const std::string& remote,
             const std::string& action, const std::string& login, const std::string& after);

  storage::Database& db_;
  storage::UserStore users_;
  storage::SessionStore sessions_;
  storage::AttemptStore attempts_;
  AuthOptions options_;
  const Clock& clock_;
  std::string dummy_hash_;
};

}  // namespace kyosei::app
