#pragma once
// In-app notices (お知らせ) and reminders (issue 12 item 6, issue 11 "Rounds"; ADR 0014):
// a notice goes to one user or to the holders of a role in a region (optionally of one
// town); each user reads the notices addressed to them on their home page and marks them
// read. Reminders: to the towns that have not submitted a data-collection round, and for
// the year's milestones past their planned date. When e-mail is on (`kyosei serve
// --smtp-url`), each notice also queues one e-mail per recipient with an address, in the
// same transaction; the mail worker (mailer.hpp) sends them later, never on a request
// thread. Every write is one unit of work with an audit entry. Thread-safe.

#include <atomic>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <variant>

#include "app/common/clock.hpp"
#include "app/common/error.hpp"
#include "app/common/precondition.hpp"
#include "app/common/principal.hpp"
#include "app/common/unit_of_work.hpp"
#include "storage/common/database.hpp"
#include "storage/notice/notice_store.hpp"

namespace kyosei::app {

class Notices {
 public:
  explicit Notices(storage::Database& db, const Clock& clock = system_clock())
      : db_(db), clock_(clock) {}

  // Whether notices also queue e-mail (an SMTP relay is configured).
  void set_mail(bool on) { mail_.store(on); }
  bool mail() const { return mail_.load(); }

  // {"unread": n, "notices": [{id, region, kind, title, body, link, created_at, created_by,
  // read}]}: the notices addressed to the caller, newest first (`unread_only`: the unread).
  std::variant<boost::json::object, Error> mine(const Principal& who, bool unread_only);
  // Marks a notice read for the caller; 404 when it is not addressed to them.
  std::optional<Error> mark_read(const std::string& id, const Principal& who);
  // The secretariat's notice. Body {"title", "body"?, "link"?, and one of "to_login" or
  // "to_role" (+ "to_municipality"?)}. {"notice": {…}, "recipients": n, "mail_queued": n}.
  std::variant<boost::json::object, Error> send(const std::string& slug,
                                                const boost::json::object& body,
                                                const EditContext& ctx);
  // A reminder to each town whose submission of the round is 未提出 or 差戻し (to its
  // editors). {"round_id", "reminded": [{code, name}], "mail_queued": n}.
  std::variant<boost::json::object, Error> remind_round(const std::string& slug,
                                                        const std::string& round_id,
                                                        const EditContext& ctx);
  // A reminder for each milestone of the current fiscal year past its planned date or due
  // within kDueSoonDays and not done, to its owner town's editors (or the secretariat), at
  // most once a day each. {"reminded": [milestone ids], "mail_queued": n}.
  std::variant<boost::json::object, Error> remind_overdue(const std::string& slug,
                                                          const EditContext& ctx);
  // The automatic reminders (`kyosei remind`, `kyosei serve --remind-interval`), for one
  // region or every region: the towns that have not submitted (未提出, 差戻し) an open round
  // (not every town 確定) whose deadline is at most kDueSoonDays away or past, and the
  // milestones as remind_overdue does; each town and milestone at most once per Japanese
  // day (a second run the same day sends nothing). One unit per region, audited by
  // `actor`. {"regions": [{"region", "rounds": [{round_id, reminded, mail_queued}],
  // "milestones": {reminded, mail_queued}}], "notices": n, "mail_queued": n}.
  std::variant<boost::json::object, Error> remind_due(const std::optional<std::string>& slug,
                                                      const std::string& actor);
  // How many days ahead a deadline or a milestone counts as due soon.
  static constexpr int kDueSoonDays = 3;
  // The user's own e-mail address (self-service); "" removes it. Body {"email"}.
  std::optional<Error> set_email(const Principal& who, const boost::json::object& body);

  // Inserts `n` and, when mail is on, queues one e-mail per recipient with an address.
  // Returns the number of recipients and of e-mails queued. For use inside a unit.
  struct Delivered {
    int recipients = 0;
    int mail_queued = 0;
  };
  static Delivered deliver(UnitOfWork& unit, const std::string& slug, storage::NoticeRow& n,
                           bool mail);

 private:
  storage::Database& db_;
  const Clock& clock_;
  std::atomic<bool> mail_{false};
};

}  // namespace kyosei::app
