#include "app/auth.hpp"

#include <soci/soci.h>

#include <chrono>

#include "app/security.hpp"
#include "storage/audit_store.hpp"

namespace kyosei::app {
namespace {

Error forbidden() {
  return {Errc::kForbidden, "この操作を行う権限がありません", "your role does not allow this", {}};
}
Error unauthenticated() {
  return {Errc::kUnauthenticated, "ログインしてください", "sign in first", {}};
}
Error sign_in_failed() {
  return {
      Errc::kSignInFailed, "ログインIDまたはパスワードが違います", "wrong login or password", {}};
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string roles_json(const std::vector<storage::RoleGrant>& roles) {
  std::string out = "[";
  for (const auto& r : roles) {
    if (out.size() > 1) out += ",";
    out += "{\"region\":\"" + json_escape(r.region_slug) + "\",\"role\":\"" + json_escape(r.role) +
           "\",\"municipality\":\"" + json_escape(r.municipality_code) + "\"}";
  }
  return out + "]";
}

}  // namespace

bool is_known_role(std::string_view role) {
  return role == kRoleSecretariat || role == kRoleMunicipalityEditor ||
         role == kRoleSubcommitteeMember || role == kRoleCouncilMember;
}

const storage::RoleGrant* Principal::role_in(const std::string& region_slug) const {
  for (const auto& r : roles) {
    if (r.region_slug == region_slug) return &r;
  }
  return nullptr;
}

std::string_view policy_name(Policy p) {
  switch (p) {
    case Policy::kPublic: return "public";
    case Policy::kPublicRegionRead: return "public-region-read";
    case Policy::kSigningIn: return "signing-in";
    case Policy::kSignedIn: return "signed-in";
    case Policy::kRegionMember: return "region-member";
    case Policy::kOwnMunicipality: return "own-municipality";
    case Policy::kRegionEdit: return "region-edit";
    case Policy::kAdmin: return "admin";
  }
  return "";
}

std::string_view policy_description_ja(Policy p) {
  switch (p) {
    case Policy::kPublic: return "誰でも（ログイン不要）";
    case Policy::kPublicRegionRead:
      return "公開された圏域は誰でも。非公開の圏域はその圏域の役割を持つ人";
    case Policy::kSigningIn: return "ログイン中（二要素認証の前でも可）";
    case Policy::kSignedIn: return "ログイン済み（二要素認証まで完了）";
    case Policy::kRegionMember:
      return "その圏域の役割を持つ人（事務局・市町担当・部会員・委員）と管理者";
    case Policy::kOwnMunicipality: return "事務局・管理者、または自分の市町の担当者・部会員";
    case Policy::kRegionEdit: return "その圏域の事務局と管理者";
    case Policy::kAdmin: return "管理者のみ";
  }
  return "";
}

std::optional<Error> authorize(const Principal& who, Policy policy, const AccessTarget& target) {
  if (policy == Policy::kPublic) return std::nullopt;
  if (policy == Policy::kPublicRegionRead && target.region_published) return std::nullopt;
  if (!who.signed_in) return unauthenticated();
  if (policy == Policy::kSigningIn) return std::nullopt;
  if (!who.second_factor_done) {
    return Error{
        Errc::kSecondFactorRequired,
        who.must_enrol_totp ? "二要素認証（TOTP）の登録が必要です" : "確認コードを入力してください",
        who.must_enrol_totp ? "enrol a TOTP second factor first" : "enter your one-time code",
        {}};
  }
  if (policy == Policy::kSignedIn) return std::nullopt;
  if (who.is_admin) return std::nullopt;
  if (policy == Policy::kAdmin) return forbidden();
  const auto* role = who.role_in(target.region_slug);
  if (role == nullptr) return forbidden();
  switch (policy) {
    case Policy::kPublicRegionRead:
    case Policy::kRegionMember: return std::nullopt;
    case Policy::kRegionEdit:
      return role->role == kRoleSecretariat ? std::nullopt : std::optional<Error>(forbidden());
    case Policy::kOwnMunicipality:
      if (role->role == kRoleSecretariat) return std::nullopt;
      if ((role->role == kRoleMunicipalityEditor || role->role == kRoleSubcommitteeMember) &&
          !role->municipality_code.empty() && role->municipality_code == target.municipality_code) {
        return std::nullopt;
      }
      return forbidden();
    default: return forbidden();
  }
}

bool requires_second_factor(const storage::UserRecord& user) {
  if (user.is_admin) return true;
  for (const auto& r : user.roles) {
    if (r.role == kRoleSecretariat) return true;
  }
  return false;
}

Auth::Auth(storage::Database& db, AuthOptions options)
    : now([] {
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
      }),
      db_(db),
      users_(db),
      options_(options) {
  init_security();
  // Unknown logins are checked against this, so they take as long as known ones.
  dummy_hash_ = hash_password(random_hex(16));
}

void Auth::audit(soci::session& sql, const std::string& actor, const std::string& remote,
                 const std::string& action, const std::string& login, const std::string& after) {
  storage::AuditEntry e;
  e.actor = actor;
  e.remote = remote;
  e.action = action;
  e.record_type = "user";
  e.record_id = login;
  e.after_json = after;
  storage::append_audit(sql, std::move(e));
}

Principal Auth::principal_for(const storage::UserRecord& u, const storage::SessionRecord& s) const {
  Principal p;
  p.signed_in = true;
  p.user_id = u.id;
  p.login = u.login;
  p.display_name = u.display_name;
  p.is_admin = u.is_admin;
  p.roles = u.roles;
  p.session_hash = s.token_hash;
  p.csrf_token = s.csrf_token;
  p.remote = s.remote;
  const bool needs = requires_second_factor(u) || u.totp_enabled;
  p.must_enrol_totp = needs && !u.totp_enabled;
  p.second_factor_done = !needs || s.second_factor_done;
  return p;
}

std::variant<SignIn, Error> Auth::sign_in(const std::string& login, const std::string& password,
                                          const std::string& remote, const std::string& old_token) {
  const long long t = now();
  const long long since = t - options_.failure_window.count();
  const std::string address = remote.substr(0, remote.rfind(':'));
  const std::string login_key = "login:" + login;
  const std::string address_key = "address:" + address;
  if (users_.failures_since(login_key, since) >= options_.max_failures_per_login ||
      users_.failures_since(address_key, since) >= options_.max_failures_per_address) {
    Error e{Errc::kTooManyAttempts,
            "ログインの失敗が続いたため、しばらく受け付けません",
            "too many failed sign-ins; try again later",
            {}};
    e.retry_after_seconds = static_cast<int>(options_.failure_window.count());
    return e;
  }
  auto user = users_.find_by_login(login);
  const bool ok = user ? verify_password(user->password_hash, password)
                       : (verify_password(dummy_hash_, password), false);
  if (!ok || user->disabled) {
    db_.write([&](soci::session& sql) {
      users_.record_failure(sql, login_key, t);
      users_.record_failure(sql, address_key, t);
      audit(sql, "anonymous", remote, "sign-in-failed", login.substr(0, 100), "");
    });
    return sign_in_failed();
  }
  storage::SessionRecord s;
  const std::string token = random_hex(32);  // 256 bits
  s.token_hash = sha256_hex(token);
  s.user_id = user->id;
  s.csrf_token = random_hex(32);
  s.second_factor_done = false;
  s.created_at = t;
  s.last_seen_at = t;
  s.remote = remote;
  db_.write([&](soci::session& sql) {
    // Rotation: whatever session the browser had is gone; a new id is issued.
    if (!old_token.empty()) users_.delete_session(sql, sha256_hex(old_token));
    users_.insert_session(sql, s);
    users_.clear_failures(sql, login_key);
    audit(sql, user->login, remote, "sign-in", user->login, "");
  });
  return SignIn{token, principal_for(*user, s)};
}

Principal Auth::authenticate(const std::string& token, const std::string& remote) {
  Principal none;
  none.remote = remote;
  if (token.size() != 64) return none;
  const std::string hash = sha256_hex(token);
  auto s = users_.find_session(hash);
  if (!s) return none;
  const long long t = now();
  if (t - s->last_seen_at > options_.idle_timeout.count() ||
      t - s->created_at > options_.absolute_timeout.count()) {
    db_.write([&](soci::session& sql) { users_.delete_session(sql, hash); });
    return none;
  }
  auto user = users_.find_by_id(s->user_id);
  if (!user || user->disabled) return none;
  if (t - s->last_seen_at >= 60) users_.touch_session(hash, t);
  Principal p = principal_for(*user, *s);
  p.remote = remote;
  return p;
}

std::optional<Error> Auth::second_factor(Principal& who, const std::string& code) {
  if (!who.signed_in) return unauthenticated();
  auto user = users_.find_by_id(who.user_id);
  if (!user || !user->totp_enabled) {
    return Error{Errc::kValidationFailed,
                 "二要素認証が登録されていません",
                 "no second factor is enrolled",
                 {{"/code", "先に登録してください", "enrol first"}}};
  }
  if (!verify_totp(user->totp_secret, code, now())) {
    db_.write([&](soci::session& sql) {
      users_.record_failure(sql, "login:" + who.login, now());
      audit(sql, who.login, who.remote, "second-factor-failed", who.login, "");
    });
    return Error{Errc::kSignInFailed,
                 "確認コードが違います",
                 "wrong one-time code",
                 {{"/code", "確認コードが違います", "wrong one-time code"}}};
  }
  storage::SessionRecord s;
  s.token_hash = who.session_hash;
  s.second_factor_done = true;
  s.last_seen_at = now();
  db_.write([&](soci::session& sql) {
    users_.update_session(sql, s);
    audit(sql, who.login, who.remote, "second-factor", who.login, "");
  });
  who.second_factor_done = true;
  return std::nullopt;
}

void Auth::sign_out(const Principal& who) {
  if (!who.signed_in) return;
  db_.write([&](soci::session& sql) {
    users_.delete_session(sql, who.session_hash);
    audit(sql, who.login, who.remote, "sign-out", who.login, "");
  });
}

int Auth::sign_out_everywhere(const Principal& who) {
  int n = 0;
  db_.write([&](soci::session& sql) {
    n = users_.delete_sessions_of(sql, who.user_id);
    audit(sql, who.login, who.remote, "sign-out-everywhere", who.login,
          "{\"sessions\":" + std::to_string(n) + "}");
  });
  return n;
}

std::optional<Error> Auth::change_password(const Principal& who, const std::string& current,
                                           const std::string& next) {
  auto user = users_.find_by_id(who.user_id);
  if (!user) return unauthenticated();
  if (!verify_password(user->password_hash, current)) {
    return Error{Errc::kValidationFailed,
                 "現在のパスワードが違います",
                 "the current password is wrong",
                 {{"/current", "現在のパスワードが違います", "wrong current password"}}};
  }
  if (auto bad = password_policy_violation(next, user->login)) {
    return Error{
        Errc::kValidationFailed, bad->first, bad->second, {{"/new", bad->first, bad->second}}};
  }
  user->password_hash = hash_password(next);
  db_.write([&](soci::session& sql) {
    users_.update(sql, *user);
    // Other sessions end; this one stays.
    sql << "DELETE FROM sessions WHERE user_id = :u AND token_hash <> :h", soci::use(user->id),
        soci::use(who.session_hash);
    audit(sql, who.login, who.remote, "password-change", user->login, "");
  });
  return std::nullopt;
}

std::variant<TotpEnrolment, Error> Auth::start_totp(const Principal& who) {
  auto user = users_.find_by_id(who.user_id);
  if (!user) return unauthenticated();
  if (user->totp_enabled && !who.second_factor_done) return forbidden();
  user->totp_secret = new_totp_secret();
  user->totp_enabled = false;
  db_.write([&](soci::session& sql) {
    users_.update(sql, *user);
    audit(sql, who.login, who.remote, "totp-enrolment-started", user->login, "");
  });
  const auto uri = totp_uri(user->totp_secret, user->login);
  return TotpEnrolment{user->totp_secret, uri, qr_svg(uri)};
}

std::optional<Error> Auth::confirm_totp(Principal& who, const std::string& code) {
  auto user = users_.find_by_id(who.user_id);
  if (!user) return unauthenticated();
  if (user->totp_secret.empty()) {
    return Error{Errc::kValidationFailed,
                 "先に登録を開始してください",
                 "start the enrolment first",
                 {{"/code", "先に登録を開始してください", "start the enrolment first"}}};
  }
  if (!verify_totp(user->totp_secret, code, now())) {
    return Error{Errc::kValidationFailed,
                 "確認コードが違います",
                 "wrong one-time code",
                 {{"/code", "確認コードが違います", "wrong one-time code"}}};
  }
  user->totp_enabled = true;
  storage::SessionRecord s;
  s.token_hash = who.session_hash;
  s.second_factor_done = true;
  s.last_seen_at = now();
  db_.write([&](soci::session& sql) {
    users_.update(sql, *user);
    users_.update_session(sql, s);
    audit(sql, who.login, who.remote, "totp-enrolled", user->login, "");
  });
  who.second_factor_done = true;
  who.must_enrol_totp = false;
  return std::nullopt;
}

namespace {
std::optional<Error> check_roles(const std::vector<storage::RoleGrant>& roles) {
  for (const auto& r : roles) {
    if (!is_known_role(r.role)) {
      return Error{Errc::kValidationFailed,
                   "役割「" + r.role + "」はありません",
                   "unknown role '" + r.role + "'",
                   {}};
    }
    if ((r.role == kRoleMunicipalityEditor || r.role == kRoleSubcommitteeMember) &&
        r.municipality_code.empty()) {
      return Error{Errc::kValidationFailed,
                   "市町担当・部会員には市町の団体コードが必要です",
                   "municipality editors and subcommittee members need a municipality code",
                   {}};
    }
  }
  return std::nullopt;
}
}  // namespace

std::optional<Error> Auth::add_user(const std::string& login, const std::string& display_name,
                                    const std::string& password, bool is_admin,
                                    const std::vector<storage::RoleGrant>& roles,
                                    const std::string& actor) {
  if (login.empty() || login.size() > 64) {
    return Error{
        Errc::kValidationFailed, "ログインIDは1〜64文字です", "login must be 1-64 characters", {}};
  }
  if (auto bad = password_policy_violation(password, login)) {
    return Error{Errc::kValidationFailed, bad->first, bad->second, {}};
  }
  if (auto bad = check_roles(roles)) return bad;
  if (users_.find_by_login(login)) {
    return Error{Errc::kConflict,
                 "ログインID「" + login + "」は使われています",
                 "login '" + login + "' is taken",
                 {}};
  }
  storage::UserRecord u;
  u.login = login;
  u.display_name = display_name;
  u.password_hash = hash_password(password);
  u.is_admin = is_admin;
  u.created_at = std::to_string(now());
  db_.write([&](soci::session& sql) {
    const long long id = users_.insert(sql, u);
    users_.set_roles(sql, id, roles);
    audit(sql, actor, "", "user-add", login,
          std::string("{\"admin\":") + (is_admin ? "true" : "false") +
              ",\"roles\":" + roles_json(roles) + "}");
  });
  return std::nullopt;
}

std::optional<Error> Auth::set_password(const std::string& login, const std::string& password,
                                        const std::string& actor) {
  auto u = users_.find_by_login(login);
  if (!u)
    return Error{
        Errc::kNotFound, "ユーザー「" + login + "」はいません", "no user '" + login + "'", {}};
  if (auto bad = password_policy_violation(password, login)) {
    return Error{Errc::kValidationFailed, bad->first, bad->second, {}};
  }
  u->password_hash = hash_password(password);
  db_.write([&](soci::session& sql) {
    users_.update(sql, *u);
    users_.delete_sessions_of(sql, u->id);
    audit(sql, actor, "", "password-set", login, "");
  });
  return std::nullopt;
}

std::optional<Error> Auth::set_roles(const std::string& login,
                                     const std::vector<storage::RoleGrant>& roles,
                                     const std::string& actor) {
  auto u = users_.find_by_login(login);
  if (!u)
    return Error{
        Errc::kNotFound, "ユーザー「" + login + "」はいません", "no user '" + login + "'", {}};
  if (auto bad = check_roles(roles)) return bad;
  db_.write([&](soci::session& sql) {
    users_.set_roles(sql, u->id, roles);
    storage::AuditEntry e;
    e.actor = actor;
    e.action = "user-roles";
    e.record_type = "user";
    e.record_id = login;
    e.before_json = roles_json(u->roles);
    e.after_json = roles_json(roles);
    storage::append_audit(sql, std::move(e));
  });
  return std::nullopt;
}

std::optional<Error> Auth::set_disabled(const std::string& login, bool disabled,
                                        const std::string& actor) {
  auto u = users_.find_by_login(login);
  if (!u)
    return Error{
        Errc::kNotFound, "ユーザー「" + login + "」はいません", "no user '" + login + "'", {}};
  u->disabled = disabled;
  db_.write([&](soci::session& sql) {
    users_.update(sql, *u);
    if (disabled) users_.delete_sessions_of(sql, u->id);
    audit(sql, actor, "", disabled ? "user-disable" : "user-enable", login, "");
  });
  return std::nullopt;
}

std::optional<Error> Auth::set_totp_secret(const std::string& login, const std::string& secret,
                                           const std::string& actor) {
  auto u = users_.find_by_login(login);
  if (!u)
    return Error{
        Errc::kNotFound, "ユーザー「" + login + "」はいません", "no user '" + login + "'", {}};
  u->totp_secret = secret;
  u->totp_enabled = !secret.empty();
  db_.write([&](soci::session& sql) {
    users_.update(sql, *u);
    audit(sql, actor, "", "totp-set", login, "");
  });
  return std::nullopt;
}

}  // namespace kyosei::app
