#include "app/plan/datasets.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "app/plan/editions.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/common/migrations.hpp"
#include "storage/plan/carry_over.hpp"
#include "storage/plan/edition_store.hpp"
#include "storage/plan/plan_store.hpp"
#include "storage/plan/region_store.hpp"
#include "storage/progress/progress_store.hpp"

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

// key → the items with that key, in plan order (a key may occur more than once).
template <typename T>
using Keyed = std::map<std::string, std::vector<const T*>>;

// Pairs items by key (the n-th with the n-th) and reports the unpaired and the changed ones.
template <typename T, typename Same>
void diff_kind(const char* kind, const Keyed<T>& before, const Keyed<T>& after, Same same,
               std::vector<PlanChange>& out) {
  for (const auto& [key, olds] : before) {
    const auto it = after.find(key);
    const std::size_t news = it == after.end() ? 0 : it->second.size();
    for (std::size_t i = 0; i < olds.size(); ++i) {
      if (i >= news) {
        out.push_back({'-', kind, key, ""});
      } else if (!same(*olds[i], *it->second[i])) {
        out.push_back({'~', kind, key, ""});
      }
    }
  }
  for (const auto& [key, news] : after) {
    const auto it = before.find(key);
    const std::size_t olds = it == before.end() ? 0 : it->second.size();
    for (std::size_t i = olds; i < news.size(); ++i) out.push_back({'+', kind, key, ""});
  }
}

struct PlanIndex {
  Keyed<core::Municipality> municipalities;
  Keyed<core::Agreement> agreements;
  Keyed<core::Field> fields;
  Keyed<core::Category> categories;
  Keyed<core::CategoryYear> years;
  Keyed<core::Initiative> initiatives;
  Keyed<core::Action> actions;
  Keyed<core::Kpi> kpis;
};

PlanIndex index_plan(const core::Region& r) {
  PlanIndex x;
  for (const auto& m : r.municipalities) x.municipalities[m.name].push_back(&m);
  for (const auto& a : r.agreements) x.agreements[a.title].push_back(&a);
  for (const auto& area : r.policy_areas) {
    for (const auto& f : area.fields) {
      x.fields[f.name].push_back(&f);
      for (const auto& c : f.categories) {
        x.categories[f.name + " › " + c.name].push_back(&c);
        for (const auto& k : c.kpis) {
          x.kpis[storage::kpi_key(f.name, c.name, k.definition.name)].push_back(&k);
        }
        for (const auto& y : c.years) {
          const std::string year_key =
              f.name + " › " + c.name + " › " + std::to_string(y.fiscal_year);
          x.years[year_key].push_back(&y);
          for (const auto& i : y.initiatives) {
            x.initiatives[year_key + " › " + i.text].push_back(&i);
            for (const auto& a : i.actions) {
              x.actions[storage::action_key(f.name, c.name, y.fiscal_year, i.text, a.text)]
                  .push_back(&a);
            }
          }
          for (const auto& a : y.actions) {
            x.actions[storage::action_key(f.name, c.name, y.fiscal_year, "", a.text)].push_back(&a);
          }
        }
      }
    }
  }
  return x;
}

std::string records_text(const storage::ItemRecords& r) {
  std::string out;
  auto add = [&](const char* what, long long n) {
    if (n > 0) out += (out.empty() ? "" : ", ") + std::string(what) + " " + std::to_string(n);
  };
  add("progress records", r.progress);
  add("evaluations", r.evaluations);
  add("evidence files", r.evidence);
  add("KPI actuals", r.kpi_actuals);
  add("target changes", r.target_changes);
  return out;
}

// Marks the removals whose items hold records (they are kept, soft-deleted, if allowed) and
// returns how many there are. Mirrors storage::carry_over: the items with records are
// matched first, so a key loses records only when it has fewer new items than such items.
std::size_t mark_records(std::vector<PlanChange>& changes, const PlanIndex& after,
                         const std::vector<storage::ItemRecords>& items) {
  std::map<std::pair<std::string, std::string>, std::vector<const storage::ItemRecords*>> by_key;
  for (const auto& item : items) {
    if (!item.live) continue;  // removed before: it stays as it is
    const char* kind = item.kind == storage::ItemRecords::Kind::kAction ? "action" : "kpi";
    by_key[{kind, item.key}].push_back(&item);
  }
  std::size_t marked = 0;
  for (auto& [kind_key, list] : by_key) {
    const auto& [kind, key] = kind_key;
    std::size_t news = 0;
    if (kind == "action") {
      if (auto it = after.actions.find(key); it != after.actions.end()) news = it->second.size();
    } else if (auto it = after.kpis.find(key); it != after.kpis.end()) {
      news = it->second.size();
    }
    std::size_t next = news;
    for (auto& c : changes) {
      if (next >= list.size()) break;
      if (c.op == '-' && c.kind == kind && c.key == key && c.records.empty()) {
        c.records = records_text(*list[next++]);
        ++marked;
      }
    }
  }
  return marked;
}

}  // namespace

std::vector<PlanChange> plan_changes(const core::Region& before, const core::Region& after) {
  const PlanIndex b = index_plan(before);
  const PlanIndex a = index_plan(after);
  std::vector<PlanChange> out;
  auto equal = [](const auto& x, const auto& y) { return x == y; };
  diff_kind("municipality", b.municipalities, a.municipalities, equal, out);
  diff_kind("agreement", b.agreements, a.agreements, equal, out);
  diff_kind(
      "field", b.fields, a.fields,
      [](const core::Field& x, const core::Field& y) { return x.inferred == y.inferred; }, out);
  diff_kind(
      "category", b.categories, a.categories,
      [](const core::Category& x, const core::Category& y) {
        return x.note == y.note && x.inferred == y.inferred && x.stages == y.stages;
      },
      out);
  diff_kind(
      "year", b.years, a.years,
      [](const core::CategoryYear& x, const core::CategoryYear& y) {
        return x.direction == y.direction && x.topics == y.topics && x.inferred == y.inferred;
      },
      out);
  diff_kind(
      "initiative", b.initiatives, a.initiatives,
      [](const core::Initiative& x, const core::Initiative& y) { return x.inferred == y.inferred; },
      out);
  diff_kind("action", b.actions, a.actions, equal, out);
  diff_kind("kpi", b.kpis, a.kpis, equal, out);
  return out;
}

