// Exports and open data (issue 14): the KPI 進捗表, the progress list, a round's states, the
// audit trail and the public open-data files as xlsx, CSV (UTF-8 with BOM) or JSON. Each
// export reads its model through the same use case as its JSON read and is registered with
// the same policy, so it shows exactly what that read shows to the same caller.

#include "http/api/documents_routes.hpp"

#include <boost/json.hpp>

#include "app/common/clock.hpp"
#include "app/common/messages.hpp"
#include "app/documents/council_material.hpp"
#include "app/documents/exports.hpp"
#include "app/documents/opinion_print.hpp"
#include "app/documents/town_workbook.hpp"
#include "app/documents/workbook_import.hpp"
#include "core/common/fiscal_year.hpp"
#include "http/api/api.hpp"
#include "http/api/audit_routes.hpp"
#include "http/api/council_json.hpp"
#include "http/api/messages.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

std::optional<Response> bad_table_format(const std::string& format) {
  if (format == "json" || format == "csv" || format == "xlsx") return std::nullopt;
  app::Error e = app::error_of(app::Errc::kBadRequest, msg::api::table_format);
  e.fields.push_back(app::field_error("format", msg::api::table_format_field));
  return problem_response(e);
}

Response workbook_response(const app::documents::Workbook& book, const std::string& format,
                           const std::string& file_stem) {
  if (format == "json") return uncached_json_response(app::documents::workbook_json(book));
  Response r;
  if (format == "csv") {
    r.content_type = "text/csv; charset=utf-8";
    r.body = app::documents::workbook_csv(book);
  } else {
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r.body = app::documents::workbook_xlsx(book);
  }
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"" + file_stem + "." + format + "\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

namespace {

// Reads the model with `read()` (a variant of the model or an Error) and answers it as a
// workbook in the requested format.
template <typename Read, typename Build>
Response export_of(const Request& req, const std::string& stem, Read read, Build build) {
  const std::string format = req.param("format").value_or("json");
  if (auto bad = bad_table_format(format)) return *bad;
  auto out = read();
  if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
  return workbook_response(build(std::get<0>(out)), format, stem);
}

std::string fy_stem(const std::optional<std::string>& fy) {
  std::string out;
  for (const char c : fy.value_or("current"))
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) out += c;
  return out.empty() ? "fy" : out;
}

}  // namespace

GeneratedOutcome council_material_document(ApiServices& s, const std::string& slug,
                                           const std::optional<std::string>& fy, bool draft,
                                           const std::string& format, const app::Principal& who) {
  auto vision = s.app.vision().vision(slug, fy);
  if (auto* e = std::get_if<app::Error>(&vision)) return *e;
  const auto& v = std::get<app::VisionInYear>(vision);
  const std::string year = std::to_string(v.fiscal_year);
  auto kpis = s.app.kpis().list(slug, year);
  if (auto* e = std::get_if<app::Error>(&kpis)) return *e;
  auto progress = s.app.progress().list(slug, year, std::nullopt);
  if (auto* e = std::get_if<app::Error>(&progress)) return *e;
  auto opinions = s.app.council().table(slug, year, std::nullopt, who);
  if (auto* e = std::get_if<app::Error>(&opinions)) return *e;
  app::documents::CouncilMaterialInput in;
  in.vision = &v;
  in.kpis = &std::get<app::KpiList>(kpis);
  in.progress = &std::get<app::ProgressList>(progress);
  in.opinions = &std::get<app::OpinionTable>(opinions);
  // While a draft revision exists, its 新旧対照表 against the current plan (members read the
  // draft; the callers are members only).
  auto revision = s.app.editions().diff(slug, "current", "draft", who);
  if (const auto* e = std::get_if<app::Error>(&revision);
      e != nullptr && e->code != app::Errc::kNotFound)
    return *e;
  if (const auto* d = std::get_if<app::PlanDiffView>(&revision)) in.revision = d;
  in.issued_on = core::to_string(app::today_in_japan());
  in.draft = draft;
  GeneratedDocument out;
  out.file_name = "council-material-" + year + "." + format;
  if (format == "pdf") {
    out.media_type = "application/pdf";
    out.body = app::documents::council_material_pdf(in);
  } else {
    out.media_type = "text/html; charset=utf-8";
    out.body = app::documents::council_material_html(in);
  }
  return out;
}

