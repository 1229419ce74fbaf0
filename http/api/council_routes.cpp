// The council's routes (issue 12): the register, meetings with attendance, remarks and materials,
// opinions with their answers and transitions, and the 意見対応表 (JSON, CSV or xlsx). Reads are
// public for a published region; the use cases decide what each caller sees.

#include <boost/json.hpp>

#include "app/common/messages.hpp"
#include "app/documents/exports.hpp"
#include "http/api/council_json.hpp"
#include "http/api/documents_routes.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

namespace {

// 200 with the object, no-store: what a caller sees depends on who they are.
Response private_json(const app::JsonOutcome& out) { return uncached_json_or_problem(out); }

}  // namespace

void add_council_routes(RouteTable& t, ApiServices* s) {
  const std::string base = "/api/v1/regions/{slug}";
  t.add("GET", base + "/council/members", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return private_json(s->app.council().members(p.at("slug"), ctx.principal));
        });
  t.add("POST", base + "/council/members", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return created_response(
                s->app.council().add_member(p.at("slug"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("PATCH", base + "/council/members/{id}", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(
                s->app.council().update_member(p.at("slug"), p.at("id"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("GET", base + "/meetings", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"fy"})) return *bad;
          return private_json(
              s->app.council().meetings(p.at("slug"), req.param("fy"), ctx.principal));
        });
  t.add("POST", base + "/meetings", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return created_response(
                s->app.council().create_meeting(p.at("slug"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("GET", base + "/meetings/{id}", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return record_response(s->app.council().meeting(p.at("slug"), p.at("id"), ctx.principal));
        });
  t.add("PATCH", base + "/meetings/{id}", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(s->app.council().update_meeting(p.at("slug"), p.at("id"), body,
                                                                   edit_ctx(req, ctx)));
          });
        });
  t.add("PUT", base + "/meetings/{id}/attendance", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(s->app.council().put_attendance(p.at("slug"), p.at("id"), body,
                                                                   edit_ctx(req, ctx)));
          });
        });
  t.add("POST", base + "/meetings/{id}/remarks", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return created_response(
                s->app.council().add_remark(p.at("slug"), p.at("id"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("PATCH", base + "/meetings/{id}/remarks/{rid}", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(s->app.council().update_remark(
                p.at("slug"), p.at("id"), p.at("rid"), body, edit_ctx(req, ctx)));
          });
        });
  // A meeting's materials (ADR 0018): the use case decides what each caller reads; the
  // secretariat uploads (the file is the body, the rest query parameters) and deletes.
  t.add("GET", base + "/meetings/{id}/materials", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return private_json(s->app.council().materials(p.at("slug"), p.at("id"), ctx.principal));
        });
  t.add("POST", base + "/meetings/{id}/materials", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"name", "title", "kind", "number", "public"}))
            return *bad;
          app::MaterialUpload upload{req.param("name"),   req.param("title"),  req.param("kind"),
                                     req.param("number"), req.param("public"), req.body};
          return created_response(
              s->app.council().add_material(p.at("slug"), p.at("id"), upload, edit_ctx(req, ctx)));
        });
  t.add("GET", base + "/meetings/{id}/materials/{mid}", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          auto out =
              s->app.council().material(p.at("slug"), p.at("id"), p.at("mid"), ctx.principal);
          if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
          auto& f = std::get<app::MaterialFile>(out);
          return stored_file_response(req, f.sha256, std::move(f.media_type), std::move(f.content),
                                      f.file_name, "material");
        });
  // Corrects a material's title, 資料番号, kind or public flag (If-Match: its version).
  t.add("PATCH", base + "/meetings/{id}/materials/{mid}", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return with_json_body(req, [&](const json::object& body) {
            return record_response(s->app.council().update_material(
                p.at("slug"), p.at("id"), p.at("mid"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("DELETE", base + "/meetings/{id}/materials/{mid}", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          if (auto e = s->app.council().remove_material(p.at("slug"), p.at("id"), p.at("mid"),
                                                        edit_ctx(req, ctx)))
            return problem_response(*e);
          return no_content();
        });
  t.add("GET", base + "/opinions", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"fy", "round"})) return *bad;
          return private_json(s->app.council().opinions(p.at("slug"), req.param("fy"),
                                                        req.param("round"), ctx.principal));
        });
  // Council members submit written opinions; the secretariat records any opinion.
  t.add("POST", base + "/opinions", app::Policy::kCouncilMember,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return created_response(
                s->app.council().create_opinion(p.at("slug"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("GET", base + "/opinions/table", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"fy", "round", "format"})) return *bad;
          const std::string format = req.param("format").value_or("json");
          if (auto bad = bad_table_format(format)) return *bad;
          auto out = s->app.council().table(p.at("slug"), req.param("fy"), req.param("round"),
                                            ctx.principal);
          if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
          const auto& table = std::get<app::OpinionTable>(out);
          if (format == "json") return uncached_json_response(to_json(table));
          if (format == "xlsx")
            return workbook_response(app::documents::opinion_table(table), format,
                                     "opinions-" + std::to_string(table.fiscal_year) +
                                         (table.round ? "-" + std::to_string(*table.round) : ""));
          Response r;
          r.content_type = "text/csv; charset=utf-8";
          r.body = to_csv(table);
          r.headers.emplace_back(
              "Content-Disposition",
              "attachment; filename=\"opinions-" + std::to_string(table.fiscal_year) +
                  (table.round ? "-" + std::to_string(*table.round) : "") + ".csv\"");
          r.headers.emplace_back("Cache-Control", "no-store");
          return r;
        });
  t.add("GET", base + "/opinions/{id}", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return record_response(s->app.council().opinion(p.at("slug"), p.at("id"), ctx.principal));
        });
  // The secretariat edits; the editors of the assigned town answer (checked in the use case).
  t.add("PATCH", base + "/opinions/{id}", app::Policy::kAnyMunicipality,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(s->app.council().update_opinion(p.at("slug"), p.at("id"), body,
                                                                   edit_ctx(req, ctx)));
          });
        });
  t.add("POST", base + "/opinions/{id}/transition", app::Policy::kAnyMunicipality,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(s->app.council().transition_opinion(p.at("slug"), p.at("id"),
                                                                       body, edit_ctx(req, ctx)));
          });
        });
  // The subcommittee workspace (issue 12, item 5): members read; the secretariat, subcommittee
  // members (their fields, checked in the use case) and town editors write.
  t.add("GET", base + "/fields/{id}/workspace", app::Policy::kRegionMember,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"fy"})) return *bad;
          return private_json(
              s->app.council().workspace(p.at("slug"), p.at("id"), req.param("fy"), ctx.principal));
        });
  t.add("POST", base + "/threads", app::Policy::kWorkspace,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return created_response(
                s->app.council().create_thread(p.at("slug"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("POST", base + "/threads/{id}/posts", app::Policy::kWorkspace,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return created_response(
                s->app.council().add_post(p.at("slug"), p.at("id"), body, edit_ctx(req, ctx)));
          });
        });
  t.add("PUT", base + "/categories/{id}/assessment", app::Policy::kWorkspace,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return private_json(s->app.council().put_assessment(p.at("slug"), p.at("id"), body,
                                                                edit_ctx(req, ctx)));
          });
        });
  t.add("PUT", base + "/categories/{id}/proposal", app::Policy::kWorkspace,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return private_json(
                s->app.council().put_proposal(p.at("slug"), p.at("id"), body, edit_ctx(req, ctx)));
          });
        });
  // The year's schedule (issue 12, item 6): the public reads the dates of public events.
  t.add("GET", base + "/schedule", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"fy"})) return *bad;
          return private_json(
              s->app.council().schedule(p.at("slug"), req.param("fy"), ctx.principal));
        });
  t.add("POST", base + "/schedule", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return created_response(
                s->app.council().create_milestone(p.at("slug"), body, edit_ctx(req, ctx)));
          });
        });
  // 200 with what would be written ("preview": true), else 201 with what was written.
  t.add("POST", base + "/schedule/from-template", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            auto out =
                s->app.council().schedule_from_template(p.at("slug"), body, edit_ctx(req, ctx));
            Response r = private_json(out);
            if (const auto* o = std::get_if<json::object>(&out);
                o != nullptr && !o->at("preview").as_bool())
              r.status = 201;
            return r;
          });
        });
  // The secretariat edits; the owner town's editors mark done (checked in the use case).
  t.add("PATCH", base + "/schedule/{id}", app::Policy::kAnyMunicipality,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            return record_response(s->app.council().update_milestone(p.at("slug"), p.at("id"), body,
                                                                     edit_ctx(req, ctx)));
          });
        });
  t.add("DELETE", base + "/schedule/{id}", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto e =
                  s->app.council().delete_milestone(p.at("slug"), p.at("id"), edit_ctx(req, ctx)))
            return problem_response(*e);
          return no_content();
        });
}

}  // namespace kyosei::http
