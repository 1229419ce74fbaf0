#include "app/plan/synthetic.hpp"

#include <string>
#include <utility>
#include <variant>

#include "storage/plan/region_store.hpp"

namespace kyosei::app {

core::Region synthetic_region(int index) {
  core::Region r;
  r.slug = "synth-" + std::to_string(index);
  r.name = "合成圏域 " + std::to_string(index);
  r.source = "kyosei synth（ベンチマーク用の架空データ）";
  r.vision = {"合成ビジョン", 2025, 2029};
  const char* towns[] = {"01210", "01209", "01215", "01222", "01423",
                         "01427", "01428", "01429", "01430"};
  for (int t = 0; t < 9; ++t) {
    r.municipalities.push_back(
        {towns[t], "合成町" + std::to_string(t),
         t == 0 ? core::MunicipalityKind::kCity : core::MunicipalityKind::kTown,
         t == 0 ? core::MunicipalityRole::kCentral : core::MunicipalityRole::kMember, ""});
  }
  const char* areas[] = {"living", "network", "management"};
  for (int a = 0; a < 3; ++a)
    r.policy_areas.push_back({areas[a], std::string("政策分野 ") + areas[a], {}});
  for (int f = 0; f < 17; ++f) {
    core::Field field;
    field.name = "合成分野 " + std::to_string(f);
    for (int c = 0; c < 4; ++c) {
      core::Category cat;
      cat.name = "合成カテゴリ " + std::to_string(f) + "-" + std::to_string(c);
      cat.stages = {{core::Stage::kActive, 2025}};
      core::CategoryYear y;
      y.fiscal_year = 2025;
      y.direction = "合成の連携方向 " + cat.name;
      for (int a = 0; a < 10; ++a) {
        core::Action act;
        act.text = "合成の取組 " + cat.name + " / " + std::to_string(a);
        act.all_participate = a % 2 == 0;
        if (!act.all_participate) act.participants = {towns[0], towns[a % 9]};
        if (!act.all_participate && act.participants[0] == act.participants[1])
          act.participants.pop_back();
        act.lead = towns[0];
        y.actions.push_back(std::move(act));
      }
      cat.years.push_back(std::move(y));
      core::Kpi k;
      k.sample = true;
      auto& d = k.definition;
      d.name = "合成指標 " + cat.name;
      d.unit = "件";
      d.direction = c % 3 == 1 ? core::KpiDirection::kLower : core::KpiDirection::kHigher;
      d.baseline = {
          2024,
          *core::Decimal::parse(d.direction == core::KpiDirection::kLower ? "900" : "100").value};
      d.target = {
          2029,
          *core::Decimal::parse(d.direction == core::KpiDirection::kLower ? "600" : "400").value};
      d.summed = c % 2 == 0;
      d.decimal_places = 0;
      for (int fy = 2025; fy <= 2029; ++fy) {
        if (d.summed) {
          for (int t = 0; t < 9; ++t) {
            const int v =
                (d.direction == core::KpiDirection::kLower ? 100 : 10) + (fy - 2024) * (t + 1);
            k.actuals.push_back(
                {fy, towns[t], *core::Decimal::parse(std::to_string(v)).value, "", "synth", ""});
          }
        } else {
          const int v = d.direction == core::KpiDirection::kLower ? 900 - (fy - 2024) * 50
                                                                  : 100 + (fy - 2024) * 55;
          k.actuals.push_back(
              {fy, "", *core::Decimal::parse(std::to_string(v)).value, "", "synth", ""});
        }
      }
      cat.kpis.push_back(std::move(k));
      field.categories.push_back(std::move(cat));
    }
    r.policy_areas[static_cast<std::size_t>(f % 3)].fields.push_back(std::move(field));
  }
  return r;
}

std::optional<Error> add_synthetic_regions(storage::Database& db, Progress& progress, int count) {
  storage::RegionStore store(db);
  for (int i = 0; i < count; ++i) {
    const auto region = synthetic_region(i);
    store.save(region, storage::RegionStore::SaveMode::kReplace);
    const auto sample = progress.load_demo(region.slug, 2025, "synth");
    if (const auto* e = std::get_if<Error>(&sample)) return *e;
  }
  return std::nullopt;
}

}  // namespace kyosei::app
