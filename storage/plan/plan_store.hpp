#pragma once
// The rows of a region's vision as the editing API reads and writes them, one record at a
// time: the resource tables (municipalities, agreements, policy areas, fields, categories,
// initiatives, actions, and the region itself), a category's stages and yearly content, an
// action's participants, and the records that still use a record about to be deleted.
// Every function works in the caller's session (inside Database::write for the writes), so
// the reads see the transaction's own uncommitted changes. Rows marked deleted (deleted_at)
// are never read (ADR 0005).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/common/database.hpp"

namespace kyosei::storage {

// The tables behind the editing API's resources.
enum class PlanTable {
  kRegions,
  kMunicipalities,
  kAgreements,
  kPolicyAreas,
  kFields,
  kCategories,
  kInitiatives,
  kActions
};

// One column of a resource table, read and written as an integer or as text.
struct PlanColumn {
  std::string name;
  bool is_int = false;
};

// One column's value. `null` writes SQL NULL (reads report it too).
struct Cell {
  bool is_int = false;
  long long i = 0;
  std::string s;
  bool null = false;
};

// A row of a resource table: its id, version and the requested columns in order;
// initiatives and actions also carry their category and fiscal year.
struct PlanRow {
  long long id = 0;
  long long version = 0;
  std::vector<Cell> cells;
  std::optional<std::pair<long long, long long>> category_year;  // (category_id, fiscal_year)
};

struct RegionRef {
  long long id = 0;
  bool published = true;
};
std::optional<RegionRef> find_region(Session& sql, const std::string& slug);

// The rows of `table` in region `region_id`, by position (then id).
std::vector<PlanRow> list_rows(Session& sql, PlanTable table,
                               const std::vector<PlanColumn>& columns, long long region_id);
// The row whose key (id; code for municipalities; slug for regions) is `key`, in the region.
std::optional<PlanRow> find_row(Session& sql, PlanTable table,
                                const std::vector<PlanColumn>& columns, long long region_id,
                                const std::string& key);

// Inserts a row at the end of its siblings. `parent_id` is the region's id, or for
// initiatives and actions the category-year's id. Returns the new row's id.
long long insert_row(Session& sql, PlanTable table, long long parent_id,
                     const std::vector<std::pair<PlanColumn, Cell>>& values);
// Sets `values` on row `id` and advances its version.
void update_row(Session& sql, PlanTable table, long long id,
                const std::vector<std::pair<PlanColumn, Cell>>& values);
// Advances row `id`'s version (its parts changed).
void bump_version(Session& sql, PlanTable table, long long id);
// Marks row `id` deleted (kept with its id, never reused) and advances its version.
void mark_deleted(Session& sql, PlanTable table, long long id, const std::string& at,
                  const std::string& by);

// False when `column` is a reference (policy_area_id, field_id, initiative_id) and `id`
// names no live record of region `region_id` under it; true otherwise.
bool reference_in_region(Session& sql, const std::string& column, long long id,
                         long long region_id);

// What still uses a record: the kinds in a fixed order, each with its count (> 0 only).
enum class PlanUse {
  kCategories,
  kInitiatives,
  kActions,
  kKpis,
  kAgreementLinks,
  kParticipations,
  kLeads,
  kKpiActuals,
  kAgreements
};
std::vector<std::pair<PlanUse, int>> uses_of(Session& sql, PlanTable table, long long id,
                                             const std::string& key, long long region_id);

// ---- categories --------------------------------------------------------------------------

struct StageRow {
  std::string stage;  // its code
  long long from_fiscal_year = 0;
};
std::vector<StageRow> category_stages(Session& sql, long long category_id);
void add_category_stage(Session& sql, long long category_id, const std::string& stage,
                        long long from_fiscal_year);
// Removes the stage starting in `fiscal_year`; false when there is none.
bool remove_category_stage(Session& sql, long long category_id, long long fiscal_year);

// The region of a live category, or nullopt.
std::optional<long long> category_region(Session& sql, long long category_id);
// The first fiscal year of the region's plan period.
long long plan_from(Session& sql, long long region_id);

// A category's content for one fiscal year.
struct YearRow {
  long long id = 0;
  long long version = 0;
  long long category_id = 0;
  long long fiscal_year = 0;
  std::string direction;
  std::string inferred;
  std::vector<std::string> topics;  // in order
};
std::optional<long long> find_category_year(Session& sql, long long category_id,
                                            long long fiscal_year);
long long insert_category_year(Session& sql, long long category_id, long long fiscal_year);
std::optional<YearRow> load_category_year(Session& sql, long long year_id);
// Advances the year row's version.
void bump_category_year(Session& sql, long long year_id);
// The category's year rows, by fiscal year.
std::vector<long long> category_year_ids(Session& sql, long long category_id);
void set_year_direction(Session& sql, long long year_id, const std::string& direction);
void set_year_inferred(Session& sql, long long year_id, const std::string& inferred);
void replace_year_topics(Session& sql, long long year_id, const std::vector<std::string>& topics);

// ---- actions -----------------------------------------------------------------------------

std::vector<std::string> action_participants(Session& sql, long long action_id);
void replace_participants(Session& sql, long long action_id, const std::vector<std::string>& codes);
bool has_participant(Session& sql, long long action_id, const std::string& code);
// Appends `code` to the action's participants.
void add_participant(Session& sql, long long action_id, const std::string& code);
void remove_participant(Session& sql, long long action_id, const std::string& code);
// True when the action's main initiative is of another category-year than the action.
bool initiative_of_other_year(Session& sql, long long action_id);

// ---- regions -----------------------------------------------------------------------------

// Whether the region `slug` is published (true for an unknown slug).
bool region_published(Session& sql, const std::string& slug);

}  // namespace kyosei::storage
