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

namespace {

// The region of the route, or the refusal: a slug that is no slug, a region that does not
// exist, and an unpublished region asked by anyone who holds no role in it all answer the
// same 404, so the answer does not tell which regions exist.
std::optional<Response> region_target(ApiServices& services, const std::string& slug,
                                      const app::Principal& who, app::AccessTarget& target) {
  if (auto bad = check_slug(slug)) return *bad;
  target.region_slug = slug;
  // Only whether it exists and is published (one row): the whole region is loaded by the
  // routes that read it, not by the guard of every request. Each write moves the region's
  // change counter, so asking the region cache here reloaded the whole plan in the next
  // request, i.e. in every write (ADR 0009, amended).
  const auto published = services.app.editing().region_published(slug);
  if (!published) return problem_response(app::region_not_found(slug));
  target.region_published = *published;
  const bool member = who.signed_in && (who.is_admin || !who.grants_in(slug).empty());
  if (!target.region_published && !member) return problem_response(app::region_not_found(slug));
  return std::nullopt;
}

// Authentication, the region, the route's policy and CSRF, then the handler.
Response checked(ApiServices& services, app::Policy policy, const CtxHandler& handler,
                 const Request& req, const PathParams& p, Ctx& ctx) {
  const std::string token = session_token(req, services.secure_cookies);
  if (!token.empty()) ctx.principal = services.app.auth().authenticate(token, req.remote);
  ctx.principal.remote = req.remote;
  app::AccessTarget target;
  if (auto it = p.find("slug"); it != p.end()) {
    if (auto refused = region_target(services, it->second, ctx.principal, target))
      return std::move(*refused);
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

// The statuses of a refused unsafe request that the audit trail records.
bool audited_refusal(unsigned status) {
  switch (status) {
    case 400:
    case 401:
    case 403:
    case 404:
    case 409:
    case 405:
    case 412:
    case 413:
    case 415:
    case 422:
    case 423:
    case 428: return true;
    default: return false;
  }
}

// The region slug of an API path ("/api/v1/regions/{slug}/…"), "" when there is none or it
// is no slug.
std::string slug_of_path(std::string_view path) {
  constexpr std::string_view kPrefix = "/api/v1/regions/";
  if (!path.starts_with(kPrefix)) return {};
  path.remove_prefix(kPrefix.size());
  std::string slug(path.substr(0, path.find('/')));
  return check_slug(slug) ? std::string() : slug;
}

// One `request-refused` entry (ADR 0011): the caller when signed in, the route's pattern.
void record_refusal(ApiServices& services, const app::Principal& who, const Request& req,
                    const Response& res, const std::string& pattern, std::string slug) {
  services.app.refusals().record(app::RefusedRequest{
      .user_id = who.signed_in ? who.user_id : 0,
      .login = who.signed_in ? who.login : std::string(),
      .remote = req.remote,
      .region_slug = std::move(slug),
      .method = req.method,
      .route = pattern,
      .path = req.path,
      .status = res.status,
      .reason = res.problem.empty() ? std::to_string(res.status) : res.problem});
}

}  // namespace

void record_unrouted_refusal(ApiServices& services, const Request& req, const Response& res,
                             const std::string& pattern) {
  if (!unsafe_method(req.method) || !audited_refusal(res.status)) return;
  app::Principal who;
  const std::string token = session_token(req, services.secure_cookies);
  if (!token.empty()) who = services.app.auth().authenticate(token, req.remote);
  record_refusal(services, who, req, res, pattern, slug_of_path(req.path));
}

Response guarded(ApiServices& services, const RouteInfo& route, const CtxHandler& handler,
                 const Request& req, const PathParams& p) {
  Ctx ctx;
  Response res = checked(services, route.policy, handler, req, p, ctx);
  if (ctx.principal.signed_in) res.log_user = std::to_string(ctx.principal.user_id);
  // Every refused write is on record once: here, unless the use case recorded it.
  if (unsafe_method(req.method) && audited_refusal(res.status) && !res.audited) {
    const auto slug = p.find("slug");
    record_refusal(services, ctx.principal, req, res, route.pattern,
                   slug != p.end() && !check_slug(slug->second) ? slug->second : "");
  }
  return res;
}

}  // namespace kyosei::http
