#include "storage/access/attempt_store.hpp"

#include <soci/soci.h>

namespace kyosei::storage {

long long AttemptStore::record(Session& sql, const std::string& subject, long long at) {
  sql << "INSERT INTO login_failures (subject, at) VALUES (:s, :a)", soci::use(subject),
      soci::use(at);
  // The caller holds the write lock: the newest row of this subject is the one just added.
  long long id = 0;
  sql << "SELECT MAX(id) FROM login_failures WHERE subject = :s", soci::use(subject),
      soci::into(id);
  return id;
}

int AttemptStore::count_since(Session& sql, const std::string& subject, long long since) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM login_failures WHERE subject = :s AND at >= :t", soci::use(subject),
      soci::use(since), soci::into(n);
  return n;
}

int AttemptStore::count_since(const std::string& subject, long long since) {
  int n = 0;
  db_.with_session([&](Session& sql) { n = count_since(sql, subject, since); });
  return n;
}

void AttemptStore::clear(Session& sql, const std::string& subject) {
  sql << "DELETE FROM login_failures WHERE subject = :s", soci::use(subject);
}

void AttemptStore::remove(Session& sql, long long id) {
  sql << "DELETE FROM login_failures WHERE id = :i", soci::use(id);
}

int AttemptStore::purge(Session& sql, long long before) {
  soci::statement st =
      (sql.prepare << "DELETE FROM login_failures WHERE at < :t", soci::use(before));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

}  // namespace kyosei::storage
