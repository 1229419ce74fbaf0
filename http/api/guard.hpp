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

// Authentication, the route's policy and CSRF, then the handler.
Response guarded(ApiServices& services, app::Policy policy, const CtxHandler& handler,
                 const Request& req, const PathParams& p);

}  // namespace kyosei::http
