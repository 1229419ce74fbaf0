#include "storage/progress/progress_store.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "storage/common/hash.hpp"
#include "storage/common/row_util.hpp"
#include "storage/common/statement_cache.hpp"

namespace kyosei::storage {
namespace {

constexpr const char* kActionColumns =
    "SELECT x.id, y.fiscal_year, f.id, f.name, c.id, c.name, COALESCE(x.initiative_id, 0), "
    "COALESCE(i.text, ''), x.text, x.all_participate "
    "FROM actions x JOIN category_years y ON y.id = x.category_year_id "
    "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id "
    "JOIN policy_areas a ON a.id = f.policy_area_id "
    "LEFT JOIN initiatives i ON i.id = x.initiative_id ";
constexpr const char* kActionOrder =
    " ORDER BY y.fiscal_year, a.position, f.position, c.position, "
    "COALESCE(i.position, -1), x.position, x.id";

constexpr const char* kProgressColumns =
    "SELECT p.id, p.action_id, p.municipality_code, p.status, p.result, p.sessions, "
    "p.participants, p.cost_yen, p.sample, p.entered_by, p.entered_at, p.version "
    "FROM progress_records p ";

constexpr const char* kEvaluationColumns =
    "SELECT e.id, e.action_id, e.grade, e.comment, e.next_direction, e.sample, e.entered_by, "
    "e.entered_at, e.version FROM evaluations e ";

constexpr const char* kRoundColumns =
    "SELECT id, region_id, fiscal_year, title, deadline, field_ids, kpi_ids, sample, opened_by, "
    "opened_at, version FROM rounds ";

constexpr const char* kEvidenceColumns =
    "SELECT e.id, e.progress_id, p.action_id, p.municipality_code, e.file_name, e.media_type, "
    "e.size_bytes, e.sha256, e.uploaded_by, e.uploaded_at FROM evidence_files e "
    "JOIN progress_records p ON p.id = e.progress_id ";

ActionInfo action_from(const soci::row& row) {
  ActionInfo a;
  RowReader(row) >> a.id >> a.fiscal_year >> a.field_id >> a.field >> a.category_id >> a.category >>
      a.initiative_id >> a.initiative >> a.text >> a.all_participate;
  return a;
}

void attach_participants(Session& sql, std::vector<ActionInfo>& actions, long long region_id,
                         int fiscal_year) {
  std::map<long long, ActionInfo*> by_id;
  for (auto& a : actions) by_id[a.id] = &a;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT p.action_id, p.municipality_code FROM action_participants p "
                      "JOIN actions x ON x.id = p.action_id "
                      "JOIN category_years y ON y.id = x.category_year_id "
                      "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = "
                      "c.field_id WHERE f.region_id = :r AND (:fy = 0 OR y.fiscal_year = :fy2) "
                      "ORDER BY p.action_id, p.position",
       soci::use(region_id), soci::use(fiscal_year), soci::use(fiscal_year));
  for (const auto& row : rs) {
    auto it = by_id.find(as_int(row, 0));
    if (it != by_id.end()) it->second->participants.push_back(as_text(row, 1));
  }
}

ProgressRow progress_from(const soci::row& row) {
  ProgressRow p;
  std::string status;
  RowReader(row) >> p.id >> p.action_id >> p.municipality >> status >> p.result >> p.sessions >>
      p.participants >> p.cost_yen >> p.sample >> p.entered_by >> p.entered_at >> p.version;
  p.status = core::progress_status_from(status).value_or(core::ProgressStatus::kPlanned);
  return p;
}

EvaluationRow evaluation_from(const soci::row& row) {
  EvaluationRow e;
  std::string next;
  RowReader(row) >> e.id >> e.action_id >> e.grade >> e.comment >> next >> e.sample >>
      e.entered_by >> e.entered_at >> e.version;
  e.next = core::next_direction_from(next).value_or(core::NextDirection::kContinue);
  return e;
}

constexpr const char* kYearJoin =
    "JOIN actions x ON x.id = {}.action_id JOIN category_years y ON y.id = x.category_year_id "
    "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id ";

std::string year_join(const char* alias) {
  std::string s = kYearJoin;
  s.replace(s.find("{}"), 2, alias);
  return s;
}

// The rows of `columns` (a SELECT ... FROM <table> <alias>), each read by `from`, whose action
// is live in the region's fiscal year (0 = every year), in `order`.
template <class T>
std::vector<T> rows_in_year(Session& sql, const char* columns, const char* alias, const char* order,
                            T (*from)(const soci::row&), long long region_id, int fiscal_year) {
  return rows_of(sql,
                 std::string(columns) + year_join(alias) +
                     "WHERE f.region_id = :r AND (:fy = 0 OR y.fiscal_year = :fy2) AND "
                     "x.deleted_at IS NULL AND c.deleted_at IS NULL AND f.deleted_at IS NULL " +
                     order,
                 from, region_id, fiscal_year, fiscal_year);
}

RoundRow round_from(const soci::row& row) {
  RoundRow r;
  std::string fields;
  std::string kpis;
  RowReader(row) >> r.id >> r.region_id >> r.fiscal_year >> r.title >> r.deadline >> fields >>
      kpis >> r.sample >> r.opened_by >> r.opened_at >> r.version;
  r.field_ids = split_ids(fields);
  r.kpi_ids = split_ids(kpis);
  return r;
}

EvidenceRow evidence_from(const soci::row& row) {
  EvidenceRow e;
  RowReader(row) >> e.id >> e.progress_id >> e.action_id >> e.municipality >> e.file_name >>
      e.media_type >> e.size_bytes >> e.sha256 >> e.uploaded_by >> e.uploaded_at;
  return e;
}

SubmissionRow submission_from(const soci::row& row) {
  SubmissionRow s;
  std::string state;
  RowReader(row) >> s.id >> s.round_id >> s.municipality >> state >> s.reason >> s.changed_by >>
      s.changed_at >> s.version;
  s.state = core::submission_state_from(state).value_or(core::SubmissionState::kNotSubmitted);
  return s;
}

}  // namespace

