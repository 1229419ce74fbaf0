#include "app/datasets.hpp"

#include <soci/soci.h>

#include "storage/audit_store.hpp"
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
  storage::RegionStore::SaveResult res;
  db.write([&](soci::session& sql) {
    res = store.save_in(sql, *read.region, mode);
    if (!res.saved) return;
    storage::AuditEntry entry;
    entry.actor = options.actor;
    entry.region_slug = read.region->slug;
    entry.action = res.existed ? "replace" : "create";
    entry.record_type = "region";
    entry.record_id = read.region->slug;
    // The dataset itself is the after-image: canonical, so it diffs cleanly.
    entry.after_json = exchange::write_dataset(*read.region);
    entry.remote = file.string();
    storage::append_audit(sql, std::move(entry));
    if (options.before_commit) options.before_commit();
  });
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
