// Notices and reminders (issue 12 item 6, issue 11 "Rounds"; ADR 0014): the caller's own
// notices and read marks, their e-mail address, the secretariat's notices and reminders.

#include <boost/json.hpp>

#include "app/common/messages.hpp"
#include "http/api/messages.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

namespace {

// A reminder takes no fields: 422 naming each one sent.
std::optional<Response> refuse_fields(const json::object& body) {
  if (body.empty()) return std::nullopt;
  std::vector<app::FieldError> fields;
  for (const auto& [k, v] : body)
    fields.push_back(app::field_error("/" + std::string(k), msg::api::unknown_field));
  return problem_response(invalid_input(std::move(fields)));
}

}  // namespace

void add_notice_routes(RouteTable& t, ApiServices* s) {
  t.add("GET", "/api/v1/me/notices", app::Policy::kSignedIn,
        [s](const Request& req, const PathParams&, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"unread"})) return *bad;
          const auto unread = req.param("unread");
          if (unread && *unread != "1" && *unread != "0") {
            app::Error e = app::error_of(app::Errc::kBadRequest, msg::api::bad_flag);
            e.fields.push_back(app::field_error("unread", msg::api::bad_flag));
            return problem_response(e);
          }
          return uncached_json_or_problem(
              s->app.notices().mine(ctx.principal, unread.value_or("0") == "1"));
        });
  t.add("POST", "/api/v1/me/notices/{id}/read", app::Policy::kSignedIn,
        [s](const Request&, const PathParams& p, Ctx& ctx) {
          if (auto e = s->app.notices().mark_read(p.at("id"), ctx.principal))
            return problem_response(*e);
          return no_content();
        });
  t.add("PUT", "/api/v1/me/email", app::Policy::kSignedIn,
        [s](const Request& req, const PathParams&, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            if (auto e = s->app.notices().set_email(ctx.principal, body))
              return problem_response(*e);
            return no_content();
          });
        });
  const std::string base = "/api/v1/regions/{slug}";
  t.add("POST", base + "/notices", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& body) {
            Response r = uncached_json_or_problem(
                s->app.notices().send(p.at("slug"), body, edit_ctx(req, ctx)));
            if (r.status == 200) r.status = 201;
            return r;
          });
        });
  // issue 11 "Rounds": a reminder to the towns that have not submitted.
  t.add("POST", base + "/rounds/{id}/reminders", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_optional_json_body(req, [&](const json::object& body) {
            if (auto bad = refuse_fields(body)) return *bad;
            return uncached_json_or_problem(
                s->app.notices().remind_round(p.at("slug"), p.at("id"), edit_ctx(req, ctx)));
          });
        });
  t.add("POST", base + "/schedule/reminders", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_optional_json_body(req, [&](const json::object& body) {
            if (auto bad = refuse_fields(body)) return *bad;
            return uncached_json_or_problem(
                s->app.notices().remind_overdue(p.at("slug"), edit_ctx(req, ctx)));
          });
        });
}

}  // namespace kyosei::http
