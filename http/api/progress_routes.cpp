#include <boost/json.hpp>

#include "http/api/progress_json.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

void add_progress_routes(RouteTable& t, ApiServices* s) {
  t.add("GET", "/api/v1/regions/{slug}/progress", app::Policy::kRegionMember,
        [s](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {"fy", "municipality"})) return *bad;
          return encoded_or_problem(
              s->app.progress().list(p.at("slug"), req.param("fy"), req.param("municipality")),
              [](const app::ProgressList& l) { return to_json(l); }, false);
        });
  t.add("PUT", "/api/v1/regions/{slug}/actions/{id}/progress/{code}", app::Policy::kOwnMunicipality,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(s->app.progress().put_progress(
                p.at("slug"), p.at("id"), p.at("code"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("PUT", "/api/v1/regions/{slug}/actions/{id}/evaluation", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(s->app.progress().put_evaluation(p.at("slug"), p.at("id"), body,
                                                                    edit_ctx(req, ctx)));
          });
        });
  t.add("POST", "/api/v1/regions/{slug}/actions/{id}/progress/{code}/evidence",
        app::Policy::kOwnMunicipality, [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"name"})) return *bad;
          auto out = s->app.progress().add_evidence(p.at("slug"), p.at("id"), p.at("code"),
                                                    req.param("name").value_or(""), req.body,
                                                    edit_ctx(req, ctx));
          Response r = record_response(out);
          if (std::holds_alternative<app::Record>(out)) r.status = 201;
          return r;
        });
  t.add("DELETE", "/api/v1/regions/{slug}/actions/{id}/progress/{code}/evidence/{eid}",
        app::Policy::kOwnMunicipality, [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          if (auto e = s->app.progress().remove_evidence(p.at("slug"), p.at("id"), p.at("code"),
                                                         p.at("eid"), edit_ctx(req, ctx)))
            return problem_response(*e);
          return no_content();
        });
  t.add("GET", "/api/v1/regions/{slug}/evidence/{eid}", app::Policy::kRegionMember,
        [s](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          auto out = s->app.progress().evidence(p.at("slug"), p.at("eid"));
          if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
          auto& f = std::get<app::EvidenceFile>(out);
          return stored_file_response(req, f.sha256, std::move(f.media_type), std::move(f.content),
                                      f.file_name, "evidence");
        });
  t.add("GET", "/api/v1/regions/{slug}/rounds", app::Policy::kRegionMember,
        [s](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return uncached_json_or_problem(
              s->app.progress().rounds(p.at("slug"), app::today_in_japan()));
        });
  t.add("POST", "/api/v1/regions/{slug}/rounds", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return created_response(s->app.progress().open_round(
                p.at("slug"), body, edit_ctx(req, ctx), app::today_in_japan()));
          });
        });
  t.add("GET", "/api/v1/regions/{slug}/rounds/{id}", app::Policy::kRegionMember,
        [s](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return record_response(
              s->app.progress().round(p.at("slug"), p.at("id"), app::today_in_japan()));
        });
  t.add("GET", "/api/v1/regions/{slug}/rounds/{id}/tasks/{code}", app::Policy::kOwnMunicipality,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return uncached_json_or_problem(s->app.progress().tasks(
              p.at("slug"), p.at("id"), p.at("code"), app::today_in_japan(), &ctx.principal));
        });
  // submit: the town (or the secretariat); return / confirm / reopen: the secretariat,
  // checked again in the use case.
  for (const char* event : {"submit", "return", "confirm", "reopen"}) {
    const bool town = std::string(event) == "submit";
    t.add("POST", std::string("/api/v1/regions/{slug}/rounds/{id}/submissions/{code}/") + event,
          town ? app::Policy::kOwnMunicipality : app::Policy::kRegionEdit,
          [s, event](const Request& req, const PathParams& p, Ctx& ctx) {
            return with_optional_json_body(req, [&](const json::object& body) {
              return record_response(
                  s->app.progress().transition(p.at("slug"), p.at("id"), p.at("code"), event, body,
                                               edit_ctx(req, ctx), app::today_in_japan()));
            });
          });
  }
}

}  // namespace kyosei::http
