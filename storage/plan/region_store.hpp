#pragma once
// Whole-region persistence: save (insert or replace) and load a core::Region, list regions.
// Every call runs in one transaction: a failure or a crash leaves the previous state.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/plan/region.hpp"
#include "storage/common/database.hpp"

namespace soci {
class session;
}

namespace kyosei::storage {

struct RegionSummary {
  std::string slug;
  core::RegionKind kind = core::RegionKind::kSettlement;
  std::string name;
  std::string name_en;
  std::string vision_title;
  int plan_from = 0;
  int plan_to = 0;
  int municipality_count = 0;
  long long change_seq = 0;  // grows with every change to the region
  bool published = true;
  long long version = 1;  // the region row's version (If-Match of PATCH /regions/{slug})
};

class RegionStore {
 public:
  explicit RegionStore(Database& db) : db_(db) {}
  Database& database() { return db_; }

  enum class SaveMode { kCreateOnly, kReplace };
  struct SaveResult {
    bool saved = false;
    bool existed = false;  // a region with that slug was there before
  };
  // Writes the region. With kCreateOnly an existing slug is left untouched (saved = false).
  // `before_commit`, when set, runs inside the transaction after everything is written and
  // before COMMIT (a fault-injection point for crash tests).
  SaveResult save(const core::Region& region, SaveMode mode,
                  const std::function<void()>& before_commit = {});

  // Who replaces and when: the plan items a replacement removes but whose operational
  // records it keeps are marked deleted with these (ADR 0008).
  struct ReplaceStamp {
    std::string by;
    std::string at;
  };
  // The same inside a transaction the caller holds (Database::write). A replacement writes
  // the new rows, moves the operational records (progress, evaluations, evidence, KPI
  // target changes and actuals entered outside the file, rounds) of every plan item that
  // is still there to its new row, keeps the items that are gone but have records as
  // soft-deleted copies (storage/plan/carry_over.hpp), then removes the old rows.
  SaveResult save_in(soci::session& sql, const core::Region& region, SaveMode mode,
                     const ReplaceStamp& replace = {});

  std::optional<core::Region> load(const std::string& slug);
  // The same on a session the caller holds (sees the caller's uncommitted writes).
  static std::optional<core::Region> load_in(soci::session& sql, const std::string& slug);
  std::vector<RegionSummary> list();
  std::optional<RegionSummary> summary(const std::string& slug);

 private:
  Database& db_;
};

// Advances a region's change counter (read models are keyed by it; ADR 0003), inside the
// transaction of the change.
void advance_change_counter(soci::session& sql, long long region_id);

}  // namespace kyosei::storage
