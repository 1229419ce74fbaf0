#include <algorithm>
#include <boost/json.hpp>

#include "app/access/auth.hpp"
#include "app/access/messages.hpp"
#include "app/access/user_admin.hpp"
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
                                            {"must_change_password", p.must_change_password},
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

// A user of a region's users page (app::UserAdmin): grants with the town's name.
json::object region_user_json(const app::RegionUser& u) {
  json::array grants;
  for (const auto& g : u.grants) {
    json::array fields;
    for (long long id : g.field_ids) fields.push_back(id);
    grants.push_back(
        json::object{{"role", g.role},
                     {"municipality", g.municipality_code.empty()
                                          ? json::value(nullptr)
                                          : json::value(json::string(g.municipality_code))},
                     {"municipality_name", g.municipality_name.empty()
                                               ? json::value(nullptr)
                                               : json::value(json::string(g.municipality_name))},
                     {"fields", std::move(fields)}});
  }
  return json::object{{"id", u.id},
                      {"login", u.login},
                      {"display_name", u.display_name},
                      {"disabled", u.disabled},
                      {"totp_enabled", u.totp_enabled},
                      {"must_change_password", u.must_change_password},
                      {"grants", std::move(grants)},
                      {"other_regions", u.other_regions},
                      {"manageable", u.manageable},
                      {"is_self", u.is_self}};
}

// The user id of the path: digits only, else nullopt (404).
std::optional<long long> user_id_of(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  long long v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// {"grants":[{"role","municipality"?,"fields"?}]} → the grants, or the field problems.
std::variant<std::vector<app::GrantInput>, std::vector<app::FieldError>> grants_of(
    const json::object& o) {
  std::vector<app::FieldError> errors;
  std::vector<app::GrantInput> out;
  const auto* list = o.if_contains("grants");
  if (list == nullptr || !list->is_array()) {
    errors.push_back(app::field_error("/grants", msg::api::grants_list));
    return errors;
  }
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const auto& item = list->as_array()[i];
    const std::string at = "/grants/" + std::to_string(i);
    if (!item.is_object() || !item.as_object().contains("role") ||
        !item.as_object().at("role").is_string()) {
      errors.push_back(app::field_error(at, msg::api::grants_list));
      continue;
    }
    const auto& g = item.as_object();
    app::GrantInput in;
    in.role = std::string(g.at("role").as_string());
    for (const auto& [k, v] : g) {
      if (k == "role" || (k == "municipality" && v.is_null())) continue;
      if (k == "municipality" && v.is_string()) {
        in.municipality_code = std::string(v.as_string());
      } else if (k == "fields" && v.is_array()) {
        for (const auto& f : v.as_array()) {
          if (f.is_int64() && f.as_int64() > 0)
            in.field_ids.push_back(f.as_int64());
          else
            errors.push_back(app::field_error(at + "/fields", msg::api::grants_list));
        }
      } else {
        errors.push_back(app::field_error(at + "/" + std::string(k), msg::api::unknown_field));
      }
    }
    out.push_back(std::move(in));
  }
  if (!errors.empty()) return errors;
  return out;
}

// 422 for a key of `o` outside `known`.
std::vector<app::FieldError> unknown_keys(const json::object& o,
                                          std::initializer_list<std::string_view> known) {
  std::vector<app::FieldError> errors;
  for (const auto& [k, v] : o) {
    if (std::find(known.begin(), known.end(), std::string_view(k.data(), k.size())) == known.end())
      errors.push_back(app::field_error("/" + std::string(k), msg::api::unknown_field));
  }
  return errors;
}

Response user_not_found() {
  return problem_response(app::error_of(app::Errc::kNotFound, msg::access::user_not_found));
}

Response created_user(const std::variant<app::CreatedUser, app::Error>& out, unsigned status) {
  if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
  const auto& c = std::get<app::CreatedUser>(out);
  // The temporary password is in this answer only: never cached, never stored in clear.
  Response r = uncached_json_response(json::object{{"user", region_user_json(c.user)},
                                                   {"temporary_password", c.temporary_password}});
  r.status = status;
  return r;
}

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

  // User management in a region (ADR 0015): its secretariat and administrators.
  t.add("GET", "/api/v1/regions/{slug}/users", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          auto out = s->app.user_admin().list(ctx.principal, p.at("slug"));
          if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
          json::array users;
          for (const auto& u : std::get<std::vector<app::RegionUser>>(out))
            users.push_back(region_user_json(u));
          return uncached_json_response(json::object{{"users", std::move(users)}});
        });

  t.add("POST", "/api/v1/regions/{slug}/users", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          return with_json_body(req, [&](const json::object& o) {
            auto errors = missing_strings(o, {"login", "display_name"});
            auto unknown = unknown_keys(o, {"login", "display_name", "grants"});
            errors.insert(errors.end(), unknown.begin(), unknown.end());
            auto grants = grants_of(o);
            if (auto* g = std::get_if<std::vector<app::FieldError>>(&grants))
              errors.insert(errors.end(), g->begin(), g->end());
            if (!errors.empty()) return problem_response(invalid_input(std::move(errors)));
            app::NewUser in{std::string(o.at("login").as_string()),
                            std::string(o.at("display_name").as_string()),
                            std::get<std::vector<app::GrantInput>>(grants)};
            return created_user(s->app.user_admin().add(ctx.principal, p.at("slug"), in), 201);
          });
        });

  t.add("PATCH", "/api/v1/regions/{slug}/users/{uid}", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          const auto id = user_id_of(p.at("uid"));
          if (!id) return user_not_found();
          return with_json_body(req, [&](const json::object& o) {
            auto errors = unknown_keys(o, {"disabled"});
            if (!o.contains("disabled") || !o.at("disabled").is_bool())
              errors.push_back(app::field_error("/disabled", msg::api::a_boolean));
            if (!errors.empty()) return problem_response(invalid_input(std::move(errors)));
            auto out = s->app.user_admin().set_disabled(ctx.principal, p.at("slug"), *id,
                                                        o.at("disabled").as_bool());
            if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
            return uncached_json_response(region_user_json(std::get<app::RegionUser>(out)));
          });
        });

  t.add("PUT", "/api/v1/regions/{slug}/users/{uid}/grants", app::Policy::kRegionEdit,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          const auto id = user_id_of(p.at("uid"));
          if (!id) return user_not_found();
          return with_json_body(req, [&](const json::object& o) {
            auto errors = unknown_keys(o, {"grants"});
            auto grants = grants_of(o);
            if (auto* g = std::get_if<std::vector<app::FieldError>>(&grants))
              errors.insert(errors.end(), g->begin(), g->end());
            if (!errors.empty()) return problem_response(invalid_input(std::move(errors)));
            auto out = s->app.user_admin().set_grants(
                ctx.principal, p.at("slug"), *id, std::get<std::vector<app::GrantInput>>(grants));
            if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
            return uncached_json_response(region_user_json(std::get<app::RegionUser>(out)));
          });
        });

  t.add("POST", "/api/v1/regions/{slug}/users/{uid}/password-reset", app::Policy::kRegionEdit,
        [s](const Request&, const PathParams& p, Ctx& ctx) {
          const auto id = user_id_of(p.at("uid"));
          if (!id) return user_not_found();
          return created_user(s->app.user_admin().reset_password(ctx.principal, p.at("slug"), *id),
                              200);
        });
}

}  // namespace kyosei::http
