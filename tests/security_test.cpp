// Sign-in, sessions, the second factor, CSRF, security headers and what the log must never
// contain, against the real server.

#include "app/access/security.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <boost/json.hpp>
#include <ctime>
#include <thread>

#include "storage/audit/audit_store.hpp"
#include "storage/common/database.hpp"
#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::Client;
using testing::http_request;
using testing::KyoseiServer;

const testing::Users kUsers = {
    {"admin", {"admin"}},
    {"sec", {testing::kSecretariat}},
    {"editor", {testing::kNanporoEditor}},
    {"victim", {testing::kCouncilMember}},
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

std::string cookie_of(const testing::HttpResult& r) {
  const std::string set = r.header("set-cookie");
  return set.substr(0, set.find(';'));
}

// A client past the password step only (the second factor still to do).
Client half_signed_in(const KyoseiServer& server, const std::string& login,
                      const std::string& password = testing::kTestPassword) {
  auto r = http_request(server.port(), "POST", "/api/v1/session",
                        {{"Content-Type", "application/json"}}, login_body(login, password));
  EXPECT_EQ(r.status, 200u) << r.body;
  Client c(server.port());
  c.set_cookie(cookie_of(r));
  c.set_csrf(std::string(json::parse(r.body).at("csrf_token").as_string()));
  return c;
}

std::string code_body(const std::string& code) {
  return json::serialize(json::object{{"code", code}});
}

TEST(Security, SecondFactorAttemptsAreThrottled) {
  KyoseiServer server(kUsers);
  Client enrol(server.port());
  ASSERT_EQ(enrol.sign_in("admin"), 200u);
  Client half = half_signed_in(server, "admin");
  for (int i = 0; i < 5; ++i) {
    auto r = half.request("POST", "/api/v1/session/totp", code_body("000000"));
    EXPECT_EQ(r.status, 401u) << r.body;
  }
  // Even a right (unused: next step) code is refused now.
  const std::string right =
      app::totp_code(Client::totp_secrets()["admin"], std::time(nullptr) + 30);
  auto locked = half.request("POST", "/api/v1/session/totp", code_body(right));
  EXPECT_EQ(locked.status, 429u) << locked.body;
  EXPECT_FALSE(locked.header("retry-after").empty());
  // A new password sign-in does not reset the count.
  Client again = half_signed_in(server, "admin");
  EXPECT_EQ(again.request("POST", "/api/v1/session/totp", code_body(right)).status, 429u);
}

TEST(Security, TotpConfirmAndPasswordChangeAreThrottled) {
  KyoseiServer server(kUsers);
  Client half = half_signed_in(server, "admin");  // must enrol
  ASSERT_EQ(half.request("POST", "/api/v1/me/totp", "{}").status, 200u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(half.request("POST", "/api/v1/me/totp/confirm", code_body("000000")).status, 422u);
  }
  EXPECT_EQ(half.request("POST", "/api/v1/me/totp/confirm", code_body("111111")).status, 429u);

  Client editor(server.port());
  ASSERT_EQ(editor.sign_in("editor"), 200u);
  for (int i = 0; i < 5; ++i) {
    auto r = editor.request("POST", "/api/v1/me/password",
                            json::serialize(json::object{{"current", "wrong " + std::to_string(i)},
                                                         {"new", "a much longer passphrase"}}));
    EXPECT_EQ(r.status, 422u) << r.body;
  }
  auto locked = editor.request("POST", "/api/v1/me/password",
                               json::serialize(json::object{{"current", testing::kTestPassword},
                                                            {"new", "a much longer passphrase"}}));
  EXPECT_EQ(locked.status, 429u) << locked.body;
}

TEST(Security, ParallelSignInFailuresCannotOutrunTheLimit) {
  KyoseiServer server(kUsers, {"--threads", "4"});
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&, i] {
      auto r = http_request(server.port(), "POST", "/api/v1/session",
                            {{"Content-Type", "application/json"}},
                            login_body("victim", "guess number " + std::to_string(i)));
      if (r.status == 401u) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  // Each attempt is counted before the password is checked: at most five get checked.
  EXPECT_LE(failures.load(), 5);
}

TEST(Security, ATotpCodeIsAcceptedOnce) {
  KyoseiServer server(kUsers);
  Client enrol(server.port());
  ASSERT_EQ(enrol.sign_in("admin"), 200u);
  Client first = half_signed_in(server, "admin");
  const std::string code = first.next_totp_code("admin");
  auto ok = first.request("POST", "/api/v1/session/totp", code_body(code));
  ASSERT_EQ(ok.status, 200u) << ok.body;
  Client second = half_signed_in(server, "admin");
  auto replay = second.request("POST", "/api/v1/session/totp", code_body(code));
  EXPECT_EQ(replay.status, 401u) << replay.body;
  EXPECT_EQ(json::parse(replay.body).at("detail"),
            json::parse(second.request("POST", "/api/v1/session/totp", code_body("000000")).body)
                .at("detail"));
}

TEST(Security, SessionIdRotatesAfterTheSecondFactorAndAPasswordChange) {
  KyoseiServer server(kUsers);
  Client enrol(server.port());
  ASSERT_EQ(enrol.sign_in("admin"), 200u);
  Client half = half_signed_in(server, "admin");
  const std::string before = half.cookie();
  auto done = half.request("POST", "/api/v1/session/totp", code_body(half.next_totp_code("admin")));
  ASSERT_EQ(done.status, 200u) << done.body;
  const std::string after = cookie_of(done);
  EXPECT_NE(after, before);
  EXPECT_EQ(half.request("GET", "/api/v1/me").status, 401u);  // the old id is gone
  half.set_cookie(after);
  EXPECT_EQ(half.request("GET", "/api/v1/users").status, 200u);

  Client editor(server.port()), other(server.port());
  ASSERT_EQ(editor.sign_in("editor"), 200u);
  ASSERT_EQ(other.sign_in("editor"), 200u);
  const std::string old_cookie = editor.cookie();
  auto changed = editor.request("POST", "/api/v1/me/password",
                                json::serialize(json::object{{"current", testing::kTestPassword},
                                                             {"new", "a much longer passphrase"}}));
  ASSERT_EQ(changed.status, 204u) << changed.body;
  EXPECT_NE(cookie_of(changed), old_cookie);
  EXPECT_EQ(editor.request("GET", "/api/v1/me").status, 401u);
  EXPECT_EQ(other.request("GET", "/api/v1/me").status, 401u);
  editor.set_cookie(cookie_of(changed));
  EXPECT_EQ(editor.request("GET", "/api/v1/me").status, 200u);
}

TEST(Security, SecureModeIgnoresThePlainCookieName) {
  KyoseiServer server(kUsers);
  Client c(server.port());
  ASSERT_EQ(c.sign_in("editor"), 200u);
  const std::string token = c.cookie().substr(c.cookie().find('=') + 1);
  EXPECT_EQ(c.request("GET", "/api/v1/me").status, 200u);
  Client planted(server.port());
  planted.set_cookie("kyosei_session=" + token);
  EXPECT_EQ(planted.request("GET", "/api/v1/me").status, 401u);
}

TEST(Security, ReEnrolmentNeedsProofAndKeepsTheOldFactorUntilConfirmed) {
  KyoseiServer server(kUsers);
  Client c(server.port());
  ASSERT_EQ(c.sign_in("sec"), 200u);
  const std::string old_secret = Client::totp_secrets()["sec"];
  auto bare = c.request("POST", "/api/v1/me/totp", "{}");
  EXPECT_EQ(bare.status, 422u) << bare.body;
  EXPECT_NE(bare.body.find("/password"), std::string::npos);
  auto wrong = c.request("POST", "/api/v1/me/totp",
                         json::serialize(json::object{{"password", "not my password"}}));
  EXPECT_EQ(wrong.status, 422u) << wrong.body;
  auto started = c.request("POST", "/api/v1/me/totp",
                           json::serialize(json::object{{"password", testing::kTestPassword}}));
  ASSERT_EQ(started.status, 200u) << started.body;
  const std::string new_secret(json::parse(started.body).at("secret").as_string());
  EXPECT_NE(new_secret, old_secret);
  // Not confirmed: the old factor still signs in, and the session says "required".
  Client old_factor(server.port());
  EXPECT_EQ(old_factor.sign_in("sec"), 200u);
  EXPECT_EQ(old_factor.request("GET", "/api/v1/regions/minami-sorachi/audit").status, 200u);
  // Confirmed: the new secret is the factor from now on.
  Client::totp_secrets()["sec"] = new_secret;
  const long long now = std::time(nullptr);
  auto confirmed =
      c.request("POST", "/api/v1/me/totp/confirm", code_body(app::totp_code(new_secret, now)));
  ASSERT_EQ(confirmed.status, 204u) << confirmed.body;
  Client::totp_steps()[std::to_string(server.port()) + "/sec"] = now / 30;
  Client next(server.port());
  EXPECT_EQ(next.sign_in("sec"), 200u);
  EXPECT_EQ(next.request("GET", "/api/v1/regions/minami-sorachi/audit").status, 200u);
}

TEST(Security, FailedSignInAuditNeverHoldsAnUnknownLogin) {
  KyoseiServer server(kUsers);
  const std::string typed = "MySecretPassphrase-typed-into-login";
  http_request(server.port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
               login_body(typed, "whatever it is"));
  http_request(server.port(), "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
               login_body("editor", "not the password"));
  auto db = storage::Database::open(server.db_url());
  std::vector<storage::AuditEntry> entries;
  db->with_session([&](soci::session& sql) {
    storage::AuditFilter f;
    f.record_type = "user";
    entries = storage::list_audit(sql, f);
  });
  std::vector<std::string> failed;
  for (const auto& e : entries) {
    EXPECT_EQ(e.record_id.find(typed), std::string::npos);
    EXPECT_EQ(e.after_json.find(typed), std::string::npos);
    if (e.action == "sign-in-failed") failed.push_back(e.record_id);
  }
  EXPECT_EQ(failed, (std::vector<std::string>{"editor", "unknown"}));
  // Nor does the throttling table keep it.
  long long plain = 0;
  db->with_session([&](soci::session& sql) {
    sql << "SELECT COUNT(*) FROM login_failures WHERE subject LIKE '%Secret%'", soci::into(plain);
  });
  EXPECT_EQ(plain, 0);
}

TEST(Security, CsrfTokensCompareInConstantTime) {
  EXPECT_TRUE(app::constant_time_equal("abc", "abc"));
  EXPECT_FALSE(app::constant_time_equal("abc", "abd"));
  EXPECT_FALSE(app::constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(app::constant_time_equal("", "a"));
  KyoseiServer server(kUsers);
  Client c(server.port());
  ASSERT_EQ(c.sign_in("editor"), 200u);
  std::string near = c.csrf();
  near.back() = near.back() == '0' ? '1' : '0';
  auto r = c.request("DELETE", "/api/v1/session", "", {{"X-CSRF-Token", near}});
  EXPECT_EQ(r.status, 403u);
}

}  // namespace
}  // namespace kyosei
