#include "app/access/user_admin.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "app/access/messages.hpp"
#include "app/access/security.hpp"
#include "app/common/messages.hpp"
#include "app/common/text.hpp"
#include "storage/audit/audit_store.hpp"

namespace kyosei::app {
namespace {

Error field_problem(Errc code, const std::string& pointer, const Message& m) {
  Error e = error_of(code, m);
  e.fields.push_back(field_error(pointer, m));
  return e;
}

bool login_ok(const std::string& login) {
  if (login.empty() || login.size() > 64) return false;
  return std::all_of(login.begin(), login.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '@';
  });
}

bool is_secretariat_of(const Principal& who, const std::string& slug) {
  for (const auto* g : who.grants_in(slug)) {
    if (g->role == kRoleSecretariat) return true;
  }
  return false;
}

// May `who` change `u` from this region's page? (ADR 0015)
bool may_manage(const Principal& who, const std::string& slug, const storage::UserRecord& u) {
  if (u.id == who.user_id) return false;
  if (who.is_admin) return true;
  if (!is_secretariat_of(who, slug) || u.is_admin) return false;
  return std::all_of(u.roles.begin(), u.roles.end(),
                     [&slug](const storage::RoleGrant& g) { return g.region_slug == slug; });
}

std::vector<storage::RoleGrant> region_grants(const std::string& slug,
                                              const std::vector<GrantInput>& in) {
  std::vector<storage::RoleGrant> out;
  out.reserve(in.size());
  for (const auto& g : in) out.push_back({slug, g.role, g.municipality_code, g.field_ids});
  return out;
}

std::string now_text() {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
}

// A temporary password that the policy accepts for this login.
std::string fresh_password(const std::string& login) {
  for (;;) {
    std::string p = temporary_password();
    if (!password_policy_violation(p, login)) return p;
  }
}

void audit(storage::Session& sql, const Principal& who, const std::string& slug,
           const std::string& action, const std::string& login, std::string before,
           std::string after) {
  storage::AuditEntry e;
  e.actor = who.login;
  e.remote = who.remote;
  e.region_slug = slug;
  e.action = action;
  e.record_type = "user";
  e.record_id = login;
  e.before_json = std::move(before);
  e.after_json = std::move(after);
  storage::append_audit(sql, std::move(e));
}

}  // namespace

UserAdmin::UserAdmin(storage::Database& db, Auth& auth, VisionQueries& vision)
    : db_(db), auth_(auth), vision_(vision), users_(db), sessions_(db) {}

const core::Region* UserAdmin::region_of(const std::string& slug, RegionSnapshot& keep) {
  auto snap = vision_.region(slug);
  if (auto* s = std::get_if<RegionSnapshot>(&snap)) {
    keep = *s;
    return keep.region.get();
  }
  return nullptr;
}

RegionUser UserAdmin::view(const Principal& who, const std::string& slug,
                           const storage::UserRecord& u, const core::Region* region) const {
  RegionUser out;
  out.id = u.id;
  out.login = u.login;
  out.display_name = u.display_name;
  out.disabled = u.disabled;
  out.totp_enabled = u.totp_enabled;
  out.must_change_password = u.must_change_password;
  out.is_self = u.id == who.user_id;
  out.manageable = may_manage(who, slug, u);
  for (const auto& g : u.roles) {
    if (g.region_slug != slug) {
      out.other_regions = true;
      continue;
    }
    GrantView v{g.role, g.municipality_code, "", g.field_ids};
    if (region != nullptr && !g.municipality_code.empty()) {
      for (const auto& m : region->municipalities) {
        if (m.code == g.municipality_code) v.municipality_name = m.name;
      }
    }
    out.grants.push_back(std::move(v));
  }
  return out;
}

std::variant<std::vector<RegionUser>, Error> UserAdmin::list(const Principal& who,
                                                             const std::string& slug) {
  RegionSnapshot keep;
  const core::Region* region = region_of(slug, keep);
  std::vector<RegionUser> out;
  for (const auto& u : users_.list()) {
    const bool here = std::any_of(u.roles.begin(), u.roles.end(),
                                  [&slug](const auto& g) { return g.region_slug == slug; });
    if (here) out.push_back(view(who, slug, u, region));
  }
  return out;
}

std::variant<storage::UserRecord, Error> UserAdmin::target(const Principal& who,
                                                           const std::string& slug,
                                                           long long user_id, const char* pointer) {
  auto u = users_.find_by_id(user_id);
  // A user outside the region is not shown to its secretariat: the same 404.
  const bool here =
      u && (who.is_admin || std::any_of(u->roles.begin(), u->roles.end(),
                                        [&slug](const auto& g) { return g.region_slug == slug; }));
  if (!here) return error_of(Errc::kNotFound, msg::access::user_not_found);
  if (u->id == who.user_id) {
    return field_problem(Errc::kValidationFailed, pointer, msg::access::not_yourself);
  }
  if (!may_manage(who, slug, *u))
    return error_of(Errc::kForbidden, msg::access::user_managed_by_admin);
  return std::move(*u);
}

std::variant<CreatedUser, Error> UserAdmin::view_of(const Principal& who, const std::string& slug,
                                                    long long user_id, std::string password) {
  auto u = users_.find_by_id(user_id);
  if (!u) return error_of(Errc::kNotFound, msg::access::user_not_found);
  RegionSnapshot keep;
  return CreatedUser{view(who, slug, *u, region_of(slug, keep)), std::move(password)};
}

