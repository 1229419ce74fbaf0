#pragma once
// Read-side use cases for regions and their vision. Results are immutable snapshots that
// callers may keep and share between threads.

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/common/clock.hpp"
#include "app/common/error.hpp"
#include "core/plan/region.hpp"
#include "storage/plan/region_store.hpp"

namespace kyosei::app {

template <typename T>
using Outcome = std::variant<T, Error>;

// A region as stored, with the change counter it was read at.
struct RegionSnapshot {
  std::shared_ptr<const core::Region> region;
  long long change_seq = 0;
  bool published = true;
};

// One category in force (実施) in a fiscal year, with that year's content (may be null).
struct CategoryInYear {
  const core::Category* category = nullptr;
  const core::CategoryYear* year = nullptr;
  core::Stage stage = core::Stage::kActive;
};

struct FieldInYear {
  const core::Field* field = nullptr;
  std::vector<CategoryInYear> categories;
};

struct AreaInYear {
  const core::PolicyArea* area = nullptr;
  std::vector<FieldInYear> fields;
};

// A category that is not (yet, or any more) in force in the fiscal year.
struct CategoryElsewhere {
  const core::Field* field = nullptr;
  const core::Category* category = nullptr;
  const core::CategoryYear* year = nullptr;  // that FY's entry (topics), may be null
  core::Stage stage = core::Stage::kCandidate;
  int since = 0;                          // FY the stage began
  std::optional<core::StageChange> next;  // the following transition, if planned
};

struct VisionInYear {
  RegionSnapshot snapshot;
  int fiscal_year = 0;
  std::vector<AreaInYear> areas;  // every policy area, only fields with a category in force
  std::vector<CategoryElsewhere> discussing;  // 協議中
  std::vector<CategoryElsewhere> candidates;  // 候補
  std::vector<CategoryElsewhere> ended;       // 終了
  int field_count = 0;
  int category_count = 0;
};

// Thread-safe. Reads through a cache of whole regions, refreshed when the region's change
// counter moves. The counter is looked up again after any write of this process, and at
// most every kRecheck otherwise, so changes made by another process (the CLI, a second
// server) show within kRecheck.
class VisionQueries {
 public:
  static constexpr std::chrono::milliseconds kRecheck{1000};
  explicit VisionQueries(storage::RegionStore& store) : store_(store) {}

  std::vector<storage::RegionSummary> list_regions();
  Outcome<RegionSnapshot> region(const std::string& slug);
  // `fiscal_year_text` as the user wrote it (2025, R7, 令和7年度); absent = the current
  // fiscal year, clamped to the plan period. Present but empty is an invalid year.
  Outcome<VisionInYear> vision(const std::string& slug,
                               const std::optional<std::string>& fiscal_year_text);

  // Plain computation on a region, exposed for tests.
  static VisionInYear vision_in_year(RegionSnapshot snapshot, int fiscal_year);

 private:
  storage::RegionStore& store_;
  struct Cached {
    RegionSnapshot snapshot;
    std::uint64_t generation = 0;  // Database::write_generation() when last checked
    std::chrono::steady_clock::time_point checked;
  };
  std::mutex mutex_;
  std::map<std::string, Cached> cache_;
  // Held while a region is loaded: callers that find the same region stale together load
  // it once (after a write, every reader of the region would otherwise load it at once).
  static constexpr std::size_t kLoadStripes = 16;
  std::mutex load_locks_[kLoadStripes];
};

// A fiscal year as the API shows it: {year, label 令和7年度, short R7, display
// 令和7年度（2025年度）}.
boost::json::object fiscal_year_json(int fiscal_year);

}  // namespace kyosei::app
