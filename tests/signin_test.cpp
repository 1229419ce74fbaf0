// Sign-in under load (issue 10, finding 5; ADR 0009), against the real server: password
// checks run on the bounded worker pool (503 with Retry-After when it is full, and the I/O
// thread keeps answering meanwhile); successful sign-ins are limited per account (429,
// audited); expired sessions and old attempt rows are purged by `kyosei purge` and by the
// server itself (SQLite and PostgreSQL); X-Forwarded-For counts only from a trusted proxy.

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/common/database.hpp"
#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::http_request;
using testing::KyoseiServer;

const testing::Users kUsers = {{"editor", {testing::kNanporoEditor}},
                               {"council", {testing::kCouncilMember}}};

std::string login_body(const std::string& login, const std::string& password) {
  return json::serialize(json::object{{"login", login}, {"password", password}});
}

testing::HttpResult sign_in(unsigned short port, const std::string& login,
                            const std::string& password = testing::kTestPassword,
                            std::map<std::string, std::string> headers = {}) {
  headers["Content-Type"] = "application/json";
  return http_request(port, "POST", "/api/v1/session", headers, login_body(login, password));
}

long long count(storage::Database& db, const std::string& query) {
  long long n = 0;
  db.with_session([&](soci::session& sql) { sql << query, soci::into(n); });
  return n;
}

TEST(SignIn, SuccessfulSignInsPerAccountAreLimited) {
  KyoseiServer server(kUsers, {"--sign-ins-per-minute", "3"});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(sign_in(server.port(), "editor").status, 200u) << i;
  auto over = sign_in(server.port(), "editor");
  EXPECT_EQ(over.status, 429u) << over.body;
  EXPECT_EQ(over.header("retry-after"), "60");
  EXPECT_NE(over.body.find("too many sign-ins"), std::string::npos) << over.body;
  // Other accounts are not affected.
  EXPECT_EQ(sign_in(server.port(), "council").status, 200u);
  auto db = storage::Database::open(server.db_url());
  EXPECT_EQ(count(*db,
                  "SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in-refused' AND "
                  "record_id = 'editor' AND after_json LIKE '%too-many-sign-ins%'"),
            1);
  EXPECT_EQ(count(*db,
                  "SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in' AND "
                  "record_id = 'editor'"),
            3);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(SignIn, AFullWorkerPoolAnswers503AndTheIoThreadKeepsAnswering) {
  // One I/O thread, one password worker: 40 sign-ins at once overflow the queue (16).
  KyoseiServer server(kUsers, {"--threads", "1", "--hash-workers", "1"});
  std::atomic<int> done{0};
  std::atomic<int> busy{0};
  std::mutex mu;
  std::vector<unsigned> statuses;
  std::vector<std::thread> clients;
  for (int i = 0; i < 40; ++i) {
    clients.emplace_back([&, i] {
      auto r = sign_in(server.port(), "nobody" + std::to_string(i), "wrong password");
      if (r.status == 503u && r.header("retry-after") == "1") ++busy;
      ++done;
      std::lock_guard lock(mu);
      statuses.push_back(r.status);
    });
  }
  // While the worker hashes, the one I/O thread answers /healthz: most sign-ins that got a
  // place in the queue are still waiting when it answers.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto health = http_request(server.port(), "GET", "/healthz", {}, "");
  const int done_at_health = done.load();
  for (auto& t : clients) t.join();
  EXPECT_EQ(health.status, 200u);
  EXPECT_GT(busy.load(), 0);
  const int queued = 40 - busy.load();
  EXPECT_LT(done_at_health - busy.load(), queued) << "healthz waited for the password checks";
  for (unsigned s : statuses) EXPECT_TRUE(s == 401u || s == 429u || s == 503u) << s;
}

void purge_removes_expired_sessions_and_old_attempts(const std::string& engine) {
  KyoseiServer server(kUsers, {"--purge-interval", "0"}, engine);
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  ASSERT_EQ(sign_in(server.port(), "editor").status, 200u);
  ASSERT_EQ(sign_in(server.port(), "council", "wrong password 1").status, 401u);
  auto db = storage::Database::open(server.db_url());
  const long long now = static_cast<long long>(std::time(nullptr));
  const long long old = now - 2 * 24 * 3600;
  auto plant = [&] {
    db->write([&](soci::session& sql) {
      long long uid = 0;
      sql << "SELECT id FROM users WHERE login = 'editor'", soci::into(uid);
      sql << "INSERT INTO sessions (token_hash, user_id, csrf_token, second_factor_done, "
             "created_at, last_seen_at, remote) VALUES ('idle', :u, 'c', 0, :n, :o, '')",
          soci::use(uid), soci::use(now), soci::use(old);
      sql << "INSERT INTO sessions (token_hash, user_id, csrf_token, second_factor_done, "
             "created_at, last_seen_at, remote) VALUES ('too-old', :u, 'c', 0, :o, :n, '')",
          soci::use(uid), soci::use(old), soci::use(now);
      sql << "INSERT INTO login_failures (subject, at) VALUES ('address:192.0.2.1', :o)",
          soci::use(old);
      sql << "INSERT INTO login_failures (subject, at) VALUES ('signed-in:x', :o)", soci::use(old);
    });
  };
  plant();
  const long long sessions_before = count(*db, "SELECT COUNT(*) FROM sessions");
  const long long attempts_before = count(*db, "SELECT COUNT(*) FROM login_failures");
  auto r = server.cli({"purge"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "sessions\t2\nattempts\t2\n");
  // The live session and the fresh attempt rows stay.
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM sessions"), sessions_before - 2);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM sessions WHERE token_hash IN ('idle', 'too-old')"), 0);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM login_failures"), attempts_before - 2);
  EXPECT_GT(count(*db, "SELECT COUNT(*) FROM login_failures"), 0);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM audit_log WHERE action = 'purge'"), 1);
  // Nothing left to purge: no second audit entry.
  EXPECT_EQ(server.cli({"purge"}).out, "sessions\t0\nattempts\t0\n");
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM audit_log WHERE action = 'purge'"), 1);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(SignIn, PurgeRemovesExpiredSessionsAndOldAttempts) {
  purge_removes_expired_sessions_and_old_attempts("sqlite");
}
TEST(SignInPostgres, PurgeRemovesExpiredSessionsAndOldAttempts) {
  purge_removes_expired_sessions_and_old_attempts("postgres");
}

