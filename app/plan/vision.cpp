#include "app/plan/vision.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>

#include "app/common/fiscal_year.hpp"
#include "app/common/messages.hpp"
#include "app/plan/messages.hpp"

namespace kyosei::app {

boost::json::object fiscal_year_json(int fy) {
  return {{"year", fy},
          {"label", core::wareki_label(fy)},
          {"short", core::wareki_short(fy)},
          {"display", core::wareki_with_western(fy)}};
}

std::vector<storage::RegionSummary> VisionQueries::list_regions() { return store_.list(); }

Outcome<RegionSnapshot> VisionQueries::region(const std::string& slug) {
  // Read before the lookup: a write that lands in between makes the next call look again.
  const std::uint64_t generation = store_.database().write_generation();
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(slug);
    if (it != cache_.end() && it->second.generation == generation &&
        now - it->second.checked < kRecheck) {
      return it->second.snapshot;
    }
  }
  std::lock_guard loading(load_locks_[std::hash<std::string>{}(slug) % kLoadStripes]);
  auto summary = store_.summary(slug);
  if (!summary) {
    Error e = region_not_found(slug);
    e.fields.push_back(field_error("/slug", msg::plan::region_missing));
    return e;
  }
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(slug);
    if (it != cache_.end() && it->second.snapshot.change_seq == summary->change_seq &&
        it->second.snapshot.published == summary->published) {
      it->second.generation = generation;
      it->second.checked = now;
      return it->second.snapshot;
    }
  }
  auto loaded = store_.load(slug);
  if (!loaded) return region_not_found(slug);
  RegionSnapshot snap{std::make_shared<const core::Region>(std::move(*loaded)), summary->change_seq,
                      summary->published};
  std::lock_guard lock(mutex_);
  cache_[slug] = Cached{snap, generation, now};
  return snap;
}

VisionInYear VisionQueries::vision_in_year(RegionSnapshot snapshot, int fy) {
  VisionInYear v;
  v.snapshot = std::move(snapshot);
  v.fiscal_year = fy;
  const core::Region& r = *v.snapshot.region;
  for (const auto& area : r.policy_areas) {
    AreaInYear a{&area, {}};
    for (const auto& field : area.fields) {
      FieldInYear f{&field, {}};
      for (const auto& cat : field.categories) {
        const auto stage = core::stage_in(cat, fy);
        if (!stage) continue;
        const auto* year = core::year_of(cat, fy);
        if (*stage == core::Stage::kActive) {
          f.categories.push_back({&cat, year, *stage});
          continue;
        }
        CategoryElsewhere e{&field, &cat, year, *stage, 0, std::nullopt};
        for (std::size_t i = 0; i < cat.stages.size(); ++i) {
          if (cat.stages[i].from_fiscal_year <= fy) {
            e.since = cat.stages[i].from_fiscal_year;
            if (i + 1 < cat.stages.size()) e.next = cat.stages[i + 1];
          }
        }
        if (*stage == core::Stage::kDiscussing)
          v.discussing.push_back(e);
        else if (*stage == core::Stage::kCandidate)
          v.candidates.push_back(e);
        else
          v.ended.push_back(e);
      }
      if (!f.categories.empty()) {
        ++v.field_count;
        v.category_count += static_cast<int>(f.categories.size());
        a.fields.push_back(std::move(f));
      }
    }
    v.areas.push_back(std::move(a));
  }
  return v;
}

Outcome<VisionInYear> VisionQueries::vision(const std::string& slug,
                                            const std::optional<std::string>& fy_text) {
  auto snap = region(slug);
  if (auto* err = std::get_if<Error>(&snap)) return *err;
  const auto& s = std::get<RegionSnapshot>(snap);
  const auto& plan = s.region->vision;
  int fy = 0;
  if (!fy_text) {
    fy = std::clamp(current_fiscal_year(), plan.from_fiscal_year, plan.to_fiscal_year);
  } else {
    auto parsed = core::parse_fiscal_year(*fy_text);
    if (!parsed.year) {
      return fiscal_year_error(parsed);
    }
    fy = *parsed.year;
  }
  if (fy < plan.from_fiscal_year || fy > plan.to_fiscal_year) {
    const auto& m = msg::plan::outside_plan_period;
    const std::string ja =
        m.ja(core::wareki_with_western(fy), core::wareki_label(plan.from_fiscal_year),
             core::wareki_label(plan.to_fiscal_year));
    const std::string en = m.en(std::to_string(fy), std::to_string(plan.from_fiscal_year),
                                std::to_string(plan.to_fiscal_year));
    return Error{Errc::kFiscalYearOutOfRange, ja, en, {{"fy", ja, en}}};
  }
  return vision_in_year(s, fy);
}

}  // namespace kyosei::app
