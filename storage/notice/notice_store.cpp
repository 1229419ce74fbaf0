#include "storage/notice/notice_store.hpp"

#include <soci/soci.h>

#include <set>

#include "storage/common/row_util.hpp"

namespace kyosei::storage {
namespace {

constexpr const char* kNoticeColumns =
    "SELECT n.id, n.region_id, r.slug, n.to_login, n.to_role, n.to_municipality, n.kind, "
    "n.title, n.body, n.link, n.source_type, n.source_id, n.created_by, n.created_at, "
    "(SELECT COUNT(*) FROM notice_reads x WHERE x.notice_id = n.id AND x.login = :l) "
    "FROM notices n JOIN regions r ON r.id = n.region_id ";

NoticeRow notice_from(const soci::row& row) {
  NoticeRow n;
  RowReader(row) >> n.id >> n.region_id >> n.region_slug >> n.to_login >> n.to_role >>
      n.to_municipality >> n.kind >> n.title >> n.body >> n.link >> n.source_type >> n.source_id >>
      n.created_by >> n.created_at >> n.read;
  return n;
}

constexpr const char* kMailColumns =
    "SELECT id, notice_id, region_slug, to_login, to_address, subject, body, status, attempts, "
    "last_error, next_attempt_at, created_at, sent_at FROM mail_outbox ";

MailRow mail_from(const soci::row& row) {
  MailRow m;
  RowReader(row) >> m.id >> m.notice_id >> m.region_slug >> m.to_login >> m.to_address >>
      m.subject >> m.body >> m.status >> m.attempts >> m.last_error >> m.next_attempt_at >>
      m.created_at >> m.sent_at;
  return m;
}

}  // namespace

long long insert_notice(Session& sql, const NoticeRow& n) {
  sql << "INSERT INTO notices (region_id, to_login, to_role, to_municipality, kind, title, body, "
         "link, source_type, source_id, created_by, created_at) VALUES (:r, :l, :ro, :m, :k, :t, "
         ":b, :li, :st, :si, :by, :at)",
      soci::use(n.region_id), soci::use(n.to_login), soci::use(n.to_role),
      soci::use(n.to_municipality), soci::use(n.kind), soci::use(n.title), soci::use(n.body),
      soci::use(n.link), soci::use(n.source_type), soci::use(n.source_id), soci::use(n.created_by),
      soci::use(n.created_at);
  long long id = 0;
  sql << "SELECT MAX(id) FROM notices WHERE region_id = :r", soci::use(n.region_id), soci::into(id);
  return id;
}

std::vector<NoticeRow> load_notices_for(Session& sql, const std::string& login,
                                        const std::vector<std::string>& slugs, int limit) {
  const std::string lim = " ORDER BY n.id DESC LIMIT " + std::to_string(limit);
  auto out = rows_of(sql, std::string(kNoticeColumns) + "WHERE n.to_login = :l2" + lim, notice_from,
                     login, login);
  std::set<std::string> seen;
  for (const auto& slug : slugs) {
    if (!seen.insert(slug).second) continue;
    auto more =
        rows_of(sql, std::string(kNoticeColumns) + "WHERE n.to_login = '' AND r.slug = :s" + lim,
                notice_from, login, slug);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

std::optional<NoticeRow> load_notice(Session& sql, long long id) {
  const std::string nobody;
  auto rows =
      rows_of(sql, std::string(kNoticeColumns) + "WHERE n.id = :id", notice_from, nobody, id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

bool mark_notice_read(Session& sql, long long notice_id, const std::string& login,
                      const std::string& at) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM notice_reads WHERE notice_id = :n AND login = :l",
      soci::use(notice_id), soci::use(login), soci::into(n);
  if (n > 0) return false;
  sql << "INSERT INTO notice_reads (notice_id, login, read_at) VALUES (:n, :l, :at)",
      soci::use(notice_id), soci::use(login), soci::use(at);
  return true;
}

std::vector<std::string> region_slugs(Session& sql) {
  std::vector<std::string> out;
  soci::rowset<std::string> rs = (sql.prepare << "SELECT slug FROM regions ORDER BY slug");
  for (const auto& s : rs) out.push_back(s);
  return out;
}

bool notice_sent_since(Session& sql, const std::string& source_type, const std::string& source_id,
                       const std::string& to_role, const std::string& to_municipality,
                       const std::string& since) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM notices WHERE source_type = :t AND source_id = :i AND to_role = "
         ":r AND to_municipality = :m AND created_at >= :s",
      soci::use(source_type), soci::use(source_id), soci::use(to_role), soci::use(to_municipality),
      soci::use(since), soci::into(n);
  return n > 0;
}

std::vector<Recipient> notice_recipients(Session& sql, const std::string& slug,
                                         const std::string& role, const std::string& municipality,
                                         const std::string& login) {
  std::vector<Recipient> out;
  std::set<std::string> seen;
  auto add = [&](const soci::row& row) {
    Recipient r{as_text(row, 0), as_text(row, 1)};
    if (seen.insert(r.login).second) out.push_back(std::move(r));
  };
  if (!login.empty()) {
    for_each_row(sql, "SELECT login, email FROM users WHERE login = :l AND disabled = 0", add,
                 login);
    return out;
  }
  for_each_row(sql,
               "SELECT u.login, u.email FROM users u JOIN user_roles g ON g.user_id = u.id "
               "WHERE u.disabled = 0 AND g.region_slug = :s AND (:r1 = '' OR g.role = :r2) AND "
               "(:m1 = '' OR g.municipality_code = :m2) ORDER BY u.login",
               add, slug, role, role, municipality, municipality);
  return out;
}

long long enqueue_mail(Session& sql, const MailRow& m) {
  OptBind notice(m.notice_id);
  sql << "INSERT INTO mail_outbox (notice_id, region_slug, to_login, to_address, subject, body, "
         "status, attempts, next_attempt_at, created_at) VALUES (:n, :s, :l, :a, :su, :b, "
         "'pending', 0, :na, :c)",
      soci::use(notice.value, notice.ind), soci::use(m.region_slug), soci::use(m.to_login),
      soci::use(m.to_address), soci::use(m.subject), soci::use(m.body),
      soci::use(m.next_attempt_at), soci::use(m.created_at);
  long long id = 0;
  sql << "SELECT MAX(id) FROM mail_outbox", soci::into(id);
  return id;
}

std::vector<MailRow> due_mail(Session& sql, const std::string& now, int limit) {
  return rows_of(sql,
                 std::string(kMailColumns) +
                     "WHERE status = 'pending' AND next_attempt_at <= :n ORDER BY id LIMIT " +
                     std::to_string(limit),
                 mail_from, now);
}

bool claim_mail(Session& sql, long long id) {
  soci::statement st =
      (sql.prepare << "UPDATE mail_outbox SET status = 'sending' WHERE id = :i AND status = "
                      "'pending'",
       soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void update_mail(Session& sql, const MailRow& m) {
  sql << "UPDATE mail_outbox SET status = :s, attempts = :a, last_error = :e, next_attempt_at = "
         ":n, sent_at = :t WHERE id = :i",
      soci::use(m.status), soci::use(m.attempts), soci::use(m.last_error),
      soci::use(m.next_attempt_at), soci::use(m.sent_at), soci::use(m.id);
}

std::vector<MailRow> load_mail(Session& sql, const std::string& region_slug) {
  return rows_of(sql, std::string(kMailColumns) + "WHERE region_slug = :s ORDER BY id", mail_from,
                 region_slug);
}

}  // namespace kyosei::storage
