#include "app/notice/notices.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <iterator>
#include <map>

#include "app/common/messages.hpp"
#include "app/common/text.hpp"
#include "app/notice/messages.hpp"
#include "core/common/fiscal_year.hpp"
#include "core/council/schedule.hpp"
#include "core/progress/progress.hpp"
#include "storage/access/user_store.hpp"
#include "storage/council/schedule_store.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app {

namespace json = boost::json;

namespace {

constexpr int kListLimit = 100;

bool addressed_to(const storage::NoticeRow& n, const Principal& who) {
  if (!n.to_login.empty()) return n.to_login == who.login;
  for (const auto* g : who.grants_in(n.region_slug)) {
    if ((n.to_role.empty() || g->role == n.to_role) &&
        (n.to_municipality.empty() || g->municipality_code == n.to_municipality))
      return true;
  }
  return false;
}

json::object notice_json(const storage::NoticeRow& n) {
  return {{"id", n.id},
          {"region", n.region_slug},
          {"kind", n.kind},
          {"title", n.title},
          {"body", n.body},
          {"link", n.link.empty() ? json::value(nullptr) : json::value(n.link)},
          {"created_at", n.created_at},
          {"created_by", n.created_by},
          {"read", n.read}};
}

long long region_or_fail(storage::Session& session, const std::string& slug) {
  auto id = storage::region_id_of(session, slug);
  if (!id) fail(region_not_found(slug));
  return *id;
}

std::optional<long long> parse_id(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

// The start of today in Japan (UTC+9) as RFC 3339 UTC: reminders go out once a day.
std::string start_of_japan_day(const Clock& clock) {
  using namespace std::chrono;
  const auto jst = clock.now() + hours(9);
  const auto start = floor<days>(jst) - hours(9);
  const std::time_t t = system_clock::to_time_t(start);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The calendar date `n` days after `d`.
core::Date plus_days(const core::Date& d, int n) {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{year{d.year} / month{static_cast<unsigned>(d.month)} /
                                    day{static_cast<unsigned>(d.day)}} +
                           days{n}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

bool valid_email(const std::string& e) {
  if (e.empty() || e.size() > 254) return false;
  const auto at = e.find('@');
  if (at == 0 || at == std::string::npos || e.find('@', at + 1) != std::string::npos) return false;
  const std::string domain = e.substr(at + 1);
  if (domain.size() < 3 || domain.find('.') == std::string::npos || domain.front() == '.' ||
      domain.back() == '.')
    return false;
  return std::none_of(e.begin(), e.end(), [](unsigned char c) {
    return c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"';
  });
}

}  // namespace

Notices::Delivered Notices::deliver(UnitOfWork& unit, const std::string& slug,
                                    storage::NoticeRow& n, bool mail) {
  auto& session = unit.session();
  n.created_at = unit.clock().now_utc_iso();
  n.id = storage::insert_notice(session, n);
  Delivered d;
  const auto people =
      storage::notice_recipients(session, slug, n.to_role, n.to_municipality, n.to_login);
  d.recipients = static_cast<int>(people.size());
  if (!mail) return d;
  for (const auto& p : people) {
    if (p.email.empty()) continue;
    storage::MailRow m;
    m.notice_id = n.id;
    m.region_slug = slug;
    m.to_login = p.login;
    m.to_address = p.email;
    m.subject = n.title;
    m.body = n.body + (n.link.empty() ? "" : "\n\n" + n.link);
    m.next_attempt_at = n.created_at;
    m.created_at = n.created_at;
    storage::enqueue_mail(session, m);
    ++d.mail_queued;
  }
  return d;
}

std::variant<json::object, Error> Notices::mine(const Principal& who, bool unread_only) {
  std::vector<std::string> slugs;
  for (const auto& g : who.roles) slugs.push_back(g.region_slug);
  json::array items;
  int unread = 0;
  db_.with_session([&](storage::Session& session) {
    auto rows = storage::load_notices_for(session, who.login, slugs, kListLimit);
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
    for (const auto& n : rows) {
      if (!addressed_to(n, who)) continue;
      if (!n.read) ++unread;
      if (unread_only && n.read) continue;
      if (static_cast<int>(items.size()) < kListLimit) items.push_back(notice_json(n));
    }
  });
  return json::object{{"unread", unread}, {"notices", std::move(items)}};
}

std::optional<Error> Notices::mark_read(const std::string& id, const Principal& who) {
  auto out = run_unit<int>(db_, clock_, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const auto nid = parse_id(id);
    auto n = nid ? storage::load_notice(session, *nid) : std::nullopt;
    if (!n || !addressed_to(*n, who))
      fail(error_of(Errc::kNotFound, msg::notice::notice_not_found, id));
    if (storage::mark_notice_read(session, n->id, who.login, unit.clock().now_utc_iso())) {
      EditContext ctx{&who, std::nullopt};
      unit.audit(audit_entry(ctx, n->region_slug, "read", "notice", id));
    }
    return 0;
  });
  if (auto* e = std::get_if<Error>(&out)) return *e;
  return std::nullopt;
}

std::variant<json::object, Error> Notices::send(const std::string& slug, const json::object& body,
                                                const EditContext& ctx) {
  const bool mail = mail_.load();
  return run_unit<json::object>(db_, clock_, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = region_or_fail(session, slug);
    std::vector<FieldError> errors;
    storage::NoticeRow n;
    n.region_id = region_id;
    n.region_slug = slug;
    n.kind = "message";
    n.created_by = actor_of(ctx);
    auto text = [&](const char* key, std::size_t max, bool required, std::string& out) {
      const std::string ptr = std::string("/") + key;
      if (!body.contains(key) || body.at(key).is_null()) {
        if (required) errors.push_back(field_error(ptr, msg::notice::required));
        return;
      }
      if (!body.at(key).is_string()) {
        errors.push_back(field_error(ptr, msg::notice::must_be_string));
        return;
      }
      std::string t(body.at(key).as_string());
      if (auto p = text_problem(ptr, t, required, max))
        errors.push_back(std::move(*p));
      else
        out = std::move(t);
    };
    for (const auto& [k, v] : body) {
      static constexpr std::string_view kKnown[] = {"title",    "body",    "link",
                                                    "to_login", "to_role", "to_municipality"};
      if (std::find(std::begin(kKnown), std::end(kKnown), std::string_view(k)) == std::end(kKnown))
        errors.push_back(field_error("/" + std::string(k), msg::notice::unknown_field));
    }
    text("title", 200, true, n.title);
    text("body", 4000, false, n.body);
    text("link", 500, false, n.link);
    text("to_login", 100, false, n.to_login);
    text("to_role", 40, false, n.to_role);
    text("to_municipality", 16, false, n.to_municipality);
    if (!n.link.empty() && (n.link.front() != '/' || n.link.rfind("//", 0) == 0))
      errors.push_back(field_error("/link", msg::notice::bad_link));
    if (!n.to_role.empty() && !is_known_role(n.to_role))
      errors.push_back(field_error("/to_role", msg::notice::bad_role));
    if (!n.to_municipality.empty()) {
      const auto towns = storage::load_towns(session, region_id);
      if (std::none_of(towns.begin(), towns.end(),
                       [&](const auto& t) { return t.first == n.to_municipality; }))
        errors.push_back(
            field_error("/to_municipality", msg::notice::not_member_town, n.to_municipality));
    }
    if (!n.to_login.empty() && (!n.to_role.empty() || !n.to_municipality.empty()))
      errors.push_back(field_error("/to_login", msg::notice::unknown_field));
    if (!n.to_login.empty() &&
        storage::notice_recipients(session, slug, "", "", n.to_login).empty())
      errors.push_back(field_error("/to_login", msg::notice::unknown_login, n.to_login));
    if (!errors.empty()) fail(invalid(std::move(errors)));
    const auto d = deliver(unit, slug, n, mail);
    auto e = audit_entry(ctx, slug, "create", "notice", std::to_string(n.id));
    json::object out{
        {"notice", notice_json(n)}, {"recipients", d.recipients}, {"mail_queued", d.mail_queued}};
    e.after_json = json::serialize(out);
    unit.audit(std::move(e));
    return out;
  });
}

namespace {

// Reminder notices to the towns of `round` whose submission is 未提出 or 差戻し. With
// `once_a_day`, a town already reminded of the round since the start of today in Japan is
// skipped (the automatic run); the secretariat's button reminds each time it is pressed.
// {"round_id", "reminded": [{code, name}], "mail_queued": n}; audited when it sent any.
json::object remind_round_in(UnitOfWork& unit, const std::string& slug, long long region_id,
                             const storage::RoundRow& round, const EditContext& ctx,
                             const std::string& actor, bool mail, bool once_a_day) {
  auto& session = unit.session();
  const std::string since = start_of_japan_day(unit.clock());
  std::map<std::string, std::string> names;
  for (auto& [code, name] : storage::load_towns(session, region_id)) names[code] = name;
  const std::string editor(kRoleMunicipalityEditor);
  json::array reminded;
  int queued = 0;
  for (const auto& s : storage::load_submissions(session, round.id)) {
    if (s.state != core::SubmissionState::kNotSubmitted &&
        s.state != core::SubmissionState::kReturned)
      continue;
    if (once_a_day && storage::notice_sent_since(session, "round", std::to_string(round.id), editor,
                                                 s.municipality, since))
      continue;
    const std::string town =
        names.contains(s.municipality) ? names[s.municipality] : s.municipality;
    storage::NoticeRow n;
    n.region_id = region_id;
    n.region_slug = slug;
    n.to_role = editor;
    n.to_municipality = s.municipality;
    n.kind = "round_reminder";
    n.title = msg::notice::round_reminder_title.ja(round.title, round.deadline);
    n.body = msg::notice::round_reminder_body.ja(town);
    n.link = "/r/" + slug + "/tasks";
    n.source_type = "round";
    n.source_id = std::to_string(round.id);
    n.created_by = actor;
    queued += Notices::deliver(unit, slug, n, mail).mail_queued;
    reminded.push_back(json::object{{"code", s.municipality}, {"name", town}});
  }
  json::object out{{"round_id", round.id}, {"reminded", reminded}, {"mail_queued", queued}};
  if (!reminded.empty()) {
    auto e = audit_entry(ctx, slug, "remind", "round", std::to_string(round.id));
    e.actor = actor;
    e.after_json = json::serialize(out);
    unit.audit(std::move(e));
  }
  return out;
}

// Reminder notices for the milestones that are overdue or due within kDueSoonDays — of the
// current fiscal year, the one before (a milestone of last year still not done, such as the
// revision's publication at the end of March) and the next (its first days may be near) — to the
// owner town's editors (or the secretariat), at most once per Japanese day each. {"reminded":
// [milestone ids], "mail_queued": n}; audited when it sent any.
json::object remind_milestones_in(UnitOfWork& unit, const std::string& slug, long long region_id,
                                  const EditContext& ctx, const std::string& actor, bool mail) {
  auto& session = unit.session();
  const auto today_date = unit.clock().today_in_japan();
  const std::string today = core::to_string(today_date);
  const std::string soon = core::to_string(plus_days(today_date, Notices::kDueSoonDays));
  const std::string since = start_of_japan_day(unit.clock());
  json::array reminded;
  int queued = 0;
  // Last year's too: a milestone left overdue at the turn of the year is still reminded.
  const int fy = unit.clock().current_fiscal_year();
  for (const auto& m : storage::load_milestones_between(session, region_id, fy - 1, fy + 1)) {
    const bool overdue = core::milestone_overdue(m.planned_on, m.done_on, today);
    const bool due_soon = m.done_on.empty() && m.planned_on >= today && m.planned_on <= soon;
    if (!overdue && !due_soon) continue;
    const std::string role =
        m.owner.empty() ? std::string(kRoleSecretariat) : std::string(kRoleMunicipalityEditor);
    if (storage::notice_sent_since(session, "milestone", std::to_string(m.id), role, m.owner,
                                   since))
      continue;
    storage::NoticeRow n;
    n.region_id = region_id;
    n.region_slug = slug;
    n.to_role = role;
    n.to_municipality = m.owner;
    n.kind = overdue ? "milestone_overdue" : "milestone_due";
    n.title = overdue ? msg::notice::milestone_reminder_title.ja(m.title, m.planned_on)
                      : msg::notice::milestone_due_title.ja(m.title, m.planned_on);
    n.body =
        overdue ? msg::notice::milestone_reminder_body.ja() : msg::notice::milestone_due_body.ja();
    n.link = "/r/" + slug + "/schedule?fy=" + std::to_string(m.fiscal_year);
    n.source_type = "milestone";
    n.source_id = std::to_string(m.id);
    n.created_by = actor;
    queued += Notices::deliver(unit, slug, n, mail).mail_queued;
    reminded.push_back(m.id);
  }
  json::object out{{"reminded", reminded}, {"mail_queued", queued}};
  if (!reminded.empty()) {
    auto e = audit_entry(ctx, slug, "remind", "schedule", std::to_string(region_id));
    e.actor = actor;
    e.after_json = json::serialize(out);
    unit.audit(std::move(e));
  }
  return out;
}

// Whether the automatic run reminds the towns of `round`: it is still open (not every
// town's submission is 確定 — a round all of whose towns are confirmed is closed) and its
// deadline is at most kDueSoonDays away or past.
bool round_due(storage::Session& session, const storage::RoundRow& round, const std::string& soon) {
  if (round.deadline > soon) return false;
  const auto subs = storage::load_submissions(session, round.id);
  return std::any_of(subs.begin(), subs.end(), [](const storage::SubmissionRow& s) {
    return s.state != core::SubmissionState::kConfirmed;
  });
}

}  // namespace

std::variant<json::object, Error> Notices::remind_round(const std::string& slug,
                                                        const std::string& round_id,
                                                        const EditContext& ctx) {
  const bool mail = mail_.load();
  return run_unit<json::object>(db_, clock_, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = region_or_fail(session, slug);
    const auto rid = parse_id(round_id);
    auto round = rid ? storage::load_round(session, region_id, *rid) : std::nullopt;
    if (!round) fail(error_of(Errc::kNotFound, msg::notice::round_not_found, round_id));
    return remind_round_in(unit, slug, region_id, *round, ctx, actor_of(ctx), mail, false);
  });
}

