#include "app/datasets.hpp"

#include "storage/migrations.hpp"
#include "storage/region_store.hpp"

namespace kyosei::app {

CheckReport check_dataset(const std::filesystem::path& file) {
  auto read = exchange::read_dataset_file(file);
  return {std::move(read.problems), std::move(read.region)};
}

LoadReport load_dataset(storage::Database& db, const std::filesystem::path& file,
                        const LoadOptions& options) {
  LoadReport report;
  auto read = exchange::read_dataset_file(file);
  if (!read.region) {
    report.problems = std::move(read.problems);
    return report;
  }
  report.slug = read.region->slug;
  storage::migrate(db);
  storage::RegionStore store(db);
  const auto mode = options.replace ? storage::RegionStore::SaveMode::kReplace
                                    : storage::RegionStore::SaveMode::kCreateOnly;
  const auto res = store.save(*read.region, mode, options.before_commit);
  if (!res.saved) {
    report.status = LoadReport::Status::kExists;
  } else {
    report.status = res.existed ? LoadReport::Status::kReplaced : LoadReport::Status::kLoaded;
  }
  return report;
}

std::optional<std::string> dump_region(storage::Database& db, const std::string& slug) {
  storage::RegionStore store(db);
  auto region = store.load(slug);
  if (!region) return std::nullopt;
  return exchange::write_dataset(*region);
}

}  // namespace kyosei::app
