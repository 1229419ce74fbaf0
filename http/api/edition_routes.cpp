// Editions of the vision, the draft revision and the 新旧対照表 (issue 13, ADR 0016).
// Published editions read like the vision; the draft only by the region's members; writes
// by the secretariat (whose sessions carry the second factor).

#include <boost/json.hpp>

#include "app/common/clock.hpp"
#include "app/common/messages.hpp"
#include "app/documents/plan_diff.hpp"
#include "http/api/documents_routes.hpp"
#include "http/api/edition_json.hpp"
#include "http/api/messages.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

void add_edition_routes(RouteTable& t, ApiServices* s) {
  const std::string base = "/api/v1/regions/{slug}/editions";
  t.add("GET", base, app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return uncached_json_or_problem(s->app.editions().list(p.at("slug"), ctx.principal));
        });
  t.add("GET", base + "/{n}", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return uncached_json_or_problem(
              s->app.editions().edition(p.at("slug"), p.at("n"), ctx.principal));
        });
  t.add("GET", base + "/{a}/diff/{b}", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"format"})) return *bad;
          const std::string format = req.param("format").value_or("json");
          if (format != "json" && format != "csv" && format != "xlsx" && format != "pdf" &&
              format != "html") {
            app::Error e = app::error_of(app::Errc::kBadRequest, msg::api::diff_format);
            e.fields.push_back(app::field_error("format", msg::api::diff_format_field));
            return problem_response(e);
          }
          auto out = s->app.editions().diff(p.at("slug"), p.at("a"), p.at("b"), ctx.principal);
          if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
          const auto& view = std::get<app::PlanDiffView>(out);
          if (format == "json") return uncached_json_response(to_json(view));
          const std::string stem = "shinkyu-" + view.from_ref + "-" + view.to_ref;
          if (format == "csv" || format == "xlsx")
            return workbook_response(app::documents::plan_diff_table(view), format, stem);
          // The printed table: the caller may read both sides (the diff above said so), so the
          // region's name is theirs to read too.
          auto snap = s->app.vision().region(p.at("slug"));
          if (const auto* e = std::get_if<app::Error>(&snap)) return problem_response(*e);
          const std::string& name = std::get<app::RegionSnapshot>(snap).region->name;
          const std::string issued_on = core::to_string(app::today_in_japan());
          Response r;
          if (format == "pdf") {
            r.content_type = "application/pdf";
            r.body = app::documents::plan_diff_pdf(view, name, issued_on);
          } else {
            r.content_type = "text/html; charset=utf-8";
            r.body = app::documents::plan_diff_html(view, name, issued_on);
          }
          r.headers.emplace_back("Content-Disposition",
                                 "attachment; filename=\"" + stem + "." + format + "\"");
          r.headers.emplace_back("Cache-Control", "no-store");
          return r;
        });
  t.add(
      "GET", base + "/draft", app::Policy::kRegionMember,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        if (auto bad = reject_unknown_params(req, {})) return *bad;
        // With its version as the ETag: what PATCH, DELETE and publish take as If-Match.
        auto out = s->app.editions().edition(p.at("slug"), "draft", ctx.principal);
        if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
        auto& draft = std::get<json::object>(out);
        const auto* version = draft.if_contains("version");
        app::Record rec{std::move(draft), version && version->is_int64() ? version->as_int64() : 0};
        return record_response(rec);
      });
  t.add("POST", base + "/draft", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return created_response(
                s->app.editions().create_draft(p.at("slug"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("PATCH", base + "/draft", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(
                s->app.editions().update_draft(p.at("slug"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("DELETE", base + "/draft", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return record_response(s->app.editions().discard_draft(p.at("slug"), edit_ctx(req, ctx)));
        });
  t.add("POST", base + "/draft/publish", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          // No body: what is published is the draft as its If-Match version names it.
          return record_response(s->app.editions().publish(p.at("slug"), edit_ctx(req, ctx)));
        });
  // The year roll-over into the draft; {"dry_run": true} is the preview and writes nothing.
  t.add("POST", base + "/draft/rollover", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            auto out = s->app.editions().rollover(p.at("slug"), body, edit_ctx(req, ctx));
            if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
            return uncached_json_response(to_json(std::get<app::RolloverPreview>(out)));
          });
        });
}

}  // namespace kyosei::http
