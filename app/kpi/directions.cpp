#include "app/kpi/directions.hpp"

#include <algorithm>
#include <map>

#include "app/common/fiscal_year.hpp"
#include "app/common/messages.hpp"
#include "app/common/unit_of_work.hpp"
#include "core/progress/progress.hpp"
#include "storage/kpi/kpi_store.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app {

std::variant<KpiDirectionList, Error> kpi_directions(storage::Database& db, const Clock& clock,
                                                     const std::string& slug,
                                                     const std::optional<std::string>& fy_text) {
  std::variant<KpiDirectionList, Error> out = region_not_found(slug);
  try {
    db.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        auto kpis = storage::load_region_kpis(session, slug);
        if (!kpis) return;
        KpiDirectionList list;
        list.fiscal_year =
            fy_text ? parse_fy_or_fail(*fy_text)
                    : std::clamp(clock.current_fiscal_year(), kpis->plan_from, kpis->plan_to);
        // Actions by category, and each action's evaluation of the year.
        std::map<long long, std::vector<long long>> actions_of;
        for (const auto& a : storage::load_actions(session, kpis->region_id, list.fiscal_year))
          actions_of[a.category_id].push_back(a.id);
        std::map<long long, storage::EvaluationRow> evaluation_of;
        for (auto& e : storage::load_evaluations(session, kpis->region_id, list.fiscal_year))
          evaluation_of[e.action_id] = std::move(e);
        for (const auto& k : kpis->kpis) {
          KpiDirections d;
          d.kpi_id = k.id;
          std::map<core::NextDirection, int> counts;
          for (long long action : actions_of[k.category_id]) {
            ++d.actions;
            const auto it = evaluation_of.find(action);
            if (it == evaluation_of.end()) continue;
            ++d.evaluated;
            ++counts[it->second.next];
            d.sample = d.sample || it->second.sample;
          }
          for (const auto next : {core::NextDirection::kContinue, core::NextDirection::kExpand,
                                  core::NextDirection::kReview, core::NextDirection::kEnd}) {
            if (const auto n = counts[next]; n > 0)
              d.directions.push_back(
                  {std::string(core::code(next)), std::string(core::label(next)), n});
          }
          list.items.push_back(std::move(d));
        }
        out = std::move(list);
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

}  // namespace kyosei::app
