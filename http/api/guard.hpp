#pragma once
// The guard every API route runs behind: the session cookie (authentication), the route's
// permission policy, and for unsafe methods the CSRF checks — all before the handler.

#include <string>

#include "http/api/routes.hpp"

namespace kyosei::http {

// The session token from the Cookie header ("" if none). Only the cookie name of the
// server's mode counts: with secure cookies a plain `kyosei_session` (which any subdomain or
// plain-HTTP page could have planted) is ignored.
std::string session_token(const Request& req, bool secure);

// The Set-Cookie value carrying `token` ("" clears the cookie).
std::string session_cookie(const ApiServices& s, const std::string& token);

// 204 that also clears the session cookie.
Response signed_out(const ApiServices& services);

// Authentication, the region (404 for an unknown one, and for an unpublished one when the
// caller holds no role in it), the route's policy and CSRF, then the handler. An unsafe
// request refused with 400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 423 or 428 is audited
// (app::RefusalAudit) unless the use case has already audited it; the response names the
// user for the access log.
Response guarded(ApiServices& services, const RouteInfo& route, const CtxHandler& handler,
                 const Request& req, const PathParams& p);

// The same audit for an unsafe request refused before any guard ran: no route (404), a
// method the path does not have (405), a malformed path (400), or the server's transport
// refusals (413 body over the limit, 400 malformed request). The caller is named when its
// session cookie is valid; `pattern` is the route the request would have reached, "" if
// none (Router::set_refusal_observer).
void record_unrouted_refusal(ApiServices& services, const Request& req, const Response& res,
                             const std::string& pattern);

}  // namespace kyosei::http
