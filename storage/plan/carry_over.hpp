#pragma once
// Replacing a region keeps its operational records (ADR 0008). Plan items are matched
// between the old and the new rows by their names: an action by field › category ›
// fiscal year › main initiative › text, a KPI by field › category › name. The records of a
// matched item move to its new row; an item that is gone but has records is kept as a
// soft-deleted copy (under a soft-deleted copy of its category) with its records, so that
// loading it again (the same names) brings them back.

#include <string>
#include <string_view>
#include <vector>

#include "storage/plan/region_store.hpp"

namespace soci {
class session;
}

namespace kyosei::storage {

// The matching keys, as `kyosei load --replace` prints them.
std::string action_key(std::string_view field, std::string_view category, int fiscal_year,
                       std::string_view initiative, std::string_view text);
std::string kpi_key(std::string_view field, std::string_view category, std::string_view name);

// A plan item of a stored region that holds operational records.
struct ItemRecords {
  enum class Kind { kAction, kKpi };
  Kind kind = Kind::kAction;
  std::string key;
  long long id = 0;
  bool live = true;  // false: it or a parent is soft-deleted already
  long long progress = 0;
  long long evaluations = 0;
  long long evidence = 0;
  long long kpi_actuals = 0;
  long long target_changes = 0;
};

// Every action and KPI of the region (by id) with at least one record; live items first.
std::vector<ItemRecords> items_with_records(soci::session& sql, long long region_id);
// The same by slug (empty for an unknown region).
std::vector<ItemRecords> items_with_records(soci::session& sql, const std::string& slug);

// Moves the records of region `from` (the old rows) to region `to` (just written), as the
// header comment says, and re-points the rounds (their scope's field and KPI ids too) and
// the subcommittee members' field grants. Inside the caller's transaction.
void carry_over(soci::session& sql, long long from, long long to,
                const RegionStore::ReplaceStamp& stamp);

}  // namespace kyosei::storage