SealReport seal_dataset_file(const std::filesystem::path& file) {
  SealReport report;
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    report.unreadable = true;
    return report;
  }
  auto sealed = exchange::seal_dataset(text.str(), file.string());
  if (sealed.text.empty()) {
    report.problems = std::move(sealed.problems);
    return report;
  }
  const auto tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << sealed.text;
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, file);
  report.sealed = true;
  return report;
}

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
  bool refused = false;
  bool drafted = false;
  // An audit entry of this load (by its actor, naming the file), for `action` on a record.
  const auto file_entry = [&](const char* action, const char* record_type, std::string record_id,
                              const std::string& at) {
    storage::AuditEntry entry;
    entry.at = at;
    entry.actor = options.actor;
    entry.region_slug = read.region->slug;
    entry.action = action;
    entry.record_type = record_type;
    entry.record_id = std::move(record_id);
    entry.remote = file.string();
    return entry;
  };
  db.write([&](storage::Session& sql) {
    // The region as it was: the before-image of a replacement, and what the load changes.
    std::optional<core::Region> previous;
    bool was_published = true;
    previous = storage::RegionStore::load_in(sql, read.region->slug);
    if (previous) {
      was_published = storage::region_published(sql, read.region->slug);
      report.changes = plan_changes(*previous, *read.region);
      report.removals_with_records =
          mark_records(report.changes, index_plan(*read.region),
                       storage::items_with_records(sql, read.region->slug));
    } else {
      report.changes = plan_changes(core::Region{}, *read.region);
    }
    if (previous && !options.replace) {
      // The region exists: the file becomes its draft revision (ADR 0016), with the
      // 新旧対照表 against the live plan; the live plan and the public see nothing of it.
      res.existed = true;
      report.revision = core::diff_plans(*previous, *read.region);
      if (options.dry_run) return;
      const std::string at = storage::audit_now();
      const auto rid = storage::region_id_of(sql, read.region->slug);
      store_draft_from_file(sql, *rid, *read.region, options.actor, at);
      auto entry = file_entry("draft_from_file", "edition", "draft", at);
      entry.after_json = image_json(*read.region, was_published);
      storage::append_audit(sql, std::move(entry));
      drafted = true;
      return;
    }
    // A draft revision is drafted from the live plan: replacing the plan under it would
    // leave it on text that no longer exists (ADR 0016).
    long long draft_region = 0;  // the region's id when it has a draft revision
    if (previous && options.replace) {
      const auto rid = storage::region_id_of(sql, read.region->slug);
      if (rid && storage::draft_summary(sql, *rid)) draft_region = *rid;
      report.draft_pending = draft_region != 0;
    }
    if (options.dry_run) return;
    if (report.draft_pending && !options.discard_draft) return;
    if (report.removals_with_records > 0 && !options.allow_removals) {
      refused = true;
      return;
    }
    const std::string at = storage::audit_now();
    if (draft_region != 0) {
      auto entry = file_entry("discard_draft", "edition", "draft", at);
      entry.before_json = remove_draft_for_replace(sql, draft_region).value_or("");
      storage::append_audit(sql, std::move(entry));
      report.draft_discarded = true;
    }
    res = store.save_in(sql, *read.region, mode, {options.actor, at});
    if (!res.saved) return;
    // The file's editions become the region's published editions (ADR 0016).
    if (const auto rid = storage::region_id_of(sql, read.region->slug))
      store_file_editions(sql, *rid, *read.region, options.actor, at);
    auto entry = file_entry(res.existed ? "replace" : "create", "region", read.region->slug, at);
    // Before and after: a summary and the canonical dataset text (diffs cleanly).
    if (previous) entry.before_json = image_json(*previous, was_published);
    entry.after_json = image_json(*read.region, was_published);
    storage::append_audit(sql, std::move(entry));
    if (options.before_commit) options.before_commit();
  });
  if (drafted) {
    report.status = LoadReport::Status::kDraft;
  } else if (report.draft_pending && !options.discard_draft && !options.dry_run) {
    report.status = LoadReport::Status::kDraftPending;
  } else if (refused && !(res.existed && !options.replace && options.dry_run)) {
    report.status = LoadReport::Status::kRemovalsRefused;
  } else if (options.dry_run) {
    // A dry run of a load, a replace, or a draft of an existing region.
    report.status = LoadReport::Status::kDryRun;
  } else if (!res.saved) {
    report.status = LoadReport::Status::kExists;
  } else {
    report.status = res.existed ? LoadReport::Status::kReplaced : LoadReport::Status::kLoaded;
  }
  return report;
}

std::optional<std::string> dump_region(storage::Database& db, const std::string& slug,
                                       std::optional<long long> edition) {
  std::optional<std::string> out;
  db.with_session([&](storage::Session& sql) {
    storage::read_consistently(sql, [&] {
      if (edition) {
        out = edition_text(sql, slug, *edition);
        return;
      }
      if (auto region = region_with_editions(sql, slug)) out = exchange::write_dataset(*region);
    });
  });
  return out;
}

}  // namespace kyosei::app
