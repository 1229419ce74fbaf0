#include <boost/json.hpp>

#include "app/kpi/directions.hpp"
#include "core/common/fiscal_year.hpp"
#include "http/api/kpi_json.hpp"
#include "http/api/read_model_cache.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

namespace {

// The read model `key` of region `slug`, rebuilt by `build()` (the object or an Error)
// when the region's change counter moved; 404 for an unknown region.
template <typename Build>
Response cached_region_read(const Request& req, ApiServices& s, ReadModelCache& cache,
                            const std::string& slug, const std::string& key, Build build) {
  auto snap = s.app.vision().region(slug);
  if (auto* e = std::get_if<app::Error>(&snap)) return problem_response(*e);
  const long long seq = std::get<app::RegionSnapshot>(snap).change_seq;
  auto entry = cache.get(key, seq);
  if (!entry) {
    auto out = build();
    if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
    entry = cache.put(key, seq, to_text(to_json(std::get<0>(out))));
  }
  return cached_response(req, *entry);
}

// Cache keys name what was asked, not how: "R7", "2025" and "令和7年度" are one key, and a
// text that is no fiscal year gets a key that is never stored (its answer is an error).
std::string canonical_fy(const std::optional<std::string>& fy) {
  if (!fy) return "-";
  const auto parsed = core::parse_fiscal_year(*fy);
  return parsed.year ? std::to_string(*parsed.year) : "invalid";
}

}  // namespace

void add_kpi_routes(RouteTable& t, ApiServices* s, const Cache& cache) {
  t.add("GET", "/api/v1/regions/{slug}/kpis", app::Policy::kPublicRegionRead,
        [s, cache](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {"fy"})) return *bad;
          const std::string key = "kpis:" + p.at("slug") + ":" + canonical_fy(req.param("fy")) +
                                  ":" + core::to_string(app::today_in_japan());
          return cached_region_read(req, *s, *cache, p.at("slug"), key, [&] {
            return s->app.kpis().list(p.at("slug"), req.param("fy"));
          });
        });
  t.add("GET", "/api/v1/regions/{slug}/kpis/{id}/series", app::Policy::kPublicRegionRead,
        [s, cache](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          const std::string key = "series:" + p.at("slug") + ":" + p.at("id");
          return cached_region_read(req, *s, *cache, p.at("slug"), key,
                                    [&] { return s->app.kpis().series(p.at("slug"), p.at("id")); });
        });
  t.add("POST", "/api/v1/regions/{slug}/kpis", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return created_response(s->app.kpis().create(p.at("slug"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("PATCH", "/api/v1/regions/{slug}/kpis/{id}", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(
                s->app.kpis().update(p.at("slug"), p.at("id"), body, edit_ctx(req, ctx)));
          });
        });
  // Who changed a target and why is for the region's members (login names, reasons).
  t.add("GET", "/api/v1/regions/{slug}/kpis/{id}/history", app::Policy::kRegionMember,
        [s](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return encoded_or_problem(s->app.kpis().history(p.at("slug"), p.at("id")),
                                    [](const app::KpiHistory& h) { return to_json(h); });
        });
  t.add("PUT", "/api/v1/regions/{slug}/kpis/{id}/actuals/{fy}", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(s->app.kpis().put_actual(p.at("slug"), p.at("id"), p.at("fy"),
                                                            "", body, edit_ctx(req, ctx)));
          });
        });
  t.add("PUT", "/api/v1/regions/{slug}/kpis/{id}/actuals/{fy}/{code}",
        app::Policy::kOwnMunicipality, [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(s->app.kpis().put_actual(
                p.at("slug"), p.at("id"), p.at("fy"), p.at("code"), body, edit_ctx(req, ctx)));
          });
        });
  // 今後の方向性 per KPI from the evaluations (members only, like the evaluations; issue 11).
  t.add("GET", "/api/v1/regions/{slug}/kpis/directions", app::Policy::kRegionMember,
        [s](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {"fy"})) return *bad;
          return encoded_or_problem(
              app::kpi_directions(s->app.database(), s->app.clock(), p.at("slug"), req.param("fy")),
              [](const app::KpiDirectionList& l) {
                json::array items;
                for (const auto& d : l.items) {
                  json::array dirs;
                  for (const auto& c : d.directions)
                    dirs.push_back(
                        json::object{{"code", c.code}, {"label", c.label}, {"actions", c.actions}});
                  items.push_back(json::object{{"kpi_id", d.kpi_id},
                                               {"directions", std::move(dirs)},
                                               {"evaluated", d.evaluated},
                                               {"actions", d.actions},
                                               {"sample", d.sample}});
                }
                return json::object{{"fiscal_year", l.fiscal_year}, {"items", std::move(items)}};
              },
              false);
        });
}

}  // namespace kyosei::http
