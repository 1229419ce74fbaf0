#include "storage/access/session_store.hpp"

#include <soci/soci.h>

#include "storage/common/row_util.hpp"
#include "storage/common/statement_cache.hpp"

namespace kyosei::storage {
namespace {

SessionRecord session_from(const soci::row& row) {
  SessionRecord s;
  RowReader(row) >> s.token_hash >> s.user_id >> s.csrf_token >> s.second_factor_done >>
      s.created_at >> s.last_seen_at >> s.remote;
  return s;
}

}  // namespace

void SessionStore::insert(Session& sql, const SessionRecord& s) {
  const int done = s.second_factor_done ? 1 : 0;
  sql << "INSERT INTO sessions (token_hash, user_id, csrf_token, second_factor_done, created_at, "
         "last_seen_at, remote) VALUES (:h, :u, :c, :d, :ca, :ls, :r)",
      soci::use(s.token_hash), soci::use(s.user_id), soci::use(s.csrf_token), soci::use(done),
      soci::use(s.created_at), soci::use(s.last_seen_at), soci::use(s.remote);
}

std::optional<SessionRecord> SessionStore::find(Session& sql, const std::string& token_hash) {
  // Every request with a session cookie: prepared once per pooled session.
  std::optional<SessionRecord> out;
  cached_rows(
      sql,
      "SELECT token_hash, user_id, csrf_token, second_factor_done, created_at, last_seen_at, "
      "remote FROM sessions WHERE token_hash = :h",
      [&](const soci::row& row) { out = session_from(row); }, token_hash);
  return out;
}

std::optional<SessionRecord> SessionStore::find(const std::string& token_hash) {
  std::optional<SessionRecord> out;
  db_.with_session([&](Session& sql) { out = find(sql, token_hash); });
  return out;
}

void SessionStore::touch(const std::string& token_hash, long long now) {
  // Not audited and not under the write lock: a best-effort idle-time marker.
  db_.with_session([&](Session& sql) {
    sql << "UPDATE sessions SET last_seen_at = :n WHERE token_hash = :h", soci::use(now),
        soci::use(token_hash);
  });
}

void SessionStore::update(Session& sql, const SessionRecord& s) {
  const int done = s.second_factor_done ? 1 : 0;
  sql << "UPDATE sessions SET second_factor_done = :d, last_seen_at = :l WHERE token_hash = :h",
      soci::use(done), soci::use(s.last_seen_at), soci::use(s.token_hash);
}

void SessionStore::remove(Session& sql, const std::string& token_hash) {
  sql << "DELETE FROM sessions WHERE token_hash = :h", soci::use(token_hash);
}

int SessionStore::remove_all_of(Session& sql, long long user_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM sessions WHERE user_id = :u", soci::use(user_id), soci::into(n);
  sql << "DELETE FROM sessions WHERE user_id = :u", soci::use(user_id);
  return n;
}

void SessionStore::remove_others_of(Session& sql, long long user_id, const std::string& keep_hash) {
  sql << "DELETE FROM sessions WHERE user_id = :u AND token_hash <> :h", soci::use(user_id),
      soci::use(keep_hash);
}

int SessionStore::purge(Session& sql, long long idle_before, long long created_before) {
  soci::statement st =
      (sql.prepare << "DELETE FROM sessions WHERE last_seen_at < :i OR created_at < :c",
       soci::use(idle_before), soci::use(created_before));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

}  // namespace kyosei::storage
