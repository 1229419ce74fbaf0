#pragma once
// Use cases for whole-region dataset files: check, load (one transaction), dump.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/plan/plan_diff.hpp"
#include "exchange/plan/dataset.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

struct CheckReport {
  std::vector<exchange::DatasetProblem> problems;
  std::optional<core::Region> region;  // set when the file is valid
};

// Reads and validates a dataset file without touching any database.
CheckReport check_dataset(const std::filesystem::path& file);

// `kyosei check --seal`: rewrites the file's end marker (exchange::seal_dataset) when the
// file has no other problem; written beside it and renamed, never half a file.
struct SealReport {
  bool sealed = false;
  bool unreadable = false;
  std::vector<exchange::DatasetProblem> problems;  // why it was not sealed
};
SealReport seal_dataset_file(const std::filesystem::path& file);

struct LoadOptions {
  bool replace = false;                 // replace a region with the same slug
  bool dry_run = false;                 // only report what would change; write nothing
  bool allow_removals = false;          // remove plan items that have records (kept deleted)
  bool discard_draft = false;           // with replace: discard the region's draft revision
  std::function<void()> before_commit;  // fault-injection point for crash tests
  std::string actor = "cli";            // who loads, for the audit trail
};

// One plan item a load adds (+), changes (~) or removes (-), by kind and name
// (storage/plan/carry_over.hpp: the same keys match records to items).
struct PlanChange {
  char op = '+';
  std::string kind;  // municipality, agreement, field, category, year, initiative, action, kpi
  std::string key;
  std::string records;  // for a removal of an item with records: "progress 3, evaluations 1"
};

struct LoadReport {
  // kDraft: the region existed and the file became its draft revision (without --replace).
  // kDraftPending: a replacement refused because the region has a draft revision, which
  // would stay on the plan it was drafted from (nothing written; see discard_draft).
  enum class Status {
    kLoaded,
    kReplaced,
    kInvalid,
    kExists,
    kDryRun,
    kRemovalsRefused,
    kDraft,
    kDraftPending
  };
  Status status = Status::kInvalid;
  std::string slug;
  std::vector<exchange::DatasetProblem> problems;  // with kInvalid
  std::vector<PlanChange> changes;                 // what the load does (or would do)
  std::size_t removals_with_records = 0;           // removed items whose records are kept
  bool draft_pending = false;    // a replacement of a region that has a draft revision
  bool draft_discarded = false;  // ... whose draft was discarded (discard_draft)
  // Without --replace on an existing region: the 新旧対照表 of the draft against the live plan.
  std::vector<core::DiffEntry> revision;
};

// The plan items that differ between two versions of a region, kinds in plan order.
std::vector<PlanChange> plan_changes(const core::Region& before, const core::Region& after);

// Validates the file completely first; a region that exists already (without `replace`)
// gets the file as its draft revision (status kDraft, `revision` its 新旧対照表; with
// `dry_run` only the table). Otherwise only a valid dataset reaches the database, and then
// in one transaction (migrations applied first). A replacement that would remove plan items
// with progress records, evaluations, evidence or KPI actuals is refused
// (kRemovalsRefused, nothing written) unless `allow_removals`; even then those items are
// kept soft-deleted with their records (ADR 0008). A replacement of a region that has a
// draft revision is refused (kDraftPending, nothing written) unless `discard_draft`: then
// the draft is removed, audited, in the same transaction. Unexpected database failures throw.
LoadReport load_dataset(storage::Database& db, const std::filesystem::path& file,
                        const LoadOptions& options);

// The canonical dataset text of a stored region with its published editions listed, or of
// its published edition `edition` alone; nullopt for an unknown slug or edition.
std::optional<std::string> dump_region(storage::Database& db, const std::string& slug,
                                       std::optional<long long> edition = std::nullopt);

}  // namespace kyosei::app
