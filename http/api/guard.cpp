#include "http/api/guard.hpp"

#include "app/access/security.hpp"
#include "app/common/messages.hpp"
#include "http/api/messages.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/server/problem.hpp"

namespace kyosei::http {
namespace {

constexpr std::string_view kSecureCookie = "__Host-kyosei_session";
constexpr std::string_view kPlainCookie = "kyosei_session";

bool unsafe_method(const std::string& m) { return m != "GET" && m != "HEAD" && m != "OPTIONS"; }

}  // namespace

std::string session_token(const Request& req, bool secure) {
  const std::string cookies = req.header("cookie");
  const std::string needle = std::string(secure ? kSecureCookie : kPlainCookie) + "=";
  std::size_t pos = 0;
  while ((pos = cookies.find(needle, pos)) != std::string::npos) {
    if (pos == 0 || cookies[pos - 1] == ' ' || cookies[pos - 1] == ';') {
      const auto start = pos + needle.size();
      const auto end = cookies.find(';', start);
      return cookies.substr(start, end == std::string::npos ? std::string::npos : end - start);
    }
    pos += needle.size();
  }
  return {};
}

std::string session_cookie(const ApiServices& s, const std::string& token) {
  const bool secure = s.secure_cookies;
  std::string c = std::string(secure ? kSecureCookie : kPlainCookie) + "=" + token +
                  "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) c += "; Secure";
  if (token.empty()) c += "; Max-Age=0";
  return c;
}

Response signed_out(const ApiServices& services) {
  Response r = no_content();
  r.headers.emplace_back("Set-Cookie", session_cookie(services, ""));
  return r;
}

Response guarded(ApiServices& services, app::Policy policy, const CtxHandler& handler,
                 const Request& req, const PathParams& p) {
  Ctx ctx;
  const std::string token = session_token(req, services.secure_cookies);
  if (!token.empty()) ctx.principal = services.app.auth().authenticate(token, req.remote);
  ctx.principal.remote = req.remote;
  app::AccessTarget target;
  if (auto it = p.find("slug"); it != p.end()) {
    if (auto bad = check_slug(it->second)) return *bad;
    target.region_slug = it->second;
    // An unknown region is left to the handler (404); it is treated as published here.
    auto snap = services.app.vision().region(it->second);
    if (const auto* found = std::get_if<app::RegionSnapshot>(&snap))
      target.region_published = found->published;
  }
  if (auto it = p.find("code"); it != p.end()) target.municipality_code = it->second;
  if (auto denied = app::authorize(ctx.principal, policy, target)) return problem_response(*denied);
  if (unsafe_method(req.method)) {
    const std::string site = req.header("sec-fetch-site");
    if (!site.empty() && site != "same-origin" && site != "none")
      return problem_response(app::error_of(app::Errc::kCsrfFailed, msg::api::cross_site));
    // Public unsafe routes (sign-in) need no token: the caller may not know the old one.
    if (ctx.principal.signed_in && policy != app::Policy::kPublic &&
        !app::constant_time_equal(req.header("x-csrf-token"), ctx.principal.csrf_token))
      return problem_response(app::error_of(app::Errc::kCsrfFailed, msg::api::csrf_token));
  }
  return handler(req, p, ctx);
}

}  // namespace kyosei::http
