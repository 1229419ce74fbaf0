#include <boost/json.hpp>

#include "app/access/auth.hpp"
#include "app/common/messages.hpp"
#include "http/api/guard.hpp"
#include "http/api/messages.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

namespace {

json::object session_json(const app::Principal& p) {
  std::string second = "none";
  if (p.must_enrol_totp)
    second = "enrol";
  else if (!p.second_factor_done)
    second = "required";
  else if (p.signed_in && p.second_factor_done)
    second = "done";
  return json::object{{"user", json::object{{"id", p.user_id},
                                            {"login", p.login},
                                            {"display_name", p.display_name},
                                            {"is_admin", p.is_admin},
                                            {"roles", app::roles_json(p.roles)}}},
                      {"csrf_token", p.csrf_token},
                      {"second_factor", second}};
}

// A step that rotates the session: `done` with the new cookie, or the problem.
Response rotated(const ApiServices& s, const std::variant<std::string, app::Error>& result,
                 Response done) {
  if (const auto* e = std::get_if<app::Error>(&result)) return problem_response(*e);
  done.headers.emplace_back("Set-Cookie", session_cookie(s, std::get<std::string>(result)));
  return done;
}

// 422 unless the body has a string "code" (and, when `only`, nothing else).
std::optional<Response> check_code(const json::object& o, bool only) {
  if (o.contains("code") && o.at("code").is_string() && (!only || o.size() == 1))
    return std::nullopt;
  return problem_response(invalid_input({app::field_error("/code", msg::api::code_as_string)}));
}

std::string code_of(const json::object& o) { return std::string(o.at("code").as_string()); }

}  // namespace

void add_access_routes(RouteTable& t, ApiServices* s) {
  t.add("POST", "/api/v1/session", app::Policy::kPublic,
        [s](const Request& req, const PathParams&, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& o) {
            std::vector<app::FieldError> errors = missing_strings(o, {"login", "password"});
            for (const auto& [k, v] : o) {
              if (k != "login" && k != "password")
                errors.push_back(app::field_error("/" + std::string(k), msg::api::unknown_field));
            }
            if (!errors.empty()) return problem_response(invalid_input(std::move(errors)));
            auto result = s->app.auth().sign_in(std::string(o.at("login").as_string()),
                                                std::string(o.at("password").as_string()),
                                                req.remote, session_token(req, s->secure_cookies));
            if (auto* e = std::get_if<app::Error>(&result)) return problem_response(*e);
            auto& signed_in = std::get<app::SignIn>(result);
            ctx.principal = signed_in.principal;
            Response r = json_response(session_json(ctx.principal));
            r.headers.emplace_back("Set-Cookie", session_cookie(*s, signed_in.token));
            return r;
          });
        });

  t.add("POST", "/api/v1/session/totp", app::Policy::kSigningIn,
        [s](const Request& req, const PathParams&, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& o) {
            if (auto bad = check_code(o, true)) return *bad;
            auto result = s->app.auth().second_factor(ctx.principal, code_of(o));
            return rotated(*s, result, json_response(session_json(ctx.principal)));
          });
        });

  t.add("DELETE", "/api/v1/session", app::Policy::kSigningIn,
        [s](const Request&, const PathParams&, Ctx& ctx) {
          s->app.auth().sign_out(ctx.principal);
          return signed_out(*s);
        });

  t.add("GET", "/api/v1/me", app::Policy::kSigningIn,
        [](const Request&, const PathParams&, Ctx& ctx) {
          return uncached_json_response(session_json(ctx.principal));
        });

  t.add("DELETE", "/api/v1/me/sessions", app::Policy::kSignedIn,
        [s](const Request&, const PathParams&, Ctx& ctx) {
          s->app.auth().sign_out_everywhere(ctx.principal);
          return signed_out(*s);
        });

  t.add("POST", "/api/v1/me/password", app::Policy::kSignedIn,
        [s](const Request& req, const PathParams&, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& o) {
            std::vector<app::FieldError> errors = missing_strings(o, {"current", "new"});
            if (!errors.empty()) return problem_response(invalid_input(std::move(errors)));
            auto result = s->app.auth().change_password(ctx.principal,
                                                        std::string(o.at("current").as_string()),
                                                        std::string(o.at("new").as_string()));
            return rotated(*s, result, no_content());
          });
        });

  t.add("POST", "/api/v1/me/totp", app::Policy::kSigningIn,
        [s](const Request& req, const PathParams&, Ctx& ctx) {
          // Body optional while no factor is enrolled; {"password"} or {"code"} to replace one.
          return with_optional_json_body(req, [&](const json::object& o) {
            std::vector<app::FieldError> errors;
            for (const auto& [k, v] : o) {
              const std::string pointer = "/" + std::string(k);
              if (k != "password" && k != "code")
                errors.push_back(app::field_error(pointer, msg::api::unknown_field));
              else if (!v.is_string())
                errors.push_back(app::field_error(pointer, msg::api::a_string));
            }
            if (!errors.empty()) return problem_response(invalid_input(std::move(errors)));
            auto text = [&o](const char* k) {
              return o.contains(k) ? std::string(o.at(k).as_string()) : std::string();
            };
            auto result = s->app.auth().start_totp(ctx.principal, text("password"), text("code"));
            if (auto* e = std::get_if<app::Error>(&result)) return problem_response(*e);
            const auto& t = std::get<app::TotpEnrolment>(result);
            return uncached_json_response(
                json::object{{"secret", t.secret}, {"uri", t.uri}, {"qr_svg", t.qr_svg}});
          });
        });

  t.add("POST", "/api/v1/me/totp/confirm", app::Policy::kSigningIn,
        [s](const Request& req, const PathParams&, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& o) {
            if (auto bad = check_code(o, false)) return *bad;
            return rotated(*s, s->app.auth().confirm_totp(ctx.principal, code_of(o)), no_content());
          });
        });

  t.add("GET", "/api/v1/users", app::Policy::kAdmin, [s](const Request&, const PathParams&, Ctx&) {
    json::array users;
    for (const auto& u : s->app.auth().users()) {
      users.push_back(json::object{{"id", u.id},
                                   {"login", u.login},
                                   {"display_name", u.display_name},
                                   {"is_admin", u.is_admin},
                                   {"disabled", u.disabled},
                                   {"totp_enabled", u.totp_enabled},
                                   {"roles", app::roles_json(u.roles)}});
    }
    return json_response(json::object{{"users", std::move(users)}});
  });
}

}  // namespace kyosei::http
