#include <boost/json.hpp>

#include "http/api/read_model_cache.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

void add_kpi_routes(RouteTable& t, ApiServices* s, const Cache& cache) {
  t.add("GET", "/api/v1/regions/{slug}/kpis", app::Policy::kPublicRegionRead,
        [s, cache](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {"fy"})) return *bad;
          auto snap = s->app.vision().region(p.at("slug"));
          if (auto* e = std::get_if<app::Error>(&snap)) return problem_response(*e);
          const long long seq = std::get<app::RegionSnapshot>(snap).change_seq;
          const std::string key = "kpis:" + p.at("slug") + ":" + req.param("fy").value_or("-") +
                                  ":" + core::to_string(app::today_in_japan());
          auto entry = cache->get(key, seq);
          if (!entry) {
            auto out = s->app.kpis().list(p.at("slug"), req.param("fy"));
            if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
            entry = cache->put(key, seq, to_text(std::get<json::object>(out)));
          }
          return cached_response(req, *entry);
        });
  t.add("GET", "/api/v1/regions/{slug}/kpis/{id}/series", app::Policy::kPublicRegionRead,
        [s, cache](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          auto snap = s->app.vision().region(p.at("slug"));
          if (auto* e = std::get_if<app::Error>(&snap)) return problem_response(*e);
          const long long seq = std::get<app::RegionSnapshot>(snap).change_seq;
          const std::string key = "series:" + p.at("slug") + ":" + p.at("id");
          auto entry = cache->get(key, seq);
          if (!entry) {
            auto out = s->app.kpis().series(p.at("slug"), p.at("id"));
            if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
            entry = cache->put(key, seq, to_text(std::get<json::object>(out)));
          }
          return cached_response(req, *entry);
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
  t.add("GET", "/api/v1/regions/{slug}/kpis/{id}/history", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          auto out = s->app.kpis().history(p.at("slug"), p.at("id"));
          if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
          return json_response(std::get<json::object>(out));
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
}

}  // namespace kyosei::http
