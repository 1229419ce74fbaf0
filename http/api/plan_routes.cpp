#include <boost/json.hpp>

#include "app/plan/region_settings.hpp"
#include "http/api/plan_json.hpp"
#include "http/api/read_model_cache.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

namespace {
// The region settings of the web (ADR 0019) over the services' database.
app::RegionSettings settings(ApiServices* s) {
  return app::RegionSettings(s->app.database(), s->app.clock());
}
}  // namespace

void add_plan_read_routes(RouteTable& t, ApiServices* s, const Cache& cache) {
  t.add(
      "GET", "/api/v1/regions", app::Policy::kPublic,
      [s](const Request& req, const PathParams&, Ctx& ctx) {
        if (auto bad = reject_unknown_params(req, {})) return *bad;
        json::array out;
        for (const auto& s : s->app.vision().list_regions()) {
          // The same rule as reading one region: unpublished ones only for their members.
          if (!s.published &&
              app::authorize(ctx.principal, app::Policy::kPublicRegionRead, {s.slug, false, ""})) {
            continue;
          }
          json::object item{{"slug", s.slug},
                            {"kind", labelled(core::code(s.kind), core::label(s.kind))},
                            {"name", s.name},
                            {"name_en", s.name_en},
                            {"vision", plan_json({s.vision_title, s.plan_from, s.plan_to})},
                            {"municipality_count", s.municipality_count},
                            {"published", s.published}};
          // The region row's version, the If-Match of PATCH /regions/{slug} (publishing on
          // /admin/regions): only for those who may make that change.
          if (!app::authorize(ctx.principal, app::Policy::kRegionEdit, {s.slug, s.published, ""})) {
            item["version"] = s.version;
          }
          out.push_back(std::move(item));
        }
        return json_response(json::object{{"regions", std::move(out)}});
      });

  t.add("GET", "/api/v1/regions/{slug}", app::Policy::kPublicRegionRead,
        [s, cache](const Request& req, const PathParams& p, Ctx&) {
          const std::string& slug = p.at("slug");
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          auto snap = s->app.vision().region(slug);
          if (auto* err = std::get_if<app::Error>(&snap)) return problem_response(*err);
          const auto& s = std::get<app::RegionSnapshot>(snap);
          const std::string key = "region:" + slug;
          return cached_json(req, *cache, key, s.change_seq,
                             [&] { return region_json(*s.region, s.change_seq); });
        });

  t.add("GET", "/api/v1/regions/{slug}/vision", app::Policy::kPublicRegionRead,
        [s, cache](const Request& req, const PathParams& p, Ctx&) {
          const std::string& slug = p.at("slug");
          return vision_in_year(s, req, slug, [&](const app::VisionInYear& v) {
            const std::string key = "vision:" + slug + ":" + std::to_string(v.fiscal_year);
            return cached_json(req, *cache, key, v.snapshot.change_seq,
                               [&] { return vision_json(v); });
          });
        });
}

void add_plan_editing_routes(RouteTable& t, ApiServices* s) {
  t.add("POST", "/api/v1/regions", app::Policy::kAdmin,
        [s](const Request& req, const PathParams&, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return created_response(settings(s).create_region(body, edit_ctx(req, ctx)));
          });
        });
  t.add("PATCH", "/api/v1/regions/{slug}", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(
                s->app.editing().update_region(p.at("slug"), body, edit_ctx(req, ctx)));
          });
        });

  for (const char* resource : {"municipalities", "agreements", "policy-areas", "fields",
                               "categories", "initiatives", "actions"}) {
    const std::string res = resource;
    const std::string key = res == "municipalities" ? "{code}" : "{id}";
    const std::string base = "/api/v1/regions/{slug}/" + res;
    t.add("GET", base, app::Policy::kRegionMember,
          [s, res](const Request& req, const PathParams& p, Ctx&) {
            if (auto bad = reject_unknown_params(req, {})) return *bad;
            auto out = s->app.editing().list(p.at("slug"), res);
            if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
            return json_response(json::object{{"items", std::get<json::array>(out)}});
          });
    t.add("GET", base + "/" + key, app::Policy::kRegionMember,
          [s, res](const Request&, const PathParams& p, Ctx&) {
            const std::string k = p.contains("code") ? p.at("code") : p.at("id");
            return record_response(s->app.editing().get(p.at("slug"), res, k));
          });
    if (res != "policy-areas") {
      t.add("POST", base, app::Policy::kRegionEdit,
            [s, res](const Request& req, const PathParams& p, Ctx& ctx) {
              return with_json_body(req, [&](const json::object& body) {
                return created_response(
                    s->app.editing().create(p.at("slug"), res, body, edit_ctx(req, ctx)));
              });
            });
      t.add("DELETE", base + "/" + key, app::Policy::kRegionEdit,
            [s, res](const Request& req, const PathParams& p, Ctx& ctx) {
              const std::string k = p.contains("code") ? p.at("code") : p.at("id");
              if (auto e = s->app.editing().remove(p.at("slug"), res, k, edit_ctx(req, ctx)))
                return problem_response(*e);
              return no_content();
            });
    }
    t.add("PATCH", base + "/" + key, app::Policy::kRegionEdit,
          [s, res](const Request& req, const PathParams& p, Ctx& ctx) {
            const std::string k = p.contains("code") ? p.at("code") : p.at("id");
            return with_json_body(req, [&](const json::object& body) {
              return record_response(
                  s->app.editing().update(p.at("slug"), res, k, body, edit_ctx(req, ctx)));
            });
          });
  }

  t.add("GET", "/api/v1/regions/{slug}/kpi-grading", app::Policy::kRegionMember,
        [s](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return record_response(settings(s).get_grading(p.at("slug")));
        });
  t.add("PUT", "/api/v1/regions/{slug}/kpi-grading", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(settings(s).put_grading(p.at("slug"), body, edit_ctx(req, ctx)));
          });
        });

  t.add("POST", "/api/v1/regions/{slug}/categories/{id}/stages", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(
                s->app.editing().add_stage(p.at("slug"), p.at("id"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("DELETE", "/api/v1/regions/{slug}/categories/{id}/stages/{fy}", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return record_response(s->app.editing().remove_stage(p.at("slug"), p.at("id"), p.at("fy"),
                                                               edit_ctx(req, ctx)));
        });
  t.add("GET", "/api/v1/regions/{slug}/categories/{id}/years/{fy}", app::Policy::kRegionMember,
        [s](const Request&, const PathParams& p, Ctx&) {
          return record_response(s->app.editing().get_year(p.at("slug"), p.at("id"), p.at("fy")));
        });
  t.add("PUT", "/api/v1/regions/{slug}/categories/{id}/years/{fy}", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(s->app.editing().put_year(p.at("slug"), p.at("id"), p.at("fy"),
                                                             body, edit_ctx(req, ctx)));
          });
        });
  for (const char* method : {"PUT", "DELETE"}) {
    const bool join = std::string(method) == "PUT";
    t.add(method, "/api/v1/regions/{slug}/actions/{id}/participants/{code}",
          app::Policy::kOwnMunicipality,
          [s, join](const Request& req, const PathParams& p, Ctx& ctx) {
            return record_response(s->app.editing().set_participation(
                p.at("slug"), p.at("id"), p.at("code"), join, edit_ctx(req, ctx)));
          });
  }
}

}  // namespace kyosei::http
