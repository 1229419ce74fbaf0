#include "app/plan/datasets.hpp"

#include <boost/json.hpp>

#include "storage/audit/audit_store.hpp"
#include "storage/common/migrations.hpp"
#include "storage/plan/plan_store.hpp"
#include "storage/plan/region_store.hpp"

namespace kyosei::app {
namespace {

// {"summary":{counts…},"published":…,"dataset":"<canonical dataset text>"}
std::string image_json(const core::Region& r, bool published) {
  std::size_t fields = 0, categories = 0, years = 0, initiatives = 0, actions = 0, kpis = 0;
  for (const auto& area : r.policy_areas) {
    for (const auto& f : area.fields) {
      ++fields;
      for (const auto& c : f.categories) {
        ++categories;
        kpis += c.kpis.size();
        for (const auto& y : c.years) {
          ++years;
          initiatives += y.initiatives.size();
          actions += y.actions.size();
          for (const auto& i : y.initiatives) actions += i.actions.size();
        }
      }
    }
  }
  boost::json::object summary{{"name", r.name},
                              {"plan_from", r.vision.from_fiscal_year},
                              {"plan_to", r.vision.to_fiscal_year},
                              {"municipalities", r.municipalities.size()},
                              {"agreements", r.agreements.size()},
                              {"policy_areas", r.policy_areas.size()},
                              {"fields", fields},
                              {"categories", categories},
                              {"category_years", years},
                              {"initiatives", initiatives},
                              {"actions", actions},
                              {"kpis", kpis}};
  return boost::json::serialize(boost::json::object{{"summary", std::move(summary)},
                                                    {"published", published},
                                                    {"dataset", exchange::write_dataset(r)}});
}

}  // namespace

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
  db.write([&](storage::Session& sql) {
    // The region as it was: the before-image of a replacement.
    std::optional<core::Region> previous;
    bool was_published = true;
    if (options.replace) {
      previous = storage::RegionStore::load_in(sql, read.region->slug);
      if (previous) was_published = storage::region_published(sql, read.region->slug);
    }
    res = store.save_in(sql, *read.region, mode);
    if (!res.saved) return;
    storage::AuditEntry entry;
    entry.actor = options.actor;
    entry.region_slug = read.region->slug;
    entry.action = res.existed ? "replace" : "create";
    entry.record_type = "region";
    entry.record_id = read.region->slug;
    // Before and after: a summary and the canonical dataset text (diffs cleanly).
    if (previous) entry.before_json = image_json(*previous, was_published);
    entry.after_json = image_json(*read.region, was_published);
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