GeneratedOutcome opinion_table_document(ApiServices& s, const std::string& slug,
                                        const std::optional<std::string>& fy,
                                        const std::optional<std::string>& round,
                                        const std::string& format, const app::Principal& who) {
  auto read = s.app.council().table(slug, fy, round, who);
  if (auto* e = std::get_if<app::Error>(&read)) return *e;
  const auto& table = std::get<app::OpinionTable>(read);
  GeneratedDocument out;
  const std::string stem = "opinions-" + std::to_string(table.fiscal_year) +
                           (table.round ? "-" + std::to_string(*table.round) : "");
  out.file_name = stem + "." + format;
  if (format == "pdf") {
    auto snap = s.app.vision().region(slug);
    if (auto* e = std::get_if<app::Error>(&snap)) return *e;
    out.media_type = "application/pdf";
    out.body =
        app::documents::opinion_table_pdf(table, std::get<app::RegionSnapshot>(snap).region->name,
                                          core::to_string(app::today_in_japan()));
  } else if (format == "xlsx") {
    out.media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    out.body = app::documents::workbook_xlsx(app::documents::opinion_table(table));
  } else {
    out.media_type = "text/csv; charset=utf-8";
    out.body = to_csv(table);
  }
  return out;
}

Response generated_response(GeneratedOutcome out) {
  if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
  auto& d = std::get<GeneratedDocument>(out);
  Response r;
  r.content_type = std::move(d.media_type);
  r.body = std::move(d.body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + d.file_name + "\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

void add_documents_routes(RouteTable& t, ApiServices* s) {
  const std::string base = "/api/v1/regions/{slug}";
  // The KPI 進捗表: public for a published region, like GET …/kpis.
  t.add("GET", base + "/kpis/table", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {"fy", "format"})) return *bad;
          return export_of(
              req, "kpi-table-" + fy_stem(req.param("fy")),
              [&] { return s->app.kpis().list(p.at("slug"), req.param("fy")); },
              [](const app::KpiList& l) { return app::documents::kpi_table(l); });
        });
  // The progress list: members only, like GET …/progress.
  t.add("GET", base + "/progress/table", app::Policy::kRegionMember,
        [s](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {"fy", "municipality", "format"})) return *bad;
          return export_of(
              req, "progress-" + fy_stem(req.param("fy")),
              [&] {
                return s->app.progress().list(p.at("slug"), req.param("fy"),
                                              req.param("municipality"));
              },
              [](const app::ProgressList& l) { return app::documents::progress_table(l); });
        });
  // A round's states: members only, like GET …/rounds/{id}.
  t.add("GET", base + "/rounds/{id}/table", app::Policy::kRegionMember,
        [s](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {"format"})) return *bad;
          return export_of(
              req, "round-" + fy_stem(p.at("id")),
              [&]() -> std::variant<json::object, app::Error> {
                auto out = s->app.progress().round(p.at("slug"), p.at("id"), app::today_in_japan());
                if (auto* e = std::get_if<app::Error>(&out)) return *e;
                return std::get<app::Record>(out).data;
              },
              [](const json::object& r) { return app::documents::round_table(r); });
        });
  // The audit trail: the secretariat only, like GET …/audit, with the same filters.
  t.add("GET", base + "/audit/table", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx&) {
          auto query = audit_query(req, p.at("slug"), true);
          if (auto* bad = std::get_if<Response>(&query)) return std::move(*bad);
          const auto& q = std::get<app::AuditQuery>(query);
          return export_of(
              req, "audit-" + p.at("slug"), [&] { return s->app.audit().list(q); },
              [](const std::vector<app::AuditEntry>& e) { return app::documents::audit_table(e); });
        });
  // The council material (PDF or print-ready HTML): members only, because it gathers the
  // progress results (members only), unpublished opinions and the draft revision's
  // 新旧対照表; 「案」 unless draft=0.
  t.add("GET", base + "/documents/council-material", app::Policy::kRegionMember,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"fy", "format", "draft"})) return *bad;
          const std::string format = req.param("format").value_or("pdf");
          if (format != "pdf" && format != "html") {
            app::Error e = app::error_of(app::Errc::kBadRequest, msg::api::document_format);
            e.fields.push_back(app::field_error("format", msg::api::document_format));
            return problem_response(e);
          }
          const std::string draft = req.param("draft").value_or("1");
          if (draft != "0" && draft != "1") {
            app::Error e = app::error_of(app::Errc::kBadRequest, msg::api::document_draft);
            e.fields.push_back(app::field_error("draft", msg::api::document_draft));
            return problem_response(e);
          }
          return generated_response(council_material_document(*s, p.at("slug"), req.param("fy"),
                                                              draft == "1", format, ctx.principal));
        });
  // A town's workbook for a round (the download): the town itself or the secretariat, like
  // GET …/rounds/{id}/tasks/{code}.
  t.add("GET", base + "/rounds/{id}/workbooks/{code}", app::Policy::kOwnMunicipality,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          auto snap = s->app.vision().region(p.at("slug"));
          if (auto* e = std::get_if<app::Error>(&snap)) return problem_response(*e);
          auto tasks = s->app.progress().tasks(p.at("slug"), p.at("id"), p.at("code"),
                                               app::today_in_japan(), &ctx.principal);
          if (auto* e = std::get_if<app::Error>(&tasks)) return problem_response(*e);
          Response r;
          r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
          r.body =
              app::documents::town_workbook_xlsx(std::get<json::object>(tasks), p.at("slug"),
                                                 std::get<app::RegionSnapshot>(snap).region->name);
          r.headers.emplace_back("Content-Disposition", "attachment; filename=\"round-" +
                                                            fy_stem(p.at("id")) + "-" +
                                                            fy_stem(p.at("code")) + ".xlsx\"");
          r.headers.emplace_back("Cache-Control", "no-store");
          return r;
        });
  // Every town's workbook of a round as one zip (docs/workbooks.md): the secretariat only,
  // the towns of the round's submissions, each workbook as GET …/workbooks/{code} answers it.
  t.add("GET", base + "/rounds/{id}/workbooks", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"format"})) return *bad;
          if (req.param("format").value_or("zip") != "zip") {
            app::Error e = app::error_of(app::Errc::kBadRequest, msg::api::workbooks_format);
            e.fields.push_back(app::field_error("format", msg::api::workbooks_format));
            return problem_response(e);
          }
          auto snap = s->app.vision().region(p.at("slug"));
          if (auto* e = std::get_if<app::Error>(&snap)) return problem_response(*e);
          auto out = app::documents::round_workbooks_zip(
              s->app.progress(), p.at("slug"), std::get<app::RegionSnapshot>(snap).region->name,
              p.at("id"), app::today_in_japan(), ctx.principal);
          if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
          Response r;
          r.content_type = "application/zip";
          r.body = std::move(std::get<std::string>(out));
          r.headers.emplace_back(
              "Content-Disposition",
              "attachment; filename=\"round-" + fy_stem(p.at("id")) + "-workbooks.zip\"");
          r.headers.emplace_back("Cache-Control", "no-store");
          return r;
        });
  // A town's filled workbook (xlsx) or its 様式 as CSV, read back (docs/workbooks.md): the
  // same permission as the download, the period lock and the web's write rules; dry_run=1
  // answers the preview of what would change without writing.
  t.add("POST", base + "/rounds/{id}/workbooks/{code}", app::Policy::kOwnMunicipality,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"dry_run"})) return *bad;
          const std::string dry = req.param("dry_run").value_or("0");
          if (dry != "0" && dry != "1") {
            app::Error e = app::error_of(app::Errc::kBadRequest, msg::api::dry_run_flag);
            e.fields.push_back(app::field_error("dry_run", msg::api::dry_run_flag));
            return problem_response(e);
          }
          const auto type = media_type(req.header("content-type"));
          app::documents::WorkbookUpload upload;
          if (type.name == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
            upload.kind = app::documents::WorkbookUpload::Kind::kXlsx;
          } else if (type.name == "text/csv") {
            upload.kind = app::documents::WorkbookUpload::Kind::kCsv;
            upload.charset = type.charset;
          } else {
            return problem_response(
                app::error_of(app::Errc::kUnsupportedMediaType, msg::api::workbook_media_type));
          }
          if (req.body.size() > app::documents::kMaxWorkbookBytes)
            return problem_response(
                app::error_of(app::Errc::kPayloadTooLarge, msg::api::workbook_too_large,
                              std::to_string(app::documents::kMaxWorkbookBytes)));
          upload.bytes = req.body;
          auto out = app::documents::import_town_workbook(
              s->app.database(), s->app.progress(), s->app.clock(), p.at("slug"), p.at("id"),
              p.at("code"), upload, dry == "1", edit_ctx(req, ctx), app::today_in_japan());
          if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
          return uncached_json_response(std::get<json::object>(out));
        });
  // Open data (docs/open-data.md): public for a published region.
  t.add("GET", base + "/open-data/{dataset}", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {"fy", "format"})) return *bad;
          const std::string& dataset = p.at("dataset");
          if (dataset == "dictionary") {  // the columns of the three datasets (項目定義書)
            const std::string format = req.param("format").value_or("json");
            if (auto bad = bad_table_format(format)) return *bad;
            return workbook_response(app::documents::open_dictionary(), format,
                                     p.at("slug") + "-open-data-dictionary");
          }
          const std::string stem = p.at("slug") + "-" + dataset + "-" + fy_stem(req.param("fy"));
          if (dataset == "vision")
            return export_of(
                req, stem, [&] { return s->app.vision().vision(p.at("slug"), req.param("fy")); },
                [](const app::VisionInYear& v) { return app::documents::open_vision(v); });
          if (dataset == "kpis" || dataset == "results")
            return export_of(
                req, stem, [&] { return s->app.kpis().list(p.at("slug"), req.param("fy")); },
                [&](const app::KpiList& l) {
                  return dataset == "kpis" ? app::documents::open_kpis(l)
                                           : app::documents::open_results(l);
                });
          app::Error e = app::error_of(app::Errc::kNotFound, msg::api::open_data_unknown);
          e.fields.push_back(app::field_error("dataset", msg::api::open_data_unknown));
          return problem_response(e);
        });
}

}  // namespace kyosei::http