std::variant<json::object, Error> Notices::remind_overdue(const std::string& slug,
                                                          const EditContext& ctx) {
  const bool mail = mail_.load();
  return run_unit<json::object>(db_, clock_, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = region_or_fail(session, slug);
    return remind_milestones_in(unit, slug, region_id, ctx, actor_of(ctx), mail);
  });
}

std::variant<json::object, Error> Notices::remind_due(const std::optional<std::string>& slug,
                                                      const std::string& actor) {
  const bool mail = mail_.load();
  std::vector<std::string> slugs;
  if (slug) {
    slugs.push_back(*slug);
  } else {
    db_.with_session([&](storage::Session& session) { slugs = storage::region_slugs(session); });
  }
  const EditContext ctx{nullptr, std::nullopt};
  json::array regions;
  int notices = 0;
  int queued = 0;
  for (const auto& s : slugs) {
    // One unit per region: a region's reminders are written (and audited) together.
    auto out = run_region_unit<json::object>(db_, clock_, s, [&](UnitOfWork& unit) {
      auto& session = unit.session();
      const long long region_id = region_or_fail(session, s);
      const std::string soon =
          core::to_string(plus_days(unit.clock().today_in_japan(), kDueSoonDays));
      json::array rounds;
      for (const auto& r : storage::load_rounds(session, region_id)) {
        if (!round_due(session, r, soon)) continue;
        auto one = remind_round_in(unit, s, region_id, r, ctx, actor, mail, true);
        if (!one.at("reminded").as_array().empty()) rounds.push_back(std::move(one));
      }
      auto milestones = remind_milestones_in(unit, s, region_id, ctx, actor, mail);
      return json::object{
          {"region", s}, {"rounds", std::move(rounds)}, {"milestones", std::move(milestones)}};
    });
    if (auto* e = std::get_if<Error>(&out)) return *e;
    auto& r = std::get<json::object>(out);
    for (const auto& one : r.at("rounds").as_array()) {
      notices += static_cast<int>(one.at("reminded").as_array().size());
      queued += static_cast<int>(one.at("mail_queued").as_int64());
    }
    notices += static_cast<int>(r.at("milestones").at("reminded").as_array().size());
    queued += static_cast<int>(r.at("milestones").at("mail_queued").as_int64());
    regions.push_back(std::move(r));
  }
  return json::object{
      {"regions", std::move(regions)}, {"notices", notices}, {"mail_queued", queued}};
}

