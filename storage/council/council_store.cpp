#include "storage/council/council_store.hpp"

#include <soci/soci.h>

#include "core/common/fiscal_year.hpp"
#include "storage/common/row_util.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::storage {
namespace {

constexpr const char* kMemberColumns =
    "SELECT id, region_id, name, organisation, sector, role, kind, term_start, term_end, "
    "is_public, "
    "user_login, sample, created_by, created_at, version FROM council_members ";

MemberRow member_from(const soci::row& row) {
  MemberRow m;
  std::string role;
  std::string kind;
  RowReader(row) >> m.id >> m.region_id >> m.name >> m.organisation >> m.sector >> role >> kind >>
      m.term_start >> m.term_end >> m.is_public >> m.user_login >> m.sample >> m.created_by >>
      m.created_at >> m.version;
  m.role = core::member_role_from(role).value_or(core::MemberRole::kMember);
  m.kind = core::member_kind_from(kind).value_or(core::MemberKind::kMember);
  return m;
}

constexpr const char* kMeetingColumns =
    "SELECT id, region_id, kind, field_ids, fiscal_year, number, title, held_on, starts_at, "
    "ends_at, place, status, minutes_status, observers, internal_note, sample, created_by, "
    "created_at, version FROM meetings ";

MeetingRow meeting_from(const soci::row& row) {
  MeetingRow m;
  std::string kind;
  std::string fields;
  std::string status;
  std::string minutes;
  RowReader(row) >> m.id >> m.region_id >> kind >> fields >> m.fiscal_year >> m.number >> m.title >>
      m.held_on >> m.starts_at >> m.ends_at >> m.place >> status >> minutes >> m.observers >>
      m.internal_note >> m.sample >> m.created_by >> m.created_at >> m.version;
  m.kind = core::meeting_kind_from(kind).value_or(core::MeetingKind::kCouncil);
  m.field_ids = split_ids(fields);
  m.status = core::meeting_status_from(status).value_or(core::MeetingStatus::kScheduled);
  m.minutes = core::minutes_status_from(minutes).value_or(core::MinutesStatus::kDraft);
  return m;
}

AgendaItemRow agenda_from(const soci::row& row) {
  AgendaItemRow a;
  RowReader(row) >> a.title >> a.targets;
  return a;
}

void attach_agenda(Session& sql, MeetingRow& m) {
  m.agenda = rows_of(sql,
                     "SELECT title, targets FROM meeting_agenda_items WHERE meeting_id = :m "
                     "ORDER BY position, id",
                     agenda_from, m.id);
}

void write_agenda(Session& sql, const MeetingRow& m) {
  sql << "DELETE FROM meeting_agenda_items WHERE meeting_id = :m", soci::use(m.id);
  int position = 0;
  for (const auto& a : m.agenda) {
    sql << "INSERT INTO meeting_agenda_items (meeting_id, position, title, targets) "
           "VALUES (:m, :p, :t, :x)",
        soci::use(m.id), soci::use(position), soci::use(a.title), soci::use(a.targets);
    ++position;
  }
}

constexpr const char* kRemarkColumns =
    "SELECT r.id, r.meeting_id, r.position, r.speaker_member_id, r.speaker, r.body, "
    "r.internal_note, r.sample, r.created_by, r.created_at, r.version FROM meeting_remarks r ";

RemarkRow remark_from(const soci::row& row) {
  RemarkRow r;
  RowReader(row) >> r.id >> r.meeting_id >> r.position >> r.speaker_member_id >> r.speaker >>
      r.body >> r.internal_note >> r.sample >> r.created_by >> r.created_at >> r.version;
  return r;
}

constexpr const char* kOpinionColumns =
    "SELECT id, region_id, fiscal_year, round, source, meeting_id, remark_id, received_on, kind, "
    "targets, body, submitter, submitter_member_id, assigned_to, policy, answer, answered_by, "
    "answered_at, status, reason, comment_class, internal_note, published, sample, created_by, "
    "created_at, changed_by, changed_at, version FROM opinions ";

OpinionRow opinion_from(const soci::row& row) {
  OpinionRow o;
  std::string source;
  std::string kind;
  std::string status;
  RowReader(row) >> o.id >> o.region_id >> o.fiscal_year >> o.round >> source >> o.meeting_id >>
      o.remark_id >> o.received_on >> kind >> o.targets >> o.body >> o.submitter >>
      o.submitter_member_id >> o.assigned_to >> o.policy >> o.answer >> o.answered_by >>
      o.answered_at >> status >> o.reason >> o.comment_class >> o.internal_note >> o.published >>
      o.sample >> o.created_by >> o.created_at >> o.changed_by >> o.changed_at >> o.version;
  o.source = core::opinion_source_from(source).value_or(core::OpinionSource::kWritten);
  o.kind = core::opinion_kind_from(kind).value_or(core::OpinionKind::kOther);
  o.status = core::opinion_status_from(status).value_or(core::OpinionStatus::kOpen);
  return o;
}

long long last_id(Session& sql, const char* table, const char* scope_column, long long scope) {
  long long id = 0;
  sql << std::string("SELECT MAX(id) FROM ") + table + " WHERE " + scope_column + " = :s",
      soci::use(scope), soci::into(id);
  return id;
}

}  // namespace

