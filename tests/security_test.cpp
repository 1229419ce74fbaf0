// Sign-in, sessions, the second factor, CSRF, security headers and what the log must never
// contain, against the real server.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::Client;
using testing::http_request;
using testing::KyoseiServer;

const std::map<std::string, std::vector<std::string>> kUsers = {
    {"admin", {"admin"}},
    {"editor", {"minami-sorachi:municipality_editor:01423"}},
    {"victim", {"minami-sorachi:council_member"}},
};

std::string login_body(const std::string& login, const std::string& password) {
  return json::serialize(json::object{{"login", login}, {"password", password}});
}

TEST(Security, CookieAttributesAndGenericFailures) {
  KyoseiServer server(kUsers);
  auto ok =
      http_request(server.port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                   login_body("editor", testing::kTestPassword));
  ASSERT_EQ(ok.status, 200u) << ok.body;
  const std::string cookie = ok.header("set-cookie");
  EXPECT_EQ(cookie.rfind("__Host-kyosei_session=", 0), 0u) << cookie;
  for (const char* attr : {"HttpOnly", "SameSite=Strict", "Secure", "Path=/"}) {
    EXPECT_NE(cookie.find(attr), std::string::npos) << attr << " in " << cookie;
  }
  const std::string token =
      cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  EXPECT_EQ(token.size(), 64u);  // 256 random bits
  auto wrong =
      http_request(server.port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                   login_body("editor", "wrong password 123"));
  auto unknown =
      http_request(server.port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                   login_body("nobody-here", "wrong password 123"));
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_EQ(unknown.status, 401u);
  EXPECT_EQ(json::parse(wrong.body).at("detail"), json::parse(unknown.body).at("detail"));
  // The log has one line per request and never the password, the token or the CSRF token.
  const std::string log = server.log();
  EXPECT_NE(log.find("POST /api/v1/session"), std::string::npos) << log;
  EXPECT_EQ(log.find(testing::kTestPassword), std::string::npos);
  EXPECT_EQ(log.find("wrong password 123"), std::string::npos);
  EXPECT_EQ(log.find(token), std::string::npos);
  const std::string csrf(json::parse(ok.body).at("csrf_token").as_string());
  EXPECT_EQ(log.find(csrf), std::string::npos);
}

TEST(Security, ThrottlesRepeatedFailures) {
  KyoseiServer server(kUsers);
  for (int i = 0; i < 5; ++i) {
    auto r = http_request(server.port(), "POST", "/api/v1/session",
                          {{"Content-Type", "application/json"}},
                          login_body("victim", "not the password " + std::to_string(i)));
    EXPECT_EQ(r.status, 401u);
  }
  auto locked =
      http_request(server.port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                   login_body("victim", testing::kTestPassword));
  EXPECT_EQ(locked.status, 429u) << locked.body;
  EXPECT_FALSE(locked.header("retry-after").empty());
  // Another account from elsewhere is not affected.
  Client other(server.port());
  EXPECT_EQ(other.sign_in("editor"), 200u);
}

TEST(Security, SessionsRotateEndAndEndEverywhere) {
  KyoseiServer server(kUsers);
  Client first(server.port());
  ASSERT_EQ(first.sign_in("editor"), 200u);
  const std::string old_cookie = first.cookie();
  // Signing in again from the same browser replaces the session id.
  auto again = http_request(server.port(), "POST", "/api/v1/session",
                            {{"Content-Type", "application/json"}, {"Cookie", old_cookie}},
                            login_body("editor", testing::kTestPassword));
  ASSERT_EQ(again.status, 200u);
  Client stale(server.port());
  stale.set_cookie(old_cookie);
  EXPECT_EQ(stale.request("GET", "/api/v1/me").status, 401u);
  // Sign out everywhere ends every session of the user.
  Client a(server.port()), b(server.port());
  ASSERT_EQ(a.sign_in("editor"), 200u);
  ASSERT_EQ(b.sign_in("editor"), 200u);
  EXPECT_EQ(a.request("DELETE", "/api/v1/me/sessions").status, 204u);
  EXPECT_EQ(b.request("GET", "/api/v1/me").status, 401u);
  EXPECT_EQ(a.request("GET", "/api/v1/me").status, 401u);
  // Plain sign-out.
  Client c(server.port());
  ASSERT_EQ(c.sign_in("editor"), 200u);
  EXPECT_EQ(c.request("DELETE", "/api/v1/session").status, 204u);
  EXPECT_EQ(c.request("GET", "/api/v1/me").status, 401u);
}

