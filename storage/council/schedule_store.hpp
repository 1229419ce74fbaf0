#pragma once
// The council's year as dated milestones (schedule_milestones, issue 12 item 6): rows and
// queries. Deleting marks the row (deleted_at, deleted_by; ADR 0005) and every read skips
// marked rows. Writers bump `version`; the use cases check If-Match first.

#include <optional>
#include <string>
#include <vector>

#include "core/council/schedule.hpp"
#include "storage/common/database.hpp"

namespace kyosei::storage {

struct MilestoneRow {
  long long id = 0;
  long long region_id = 0;
  int fiscal_year = 0;
  core::MilestoneKind kind = core::MilestoneKind::kCouncil;
  std::string title;
  std::string planned_on;  // YYYY-MM-DD
  std::string done_on;     // YYYY-MM-DD, "" = not done
  std::string owner;       // municipality code, "" = the secretariat
  std::string note;        // internal (members of the region)
  std::optional<long long> meeting_id;
  bool sample = false;
  std::string created_by;
  std::string created_at;
  int version = 0;
};

// The region's milestones of `fiscal_year` (every year when 0), by planned date and id.
std::vector<MilestoneRow> load_milestones(Session& sql, long long region_id, int fiscal_year);
// The milestones of fiscal years `from_fy` to `to_fy` (both included), in date order.
std::vector<MilestoneRow> load_milestones_between(Session& sql, long long region_id, int from_fy,
                                                  int to_fy);
std::optional<MilestoneRow> load_milestone(Session& sql, long long region_id, long long id);
long long insert_milestone(Session& sql, const MilestoneRow& row);
void update_milestone(Session& sql, const MilestoneRow& row);  // version + 1
void delete_milestone(Session& sql, long long id, const std::string& by, const std::string& at);
// How many sample milestones the region has in `fiscal_year` (the demo's marker).
int count_sample_milestones(Session& sql, long long region_id, int fiscal_year);

}  // namespace kyosei::storage