std::variant<CreatedUser, Error> UserAdmin::add(const Principal& who, const std::string& slug,
                                                const NewUser& input) {
  std::vector<FieldError> problems;
  if (!login_ok(input.login)) problems.push_back(field_error("/login", msg::access::login_chars));
  const std::string name = to_nfc(input.display_name);
  if (auto bad = name_problem("/display_name", name, true, 200)) problems.push_back(*bad);
  if (input.grants.empty())
    problems.push_back(field_error("/grants", msg::access::grants_required));
  if (!problems.empty()) {
    Error e{Errc::kValidationFailed, problems.front().message_ja, problems.front().message_en, {}};
    e.fields = std::move(problems);
    return e;
  }
  const auto grants = region_grants(slug, input.grants);
  if (auto bad = auth_.check_grants(grants)) {
    bad->fields.push_back(FieldError{"/grants", bad->detail_ja, bad->detail_en});
    return *bad;
  }
  if (users_.find_by_login(input.login)) {
    Error e = error_of(Errc::kConflict, msg::access::login_taken, input.login);
    e.fields.push_back(FieldError{"/login", e.detail_ja, e.detail_en});
    return e;
  }
  std::string password = fresh_password(input.login);
  storage::UserRecord u;
  u.login = input.login;
  u.display_name = name;
  u.password_hash = hash_password(password);
  u.must_change_password = true;
  u.created_at = now_text();
  long long id = 0;
  try {
    db_.write([&](storage::Session& sql) {
      id = users_.insert(sql, u);
      users_.set_roles(sql, id, grants);
      audit(sql, who, slug, "user-add", u.login, "",
            boost::json::serialize(boost::json::object{{"display_name", u.display_name},
                                                       {"roles", roles_json(grants)}}));
    });
  } catch (const storage::DuplicateKey&) {
    return error_of(Errc::kConflict, msg::access::login_taken, input.login);
  }
  return view_of(who, slug, id, std::move(password));
}

std::variant<RegionUser, Error> UserAdmin::set_disabled(const Principal& who,
                                                        const std::string& slug, long long user_id,
                                                        bool disabled) {
  auto t = target(who, slug, user_id, "/disabled");
  if (auto* e = std::get_if<Error>(&t)) return *e;
  auto& u = std::get<storage::UserRecord>(t);
  if (u.disabled != disabled) {
    u.disabled = disabled;
    db_.write([&](storage::Session& sql) {
      users_.update(sql, u);
      if (disabled) sessions_.remove_all_of(sql, u.id);
      audit(sql, who, slug, disabled ? "user-disable" : "user-enable", u.login,
            boost::json::serialize(boost::json::object{{"disabled", !disabled}}),
            boost::json::serialize(boost::json::object{{"disabled", disabled}}));
    });
  }
  auto out = view_of(who, slug, user_id, "");
  if (auto* e = std::get_if<Error>(&out)) return *e;
  return std::get<CreatedUser>(out).user;
}

std::variant<CreatedUser, Error> UserAdmin::reset_password(const Principal& who,
                                                           const std::string& slug,
                                                           long long user_id) {
  auto t = target(who, slug, user_id, "/user");
  if (auto* e = std::get_if<Error>(&t)) return *e;
  auto& u = std::get<storage::UserRecord>(t);
  std::string password = fresh_password(u.login);
  u.password_hash = hash_password(password);
  u.must_change_password = true;
  db_.write([&](storage::Session& sql) {
    users_.update(sql, u);
    sessions_.remove_all_of(sql, u.id);
    audit(sql, who, slug, "password-reset", u.login, "", R"({"must_change_password":true})");
  });
  return view_of(who, slug, user_id, std::move(password));
}

std::variant<RegionUser, Error> UserAdmin::set_grants(const Principal& who, const std::string& slug,
                                                      long long user_id,
                                                      const std::vector<GrantInput>& input) {
  auto t = target(who, slug, user_id, "/grants");
  if (auto* e = std::get_if<Error>(&t)) return *e;
  auto& u = std::get<storage::UserRecord>(t);
  if (input.empty()) {
    return field_problem(Errc::kValidationFailed, "/grants", msg::access::grants_required);
  }
  std::vector<storage::RoleGrant> here;
  std::vector<storage::RoleGrant> all;
  for (const auto& g : u.roles) {
    if (g.region_slug == slug)
      here.push_back(g);
    else
      all.push_back(g);
  }
  const auto next = region_grants(slug, input);
  if (auto bad = auth_.check_grants(next)) {
    bad->fields.push_back(FieldError{"/grants", bad->detail_ja, bad->detail_en});
    return *bad;
  }
  all.insert(all.end(), next.begin(), next.end());
  db_.write([&](storage::Session& sql) {
    // Sessions read the user's grants on every request: the move applies at once.
    users_.set_roles(sql, u.id, all);
    audit(sql, who, slug, "user-roles", u.login, boost::json::serialize(roles_json(here)),
          boost::json::serialize(roles_json(next)));
  });
  auto out = view_of(who, slug, user_id, "");
  if (auto* e = std::get_if<Error>(&out)) return *e;
  return std::get<CreatedUser>(out).user;
}

}  // namespace kyosei::app
