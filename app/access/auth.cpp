#include "app/access/auth.hpp"

#include <algorithm>
#include <chrono>

#include "app/access/messages.hpp"
#include "app/access/security.hpp"
#include "app/common/messages.hpp"
#include "app/common/text.hpp"
#include "storage/audit/audit_store.hpp"

namespace kyosei::app {
namespace {

// `e` with a field problem at `pointer`.
Error with_field(Error e, std::string pointer, const Message& m) {
  e.fields.push_back(field_error(std::move(pointer), m));
  return e;
}
// The three refusals below are returned only after their failure is audited here.
Error audited(Error e) {
  e.audited = true;
  return e;
}
Error wrong_code(Errc code = Errc::kSignInFailed) {
  return audited(
      with_field(error_of(code, msg::access::wrong_code), "/code", msg::access::wrong_code));
}
Error wrong_current_password(const std::string& pointer) {
  return audited(with_field(error_of(Errc::kValidationFailed, msg::access::wrong_current_password),
                            pointer, msg::access::wrong_current_password_field));
}
Error no_user(const std::string& login) {
  return error_of(Errc::kNotFound, msg::access::no_user, login);
}
Error sign_in_failed() {
  return audited(error_of(Errc::kSignInFailed, msg::access::sign_in_failed));
}

}  // namespace

Auth::Auth(storage::Database& db, AuthOptions options, const Clock& clock)
    : db_(db), users_(db), sessions_(db), attempts_(db), options_(options), clock_(clock) {
  init_security();
  // Unknown logins are checked against this, so they take as long as known ones.
  dummy_hash_ = hash_password(random_hex(16));
}

long long Auth::now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
}

void Auth::audit(storage::Session& sql, const std::string& actor, const std::string& remote,
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
  p.must_change_password = u.must_change_password;
  p.second_factor_done = !needs || s.second_factor_done;
  return p;
}

std::string Auth::address_subject(const std::string& remote) const {
  return "address:" + remote.substr(0, remote.rfind(':'));
}

std::variant<std::vector<long long>, Error> Auth::begin_attempt(const std::string& account_key,
                                                                const std::string& remote) {
  const std::pair<std::string, int> subjects[] = {
      {account_key, options_.max_failures_per_login},
      {address_subject(remote), options_.max_failures_per_address}};
  const long long t = now();
  const long long since = t - options_.failure_window.count();
  std::vector<long long> ids;
  bool over = false;
  db_.write([&](storage::Session& sql) {
    for (const auto& [subject, limit] : subjects) {
      if (attempts_.count_since(sql, subject, since) >= limit) over = true;
    }
    if (over) return;
    for (const auto& [subject, limit] : subjects) ids.push_back(attempts_.record(sql, subject, t));
  });
  if (over) {
    Error e = error_of(Errc::kTooManyAttempts, msg::access::too_many_attempts);
    e.retry_after_seconds = static_cast<int>(options_.failure_window.count());
    return e;
  }
  return ids;
}

std::string Auth::rotate_session(storage::Session& sql, Principal& who, bool second_factor_done) {
  long long created_at = now();
  if (auto old = sessions_.find(sql, who.session_hash)) created_at = old->created_at;
  storage::SessionRecord s;
  std::string token = random_hex(32);
  s.token_hash = sha256_hex(token);
  s.user_id = who.user_id;
  s.csrf_token = who.csrf_token;
  s.second_factor_done = second_factor_done;
  s.created_at = created_at;
  s.last_seen_at = now();
  s.remote = who.remote;
  sessions_.remove(sql, who.session_hash);
  sessions_.insert(sql, s);
  who.session_hash = s.token_hash;
  who.second_factor_done = second_factor_done;
  return token;
}

