#include <boost/json.hpp>

#include "app/dashboard/dashboard.hpp"
#include "app/kpi/kpis.hpp"
#include "http/api/dashboard_json.hpp"
#include "http/api/read_model_cache.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

void add_dashboard_routes(RouteTable& t, ApiServices* s, const Cache& cache) {
  t.add("GET", "/api/v1/regions/{slug}/dashboard", app::Policy::kPublicRegionRead,
        [s, cache](const Request& req, const PathParams& p, Ctx& ctx) {
          const std::string& slug = p.at("slug");
          // Which towns have (not) answered a round is internal (issue 11): only the region's
          // members get the per-town list; everyone else the round and its counts.
          const bool member = !app::authorize(ctx.principal, app::Policy::kRegionMember,
                                              app::AccessTarget{slug, true, ""});
          // The same fiscal-year rules as the vision (plan period, 和暦 input).
          return vision_in_year(s, req, slug, [&](const app::VisionInYear& v) {
            const auto today = app::today_in_japan();
            // Keyed by day too: the past/overdue flags move with the calendar.
            const std::string key = "dashboard:" + slug + ":" + std::to_string(v.fiscal_year) +
                                    ":" + core::to_string(today) + (member ? ":member" : ":public");
            return cached_json(req, *cache, key, v.snapshot.change_seq, [&] {
              auto board = app::dashboard(v.snapshot, v.fiscal_year, today);
              board.progress = s->app.progress().dashboard(slug, v.fiscal_year, today);
              if (!member && board.progress && board.progress->submissions)
                board.progress->submissions->towns.clear();
              auto kpis = s->app.kpis().list(slug, std::to_string(v.fiscal_year));
              if (auto* list = std::get_if<app::KpiList>(&kpis))
                board.kpis_at_risk = app::kpis_at_risk(*list);
              return to_json(board);
            });
          });
        });
}

}  // namespace kyosei::http