void the_server_purges_periodically(const std::string& engine) {
  KyoseiServer server(kUsers, {"--purge-interval", "1"}, engine);
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  auto db = storage::Database::open(server.db_url());
  const long long old = static_cast<long long>(std::time(nullptr)) - 2 * 24 * 3600;
  db->write([&](soci::session& sql) {
    sql << "INSERT INTO login_failures (subject, at) VALUES ('address:192.0.2.1', :o)",
        soci::use(old);
  });
  long long left = 1;
  for (int i = 0; i < 100 && left > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    left = count(*db, "SELECT COUNT(*) FROM login_failures WHERE at = " + std::to_string(old));
  }
  EXPECT_EQ(left, 0);
}

TEST(SignIn, TheServerPurgesPeriodically) { the_server_purges_periodically("sqlite"); }
TEST(SignInPostgres, TheServerPurgesPeriodically) { the_server_purges_periodically("postgres"); }

// Failed sign-ins with X-Forwarded-For 203.0.113.5 until its address limit (20), then one
// from 203.0.113.6. Returns the status of that last one.
unsigned after_exhausting_one_forwarded_address(KyoseiServer& server) {
  for (int i = 0; i < 20; ++i) {
    auto r = sign_in(server.port(), "nobody" + std::to_string(i), "wrong password",
                     {{"X-Forwarded-For", "198.51.100.77, 203.0.113.5"}});
    EXPECT_EQ(r.status, 401u) << i << r.body;
  }
  EXPECT_EQ(
      sign_in(server.port(), "nobody-x", "wrong password", {{"X-Forwarded-For", "203.0.113.5"}})
          .status,
      429u);
  return sign_in(server.port(), "nobody-y", "wrong password", {{"X-Forwarded-For", "203.0.113.6"}})
      .status;
}

TEST(SignIn, ForwardedForCountsOnlyFromATrustedProxy) {
  {
    // The peer (127.0.0.1) is a trusted proxy: each forwarded client has its own limit, and
    // the log names the client and the proxy.
    KyoseiServer server(kUsers, {"--trusted-proxy", "127.0.0.1"});
    EXPECT_EQ(after_exhausting_one_forwarded_address(server), 401u);
    EXPECT_NE(server.log().find("203.0.113.5:0 via 127.0.0.1:"), std::string::npos);
    auto db = storage::Database::open(server.db_url());
    EXPECT_GT(count(*db,
                    "SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in-failed' AND "
                    "remote = '203.0.113.6:0'"),
              0);
  }
  {
    // Not trusted: the header is ignored, every request counts against the peer.
    KyoseiServer server(kUsers);
    EXPECT_EQ(after_exhausting_one_forwarded_address(server), 429u);
    EXPECT_EQ(server.log().find("203.0.113.5"), std::string::npos);
  }
}

}  // namespace
}  // namespace kyosei
