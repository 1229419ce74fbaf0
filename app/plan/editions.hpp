#pragma once
// Editions of the vision and the draft revision (issue 13, ADR 0016).
//
// A published edition (版) is an immutable canonical dataset text of the whole region with
// its number, title, date of decision, the fiscal year it applies from and its reasons. The
// region has at most one draft revision: a working copy (also a dataset text) the
// secretariat edits — stages, directions, KPI targets with reasons, the opinions it answers —
// while the live plan, and so everything the public sees (vision, dashboard, KPIs, search),
// stays as it is. Publication applies the draft to the live plan tables in one unit of work
// (the region is replaced as `kyosei load --replace` does, so progress records, evaluations,
// evidence, KPI target history, rounds and the council's records follow their plan items by
// name, ADR 0008), records the edition, adds the KPI target changes to the KPIs' history
// with their reasons, and sets the opinions it answers to 反映済 naming the edition.
//
// Who sees what: published editions are read like the vision (anyone for a published
// region); the draft only by the region's members (any role) and admins; writes by the
// secretariat, whose sessions always carry the second factor (app/access). Thread-safe.

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/common/clock.hpp"
#include "app/common/error.hpp"
#include "app/common/precondition.hpp"
#include "app/common/principal.hpp"
#include "core/plan/plan_diff.hpp"
#include "core/plan/region.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

class UnitOfWork;  // app/common/unit_of_work.hpp

// The 新旧対照表 between two versions: which (旧 and 新, e.g. "第1版", "案") and the lines.
struct PlanDiffView {
  std::string slug;
  std::string from_label;  // 旧
  std::string to_label;    // 新
  std::string from_ref;    // "1", "draft", "current"
  std::string to_ref;
  std::vector<core::DiffEntry> entries;
  std::map<std::string, std::string> area_names;  // policy area code → name (新 over 旧)
};

// Roll-over of a fiscal year into the next, inside the draft (priority 4 of issue 13).
struct RolloverItem {
  std::string key;        // field › category › year › initiative › action
  std::string category;   // field › category
  std::string direction;  // 継続 / 拡充 / 見直し / 終了 (the evaluation's, or the override)
  std::string source;     // evaluation / override / default
  bool copied = false;
  bool review = false;  // 見直し: copied and marked for review
};
struct RolloverPreview {
  int from_fiscal_year = 0;
  int to_fiscal_year = 0;
  bool applied = false;
  std::vector<RolloverItem> items;
  std::vector<std::string> categories;  // categories whose year N+1 is created
};

class Editions {
 public:
  explicit Editions(storage::Database& db, const Clock& clock = system_clock())
      : db_(db), clock_(clock) {}

  // {"editions":[…], "current": n | null, "draft": {…} (members only)}.
  std::variant<boost::json::object, Error> list(const std::string& slug, const Principal& who);
  // One published edition (`number`), or the draft ("draft": members only): metadata,
  // the plan as JSON (areas › fields › categories with stages, years, actions, KPIs), the
  // counts of fields / categories 実施 per fiscal year, and the dataset text.
  std::variant<boost::json::object, Error> edition(const std::string& slug,
                                                   const std::string& number, const Principal& who);
  // The 新旧対照表 from `a` to `b`: edition numbers, "current" (the live plan) or "draft".
  std::variant<PlanDiffView, Error> diff(const std::string& slug, const std::string& a,
                                         const std::string& b, const Principal& who);

  // Body {"title", "decided_on"?, "from_fiscal_year", "reasons"?:[…]}: a draft revision
  // copied from the live plan. 409 when the region has one already.
  RecordOutcome create_draft(const std::string& slug, const boost::json::object& body,
                             const EditContext& ctx);
  // Body: any of "title", "decided_on", "from_fiscal_year", "reasons", "opinion_ids", and
  // "changes": [{"kind":"stages","field","category","stages":[{"stage","from_fiscal_year"}],
  // "reason"?} | {"kind":"kpi_target","field","category","kpi","target":{"fiscal_year",
  // "value"},"reason"} | {"kind":"direction","field","category","fiscal_year","direction",
  // "reason"?} | {"kind":"dataset","text"}]. If-Match required. The result must be a valid
  // region (422 naming the change and field otherwise); nothing is written on any problem.
  RecordOutcome update_draft(const std::string& slug, const boost::json::object& body,
                             const EditContext& ctx);
  // Discards the draft. If-Match required.
  RecordOutcome discard_draft(const std::string& slug, const EditContext& ctx);
  // Publishes the draft as the next edition. If-Match (the draft's version) required.
  RecordOutcome publish(const std::string& slug, const EditContext& ctx);
  // Body {"from_fiscal_year", "dry_run"?, "overrides"?: {key: direction}}: the year roll-over
  // into the draft (created when there is none). A dry run (the preview) writes nothing.
  std::variant<RolloverPreview, Error> rollover(const std::string& slug,
                                                const boost::json::object& body,
                                                const EditContext& ctx);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

// While region `region_id` has a draft revision, the plan is changed through the draft: a
// direct edit of what the draft holds and its publication would replace (policy areas,
// fields, categories with their stages and yearly content, initiatives, actions with their
// participants, KPI definitions and targets, the towns and agreements) fails with 409
// `draft-pending` naming the draft (problem member `draft`), and the refusal is audited as
// `<action>-refused` on the record. Operational records (progress, KPI actuals, evaluations,
// evidence, the council's work) are not plan and are never refused here.
void fail_if_draft_pending(UnitOfWork& u, const EditContext& ctx, const std::string& slug,
                           long long region_id, const std::string& action,
                           const std::string& record_type, const std::string& record_id);

// The JSON of a draft or edition row's metadata (shared with the dataset commands' report).
boost::json::object plan_json(const core::Region& region);

// Datasets (app/plan/datasets.cpp): the region as the file would hold it, with its published
// editions listed (an edition's plan is written when it differs from the live plan).
std::optional<core::Region> region_with_editions(storage::Session& sql, const std::string& slug);
// The canonical text of published edition `number` (nullopt when there is none).
std::optional<std::string> edition_text(storage::Session& sql, const std::string& slug,
                                        long long number);
// Stores the file's editions as published editions of region `region_id` (replacing the
// published ones it had), each as the region that edition decided.
void store_file_editions(storage::Session& sql, long long region_id, const core::Region& region,
                         const std::string& actor, const std::string& at);
// Makes `region` (a whole dataset) the region's draft revision (replacing a draft there was),
// with the last edition of the file, when it is newer than the stored ones, as its title.
// Returns the draft's id.
long long store_draft_from_file(storage::Session& sql, long long region_id,
                                const core::Region& region, const std::string& actor,
                                const std::string& at);
// Removes the region's draft revision for a `load --replace --discard-draft`; returns its
// audit image (metadata and text), or nullopt when there was none.
std::optional<std::string> remove_draft_for_replace(storage::Session& sql, long long region_id);

}  // namespace kyosei::app
