#include "storage/council/schedule_store.hpp"

#include <soci/soci.h>

#include "storage/common/row_util.hpp"

namespace kyosei::storage {
namespace {

constexpr const char* kColumns =
    "SELECT id, region_id, fiscal_year, kind, title, planned_on, done_on, owner, note, "
    "meeting_id, sample, created_by, created_at, version FROM schedule_milestones ";

MilestoneRow milestone_from(const soci::row& row) {
  MilestoneRow m;
  std::string kind;
  RowReader(row) >> m.id >> m.region_id >> m.fiscal_year >> kind >> m.title >> m.planned_on >>
      m.done_on >> m.owner >> m.note >> m.meeting_id >> m.sample >> m.created_by >> m.created_at >>
      m.version;
  m.kind = core::milestone_kind_from(kind).value_or(core::MilestoneKind::kCouncil);
  return m;
}

}  // namespace

std::vector<MilestoneRow> load_milestones(Session& sql, long long region_id, int fiscal_year) {
  const std::string order = " AND deleted_at IS NULL ORDER BY planned_on, id";
  if (fiscal_year == 0)
    return rows_of(sql, std::string(kColumns) + "WHERE region_id = :r" + order, milestone_from,
                   region_id);
  return rows_of(sql, std::string(kColumns) + "WHERE region_id = :r AND fiscal_year = :fy" + order,
                 milestone_from, region_id, fiscal_year);
}

std::vector<MilestoneRow> load_milestones_between(Session& sql, long long region_id, int from_fy,
                                                  int to_fy) {
  return rows_of(sql,
                 std::string(kColumns) +
                     "WHERE region_id = :r AND fiscal_year BETWEEN :a AND :b AND deleted_at IS "
                     "NULL ORDER BY planned_on, id",
                 milestone_from, region_id, from_fy, to_fy);
}

std::optional<MilestoneRow> load_milestone(Session& sql, long long region_id, long long id) {
  auto rows = rows_of(
      sql, std::string(kColumns) + "WHERE region_id = :r AND id = :id AND deleted_at IS NULL",
      milestone_from, region_id, id);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

long long insert_milestone(Session& sql, const MilestoneRow& m) {
  const std::string kind(core::code(m.kind));
  OptBind meeting(m.meeting_id);
  const int sample = m.sample ? 1 : 0;
  sql << "INSERT INTO schedule_milestones (region_id, fiscal_year, kind, title, planned_on, "
         "done_on, owner, note, meeting_id, sample, created_by, created_at) VALUES (:r, :fy, :k, "
         ":t, :p, :d, :o, :n, :m, :sa, :by, :at)",
      soci::use(m.region_id), soci::use(m.fiscal_year), soci::use(kind), soci::use(m.title),
      soci::use(m.planned_on), soci::use(m.done_on), soci::use(m.owner), soci::use(m.note),
      soci::use(meeting.value, meeting.ind), soci::use(sample), soci::use(m.created_by),
      soci::use(m.created_at);
  long long id = 0;
  sql << "SELECT MAX(id) FROM schedule_milestones WHERE region_id = :r", soci::use(m.region_id),
      soci::into(id);
  return id;
}

void update_milestone(Session& sql, const MilestoneRow& m) {
  const std::string kind(core::code(m.kind));
  OptBind meeting(m.meeting_id);
  sql << "UPDATE schedule_milestones SET fiscal_year = :fy, kind = :k, title = :t, planned_on = "
         ":p, done_on = :d, owner = :o, note = :n, meeting_id = :m, version = version + 1 WHERE "
         "id = :id",
      soci::use(m.fiscal_year), soci::use(kind), soci::use(m.title), soci::use(m.planned_on),
      soci::use(m.done_on), soci::use(m.owner), soci::use(m.note),
      soci::use(meeting.value, meeting.ind), soci::use(m.id);
}

void delete_milestone(Session& sql, long long id, const std::string& by, const std::string& at) {
  sql << "UPDATE schedule_milestones SET deleted_at = :at, deleted_by = :by, version = version + "
         "1 WHERE id = :id",
      soci::use(at), soci::use(by), soci::use(id);
}

int count_sample_milestones(Session& sql, long long region_id, int fiscal_year) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM schedule_milestones WHERE region_id = :r AND fiscal_year = :fy "
         "AND sample = 1 AND deleted_at IS NULL",
      soci::use(region_id), soci::use(fiscal_year), soci::into(n);
  return n;
}

}  // namespace kyosei::storage