std::variant<SignIn, Error> Auth::sign_in(const std::string& login, const std::string& password,
                                          const std::string& remote, const std::string& old_token) {
  const long long t = now();
  // The typed login may be a password typed into the wrong box: only its hash is stored.
  const std::string login_key = "login:" + sha256_hex(login);
  const std::string signed_in_key = "signed-in:" + sha256_hex(login);
  const long long window_start = t - options_.sign_in_window.count();
  // Only an account that signed in successfully has rows here: no password is hashed for
  // an account over its limit.
  auto too_many = [&](storage::Session& sql, const std::string& who) {
    audit(sql, "anonymous", remote, "sign-in-refused", who, R"({"reason":"too-many-sign-ins"})");
  };
  auto over_limit = [&] {
    Error e = error_of(Errc::kTooManyAttempts, msg::access::too_many_sign_ins);
    e.retry_after_seconds = static_cast<int>(options_.sign_in_window.count());
    return e;
  };
  if (attempts_.count_since(signed_in_key, window_start) >= options_.max_sign_ins_per_login) {
    auto user = users_.find_by_login(login);
    db_.write([&](storage::Session& sql) { too_many(sql, user ? user->login : "unknown"); });
    return over_limit();
  }
  auto attempt = begin_attempt(login_key, remote);
  if (auto* e = std::get_if<Error>(&attempt)) return *e;
  auto user = users_.find_by_login(login);
  const bool ok = user ? verify_password(user->password_hash, password)
                       : (verify_password(dummy_hash_, password), false);
  if (!ok || user->disabled) {
    db_.write([&](storage::Session& sql) {
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
  bool refused = false;
  db_.write([&](storage::Session& sql) {
    attempts_.clear(sql, login_key);
    for (long long id : std::get<std::vector<long long>>(attempt)) attempts_.remove(sql, id);
    // Counted again under the write lock: parallel sign-ins cannot all pass the limit.
    if (attempts_.count_since(sql, signed_in_key, window_start) >=
        options_.max_sign_ins_per_login) {
      refused = true;
      too_many(sql, user->login);
      return;
    }
    attempts_.record(sql, signed_in_key, t);
    // Rotation: whatever session the browser had is gone; a new id is issued.
    if (!old_token.empty()) sessions_.remove(sql, sha256_hex(old_token));
    sessions_.insert(sql, s);
    audit(sql, user->login, remote, "sign-in", user->login, "");
  });
  if (refused) return over_limit();
  return SignIn{token, principal_for(*user, s)};
}

Purged Auth::purge() {
  const long long t = now();
  const long long keep = std::max(options_.failure_window, options_.sign_in_window).count();
  Purged out;
  db_.write([&](storage::Session& sql) {
    out.sessions = sessions_.purge(sql, t - options_.idle_timeout.count(),
                                   t - options_.absolute_timeout.count());
    out.attempts = attempts_.purge(sql, t - keep);
    if (out.sessions > 0 || out.attempts > 0) {
      audit(sql, "system", "", "purge", "",
            R"({"sessions":)" + std::to_string(out.sessions) + R"(,"attempts":)" +
                std::to_string(out.attempts) + "}");
    }
  });
  return out;
}

Principal Auth::authenticate(const std::string& token, const std::string& remote) {
  Principal none;
  none.remote = remote;
  if (token.size() != 64) return none;
  const std::string hash = sha256_hex(token);
  auto s = sessions_.find(hash);
  if (!s) return none;
  const long long t = now();
  if (t - s->last_seen_at > options_.idle_timeout.count() ||
      t - s->created_at > options_.absolute_timeout.count()) {
    db_.write([&](storage::Session& sql) { sessions_.remove(sql, hash); });
    return none;
  }
  auto user = users_.find_by_id(s->user_id);
  if (!user || user->disabled) return none;
  if (t - s->last_seen_at >= 60) sessions_.touch(hash, t);
  Principal p = principal_for(*user, *s);
  p.remote = remote;
  return p;
}

std::variant<std::string, Error> Auth::second_factor(Principal& who, const std::string& code) {
  if (!who.signed_in) return access::unauthenticated();
  auto user = users_.find_by_id(who.user_id);
  if (!user || !user->totp_enabled) {
    return with_field(error_of(Errc::kValidationFailed, msg::access::no_second_factor), "/code",
                      msg::access::enrol_first);
  }
  const std::string key = "totp:" + std::to_string(user->id);
  auto attempt = begin_attempt(key, who.remote);
  if (auto* e = std::get_if<Error>(&attempt)) return *e;
  const auto step = totp_step(user->totp_secret, code, now());
  std::string token;
  bool accepted = false;
  db_.write([&](storage::Session& sql) {
    // A code is good once: its step must be later than the last one accepted.
    if (step && users_.accept_totp_step(sql, user->id, *step)) {
      accepted = true;
      token = rotate_session(sql, who, true);
      attempts_.clear(sql, key);
      for (long long id : std::get<std::vector<long long>>(attempt)) attempts_.remove(sql, id);
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
  db_.write([&](storage::Session& sql) {
    sessions_.remove(sql, who.session_hash);
    audit(sql, who.login, who.remote, "sign-out", who.login, "");
  });
}

int Auth::sign_out_everywhere(const Principal& who) {
  int n = 0;
  db_.write([&](storage::Session& sql) {
    n = sessions_.remove_all_of(sql, who.user_id);
    audit(sql, who.login, who.remote, "sign-out-everywhere", who.login,
          "{\"sessions\":" + std::to_string(n) + "}");
  });
  return n;
}

std::variant<std::string, Error> Auth::change_password(Principal& who, const std::string& current,
                                                       const std::string& next) {
  auto user = users_.find_by_id(who.user_id);
  if (!user) return access::unauthenticated();
  const std::string key = "password:" + std::to_string(user->id);
  auto attempt = begin_attempt(key, who.remote);
  if (auto* e = std::get_if<Error>(&attempt)) return *e;
  const auto& ids = std::get<std::vector<long long>>(attempt);
  if (!verify_password(user->password_hash, current)) {
    db_.write([&](storage::Session& sql) {
      audit(sql, who.login, who.remote, "password-change-failed", user->login, "");
    });
    return wrong_current_password("/current");
  }
  if (auto bad = password_policy_violation(next, user->login)) {
    db_.write([&](storage::Session& sql) {
      for (long long id : ids) attempts_.remove(sql, id);
    });
    return Error{
        Errc::kValidationFailed, bad->first, bad->second, {{"/new", bad->first, bad->second}}};
  }
  user->password_hash = hash_password(next);
  user->must_change_password = false;
  std::string token;
  db_.write([&](storage::Session& sql) {
    users_.update(sql, *user);
    for (long long id : ids) attempts_.remove(sql, id);
    attempts_.clear(sql, key);
    // Every other session ends; this one continues under a new id.
    token = rotate_session(sql, who, who.second_factor_done);
    sessions_.remove_others_of(sql, user->id, who.session_hash);
    audit(sql, who.login, who.remote, "password-change", user->login, "");
  });
  who.must_change_password = false;
  return token;
}

std::variant<TotpEnrolment, Error> Auth::start_totp(const Principal& who,
                                                    const std::string& password,
                                                    const std::string& code) {
  auto user = users_.find_by_id(who.user_id);
  if (!user) return access::unauthenticated();
  if (user->totp_enabled) {
    if (!who.second_factor_done) return access::forbidden();
    // Re-enrolment replaces the factor: prove it is still the user at the keyboard.
    if (password.empty() && code.empty()) {
      return with_field(error_of(Errc::kValidationFailed, msg::access::reauth_needed), "/password",
                        msg::access::reauth_needed_field);
    }
    const std::string key = (password.empty() ? "totp:" : "password:") + std::to_string(user->id);
    auto attempt = begin_attempt(key, who.remote);
    if (auto* e = std::get_if<Error>(&attempt)) return *e;
    bool ok = false;
    std::optional<std::int64_t> step;
    if (!password.empty()) {
      ok = verify_password(user->password_hash, password);
    } else {
      step = totp_step(user->totp_secret, code, now());
    }
    db_.write([&](storage::Session& sql) {
      if (step) ok = users_.accept_totp_step(sql, user->id, *step);
      if (ok) {
        for (long long id : std::get<std::vector<long long>>(attempt)) attempts_.remove(sql, id);
      } else {
        audit(sql, who.login, who.remote, "totp-reauth-failed", user->login, "");
      }
    });
    if (!ok && password.empty()) {
      return wrong_code(Errc::kValidationFailed);
    }
    if (!ok) {
      return wrong_current_password("/password");
    }
  }
  user->totp_pending_secret = new_totp_secret();
  db_.write([&](storage::Session& sql) {
    users_.update(sql, *user);
    audit(sql, who.login, who.remote, "totp-enrolment-started", user->login, "");
  });
  const auto uri = totp_uri(user->totp_pending_secret, user->login);
  return TotpEnrolment{user->totp_pending_secret, uri, qr_svg(uri)};
}

std::variant<std::string, Error> Auth::confirm_totp(Principal& who, const std::string& code) {
  auto user = users_.find_by_id(who.user_id);
  if (!user) return access::unauthenticated();
  // A secret set before pending secrets existed (and never enabled) is confirmed as well.
  const std::string secret = !user->totp_pending_secret.empty() ? user->totp_pending_secret
                             : user->totp_enabled               ? std::string()
                                                                : user->totp_secret;
  if (secret.empty()) {
    return with_field(error_of(Errc::kValidationFailed, msg::access::start_enrolment_first),
                      "/code", msg::access::start_enrolment_first);
  }
  const std::string key = "totp:" + std::to_string(user->id);
  auto attempt = begin_attempt(key, who.remote);
  if (auto* e = std::get_if<Error>(&attempt)) return *e;
  const auto step = totp_step(secret, code, now());
  if (!step) {
    db_.write([&](storage::Session& sql) {
      audit(sql, who.login, who.remote, "totp-confirm-failed", user->login, "");
    });
    return wrong_code(Errc::kValidationFailed);
  }
  user->totp_secret = secret;
  user->totp_pending_secret.clear();
  user->totp_enabled = true;
  std::string token;
  db_.write([&](storage::Session& sql) {
    users_.update(sql, *user);
    // A new secret: its steps start from the code just used.
    users_.start_totp_steps(sql, user->id, *step);
    for (long long id : std::get<std::vector<long long>>(attempt)) attempts_.remove(sql, id);
    attempts_.clear(sql, key);
    token = rotate_session(sql, who, true);
    audit(sql, who.login, who.remote, "totp-enrolled", user->login, "");
  });
  who.must_enrol_totp = false;
  return token;
}

std::optional<Error> Auth::check_grants(const std::vector<storage::RoleGrant>& roles) {
  // "grant REGION:ROLE: what is wrong".
  auto bad = [](const storage::RoleGrant& r, const Message& m, const auto&... args) {
    const std::string where = r.region_slug + ":" + r.role;
    return Error{Errc::kValidationFailed,
                 msg::access::grant.ja(where, m.ja(args...)),
                 msg::access::grant.en(where, m.en(args...)),
                 {}};
  };
  for (std::size_t i = 0; i < roles.size(); ++i) {
    const auto& r = roles[i];
    if (!is_known_role(r.role))
      return error_of(Errc::kValidationFailed, msg::access::unknown_role, r.role);
    for (std::size_t j = 0; j < i; ++j) {
      auto a = roles[j].field_ids, b = r.field_ids;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      if (roles[j].region_slug == r.region_slug && roles[j].role == r.role &&
          roles[j].municipality_code == r.municipality_code && a == b) {
        return bad(r, msg::access::grant_twice);
      }
    }
    const auto region_id = users_.region_id(r.region_slug);
    if (!region_id) return bad(r, msg::common::region_not_found, r.region_slug);
    if (r.role == kRoleMunicipalityEditor) {
      if (r.municipality_code.empty()) return bad(r, msg::access::editor_needs_municipality);
      if (!users_.has_municipality(*region_id, r.municipality_code))
        return bad(r, msg::access::not_a_municipality, r.municipality_code);
    } else if (!r.municipality_code.empty()) {
      return bad(r, msg::access::role_takes_no_municipality);
    }
    if (r.role == kRoleSubcommitteeMember) {
      if (r.field_ids.empty()) return bad(r, msg::access::member_needs_fields);
      for (long long id : r.field_ids) {
        if (!users_.has_field(*region_id, id))
          return bad(r, msg::access::not_a_field, std::to_string(id));
      }
    } else if (!r.field_ids.empty()) {
      return bad(r, msg::access::role_takes_no_fields);
    }
  }
  return std::nullopt;
}

std::optional<Error> Auth::add_user(const std::string& login, const std::string& display_name,
                                    const std::string& password, bool is_admin,
                                    const std::vector<storage::RoleGrant>& roles,
                                    const std::string& actor) {
  if (login.empty() || login.size() > 64) {
    return error_of(Errc::kValidationFailed, msg::access::login_length);
  }
  if (auto bad = password_policy_violation(password, login)) {
    return Error{Errc::kValidationFailed, bad->first, bad->second, {}};
  }
  if (auto bad = check_grants(roles)) return bad;
  const std::string name = to_nfc(display_name);
  if (auto bad = name_problem("/display_name", name, false, 200)) {
    Error e{Errc::kValidationFailed, bad->message_ja, bad->message_en, {}};
    e.fields.push_back(std::move(*bad));
    return e;
  }
  if (users_.find_by_login(login)) {
    return error_of(Errc::kConflict, msg::access::login_taken, login);
  }
  storage::UserRecord u;
  u.login = login;
  u.display_name = name;
  u.password_hash = hash_password(password);
  u.is_admin = is_admin;
  u.created_at = std::to_string(now());
  db_.write([&](storage::Session& sql) {
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
  if (!u) return no_user(login);
  if (auto bad = password_policy_violation(password, login)) {
    return Error{Errc::kValidationFailed, bad->first, bad->second, {}};
  }
  u->password_hash = hash_password(password);
  db_.write([&](storage::Session& sql) {
    users_.update(sql, *u);
    sessions_.remove_all_of(sql, u->id);
    audit(sql, actor, "", "password-set", login, "");
  });
  return std::nullopt;
}

std::optional<Error> Auth::set_roles(const std::string& login,
                                     const std::vector<storage::RoleGrant>& roles,
                                     const std::string& actor) {
  auto u = users_.find_by_login(login);
  if (!u) return no_user(login);
  if (auto bad = check_grants(roles)) return bad;
  db_.write([&](storage::Session& sql) {
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
  if (!u) return no_user(login);
  u->disabled = disabled;
  db_.write([&](storage::Session& sql) {
    users_.update(sql, *u);
    if (disabled) sessions_.remove_all_of(sql, u->id);
    audit(sql, actor, "", disabled ? "user-disable" : "user-enable", login, "");
  });
  return std::nullopt;
}

std::optional<Error> Auth::set_totp_secret(const std::string& login, const std::string& secret,
                                           const std::string& actor) {
  auto u = users_.find_by_login(login);
  if (!u) return no_user(login);
  u->totp_secret = secret;
  u->totp_enabled = !secret.empty();
  u->totp_pending_secret.clear();
  db_.write([&](storage::Session& sql) {
    users_.update(sql, *u);
    audit(sql, actor, "", "totp-set", login, "");
  });
  return std::nullopt;
}

}  // namespace kyosei::app