void read_consistently(Session& sql, const std::function<void()>& reads) {
  soci::transaction tr(sql);
  reads();
  tr.commit();
}

bool ActionInfo::takes_part(const std::string& code) const {
  return all_participate ||
         std::find(participants.begin(), participants.end(), code) != participants.end();
}

std::string join_ids(const std::vector<long long>& ids) {
  std::string out;
  for (auto id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

std::vector<long long> split_ids(const std::string& text) {
  std::vector<long long> out;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    if (!part.empty()) out.push_back(std::stoll(part));
  }
  return out;
}

std::optional<long long> region_id_of(Session& sql, const std::string& slug) {
  std::optional<long long> id;
  cached_rows(
      sql, "SELECT id FROM regions WHERE slug = :s",
      [&](const soci::row& row) {
        if (row.get_indicator(0) != soci::i_null) id = as_int(row, 0);
      },
      slug);
  return id;
}

std::vector<std::pair<std::string, std::string>> load_towns(Session& sql, long long region_id) {
  std::vector<std::pair<std::string, std::string>> out;
  cached_rows(
      sql,
      "SELECT code, name FROM municipalities WHERE region_id = :r AND deleted_at IS NULL "
      "ORDER BY position",
      [&](const soci::row& row) { out.emplace_back(as_text(row, 0), as_text(row, 1)); }, region_id);
  return out;
}

std::pair<int, int> plan_period(Session& sql, long long region_id) {
  int from = 0;
  int to = 0;
  sql << "SELECT plan_from, plan_to FROM regions WHERE id = :r", soci::use(region_id),
      soci::into(from), soci::into(to);
  return {from, to};
}

bool field_in_region(Session& sql, long long region_id, long long field_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM fields WHERE id = :i AND region_id = :r AND deleted_at IS NULL",
      soci::use(field_id), soci::use(region_id), soci::into(n);
  return n > 0;
}

bool kpi_in_region(Session& sql, long long region_id, long long kpi_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM kpis k JOIN categories c ON c.id = k.category_id JOIN fields f "
         "ON f.id = c.field_id WHERE k.id = :i AND f.region_id = :r AND c.deleted_at IS NULL "
         "AND f.deleted_at IS NULL",
      soci::use(kpi_id), soci::use(region_id), soci::into(n);
  return n > 0;
}

int count_rounds(Session& sql, long long region_id) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM rounds WHERE region_id = :r", soci::use(region_id), soci::into(n);
  return n;
}

