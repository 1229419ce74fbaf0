#pragma once
// Use cases for whole-region dataset files: check, load (one transaction), dump.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "exchange/plan/dataset.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

struct CheckReport {
  std::vector<exchange::DatasetProblem> problems;
  std::optional<core::Region> region;  // set when the file is valid
};

// Reads and validates a dataset file without touching any database.
CheckReport check_dataset(const std::filesystem::path& file);

struct LoadOptions {
  bool replace = false;                 // replace a region with the same slug
  std::function<void()> before_commit;  // fault-injection point for crash tests
  std::string actor = "cli";            // who loads, for the audit trail
};

struct LoadReport {
  enum class Status { kLoaded, kReplaced, kInvalid, kExists };
  Status status = Status::kInvalid;
  std::string slug;
  std::vector<exchange::DatasetProblem> problems;  // with kInvalid
};

// Validates the file completely first; only a valid dataset reaches the database, and then
// in one transaction (migrations applied first). Unexpected database failures throw.
LoadReport load_dataset(storage::Database& db, const std::filesystem::path& file,
                        const LoadOptions& options);

// The canonical dataset text of a stored region, or nullopt for an unknown slug.
std::optional<std::string> dump_region(storage::Database& db, const std::string& slug);

}  // namespace kyosei::app
