#pragma once
// Editions of the vision and the draft revision (ADR 0016), table plan_editions: each row
// holds the canonical dataset text of the whole region as the edition decided it (or as
// the draft stands). Published rows are never changed; a region has at most one draft.
// Every function runs on the caller's session (inside its transaction for writes).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/common/database.hpp"

namespace kyosei::storage {

struct EditionRow {
  long long id = 0;
  long long region_id = 0;
  std::optional<long long> number;  // nullopt for the draft
  std::string status;               // draft / published
  std::string title;
  std::string decided_on;  // YYYY-MM-DD or ""
  int from_fiscal_year = 0;
  std::string reasons_json = "[]";      // ["…"]
  std::string changes_json = "[]";      // [{"kind","key","reason"}] recorded by draft edits
  std::string opinion_ids_json = "[]";  // [id…] the opinions the revision answers
  std::string dataset;                  // canonical dataset text
  std::string created_by;
  std::string created_at;
  std::string published_by;
  std::string published_at;
  long long version = 1;
};

// Published editions of the region, by number (with their texts when `with_text`).
std::vector<EditionRow> published_editions(Session& sql, long long region_id, bool with_text);
std::optional<EditionRow> edition_by_number(Session& sql, long long region_id, long long number);
std::optional<EditionRow> draft_edition(Session& sql, long long region_id);
// The same without its dataset text (the check every direct plan edit makes).
std::optional<EditionRow> draft_summary(Session& sql, long long region_id);
// Inserts `row` (id and version set by the database / to 1); returns the id.
long long insert_edition(Session& sql, const EditionRow& row);
// Writes the draft's editable columns and bumps its version.
void update_draft(Session& sql, const EditionRow& row);
// Turns the draft `id` into published edition `number`.
void publish_edition(Session& sql, long long id, long long number, const std::string& by,
                     const std::string& at);
void delete_edition(Session& sql, long long id);

// A rename made in a draft revision (a field, a category, a year's main initiative, an
// action's text), applied to the live rows just before a publication replaces them:
// records follow their plan items by name (carry_over.hpp), so they follow the rename.
struct LiveRename {
  enum class Level { kField, kCategory, kInitiative, kAction };
  Level level = Level::kAction;
  std::string field;
  std::string category;    // all but kField
  int fiscal_year = 0;     // kInitiative, kAction
  std::string initiative;  // kAction: the main initiative it is under ("" = none)
  std::string from;
  std::string to;
};
// Renames the live item `r` of region `region_id` in place. Nothing happens when it is not
// there (added by the draft) or when the new name of a field or category is taken.
void rename_live_item(Session& sql, long long region_id, const LiveRename& r);
// Removes the region's published editions (a `load --replace` of a file that lists its own).
void delete_published_editions(Session& sql, long long region_id);
long long next_edition_number(Session& sql, long long region_id);

// The live KPI of region `region_id` named field › category › name, or nullopt.
std::optional<long long> kpi_id_by_names(Session& sql, long long region_id,
                                         const std::string& field, const std::string& category,
                                         const std::string& name);

// The next-year direction (継続 … as its code: continue / expand / review / end) of every
// evaluated live action of fiscal year `fiscal_year`, by action_key (carry_over.hpp).
std::map<std::string, std::string> evaluation_directions(Session& sql, long long region_id,
                                                         int fiscal_year);

// The edition number an opinion is reflected in (反映済), or nullopt.
std::optional<long long> opinion_reflected_edition(Session& sql, long long opinion_id);
void set_opinion_reflected_edition(Session& sql, long long opinion_id, long long number);
// Whether opinion `opinion_id` belongs to region `region_id`; its status code ("" if none).
bool opinion_belongs(Session& sql, long long region_id, long long opinion_id);
std::string opinion_status(Session& sql, long long opinion_id);

}  // namespace kyosei::storage