std::vector<ActionInfo> load_actions(Session& sql, long long region_id, int fiscal_year) {
  auto out = rows_of(sql,
                     std::string(kActionColumns) +
                         "WHERE f.region_id = :r AND (:fy = 0 OR y.fiscal_year = :fy2) AND "
                         "x.deleted_at IS NULL AND c.deleted_at IS NULL AND f.deleted_at IS NULL" +
                         kActionOrder,
                     action_from, region_id, fiscal_year, fiscal_year);
  attach_participants(sql, out, region_id, fiscal_year);
  return out;
}

std::optional<ActionInfo> load_action(Session& sql, long long region_id, long long action_id) {
  // The action with its participants in one statement: one row per participant (one row
  // with a NULL code when none are listed).
  static const std::string query =
      "SELECT x.id, y.fiscal_year, f.id, f.name, c.id, c.name, COALESCE(x.initiative_id, 0), "
      "COALESCE(i.text, ''), x.text, x.all_participate, pa.municipality_code "
      "FROM actions x JOIN category_years y ON y.id = x.category_year_id "
      "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id "
      "JOIN policy_areas a ON a.id = f.policy_area_id "
      "LEFT JOIN initiatives i ON i.id = x.initiative_id "
      "LEFT JOIN action_participants pa ON pa.action_id = x.id "
      "WHERE x.id = :a AND f.region_id = :r AND x.deleted_at IS NULL AND "
      "c.deleted_at IS NULL AND f.deleted_at IS NULL ORDER BY pa.position";
  std::optional<ActionInfo> out;
  cached_rows(
      sql, query,
      [&](const soci::row& row) {
        if (!out) out = action_from(row);
        if (row.get_indicator(10) != soci::i_null) out->participants.push_back(as_text(row, 10));
      },
      action_id, region_id);
  return out;
}

std::vector<ProgressRow> load_progress(Session& sql, long long region_id, int fiscal_year) {
  return rows_in_year(sql, kProgressColumns, "p", "ORDER BY p.action_id, p.municipality_code",
                      progress_from, region_id, fiscal_year);
}

std::optional<ProgressRow> find_progress(Session& sql, long long action_id,
                                         const std::string& municipality) {
  static const std::string query =
      std::string(kProgressColumns) + "WHERE p.action_id = :a AND p.municipality_code = :m";
  std::optional<ProgressRow> out;
  cached_rows(
      sql, query, [&](const soci::row& row) { out = progress_from(row); }, action_id, municipality);
  return out;
}

long long write_progress(Session& sql, const ProgressRow& p) {
  const Nullable sessions(p.sessions);
  const Nullable participants(p.participants);
  const Nullable cost(p.cost_yen);
  const std::string status(core::code(p.status));
  const int sample = p.sample ? 1 : 0;
  if (p.id == 0) {
    cached_exec(sql,
                "INSERT INTO progress_records (action_id, municipality_code, status, result, "
                "sessions, participants, cost_yen, sample, entered_by, entered_at) VALUES (:a, "
                ":m, :s, :r, :se, :pa, :co, :sa, :by, :at)",
                p.action_id, p.municipality, status, p.result, sessions, participants, cost, sample,
                p.entered_by, p.entered_at);
    long long id = 0;
    cached_rows(
        sql, "SELECT id FROM progress_records WHERE action_id = :a AND municipality_code = :m",
        [&](const soci::row& row) { id = as_int(row, 0); }, p.action_id, p.municipality);
    return id;
  }
  cached_exec(sql,
              "UPDATE progress_records SET status = :s, result = :r, sessions = :se, "
              "participants = :pa, cost_yen = :co, sample = :sa, entered_by = :by, entered_at = "
              ":at, version = version + 1 WHERE id = :i",
              status, p.result, sessions, participants, cost, sample, p.entered_by, p.entered_at,
              p.id);
  return p.id;
}

std::vector<EvaluationRow> load_evaluations(Session& sql, long long region_id, int fiscal_year) {
  return rows_in_year(sql, kEvaluationColumns, "e", "ORDER BY e.action_id", evaluation_from,
                      region_id, fiscal_year);
}

std::optional<EvaluationRow> find_evaluation(Session& sql, long long action_id) {
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kEvaluationColumns) + "WHERE e.action_id = :a",
       soci::use(action_id));
  for (const auto& row : rs) return evaluation_from(row);
  return std::nullopt;
}

