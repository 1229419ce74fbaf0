#include "app/access/auth.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <chrono>

#include "app/access/security.hpp"
#include "storage/audit/audit_store.hpp"

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

}  // namespace

bool is_known_role(std::string_view role) {
  return role == kRoleSecretariat || role == kRoleMunicipalityEditor ||
         role == kRoleSubcommitteeMember || role == kRoleCouncilMember;
}

std::vector<const storage::RoleGrant*> Principal::grants_in(const std::string& region_slug) const {
  std::vector<const storage::RoleGrant*> out;
  for (const auto& r : roles) {
    if (r.region_slug == region_slug) out.push_back(&r);
  }
  return out;
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
    case Policy::kOwnMunicipality: return "事務局・管理者、またはその市町の担当者";
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
  const auto grants = who.grants_in(target.region_slug);
  if (grants.empty()) return forbidden();
  auto any = [&grants](auto pred) { return std::any_of(grants.begin(), grants.end(), pred); };
  const bool secretariat =
      any([](const storage::RoleGrant* g) { return g->role == kRoleSecretariat; });
  switch (policy) {
    case Policy::kPublicRegionRead:
    case Policy::kRegionMember: return std::nullopt;
    case Policy::kRegionEdit: return secretariat ? std::nullopt : std::optional<Error>(forbidden());
    case Policy::kOwnMunicipality:
      // Subcommittee members are bound to fields, not towns: no town's write rights.
      if (secretariat || any([&target](const storage::RoleGrant* g) {
            return g->role == kRoleMunicipalityEditor && !g->municipality_code.empty() &&
                   g->municipality_code == target.municipality_code;
          })) {
        return std::nullopt;
      }
      return forbidden();
    default: return forbidden();
  }
}