std::optional<Error> Notices::set_email(const Principal& who, const json::object& body) {
  std::string email;
  std::vector<FieldError> errors;
  for (const auto& [k, v] : body)
    if (k != "email")
      errors.push_back(field_error("/" + std::string(k), msg::notice::unknown_field));
  if (!body.contains("email") || !body.at("email").is_string())
    errors.push_back(field_error("/email", msg::notice::must_be_string));
  else
    email = std::string(body.at("email").as_string());
  if (errors.empty() && !email.empty() && !valid_email(email))
    errors.push_back(field_error("/email", msg::notice::bad_email));
  if (!errors.empty()) return invalid(std::move(errors));
  auto out = run_unit<int>(db_, clock_, [&](UnitOfWork& unit) {
    storage::UserStore users(db_);
    users.set_email(unit.session(), who.user_id, email);
    EditContext ctx{&who, std::nullopt};
    auto e = audit_entry(ctx, "", "update", "user-email", who.login);
    // The address itself is personal data: the trail records that it changed, not what to.
    e.after_json = json::serialize(json::object{{"email_set", !email.empty()}});
    unit.audit(std::move(e));
    return 0;
  });
  if (auto* e = std::get_if<Error>(&out)) return *e;
  return std::nullopt;
}

}  // namespace kyosei::app