// ---- the register ---------------------------------------------------------------------------

std::vector<MemberRow> load_members(Session& sql, long long region_id) {
  return rows_of(sql,
                 std::string(kMemberColumns) +
                     "WHERE region_id = :r ORDER BY CASE kind WHEN 'member' THEN 0 WHEN "
                     "'observer' THEN 1 ELSE 2 END, CASE role WHEN 'chair' THEN 0 WHEN "
                     "'vice_chair' THEN 1 ELSE 2 END, term_start, id",
                 member_from, region_id);
}

std::optional<MemberRow> load_member(Session& sql, long long region_id, long long id) {
  auto rows = rows_of(sql, std::string(kMemberColumns) + "WHERE region_id = :r AND id = :id",
                      member_from, region_id, id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

long long insert_member(Session& sql, const MemberRow& m) {
  const std::string role(core::code(m.role));
  const std::string kind(core::code(m.kind));
  const int pub = m.is_public ? 1 : 0;
  const int sample = m.sample ? 1 : 0;
  sql << "INSERT INTO council_members (region_id, name, organisation, sector, role, kind, "
         "term_start, term_end, is_public, user_login, sample, created_by, created_at) VALUES (:r, "
         ":n, :o, :s, :ro, :k, :ts, :te, :p, :u, :sa, :by, :at)",
      soci::use(m.region_id), soci::use(m.name), soci::use(m.organisation), soci::use(m.sector),
      soci::use(role), soci::use(kind), soci::use(m.term_start), soci::use(m.term_end),
      soci::use(pub), soci::use(m.user_login), soci::use(sample), soci::use(m.created_by),
      soci::use(m.created_at);
  return last_id(sql, "council_members", "region_id", m.region_id);
}

void update_member(Session& sql, const MemberRow& m) {
  const std::string role(core::code(m.role));
  const std::string kind(core::code(m.kind));
  const int pub = m.is_public ? 1 : 0;
  sql << "UPDATE council_members SET name = :n, organisation = :o, sector = :s, role = :ro, "
         "kind = :k, term_start = :ts, term_end = :te, is_public = :p, user_login = :u, "
         "version = version + 1 WHERE id = :id",
      soci::use(m.name), soci::use(m.organisation), soci::use(m.sector), soci::use(role),
      soci::use(kind), soci::use(m.term_start), soci::use(m.term_end), soci::use(pub),
      soci::use(m.user_login), soci::use(m.id);
}

// ---- meetings ---------------------------------------------------------------------------------

std::vector<MeetingRow> load_meetings(Session& sql, long long region_id, int fiscal_year) {
  auto rows = rows_of(sql,
                      std::string(kMeetingColumns) +
                          "WHERE region_id = :r AND (:fy = 0 OR fiscal_year = :fy2) "
                          "ORDER BY held_on, starts_at, id",
                      meeting_from, region_id, fiscal_year, fiscal_year);
  for (auto& m : rows) attach_agenda(sql, m);
  return rows;
}

std::optional<MeetingRow> load_meeting(Session& sql, long long region_id, long long id) {
  auto rows = rows_of(sql, std::string(kMeetingColumns) + "WHERE region_id = :r AND id = :id",
                      meeting_from, region_id, id);
  if (rows.empty()) return std::nullopt;
  attach_agenda(sql, rows.front());
  return rows.front();
}

long long insert_meeting(Session& sql, const MeetingRow& m) {
  const std::string kind(core::code(m.kind));
  const std::string fields = join_ids(m.field_ids);
  const std::string status(core::code(m.status));
  const std::string minutes(core::code(m.minutes));
  OptBind observers(m.observers);
  const int sample = m.sample ? 1 : 0;
  sql << "INSERT INTO meetings (region_id, kind, field_ids, fiscal_year, number, title, held_on, "
         "starts_at, ends_at, place, status, minutes_status, observers, internal_note, sample, "
         "created_by, created_at) VALUES (:r, :k, :f, :fy, :n, :t, :h, :s, :e, :p, :st, :mi, :o, "
         ":no, :sa, :by, :at)",
      soci::use(m.region_id), soci::use(kind), soci::use(fields), soci::use(m.fiscal_year),
      soci::use(m.number), soci::use(m.title), soci::use(m.held_on), soci::use(m.starts_at),
      soci::use(m.ends_at), soci::use(m.place), soci::use(status), soci::use(minutes),
      soci::use(observers.value, observers.ind), soci::use(m.internal_note), soci::use(sample),
      soci::use(m.created_by), soci::use(m.created_at);
  MeetingRow stored = m;
  stored.id = last_id(sql, "meetings", "region_id", m.region_id);
  write_agenda(sql, stored);
  return stored.id;
}

void update_meeting(Session& sql, const MeetingRow& m) {
  const std::string kind(core::code(m.kind));
  const std::string fields = join_ids(m.field_ids);
  const std::string status(core::code(m.status));
  const std::string minutes(core::code(m.minutes));
  OptBind observers(m.observers);
  sql << "UPDATE meetings SET kind = :k, field_ids = :f, fiscal_year = :fy, number = :n, "
         "title = :t, held_on = :h, starts_at = :s, ends_at = :e, place = :p, status = :st, "
         "minutes_status = :mi, observers = :o, internal_note = :no, version = version + 1 "
         "WHERE id = :id",
      soci::use(kind), soci::use(fields), soci::use(m.fiscal_year), soci::use(m.number),
      soci::use(m.title), soci::use(m.held_on), soci::use(m.starts_at), soci::use(m.ends_at),
      soci::use(m.place), soci::use(status), soci::use(minutes),
      soci::use(observers.value, observers.ind), soci::use(m.internal_note), soci::use(m.id);
  write_agenda(sql, m);
}

std::vector<AttendanceRow> load_attendance(Session& sql, long long meeting_id) {
  std::vector<AttendanceRow> out;
  for_each_row(
      sql,
      "SELECT member_id, present FROM meeting_attendance WHERE meeting_id = :m ORDER BY member_id",
      [&](const soci::row& row) {
        out.push_back({as_int(row, 0), as_int(row, 1) != 0});
      },
      meeting_id);
  return out;
}

void replace_attendance(Session& sql, long long meeting_id,
                        const std::vector<AttendanceRow>& rows) {
  sql << "DELETE FROM meeting_attendance WHERE meeting_id = :m", soci::use(meeting_id);
  for (const auto& a : rows) {
    const int present = a.present ? 1 : 0;
    sql << "INSERT INTO meeting_attendance (meeting_id, member_id, present) VALUES (:m, :x, :p)",
        soci::use(meeting_id), soci::use(a.member_id), soci::use(present);
  }
}

// ---- remarks ----------------------------------------------------------------------------------

std::vector<RemarkRow> load_remarks(Session& sql, long long meeting_id) {
  return rows_of(sql,
                 std::string(kRemarkColumns) + "WHERE r.meeting_id = :m ORDER BY r.position, r.id",
                 remark_from, meeting_id);
}

std::optional<RemarkRow> load_remark(Session& sql, long long region_id, long long remark_id) {
  auto rows = rows_of(sql,
                      std::string(kRemarkColumns) +
                          "JOIN meetings m ON m.id = r.meeting_id WHERE m.region_id = :r AND "
                          "r.id = :id",
                      remark_from, region_id, remark_id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

long long insert_remark(Session& sql, const RemarkRow& r) {
  int position = 0;
  sql << "SELECT COALESCE(MAX(position), 0) FROM meeting_remarks WHERE meeting_id = :m",
      soci::use(r.meeting_id), soci::into(position);
  ++position;
  OptBind speaker(r.speaker_member_id);
  const int sample = r.sample ? 1 : 0;
  sql << "INSERT INTO meeting_remarks (meeting_id, position, speaker_member_id, speaker, body, "
         "internal_note, sample, created_by, created_at) VALUES (:m, :p, :sm, :s, :b, :n, :sa, "
         ":by, :at)",
      soci::use(r.meeting_id), soci::use(position), soci::use(speaker.value, speaker.ind),
      soci::use(r.speaker), soci::use(r.body), soci::use(r.internal_note), soci::use(sample),
      soci::use(r.created_by), soci::use(r.created_at);
  return last_id(sql, "meeting_remarks", "meeting_id", r.meeting_id);
}

void update_remark(Session& sql, const RemarkRow& r) {
  OptBind speaker(r.speaker_member_id);
  sql << "UPDATE meeting_remarks SET speaker_member_id = :sm, speaker = :s, body = :b, "
         "internal_note = :n, version = version + 1 WHERE id = :id",
      soci::use(speaker.value, speaker.ind), soci::use(r.speaker), soci::use(r.body),
      soci::use(r.internal_note), soci::use(r.id);
}

// ---- opinions ---------------------------------------------------------------------------------

std::vector<OpinionRow> load_opinions(Session& sql, long long region_id, int fiscal_year,
                                      int round) {
  return rows_of(sql,
                 std::string(kOpinionColumns) +
                     "WHERE region_id = :r AND (:fy = 0 OR fiscal_year = :fy2) AND "
                     "(:rd = 0 OR round = :rd2) ORDER BY fiscal_year, round, received_on, id",
                 opinion_from, region_id, fiscal_year, fiscal_year, round, round);
}

std::optional<OpinionRow> load_opinion(Session& sql, long long region_id, long long id) {
  auto rows = rows_of(sql, std::string(kOpinionColumns) + "WHERE region_id = :r AND id = :id",
                      opinion_from, region_id, id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

long long insert_opinion(Session& sql, const OpinionRow& o) {
  const std::string source(core::code(o.source));
  const std::string kind(core::code(o.kind));
  const std::string status(core::code(o.status));
  OptBind meeting(o.meeting_id);
  OptBind remark(o.remark_id);
  OptBind member(o.submitter_member_id);
  const int published = o.published ? 1 : 0;
  const int sample = o.sample ? 1 : 0;
  sql << "INSERT INTO opinions (region_id, fiscal_year, round, source, meeting_id, remark_id, "
         "received_on, kind, targets, body, submitter, submitter_member_id, assigned_to, policy, "
         "answer, answered_by, answered_at, status, reason, comment_class, internal_note, "
         "published, sample, created_by, created_at, changed_by, changed_at) VALUES (:r, :fy, "
         ":rd, :so, :m, :rm, :rc, :k, :t, :b, :su, :sm, :as, :po, :an, :ab, :aa, :st, :re, :cc, "
         ":no, :pu, :sa, :cb, :ca, :hb, :ha)",
      soci::use(o.region_id), soci::use(o.fiscal_year), soci::use(o.round), soci::use(source),
      soci::use(meeting.value, meeting.ind), soci::use(remark.value, remark.ind),
      soci::use(o.received_on), soci::use(kind), soci::use(o.targets), soci::use(o.body),
      soci::use(o.submitter), soci::use(member.value, member.ind), soci::use(o.assigned_to),
      soci::use(o.policy), soci::use(o.answer), soci::use(o.answered_by), soci::use(o.answered_at),
      soci::use(status), soci::use(o.reason), soci::use(o.comment_class),
      soci::use(o.internal_note), soci::use(published), soci::use(sample), soci::use(o.created_by),
      soci::use(o.created_at), soci::use(o.changed_by), soci::use(o.changed_at);
  return last_id(sql, "opinions", "region_id", o.region_id);
}

void update_opinion(Session& sql, const OpinionRow& o) {
  const std::string kind(core::code(o.kind));
  const std::string status(core::code(o.status));
  OptBind member(o.submitter_member_id);
  const int published = o.published ? 1 : 0;
  sql << "UPDATE opinions SET fiscal_year = :fy, round = :rd, received_on = :rc, kind = :k, "
         "targets = :t, body = :b, submitter = :su, submitter_member_id = :sm, assigned_to = :as, "
         "policy = :po, answer = :an, answered_by = :ab, answered_at = :aa, status = :st, "
         "reason = :re, comment_class = :cc, internal_note = :no, published = :pu, "
         "changed_by = :hb, changed_at = :ha, version = version + 1 WHERE id = :id",
      soci::use(o.fiscal_year), soci::use(o.round), soci::use(o.received_on), soci::use(kind),
      soci::use(o.targets), soci::use(o.body), soci::use(o.submitter),
      soci::use(member.value, member.ind), soci::use(o.assigned_to), soci::use(o.policy),
      soci::use(o.answer), soci::use(o.answered_by), soci::use(o.answered_at), soci::use(status),
      soci::use(o.reason), soci::use(o.comment_class), soci::use(o.internal_note),
      soci::use(published), soci::use(o.changed_by), soci::use(o.changed_at), soci::use(o.id);
}

// ---- lookups ----------------------------------------------------------------------------------

std::optional<std::string> target_name(Session& sql, long long region_id,
                                       const core::OpinionTarget& t) {
  std::string query;
  switch (t.kind) {
    case core::TargetKind::kVision:
      query = "SELECT vision_title FROM regions WHERE id = :r AND 0 = :id";
      break;
    case core::TargetKind::kField:
      query = "SELECT name FROM fields WHERE region_id = :r AND id = :id AND deleted_at IS NULL";
      break;
    case core::TargetKind::kCategory:
      query =
          "SELECT c.name FROM categories c JOIN fields f ON f.id = c.field_id WHERE "
          "f.region_id = :r AND c.id = :id AND c.deleted_at IS NULL AND f.deleted_at IS NULL";
      break;
    case core::TargetKind::kAction:
      query =
          "SELECT x.text FROM actions x JOIN category_years y ON y.id = x.category_year_id "
          "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id WHERE "
          "f.region_id = :r AND x.id = :id AND x.deleted_at IS NULL AND c.deleted_at IS NULL";
      break;
    case core::TargetKind::kKpi:
      query =
          "SELECT k.name FROM kpis k JOIN categories c ON c.id = k.category_id JOIN fields f ON "
          "f.id = c.field_id WHERE f.region_id = :r AND k.id = :id AND c.deleted_at IS NULL";
      break;
    case core::TargetKind::kRound:
      query = "SELECT title FROM rounds WHERE region_id = :r AND id = :id";
      break;
    case core::TargetKind::kCouncilMaterial: {
      // A fiscal year of the region's plan period.
      int n = 0;
      sql << "SELECT COUNT(*) FROM regions WHERE id = :r AND plan_from <= :y AND plan_to >= :y2",
          soci::use(region_id), soci::use(t.id), soci::use(t.id), soci::into(n);
      if (n == 0) return std::nullopt;
      return core::wareki_label(static_cast<int>(t.id)) + " 共生ビジョン懇談会 資料";
    }
  }
  std::optional<std::string> out;
  for_each_row(
      sql, query, [&](const soci::row& row) { out = as_text(row, 0); }, region_id, t.id);
  return out;
}

bool council_user_exists(Session& sql, const std::string& region_slug, const std::string& login) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM users u JOIN user_roles g ON g.user_id = u.id WHERE u.login = :l "
         "AND g.region_slug = :s AND g.role = 'council_member'",
      soci::use(login), soci::use(region_slug), soci::into(n);
  return n > 0;
}

int count_sample_meetings(Session& sql, long long region_id, int fiscal_year) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM meetings WHERE region_id = :r AND fiscal_year = :fy AND sample = 1",
      soci::use(region_id), soci::use(fiscal_year), soci::into(n);
  return n;
}

}  // namespace kyosei::storage