long long write_evaluation(Session& sql, const EvaluationRow& e) {
  const std::string next(core::code(e.next));
  const int sample = e.sample ? 1 : 0;
  if (e.id == 0) {
    sql << "INSERT INTO evaluations (action_id, grade, comment, next_direction, sample, "
           "entered_by, entered_at) VALUES (:a, :g, :c, :n, :s, :by, :at)",
        soci::use(e.action_id), soci::use(e.grade), soci::use(e.comment), soci::use(next),
        soci::use(sample), soci::use(e.entered_by), soci::use(e.entered_at);
    long long id = 0;
    sql << "SELECT id FROM evaluations WHERE action_id = :a", soci::use(e.action_id),
        soci::into(id);
    return id;
  }
  sql << "UPDATE evaluations SET grade = :g, comment = :c, next_direction = :n, sample = :s, "
         "entered_by = :by, entered_at = :at, version = version + 1 WHERE id = :i",
      soci::use(e.grade), soci::use(e.comment), soci::use(next), soci::use(sample),
      soci::use(e.entered_by), soci::use(e.entered_at), soci::use(e.id);
  return e.id;
}

std::vector<RoundRow> load_rounds(Session& sql, long long region_id) {
  return rows_of(
      sql, std::string(kRoundColumns) + "WHERE region_id = :r ORDER BY fiscal_year DESC, id DESC",
      round_from, region_id);
}

std::optional<RoundRow> load_round(Session& sql, long long region_id, long long round_id) {
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kRoundColumns) + "WHERE region_id = :r AND id = :i",
       soci::use(region_id), soci::use(round_id));
  for (const auto& row : rs) return round_from(row);
  return std::nullopt;
}

long long insert_round(Session& sql, const RoundRow& r) {
  const std::string fields = join_ids(r.field_ids);
  const std::string kpis = join_ids(r.kpi_ids);
  const int sample = r.sample ? 1 : 0;
  sql << "INSERT INTO rounds (region_id, fiscal_year, title, deadline, field_ids, kpi_ids, "
         "sample, opened_by, opened_at) VALUES (:r, :fy, :t, :d, :f, :k, :s, :by, :at)",
      soci::use(r.region_id), soci::use(r.fiscal_year), soci::use(r.title), soci::use(r.deadline),
      soci::use(fields), soci::use(kpis), soci::use(sample), soci::use(r.opened_by),
      soci::use(r.opened_at);
  long long id = 0;
  sql << "SELECT MAX(id) FROM rounds WHERE region_id = :r", soci::use(r.region_id), soci::into(id);
  return id;
}

std::vector<SubmissionRow> load_submissions(Session& sql, long long round_id) {
  return rows_of(sql,
                 "SELECT s.id, s.round_id, s.municipality_code, s.state, s.reason, s.changed_by, "
                 "s.changed_at, s.version FROM round_submissions s WHERE s.round_id = :r "
                 "ORDER BY s.id",
                 submission_from, round_id);
}

void insert_submission(Session& sql, const SubmissionRow& s) {
  const std::string state(core::code(s.state));
  sql << "INSERT INTO round_submissions (round_id, municipality_code, state, reason, changed_by, "
         "changed_at) VALUES (:r, :m, :s, :re, :by, :at)",
      soci::use(s.round_id), soci::use(s.municipality), soci::use(state), soci::use(s.reason),
      soci::use(s.changed_by), soci::use(s.changed_at);
}

void update_submission(Session& sql, const SubmissionRow& s) {
  const std::string state(core::code(s.state));
  sql << "UPDATE round_submissions SET state = :s, reason = :re, changed_by = :by, changed_at = "
         ":at, version = version + 1 WHERE id = :i",
      soci::use(state), soci::use(s.reason), soci::use(s.changed_by), soci::use(s.changed_at),
      soci::use(s.id);
}

