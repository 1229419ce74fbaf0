#pragma once
// In-app notices (お知らせ) and reminders, their read marks per user, and the e-mail queue
// (mail_outbox) that the mail worker drains: rows and queries. A notice is addressed to one
// user (to_login) or to everyone holding a role in its region (to_role, "" = any role),
// optionally of one municipality (to_municipality). Functions take the caller's session.

#include <optional>
#include <string>
#include <vector>

#include "storage/common/database.hpp"

namespace kyosei::storage {

struct NoticeRow {
  long long id = 0;
  long long region_id = 0;
  std::string region_slug;  // read only
  std::string to_login;
  std::string to_role;
  std::string to_municipality;
  std::string kind;  // message / round_reminder / milestone_overdue
  std::string title;
  std::string body;
  std::string link;  // a path of the web front end, "" = none
  std::string source_type;
  std::string source_id;
  std::string created_by;
  std::string created_at;
  bool read = false;  // for the login the notices were loaded for
};

long long insert_notice(Session& sql, const NoticeRow& row);
// The notices addressed to `login` by name, and those addressed to roles in the regions
// `slugs` (the caller filters them by the user's grants), newest first, at most `limit` of
// each, with `read` for `login`.
std::vector<NoticeRow> load_notices_for(Session& sql, const std::string& login,
                                        const std::vector<std::string>& slugs, int limit);
std::optional<NoticeRow> load_notice(Session& sql, long long id);
// Marks the notice read for `login`; false when it already was.
bool mark_notice_read(Session& sql, long long notice_id, const std::string& login,
                      const std::string& at);
// The slugs of every region, in order (the automatic reminders visit each).
std::vector<std::string> region_slugs(Session& sql);
// Whether a notice of `source_type`/`source_id` to that role and municipality was created
// at or after `since` (RFC 3339): reminders are sent once a day at most.
bool notice_sent_since(Session& sql, const std::string& source_type, const std::string& source_id,
                       const std::string& to_role, const std::string& to_municipality,
                       const std::string& since);

// A user who receives a notice: login and e-mail address ("" = none).
struct Recipient {
  std::string login;
  std::string email;
};
// The enabled users holding `role` ("" = any role) in region `slug`, of `municipality`
// when not empty, plus `login` when not empty; each once.
std::vector<Recipient> notice_recipients(Session& sql, const std::string& slug,
                                         const std::string& role, const std::string& municipality,
                                         const std::string& login);

// ---- the e-mail queue ----------------------------------------------------------------------
struct MailRow {
  long long id = 0;
  std::optional<long long> notice_id;
  std::string region_slug;
  std::string to_login;
  std::string to_address;
  std::string subject;
  std::string body;
  std::string status = "pending";  // pending / sending / sent / failed
  int attempts = 0;
  std::string last_error;
  std::string next_attempt_at;  // RFC 3339
  std::string created_at;
  std::string sent_at;
};
long long enqueue_mail(Session& sql, const MailRow& row);
// Pending mail due at `now` (RFC 3339), oldest first, at most `limit`.
std::vector<MailRow> due_mail(Session& sql, const std::string& now, int limit);
// Claims a pending mail for sending (status pending → sending); false when another worker
// has it.
bool claim_mail(Session& sql, long long id);
// Writes status, attempts, last_error, next_attempt_at and sent_at.
void update_mail(Session& sql, const MailRow& row);
std::vector<MailRow> load_mail(Session& sql, const std::string& region_slug);

}  // namespace kyosei::storage