TEST(Security, AdminNeedsTheSecondFactor) {
  KyoseiServer server(kUsers);
  auto r =
      http_request(server.port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                   login_body("admin", testing::kTestPassword));
  ASSERT_EQ(r.status, 200u);
  auto info = json::parse(r.body);
  EXPECT_EQ(info.at("second_factor"), "enrol");
  Client half(server.port());
  const std::string set = r.header("set-cookie");
  half.set_cookie(set.substr(0, set.find(';')));
  half.set_csrf(std::string(info.at("csrf_token").as_string()));
  auto blocked = half.request("GET", "/api/v1/users");
  EXPECT_EQ(blocked.status, 401u);
  EXPECT_NE(blocked.body.find("second-factor-required"), std::string::npos);
  auto enrol = half.request("POST", "/api/v1/me/totp", "{}");
  ASSERT_EQ(enrol.status, 200u);
  auto e = json::parse(enrol.body);
  EXPECT_EQ(std::string(e.at("qr_svg").as_string()).rfind("<svg", 0), 0u);
  EXPECT_NE(std::string(e.at("uri").as_string()).find("otpauth://totp/"), std::string::npos);
  EXPECT_EQ(half.request("POST", "/api/v1/me/totp/confirm", R"({"code":"000000"})").status, 422u);
  // The full client enrols (as sign_in does) and then reaches admin routes.
  Client full(server.port());
  ASSERT_EQ(full.sign_in("admin"), 200u);
  EXPECT_EQ(full.request("GET", "/api/v1/users").status, 200u);
  // A second sign-in now needs the code.
  auto second =
      http_request(server.port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                   login_body("admin", testing::kTestPassword));
  EXPECT_EQ(json::parse(second.body).at("second_factor"), "required");
}

TEST(Security, HeadersOnEveryResponse) {
  KyoseiServer server(kUsers);
  for (const char* target : {"/healthz", "/api/v1/regions", "/no/such/page"}) {
    auto r = http_request(server.port(), "GET", target);
    const std::string csp = r.header("content-security-policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << target;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << target;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << target;
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(r.header("x-frame-options"), "DENY") << target;
    EXPECT_EQ(r.header("referrer-policy"), "no-referrer") << target;
  }
}

TEST(Security, PasswordPolicyOnChange) {
  KyoseiServer server(kUsers);
  Client c(server.port());
  ASSERT_EQ(c.sign_in("editor"), 200u);
  auto weak = c.request(
      "POST", "/api/v1/me/password",
      json::serialize(json::object{{"current", testing::kTestPassword}, {"new", "short"}}));
  EXPECT_EQ(weak.status, 422u);
  EXPECT_NE(weak.body.find("/new"), std::string::npos);
  auto wrong = c.request(
      "POST", "/api/v1/me/password",
      json::serialize(json::object{{"current", "nope"}, {"new", "a much longer passphrase"}}));
  EXPECT_EQ(wrong.status, 422u);
  auto good = c.request("POST", "/api/v1/me/password",
                        json::serialize(json::object{{"current", testing::kTestPassword},
                                                     {"new", "a much longer passphrase"}}));
  EXPECT_EQ(good.status, 204u) << good.body;
  Client again(server.port());
  EXPECT_EQ(again.sign_in("editor", "a much longer passphrase"), 200u);
}

TEST(Security, InsecureCookieModeForPlainHttpIntranets) {
  KyoseiServer server(kUsers, {"--insecure-cookies"});
  auto ok =
      http_request(server.port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                   login_body("editor", testing::kTestPassword));
  const std::string cookie = ok.header("set-cookie");
  EXPECT_EQ(cookie.rfind("kyosei_session=", 0), 0u) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
}

}  // namespace
}  // namespace kyosei