boost::json::array roles_json(const std::vector<storage::RoleGrant>& roles) {
  boost::json::array out;
  for (const auto& r : roles) {
    boost::json::array fields;
    for (long long id : r.field_ids) fields.push_back(id);
    out.push_back(boost::json::object{
        {"region", r.region_slug},
        {"role", r.role},
        {"municipality", r.municipality_code.empty()
                             ? boost::json::value(nullptr)
                             : boost::json::value(boost::json::string(r.municipality_code))},
        {"fields", std::move(fields)}});
  }
  return out;
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

std::string Auth::address_subject(const std::string& remote) const {
  return "address:" + remote.substr(0, remote.rfind(':'));
}

std::variant<std::vector<long long>, Error> Auth::begin_attempt(
    const std::vector<std::pair<std::string, int>>& subjects) {
  const long long t = now();
  const long long since = t - options_.failure_window.count();
  std::vector<long long> ids;
  bool over = false;
  db_.write([&](soci::session& sql) {
    for (const auto& [subject, limit] : subjects) {
      if (users_.failures_since(sql, subject, since) >= limit) over = true;
    }
    if (over) return;
    for (const auto& [subject, limit] : subjects)
      ids.push_back(users_.record_failure(sql, subject, t));
  });
  if (over) {
    Error e{Errc::kTooManyAttempts,
            "失敗が続いたため、しばらく受け付けません",
            "too many failed attempts; try again later",
            {}};
    e.retry_after_seconds = static_cast<int>(options_.failure_window.count());
    return e;
  }
  return ids;
}

std::string Auth::rotate_session(soci::session& sql, Principal& who, bool second_factor_done) {
  long long created_at = now();
  sql << "SELECT created_at FROM sessions WHERE token_hash = :h", soci::use(who.session_hash),
      soci::into(created_at);
  storage::SessionRecord s;
  std::string token = random_hex(32);
  s.token_hash = sha256_hex(token);
  s.user_id = who.user_id;
  s.csrf_token = who.csrf_token;
  s.second_factor_done = second_factor_done;
  s.created_at = created_at;
  s.last_seen_at = now();
  s.remote = who.remote;
  users_.delete_session(sql, who.session_hash);
  users_.insert_session(sql, s);
  who.session_hash = s.token_hash;
  who.second_factor_done = second_factor_done;
  return token;
}

std::variant<SignIn, Error> Auth::sign_in(const std::string& login, const std::string& password,
                                          const std::string& remote, const std::string& old_token) {
  const long long t = now();
  // The typed login may be a password typed into the wrong box: only its hash is stored.
  const std::string login_key = "login:" + sha256_hex(login);
  const std::string address_key = address_subject(remote);
  auto attempt = begin_attempt({{login_key, options_.max_failures_per_login},
                                {address_key, options_.max_failures_per_address}});
  if (auto* e = std::get_if<Error>(&attempt)) return *e;
  auto user = users_.find_by_login(login);
  const bool ok = user ? verify_password(user->password_hash, password)
                       : (verify_password(dummy_hash_, password), false);
  if (!ok || user->disabled) {
    db_.write([&](soci::session& sql) {
      // Only a login that names a user is recorded; anything else may be a secret.
      audit(sql, "anonymous", remote, "sign-in-failed", user ? user->login : "unknown", "");
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
    for (long long id : std::get<std::vector<long long>>(attempt)) users_.delete_failure(sql, id);
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

namespace {
Error wrong_code() {
  return Error{Errc::kSignInFailed,
               "確認コードが違います",
               "wrong one-time code",
               {{"/code", "確認コードが違います", "wrong one-time code"}}};
}
}  // namespace

std::variant<std::string, Error> Auth::second_factor(Principal& who, const std::string& code) {
  if (!who.signed_in) return unauthenticated();
  auto user = users_.find_by_id(who.user_id);
  if (!user || !user->totp_enabled) {
    return Error{Errc::kValidationFailed,
                 "二要素認証が登録されていません",
                 "no second factor is enrolled",
                 {{"/code", "先に登録してください", "enrol first"}}};
  }
  const std::string key = "totp:" + std::to_string(user->id);
  auto attempt = begin_attempt({{key, options_.max_failures_per_login},
                                {address_subject(who.remote), options_.max_failures_per_address}});
  if (auto* e = std::get_if<Error>(&attempt)) return *e;
  const auto step = totp_step(user->totp_secret, code, now());
  std::string token;
  bool accepted = false;
  db_.write([&](soci::session& sql) {
    // A code is good once: its step must be later than the last one accepted.
    if (step && users_.accept_totp_step(sql, user->id, *step)) {
      accepted = true;
      token = rotate_session(sql, who, true);
      users_.clear_failures(sql, key);
      for (long long id : std::get<std::vector<long long>>(attempt)) users_.delete_failure(sql, id);
      audit(sql, who.login, who.remote, "second-factor", who.login, "");
    } else {
      audit(sql, who.login, who.remote, "second-factor-failed", who.login,
            step ? "{\"reason\":\"replayed\"}" : "");
    }
  });
  if (!accepted) return wrong_code();
  return token;
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

std::variant<std::string, Error> Auth::change_password(Principal& who, const std::string& current,
                                                       const std::string& next) {
  auto user = users_.find_by_id(who.user_id);
  if (!user) return unauthenticated();
  const std::string key = "password:" + std::to_string(user->id);
  auto attempt = begin_attempt({{key, options_.max_failures_per_login},
                                {address_subject(who.remote), options_.max_failures_per_address}});
  if (auto* e = std::get_if<Error>(&attempt)) return *e;
  const auto& ids = std::get<std::vector<long long>>(attempt);
  if (!verify_password(user->password_hash, current)) {
    db_.write([&](soci::session& sql) {
      audit(sql, who.login, who.remote, "password-change-failed", user->login, "");
    });
    return Error{Errc::kValidationFailed,
                 "現在のパスワードが違います",
                 "the current password is wrong",
                 {{"/current", "現在のパスワードが違います", "wrong current password"}}};
  }
  if (auto bad = password_policy_violation(next, user->login)) {
    db_.write([&](soci::session& sql) {
      for (long long id : ids) users_.delete_failure(sql, id);
    });
    return Error{
        Errc::kValidationFailed, bad->first, bad->second, {{"/new", bad->first, bad->second}}};
  }
  user->password_hash = hash_password(next);
  std::string token;
  db_.write([&](soci::session& sql) {
    users_.update(sql, *user);
    for (long long id : ids) users_.delete_failure(sql, id);
    users_.clear_failures(sql, key);
    // Every other session ends; this one continues under a new id.
    token = rotate_session(sql, who, who.second_factor_done);
    sql << "DELETE FROM sessions WHERE user_id = :u AND token_hash <> :h", soci::use(user->id),
        soci::use(who.session_hash);
    audit(sql, who.login, who.remote, "password-change", user->login, "");
  });
  return token;
}

std::variant<TotpEnrolment, Error> Auth::start_totp(const Principal& who,
                                                    const std::string& password,
                                                    const std::string& code) {
  auto user = users_.find_by_id(who.user_id);
  if (!user) return unauthenticated();
  if (user->totp_enabled) {
    if (!who.second_factor_done) return forbidden();
    // Re-enrolment replaces the factor: prove it is still the user at the keyboard.
    if (password.empty() && code.empty()) {
      return Error{Errc::kValidationFailed,
                   "現在のパスワードか確認コードが必要です",
                   "give the current password or a current one-time code",
                   {{"/password", "現在のパスワードか確認コード（code）を指定してください",
                     "the current password, or a one-time code in /code"}}};
    }
    const std::string key = (password.empty() ? "totp:" : "password:") + std::to_string(user->id);
    auto attempt =
        begin_attempt({{key, options_.max_failures_per_login},
                       {address_subject(who.remote), options_.max_failures_per_address}});
    if (auto* e = std::get_if<Error>(&attempt)) return *e;
    bool ok = false;
    std::optional<std::int64_t> step;
    if (!password.empty()) {
      ok = verify_password(user->password_hash, password);
    } else {
      step = totp_step(user->totp_secret, code, now());
    }
    db_.write([&](soci::session& sql) {
      if (step) ok = users_.accept_totp_step(sql, user->id, *step);
      if (ok) {
        for (long long id : std::get<std::vector<long long>>(attempt))
          users_.delete_failure(sql, id);
      } else {
        audit(sql, who.login, who.remote, "totp-reauth-failed", user->login, "");
      }
    });
    if (!ok && password.empty()) {
      return Error{Errc::kValidationFailed,
                   "確認コードが違います",
                   "wrong one-time code",
                   {{"/code", "確認コードが違います", "wrong one-time code"}}};
    }
    if (!ok) {
      return Error{Errc::kValidationFailed,
                   "現在のパスワードが違います",
                   "the current password is wrong",
                   {{"/password", "現在のパスワードが違います", "wrong current password"}}};
    }
  }
  user->totp_pending_secret = new_totp_secret();
  db_.write([&](soci::session& sql) {
    users_.update(sql, *user);
    audit(sql, who.login, who.remote, "totp-enrolment-started", user->login, "");
  });
  const auto uri = totp_uri(user->totp_pending_secret, user->login);
  return TotpEnrolment{user->totp_pending_secret, uri, qr_svg(uri)};
}

std::variant<std::string, Error> Auth::confirm_totp(Principal& who, const std::string& code) {
  auto user = users_.find_by_id(who.user_id);
  if (!user) return unauthenticated();
  // A secret set before pending secrets existed (and never enabled) is confirmed as well.
  const std::string secret = !user->totp_pending_secret.empty() ? user->totp_pending_secret
                             : user->totp_enabled               ? std::string()
                                                                : user->totp_secret;
  if (secret.empty()) {
    return Error{Errc::kValidationFailed,
                 "先に登録を開始してください",
                 "start the enrolment first",
                 {{"/code", "先に登録を開始してください", "start the enrolment first"}}};
  }
  const std::string key = "totp:" + std::to_string(user->id);
  auto attempt = begin_attempt({{key, options_.max_failures_per_login},
                                {address_subject(who.remote), options_.max_failures_per_address}});
  if (auto* e = std::get_if<Error>(&attempt)) return *e;
  const auto step = totp_step(secret, code, now());
  if (!step) {
    db_.write([&](soci::session& sql) {
      audit(sql, who.login, who.remote, "totp-confirm-failed", user->login, "");
    });
    return Error{Errc::kValidationFailed,
                 "確認コードが違います",
                 "wrong one-time code",
                 {{"/code", "確認コードが違います", "wrong one-time code"}}};
  }
  user->totp_secret = secret;
  user->totp_pending_secret.clear();
  user->totp_enabled = true;
  std::string token;
  db_.write([&](soci::session& sql) {
    users_.update(sql, *user);
    // A new secret: its steps start from the code just used.
    const long long used = *step;
    sql << "UPDATE users SET totp_last_step = :s WHERE id = :i", soci::use(used),
        soci::use(user->id);
    for (long long id : std::get<std::vector<long long>>(attempt)) users_.delete_failure(sql, id);
    users_.clear_failures(sql, key);
    token = rotate_session(sql, who, true);
    audit(sql, who.login, who.remote, "totp-enrolled", user->login, "");
  });
  who.must_enrol_totp = false;
  return token;
}

std::optional<Error> Auth::check_grants(const std::vector<storage::RoleGrant>& roles) {
  auto bad = [](const storage::RoleGrant& r, const std::string& ja, const std::string& en) {
    const std::string where = r.region_slug + ":" + r.role;
    return Error{
        Errc::kValidationFailed, "役割 " + where + ": " + ja, "grant " + where + ": " + en, {}};
  };
  for (std::size_t i = 0; i < roles.size(); ++i) {
    const auto& r = roles[i];
    if (!is_known_role(r.role)) {
      return Error{Errc::kValidationFailed,
                   "役割「" + r.role + "」はありません",
                   "unknown role '" + r.role + "'",
                   {}};
    }
    for (std::size_t j = 0; j < i; ++j) {
      auto a = roles[j].field_ids, b = r.field_ids;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      if (roles[j].region_slug == r.region_slug && roles[j].role == r.role &&
          roles[j].municipality_code == r.municipality_code && a == b) {
        return bad(r, "同じ役割が2回指定されています", "the same grant is given twice");
      }
    }
    long long region_id = 0;
    int found = 0;
    db_.with_session([&](soci::session& sql) {
      sql << "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM regions WHERE slug = :s",
          soci::use(r.region_slug), soci::into(found), soci::into(region_id);
    });
    if (found == 0) {
      return bad(r, "圏域「" + r.region_slug + "」はありません",
                 "there is no region '" + r.region_slug + "'");
    }
    if (r.role == kRoleMunicipalityEditor) {
      if (r.municipality_code.empty())
        return bad(r, "市町担当には市町の団体コードが必要です",
                   "a municipality editor needs a municipality code (REGION:ROLE:CODE)");
      int n = 0;
      db_.with_session([&](soci::session& sql) {
        sql << "SELECT COUNT(*) FROM municipalities WHERE region_id = :r AND code = :c AND "
               "deleted_at IS NULL",
            soci::use(region_id), soci::use(r.municipality_code), soci::into(n);
      });
      if (n == 0)
        return bad(r, "団体コード「" + r.municipality_code + "」はこの圏域の市町ではありません",
                   "'" + r.municipality_code + "' is not a municipality of the region");
    } else if (!r.municipality_code.empty()) {
      return bad(r, "この役割に市町は指定できません",
                 "this role takes no municipality (a subcommittee member takes field ids)");
    }
    if (r.role == kRoleSubcommitteeMember) {
      if (r.field_ids.empty())
        return bad(r, "部会員には分野の ID が必要です",
                   "a subcommittee member needs field ids (REGION:subcommittee_member:ID[,ID…])");
      for (long long id : r.field_ids) {
        int n = 0;
        db_.with_session([&](soci::session& sql) {
          sql << "SELECT COUNT(*) FROM fields WHERE region_id = :r AND id = :i AND deleted_at IS "
                 "NULL",
              soci::use(region_id), soci::use(id), soci::into(n);
        });
        if (n == 0)
          return bad(r, "分野 " + std::to_string(id) + " はこの圏域にありません",
                     "field " + std::to_string(id) + " is not a field of the region");
      }
    } else if (!r.field_ids.empty()) {
      return bad(r, "この役割に分野は指定できません", "only a subcommittee member takes fields");
    }
  }
  return std::nullopt;
}

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
  if (auto bad = check_grants(roles)) return bad;
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
          boost::json::serialize(
              boost::json::object{{"admin", is_admin}, {"roles", roles_json(roles)}}));
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
  if (auto bad = check_grants(roles)) return bad;
  db_.write([&](soci::session& sql) {
    users_.set_roles(sql, u->id, roles);
    storage::AuditEntry e;
    e.actor = actor;
    e.action = "user-roles";
    e.record_type = "user";
    e.record_id = login;
    e.before_json = boost::json::serialize(roles_json(u->roles));
    e.after_json = boost::json::serialize(roles_json(roles));
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
  u->totp_pending_secret.clear();
  db_.write([&](soci::session& sql) {
    users_.update(sql, *u);
    audit(sql, actor, "", "totp-set", login, "");
  });
  return std::nullopt;
}

}  // namespace kyosei::app
