#include "storage/access/user_store.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "storage/common/row_util.hpp"
#include "storage/common/statement_cache.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::storage {
namespace {

constexpr const char* kUserColumns =
    "id, login, display_name, password_hash, is_admin, disabled, totp_secret, totp_enabled, "
    "created_at, version, totp_pending_secret, totp_last_step, email, must_change_password";

UserRecord user_from(const soci::row& row) {
  UserRecord u;
  RowReader(row) >> u.id >> u.login >> u.display_name >> u.password_hash >> u.is_admin >>
      u.disabled >> u.totp_secret >> u.totp_enabled >> u.created_at >> u.version >>
      u.totp_pending_secret >> u.totp_last_step >> u.email >> u.must_change_password;
  return u;
}

void load_roles(soci::session& sql, UserRecord& u) {
  // Every request of a signed-in user reads its roles: prepared once per session.
  cached_rows(
      sql,
      "SELECT region_slug, role, municipality_code, field_ids FROM user_roles WHERE user_id = :u "
      "ORDER BY region_slug, role, municipality_code, id",
      [&](const soci::row& row) {
        u.roles.push_back(
            {as_text(row, 0), as_text(row, 1), as_text(row, 2), split_ids(as_text(row, 3))});
      },
      u.id);
}

}  // namespace

namespace {

// The user matching `where` (one bound parameter), with its roles.
template <class Param>
std::optional<UserRecord> find_user(Database& db, const char* where, const Param& param) {
  std::optional<UserRecord> out;
  db.with_session([&](soci::session& sql) {
    cached_rows(
        sql, std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where,
        [&](const soci::row& row) { out = user_from(row); }, param);
    if (out) load_roles(sql, *out);
  });
  return out;
}

}  // namespace

std::optional<UserRecord> UserStore::find_by_login(const std::string& login) {
  return find_user(db_, "login = :l", login);
}

std::optional<UserRecord> UserStore::find_by_id(long long id) {
  return find_user(db_, "id = :i", id);
}

std::vector<UserRecord> UserStore::list() {
  std::vector<UserRecord> out;
  db_.with_session([&](soci::session& sql) {
    soci::rowset<soci::row> rs =
        sql.prepare << (std::string("SELECT ") + kUserColumns + " FROM users ORDER BY login");
    for (const auto& row : rs) out.push_back(user_from(row));
    for (auto& u : out) load_roles(sql, u);
  });
  return out;
}

long long UserStore::insert(soci::session& sql, const UserRecord& u) {
  const int admin = u.is_admin ? 1 : 0;
  const int disabled = u.disabled ? 1 : 0;
  const int totp = u.totp_enabled ? 1 : 0;
  const int must_change = u.must_change_password ? 1 : 0;
  sql << "INSERT INTO users (login, display_name, password_hash, is_admin, disabled, totp_secret, "
         "totp_enabled, created_at, must_change_password) "
         "VALUES (:l, :d, :p, :a, :x, :ts, :te, :c, :mc)",
      soci::use(u.login), soci::use(u.display_name), soci::use(u.password_hash), soci::use(admin),
      soci::use(disabled), soci::use(u.totp_secret), soci::use(totp), soci::use(u.created_at),
      soci::use(must_change);
  long long id = 0;
  sql << "SELECT id FROM users WHERE login = :l", soci::use(u.login), soci::into(id);
  return id;
}

void UserStore::update(soci::session& sql, const UserRecord& u) {
  const int admin = u.is_admin ? 1 : 0;
  const int disabled = u.disabled ? 1 : 0;
  const int totp = u.totp_enabled ? 1 : 0;
  const int must_change = u.must_change_password ? 1 : 0;
  sql << "UPDATE users SET display_name = :d, password_hash = :p, is_admin = :a, disabled = :x, "
         "totp_secret = :ts, totp_enabled = :te, totp_pending_secret = :tp, "
         "must_change_password = :mc, version = version + 1 WHERE id = :i",
      soci::use(u.display_name), soci::use(u.password_hash), soci::use(admin), soci::use(disabled),
      soci::use(u.totp_secret), soci::use(totp), soci::use(u.totp_pending_secret),
      soci::use(must_change), soci::use(u.id);
}

void UserStore::set_email(soci::session& sql, long long user_id, const std::string& email) {
  sql << "UPDATE users SET email = :e, version = version + 1 WHERE id = :i", soci::use(email),
      soci::use(user_id);
}

void UserStore::set_roles(soci::session& sql, long long user_id,
                          const std::vector<RoleGrant>& roles) {
  sql << "DELETE FROM user_roles WHERE user_id = :u", soci::use(user_id);
  for (const auto& r : roles) {
    auto ids = r.field_ids;
    std::sort(ids.begin(), ids.end());
    const std::string fields = join_ids(ids);
    sql << "INSERT INTO user_roles (user_id, region_slug, role, municipality_code, field_ids) "
           "VALUES (:u, :r, :ro, :m, :f)",
        soci::use(user_id), soci::use(r.region_slug), soci::use(r.role),
        soci::use(r.municipality_code), soci::use(fields);
  }
}

bool UserStore::accept_totp_step(soci::session& sql, long long user_id, long long step) {
  soci::statement st = (sql.prepare << "UPDATE users SET totp_last_step = :s WHERE id = :i AND "
                                       "totp_last_step < :s2",
                        soci::use(step), soci::use(user_id), soci::use(step));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void UserStore::start_totp_steps(Session& sql, long long user_id, long long step) {
  sql << "UPDATE users SET totp_last_step = :s WHERE id = :i", soci::use(step), soci::use(user_id);
}

std::optional<long long> UserStore::region_id(const std::string& slug) {
  long long id = 0;
  int found = 0;
  db_.with_session([&](Session& sql) {
    sql << "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM regions WHERE slug = :s", soci::use(slug),
        soci::into(found), soci::into(id);
  });
  if (found == 0) return std::nullopt;
  return id;
}

bool UserStore::has_municipality(long long region_id, const std::string& code) {
  int n = 0;
  db_.with_session([&](Session& sql) {
    sql << "SELECT COUNT(*) FROM municipalities WHERE region_id = :r AND code = :c AND "
           "deleted_at IS NULL",
        soci::use(region_id), soci::use(code), soci::into(n);
  });
  return n > 0;
}

bool UserStore::has_field(long long region_id, long long field_id) {
  int n = 0;
  db_.with_session([&](Session& sql) {
    sql << "SELECT COUNT(*) FROM fields WHERE region_id = :r AND id = :i AND deleted_at IS NULL",
        soci::use(region_id), soci::use(field_id), soci::into(n);
  });
  return n > 0;
}

}  // namespace kyosei::storage
