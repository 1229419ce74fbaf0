// Crash safety of the server (issue 10): concurrent writers send progress updates over
// HTTP while the server is killed with SIGKILL at a random moment; after a restart every
// acknowledged write is there (the stored version is at least the acknowledged one, with its
// text) and `kyosei audit verify` passes, seals included. On SQLite and on PostgreSQL.
//
// KYOSEI_CRASH_TRIALS (default 3) sets the number of kills per engine; the long run in
// docs/crash-safety.md uses 20 or more.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <cstdlib>
#include <random>
#include <thread>

#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::Client;
using testing::KyoseiServer;

const std::string kRegion = "/api/v1/regions/minami-sorachi";
const std::vector<std::string> kTowns = {"01423", "01427", "01428", "01429"};

int trials() {
  const char* n = std::getenv("KYOSEI_CRASH_TRIALS");
  return n != nullptr && std::atoi(n) > 0 ? std::atoi(n) : 3;
}

// One writer: a town updating its progress record of one action, version after version.
struct Writer {
  std::string town;
  std::string url;  // …/actions/ID/progress/CODE
  std::string cookie, csrf;
  long long acknowledged = 0;  // the last version the server answered 200 for
  std::string acknowledged_result;
  long long sent = 0;
  long long acks = 0;  // writes answered 200, all trials
};

long long version_of(const testing::HttpResult& r) {
  const std::string etag = r.header("etag");  // "vN"
  return etag.size() > 3 ? std::stoll(etag.substr(2, etag.size() - 3)) : 0;
}

class CrashTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CrashTest, EveryAcknowledgedWriteSurvivesKillNine) {
  std::map<std::string, std::vector<std::string>> users;
  for (const auto& t : kTowns) users["town" + t] = {"minami-sorachi:municipality_editor:" + t};
  KyoseiServer server(users, {}, GetParam());
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();

  std::vector<Writer> writers;
  for (const auto& t : kTowns) {
    Client c(server.port());
    ASSERT_EQ(c.sign_in("town" + t), 200u);
    auto list = c.get_json(kRegion + "/progress?fy=2025&municipality=" + t);
    ASSERT_FALSE(list.at("items").as_array().empty());
    const auto id = list.at("items").at(0).at("id").as_int64();
    writers.push_back(
        {t, kRegion + "/actions/" + std::to_string(id) + "/progress/" + t, c.cookie(), c.csrf()});
  }

  std::mt19937 random(std::random_device{}());
  long long total_acknowledged = 0;
  long long lost = 0;  // acknowledged versions missing after a restart
  for (int trial = 0; trial < trials(); ++trial) {
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    const unsigned short port = server.port();
    for (auto& w : writers) {
      threads.emplace_back([&w, &stop, port, trial] {
        Client c(port);
        c.set_cookie(w.cookie);
        c.set_csrf(w.csrf);
        while (!stop) {
          const std::string result =
              "trial " + std::to_string(trial) + " write " + std::to_string(++w.sent);
          std::map<std::string, std::string> headers;
          if (w.acknowledged > 0)
            headers["If-Match"] = "\"v" + std::to_string(w.acknowledged) + "\"";
          testing::HttpResult r;
          try {
            r = c.request("PUT", w.url,
                          json::serialize(json::object{{"status", "実施中"}, {"result", result}}),
                          headers);
          } catch (const std::exception&) {
            return;  // the server is gone
          }
          if (r.status == 200) {
            w.acknowledged = version_of(r);
            w.acknowledged_result = result;
            ++w.acks;
          } else if (r.status == 0) {
            return;
          } else if (r.status == 412) {
            // A write that committed but whose answer was lost in an earlier trial.
            w.acknowledged = version_of(r);
          }
        }
      });
    }
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(300, 1500)(random)));
    server.kill_hard();
    stop = true;
    for (auto& t : threads) t.join();
    server.restart();

    // Every acknowledged write is there: the stored version is at least the acknowledged
    // one, and when it is exactly that one, its text is the acknowledged text.
    for (auto& w : writers) {
      Client c(server.port());
      c.set_cookie(w.cookie);
      c.set_csrf(w.csrf);
      auto list = c.get_json(kRegion + "/progress?fy=2025&municipality=" + w.town);
      bool found = w.acknowledged == 0;
      for (const auto& item : list.at("items").as_array()) {
        for (const auto& rec : item.at("records").as_array()) {
          if (w.url.find("/actions/" + std::to_string(item.at("id").as_int64()) + "/") ==
                  std::string::npos ||
              rec.at("municipality").at("code") != json::value(w.town)) {
            continue;
          }
          const long long stored = rec.at("version").as_int64();
          EXPECT_GE(stored, w.acknowledged) << w.town << " lost an acknowledged write";
          if (stored < w.acknowledged) lost += w.acknowledged - stored;
          if (stored == w.acknowledged) {
            EXPECT_EQ(rec.at("result"), json::value(w.acknowledged_result));
          }
          w.acknowledged = stored;  // the next trial continues from what is stored
          found = true;
        }
      }
      EXPECT_TRUE(found) << w.town << ": record missing after the crash";
    }
    auto verify = server.cli({"audit", "verify"});
    EXPECT_EQ(verify.exit_code, 0) << "trial " << trial << ": " << verify.err;
  }
  long long acknowledged_versions = 0;
  for (const auto& w : writers) {
    acknowledged_versions += w.acknowledged;
    total_acknowledged += w.acks;
  }
  // The figures of the run (docs/crash-safety.md).
  std::cout << "[crash] engine=" << GetParam() << " trials=" << trials()
            << " acknowledged_writes=" << total_acknowledged << " lost=" << lost
            << " stored_versions=" << acknowledged_versions << "\n";
  EXPECT_GT(acknowledged_versions, 0) << "no write was acknowledged; the test proved nothing";
}

INSTANTIATE_TEST_SUITE_P(Engines, CrashTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kyosei
