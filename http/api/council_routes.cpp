// The council's routes (issue 12): the register, meetings with attendance, remarks and materials,
// opinions with their answers and transitions, and the 意見対応表 (JSON, CSV or xlsx). Reads are
// public for a published region; the use cases decide what each caller sees.

#include <boost/json.hpp>

#include "app/common/messages.hpp"
#include "app/council/council.hpp"
#include "app/documents/exports.hpp"
#include "core/common/fiscal_year.hpp"
#include "http/api/api.hpp"
#include "http/api/council_json.hpp"
#include "http/api/documents_routes.hpp"
#include "http/api/messages.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

namespace {

// 200 with the object, no-store: what a caller sees depends on who they are.
Response private_json(const app::JsonOutcome& out) { return uncached_json_or_problem(out); }

// An error about the query parameters of a read (fy, round, title …) as one about the JSON
// body of a generated material: 422 naming the body's member.
app::Error as_body_error(app::Error e) {
  if (e.code == app::Errc::kBadRequest || e.code == app::Errc::kInvalidFiscalYear ||
      e.code == app::Errc::kFiscalYearOutOfRange)
    e.code = app::Errc::kValidationFailed;
  for (auto& f : e.fields) {
    if (f.pointer == "fy") f.pointer = "fiscal_year";
    if (!f.pointer.empty() && f.pointer.front() != '/') f.pointer = "/" + f.pointer;
  }
  return e;
}

// A meeting's material generated on the server (ADR 0018): body {"document":
// "council-material" | "opinion-table", "fiscal_year"? (default the meeting's), "round"?
// (1–3, the 意見対応表 only), "format"? (council-material: pdf; opinion-table: pdf, xlsx or
// csv; default pdf), "draft"? (the council material's 「案」, default true), "number"?,
// "title"? (default the document's title), "kind"? (default material), "public"? (default
// false)}. The document is rendered as the secretariat reads it — except that a public
// 意見対応表 is rendered as the public reads it (published opinions, no submitter), and the
// council material, which gathers members-only data, cannot be public — then stored exactly
// like an upload (same store, audit and reading rules).
Response add_generated_material(ApiServices& s, const Request& req, const PathParams& p, Ctx& ctx,
                                const json::object& body) {
  const std::string& slug = p.at("slug");
  std::vector<app::FieldError> errors;
  for (const auto& kv : body)
    if (kv.key() != "document" && kv.key() != "fiscal_year" && kv.key() != "round" &&
        kv.key() != "format" && kv.key() != "draft" && kv.key() != "number" &&
        kv.key() != "title" && kv.key() != "kind" && kv.key() != "public")
      errors.push_back(app::field_error("/" + std::string(kv.key()), msg::api::unknown_field));
  auto text = [&](const char* key) -> std::optional<std::string> {
    if (!body.contains(key) || body.at(key).is_null()) return std::nullopt;
    if (!body.at(key).is_string()) {
      errors.push_back(app::field_error(std::string("/") + key, msg::api::a_string));
      return std::nullopt;
    }
    return std::string(body.at(key).as_string());
  };
  auto flag = [&](const char* key, bool fallback) {
    if (!body.contains(key) || body.at(key).is_null()) return fallback;
    if (!body.at(key).is_bool()) {
      errors.push_back(app::field_error(std::string("/") + key, msg::api::a_boolean));
      return fallback;
    }
    return body.at(key).as_bool();
  };
  const auto document = text("document");
  const bool material = document == "council-material";
  const bool table = document == "opinion-table";
  if (!material && !table)
    errors.push_back(app::field_error("/document", msg::api::generated_document));
  const std::string format = text("format").value_or("pdf");
  if ((material && format != "pdf") ||
      (table && format != "pdf" && format != "xlsx" && format != "csv"))
    errors.push_back(app::field_error("/format", msg::api::generated_format));
  std::optional<std::string> fy;
  if (body.contains("fiscal_year") && !body.at("fiscal_year").is_null()) {
    const auto& v = body.at("fiscal_year");
    if (v.is_int64() && v.as_int64() >= 1989 && v.as_int64() <= 9999)
      fy = std::to_string(v.as_int64());
    else
      errors.push_back(app::field_error("/fiscal_year", msg::api::generated_fiscal_year));
  }
  std::optional<std::string> round;
  if (body.contains("round") && !body.at("round").is_null()) {
    const auto& v = body.at("round");
    if (table && v.is_int64() && v.as_int64() >= 1 && v.as_int64() <= 3)
      round = std::to_string(v.as_int64());
    else
      errors.push_back(app::field_error("/round", msg::api::generated_round));
  }
  const bool draft = flag("draft", true);
  const bool is_public = flag("public", false);
  if (material && is_public)
    errors.push_back(app::field_error("/public", msg::api::generated_material_private));
  app::MaterialUpload upload;
  upload.title = text("title");
  upload.number = text("number");
  upload.kind = text("kind").value_or("material");
  upload.is_public = is_public ? "true" : "false";
  if (!errors.empty()) return problem_response(app::invalid(std::move(errors)));

  // The meeting first (404 before any rendering); its fiscal year is the default.
  auto meeting = s.app.council().meeting(slug, p.at("id"), ctx.principal);
  if (const auto* e = std::get_if<app::Error>(&meeting)) return problem_response(*e);
  if (!fy) {
    const auto& m = std::get<app::Record>(meeting).data;
    if (const auto* year = m.if_contains("fiscal_year"); year != nullptr && year->is_object())
      if (const auto* y = year->as_object().if_contains("year"); y != nullptr && y->is_int64())
        fy = std::to_string(y->as_int64());
  }
  const app::Principal anonymous;
  auto rendered = material ? council_material_document(s, slug, fy, draft, format, ctx.principal)
                           : opinion_table_document(s, slug, fy, round, format,
                                                    is_public ? anonymous : ctx.principal);
  if (auto* e = std::get_if<app::Error>(&rendered)) return problem_response(as_body_error(*e));
  auto& doc = std::get<GeneratedDocument>(rendered);
  if (!upload.title) {
    upload.title = material
                       ? "共生ビジョン懇談会 資料（" + core::wareki_label(std::stoi(*fy)) + "）"
                       : "意見対応表（" + core::wareki_label(std::stoi(*fy)) +
                             (round ? " 第" + *round + "回意見集約" : "") + "）";
  }
  upload.name = doc.file_name;
  upload.bytes = std::move(doc.body);
  auto out = s.app.council().add_material(slug, p.at("id"), upload, edit_ctx(req, ctx));
  if (auto* e = std::get_if<app::Error>(&out)) return problem_response(as_body_error(*e));
  return created_response(out);
}

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
  t.add("POST", base + "/meetings/{id}/materials/generated", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          return with_json_body(req, [&](const json::object& body) {
            return add_generated_material(*s, req, p, ctx, body);
          });
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
          if (format == "pdf" || format == "csv" || format == "xlsx")
            return generated_response(opinion_table_document(
                *s, p.at("slug"), req.param("fy"), req.param("round"), format, ctx.principal));
          if (format != "json") {
            app::Error e = app::error_of(app::Errc::kBadRequest, msg::api::opinion_table_format);
            e.fields.push_back(app::field_error("format", msg::api::opinion_table_format_field));
            return problem_response(e);
          }
          auto out = s->app.council().table(p.at("slug"), req.param("fy"), req.param("round"),
                                            ctx.principal);
          if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
          return uncached_json_response(to_json(std::get<app::OpinionTable>(out)));
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