std::optional<core::SubmissionState> period_state(Session& sql, long long region_id,
                                                  int fiscal_year, const std::string& municipality,
                                                  long long field_id, long long kpi_id) {
  // Every round of the year that covers the record counts; the most restrictive state wins
  // (確定, then 提出済), so opening another round never unlocks a confirmed period.
  auto rank = [](core::SubmissionState st) {
    switch (st) {
      case core::SubmissionState::kConfirmed: return 3;
      case core::SubmissionState::kSubmitted: return 2;
      default: return 1;
    }
  };
  auto contains = [](const std::vector<long long>& ids, long long id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  std::optional<core::SubmissionState> decided;
  // The town's submissions in the year's rounds with each round's scope, in one statement.
  cached_rows(
      sql,
      "SELECT r.field_ids, r.kpi_ids, s.state FROM rounds r JOIN round_submissions s ON "
      "s.round_id = r.id WHERE r.region_id = :r AND r.fiscal_year = :fy AND "
      "s.municipality_code = :m",
      [&](const soci::row& row) {
        const auto fields = split_ids(as_text(row, 0));
        const auto kpis = split_ids(as_text(row, 1));
        bool covers = false;
        if (field_id != 0) covers = fields.empty() || contains(fields, field_id);
        if (kpi_id != 0) {
          const bool field_ok = fields.empty() || contains(fields, field_id);
          const bool kpi_ok = kpis.empty() || contains(kpis, kpi_id);
          covers = kpis.empty() ? field_ok : kpi_ok;
        }
        if (!covers) return;
        const auto state = core::submission_state_from(as_text(row, 2))
                               .value_or(core::SubmissionState::kNotSubmitted);
        if (!decided || rank(state) > rank(*decided)) decided = state;
      },
      region_id, fiscal_year, municipality);
  return decided;
}

std::vector<EvidenceRow> load_evidence(Session& sql, long long progress_id) {
  static const std::string query =
      std::string(kEvidenceColumns) +
      "WHERE e.progress_id = :p AND e.deleted_at IS NULL ORDER BY e.id";
  std::vector<EvidenceRow> out;
  cached_rows(
      sql, query, [&](const soci::row& row) { out.push_back(evidence_from(row)); }, progress_id);
  return out;
}

std::map<long long, std::vector<EvidenceRow>> load_region_evidence(Session& sql,
                                                                   long long region_id,
                                                                   int fiscal_year) {
  std::map<long long, std::vector<EvidenceRow>> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kEvidenceColumns) +
                          "JOIN actions x ON x.id = p.action_id JOIN category_years y ON y.id = "
                          "x.category_year_id JOIN categories c ON c.id = y.category_id JOIN "
                          "fields f ON f.id = c.field_id WHERE f.region_id = :r AND "
                          "y.fiscal_year = :fy AND e.deleted_at IS NULL ORDER BY e.id",
       soci::use(region_id), soci::use(fiscal_year));
  for (const auto& row : rs) {
    auto e = evidence_from(row);
    out[e.progress_id].push_back(std::move(e));
  }
  return out;
}

long long insert_evidence(Session& sql, const EvidenceRow& e, const std::string& content) {
  const std::string content_base64 = to_base64(content);
  sql << "INSERT INTO evidence_files (progress_id, file_name, media_type, size_bytes, sha256, "
         "content_base64, uploaded_by, uploaded_at) VALUES (:p, :n, :t, :s, :h, :c, :by, :at)",
      soci::use(e.progress_id), soci::use(e.file_name), soci::use(e.media_type),
      soci::use(e.size_bytes), soci::use(e.sha256), soci::use(content_base64),
      soci::use(e.uploaded_by), soci::use(e.uploaded_at);
  long long id = 0;
  sql << "SELECT MAX(id) FROM evidence_files WHERE progress_id = :p", soci::use(e.progress_id),
      soci::into(id);
  return id;
}

std::optional<std::pair<EvidenceRow, std::string>> get_evidence(Session& sql,
                                                                long long evidence_id) {
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kEvidenceColumns) + "WHERE e.id = :i AND e.deleted_at IS NULL",
       soci::use(evidence_id));
  std::optional<EvidenceRow> row;
  for (const auto& r : rs) row = evidence_from(r);
  if (!row) return std::nullopt;
  std::string content;
  sql << "SELECT content_base64 FROM evidence_files WHERE id = :i", soci::use(evidence_id),
      soci::into(content);
  return std::pair{*row, from_base64(content)};
}

void delete_evidence(Session& sql, long long evidence_id, const std::string& by,
                     const std::string& at) {
  sql << "UPDATE evidence_files SET deleted_at = :at, deleted_by = :by WHERE id = :i",
      soci::use(at), soci::use(by), soci::use(evidence_id);
}

}  // namespace kyosei::storage
