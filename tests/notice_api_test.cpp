// Notices and reminders through the API (issue 12 item 6, issue 11 "Rounds"; ADR 0014), on
// SQLite and PostgreSQL: the secretariat's reminder to the towns that have not submitted a
// round reaches exactly their editors (read/unread per user), the overdue-milestone
// reminder goes out once a day, notices to a role reach only its holders, and with an SMTP
// relay configured each notice is also e-mailed — through the queue and its worker, retried
// after a refusal, every outcome audited — to a local SMTP sink written here.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::Client;
using testing::KyoseiServer;

const std::string kRegion = "/api/v1/regions/minami-sorachi";

// A minimal SMTP server on 127.0.0.1 that keeps what it receives. With `refuse_first`, it
// answers the first message's data with 451 (try again later).
class SmtpSink {
 public:
  explicit SmtpSink(bool refuse_first) : refuse_(refuse_first) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 8);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~SmtpSink() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  unsigned short port() const { return port_; }
  std::vector<std::string> messages() {
    std::lock_guard lock(mu_);
    return messages_;
  }
  int refused() const { return refused_.load(); }

 private:
  static bool send_all(int c, const std::string& s) {
    return ::send(c, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size());
  }
  void serve() {
    while (!stop_) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      session(c);
      ::close(c);
    }
  }
  void session(int c) {
    send_all(c, "220 sink ESMTP\r\n");
    std::string buf;
    std::string envelope;
    bool data = false;
    char chunk[4096];
    while (true) {
      const ssize_t n = ::recv(c, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buf.append(chunk, static_cast<std::size_t>(n));
      while (true) {
        if (data) {
          const auto end = buf.find("\r\n.\r\n");
          if (end == std::string::npos) break;
          const std::string message = envelope + buf.substr(0, end);
          buf.erase(0, end + 5);
          data = false;
          if (refuse_ && refused_ == 0) {
            ++refused_;
            send_all(c, "451 try again later\r\n");
          } else {
            {
              std::lock_guard lock(mu_);
              messages_.push_back(message);
            }
            send_all(c, "250 queued\r\n");
          }
          continue;
        }
        const auto eol = buf.find("\r\n");
        if (eol == std::string::npos) break;
        const std::string line = buf.substr(0, eol);
        buf.erase(0, eol + 2);
        const std::string verb = line.substr(0, 4);
        if (verb == "EHLO" || verb == "HELO") {
          send_all(c, "250 sink\r\n");
        } else if (verb == "MAIL") {
          envelope = line + "\n";
          send_all(c, "250 ok\r\n");
        } else if (verb == "RCPT") {
          envelope += line + "\n";
          send_all(c, "250 ok\r\n");
        } else if (verb == "DATA") {
          data = true;
          send_all(c, "354 go ahead\r\n");
        } else if (verb == "QUIT") {
          send_all(c, "221 bye\r\n");
          return;
        } else {
          send_all(c, "250 ok\r\n");
        }
      }
    }
  }
  int fd_ = -1;
  unsigned short port_ = 0;
  bool refuse_ = false;
  std::atomic<int> refused_{0};
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<std::string> messages_;
  std::thread thread_;
};

std::map<std::string, std::vector<std::string>> users() {
  return {{"sec", {"minami-sorachi:secretariat"}},
          {"council", {"minami-sorachi:council_member"}},
          {"town01423", {"minami-sorachi:municipality_editor:01423"}},
          {"town01210", {"minami-sorachi:municipality_editor:01210"}}};
}

json::object body_of(const testing::HttpResult& r) { return json::parse(r.body).as_object(); }

std::multiset<std::string> audit_actions(Client& c, const std::string& query) {
  const auto audit = c.get_json(kRegion + "/audit?" + query);
  std::multiset<std::string> out;
  for (const auto& en : audit.at("entries").as_array())
    out.insert(std::string(en.at("action").as_string()));
  return out;
}

// The round of `kyosei demo-progress` (its first town has submitted, the others not).
long long demo_round(const KyoseiServer& server, Client& sec) {
  auto r = server.cli({"demo-progress", "--region", "minami-sorachi", "--fy", "2025"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return sec.get_json(kRegion + "/rounds").at("rounds").at(0).at("id").as_int64();
}

void notice_flow(const KyoseiServer& server, SmtpSink* sink) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client council(server.port());
  ASSERT_EQ(council.sign_in("council"), 200u);
  Client nanporo(server.port());
  ASSERT_EQ(nanporo.sign_in("town01423"), 200u);
  Client iwamizawa(server.port());
  ASSERT_EQ(iwamizawa.sign_in("town01210"), 200u);
  Client visitor(server.port());

  // ---- e-mail addresses are the user's own ----
  EXPECT_EQ(visitor.request("PUT", "/api/v1/me/email", R"({"email":"a@example.jp"})").status, 401u);
  auto bad = nanporo.request("PUT", "/api/v1/me/email", R"({"email":"not an address"})");
  ASSERT_EQ(bad.status, 422u) << bad.body;
  EXPECT_NE(bad.body.find("/email"), std::string::npos);
  EXPECT_EQ(
      nanporo.request("PUT", "/api/v1/me/email", "{\"email\":\"a@b.jp\\r\\nBcc: x@y.jp\"}").status,
      422u);  // no header injection
  ASSERT_EQ(nanporo.request("PUT", "/api/v1/me/email", R"({"email":"nanporo@example.jp"})").status,
            204u);

  // ---- the round reminder: the towns that have not submitted, nobody else ----
  const long long rid = demo_round(server, sec);
  const std::string reminders = kRegion + "/rounds/" + std::to_string(rid) + "/reminders";
  EXPECT_EQ(nanporo.request("POST", reminders).status, 403u);
  EXPECT_EQ(sec.request("POST", kRegion + "/rounds/999999/reminders").status, 404u);
  EXPECT_EQ(sec.request("POST", reminders, R"({"towns":[]})").status, 422u);
  auto sent = sec.request("POST", reminders);
  ASSERT_EQ(sent.status, 200u) << sent.body;
  std::set<std::string> reminded;
  const auto held1 = body_of(sent);
  for (const auto& t : held1.at("reminded").as_array())
    reminded.insert(std::string(t.at("code").as_string()));
  EXPECT_EQ(reminded.size(), 8u);
  EXPECT_TRUE(reminded.contains("01423"));
  EXPECT_FALSE(reminded.contains("01210"));  // submitted already
  EXPECT_EQ(body_of(sent).at("mail_queued").as_int64(), sink != nullptr ? 1 : 0);
  EXPECT_EQ(audit_actions(sec, "record_type=round").count("remind"), 1u);

  auto mine = nanporo.get_json("/api/v1/me/notices").as_object();
  ASSERT_EQ(mine.at("notices").as_array().size(), 1u);
  EXPECT_EQ(mine.at("unread").as_int64(), 1);
  const auto& notice = mine.at("notices").at(0).as_object();
  EXPECT_EQ(notice.at("kind"), "round_reminder");
  EXPECT_FALSE(notice.at("read").as_bool());
  EXPECT_EQ(notice.at("link"), "/r/minami-sorachi/tasks");
  EXPECT_TRUE(iwamizawa.get_json("/api/v1/me/notices").at("notices").as_array().empty());
  EXPECT_TRUE(sec.get_json("/api/v1/me/notices").at("notices").as_array().empty());
  EXPECT_TRUE(council.get_json("/api/v1/me/notices").at("notices").as_array().empty());
  EXPECT_EQ(visitor.request("GET", "/api/v1/me/notices").status, 401u);
  // Read marks are per user; someone else's notice is not there for them (404).
  const std::string read =
      "/api/v1/me/notices/" + std::to_string(notice.at("id").as_int64()) + "/read";
  EXPECT_EQ(iwamizawa.request("POST", read).status, 404u);
  ASSERT_EQ(nanporo.request("POST", read).status, 204u);
  ASSERT_EQ(nanporo.request("POST", read).status, 204u);  // again: nothing changes
  mine = nanporo.get_json("/api/v1/me/notices").as_object();
  EXPECT_EQ(mine.at("unread").as_int64(), 0);
  EXPECT_TRUE(mine.at("notices").at(0).at("read").as_bool());
  EXPECT_TRUE(nanporo.get_json("/api/v1/me/notices?unread=1").at("notices").as_array().empty());
  EXPECT_EQ(nanporo.request("GET", "/api/v1/me/notices?unread=yes").status, 400u);

  // ---- a notice to a role reaches its holders only ----
  auto to_council =
      sec.request("POST", kRegion + "/notices",
                  R"({"to_role":"council_member","title":"第2回懇談会の資料を送付しました",
                                    "link":"/r/minami-sorachi/meetings"})");
  ASSERT_EQ(to_council.status, 201u) << to_council.body;
  EXPECT_EQ(body_of(to_council).at("recipients").as_int64(), 1);
  EXPECT_EQ(council.get_json("/api/v1/me/notices").at("unread").as_int64(), 1);
  EXPECT_EQ(nanporo.get_json("/api/v1/me/notices").at("unread").as_int64(), 0);
  auto invalid = sec.request("POST", kRegion + "/notices",
                             R"({"to_role":"mayor","to_municipality":"99999","title":"",
                                 "link":"https://elsewhere.example/","x":1})");
  ASSERT_EQ(invalid.status, 422u) << invalid.body;
  std::set<std::string> pointers;
  const auto held2 = body_of(invalid);
  for (const auto& e : held2.at("errors").as_array())
    pointers.insert(std::string(e.at("pointer").as_string()));
  EXPECT_EQ(pointers,
            (std::set<std::string>{"/to_role", "/to_municipality", "/title", "/link", "/x"}));
  EXPECT_EQ(nanporo.request("POST", kRegion + "/notices", R"({"title":"x"})").status, 403u);

  // ---- the overdue-milestone reminder: to the owner town, once a day ----
  auto ms = sec.request("POST", kRegion + "/schedule",
                        R"({"fiscal_year":2026,"kind":"inquiry_deadline","title":"南幌町の照会回答",
                            "planned_on":"2026-07-31","owner":"01423"})");
  ASSERT_EQ(ms.status, 201u) << ms.body;
  auto first = sec.request("POST", kRegion + "/schedule/reminders");
  ASSERT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(body_of(first).at("reminded").as_array().size(), 1u);
  auto second = sec.request("POST", kRegion + "/schedule/reminders");
  ASSERT_EQ(second.status, 200u);
  EXPECT_TRUE(body_of(second).at("reminded").as_array().empty());
  const auto after = nanporo.get_json("/api/v1/me/notices").as_object();
  EXPECT_EQ(after.at("unread").as_int64(), 1);
  EXPECT_EQ(after.at("notices").at(0).at("kind"), "milestone_overdue");
  EXPECT_TRUE(iwamizawa.get_json("/api/v1/me/notices").at("notices").as_array().empty());

  // ---- e-mail: the two notices to 南幌町 arrive at the sink, the first after a retry ----
  if (sink != nullptr) {
    for (int i = 0; i < 200 && sink->messages().size() < 2; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto got = sink->messages();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(sink->refused(), 1);
    for (const auto& m : got) {
      EXPECT_NE(m.find("RCPT TO:<nanporo@example.jp>"), std::string::npos) << m;
      EXPECT_NE(m.find("Subject: =?UTF-8?B?"), std::string::npos) << m;
      EXPECT_EQ(m.find("Bcc"), std::string::npos);
    }
    // The worker records each outcome; give it a moment after the sink's answer.
    std::multiset<std::string> mail;
    for (int i = 0; i < 50; ++i) {
      mail = audit_actions(sec, "record_type=mail");
      if (mail.count("mail-sent") == 2) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(mail.count("mail-sent"), 2u);
    EXPECT_EQ(mail.count("mail-retry"), 1u);
  }
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(NoticeApi, RemindersReadMarksAndRoles) {
  KyoseiServer server(users());
  notice_flow(server, nullptr);
}

TEST(NoticeApi, EmailThroughTheRelayWithRetry) {
  SmtpSink sink(true);
  KyoseiServer server(users(), {"--smtp-url", "smtp://127.0.0.1:" + std::to_string(sink.port())});
  notice_flow(server, &sink);
}

TEST(NoticeApiPostgres, EmailThroughTheRelayWithRetry) {
  SmtpSink sink(true);
  KyoseiServer server(users(), {"--smtp-url", "smtp://127.0.0.1:" + std::to_string(sink.port())},
                      "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  notice_flow(server, &sink);
}

// ---- the automatic reminders (`kyosei remind`, `serve --remind-interval`; ADR 0018) ----

// Today in Japan plus `n` days, YYYY-MM-DD.
std::string japan_day(int n) {
  using namespace std::chrono;
  const auto d = floor<days>(system_clock::now() + hours(9)) + days(n);
  const year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

int fiscal_year_of(const std::string& day) {
  const int y = std::stoi(day.substr(0, 4));
  return std::stoi(day.substr(5, 2)) >= 4 ? y : y - 1;
}

std::multiset<std::string> notice_kinds(Client& c) {
  std::multiset<std::string> out;
  const auto mine = c.get_json("/api/v1/me/notices");
  for (const auto& n : mine.at("notices").as_array())
    out.insert(std::string(n.at("kind").as_string()));
  return out;
}

json::object remind(const KyoseiServer& server) {
  auto r = server.cli({"remind", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out).as_object();
}

long long open_round(Client& sec, const std::string& title, const std::string& deadline) {
  auto r = sec.request("POST", kRegion + "/rounds",
                       json::serialize(json::object{{"fiscal_year", fiscal_year_of(japan_day(0))},
                                                    {"title", title},
                                                    {"deadline", deadline}}));
  EXPECT_EQ(r.status, 201u) << r.body;
  return body_of(r).at("id").as_int64();
}

long long add_milestone(Client& sec, const std::string& title, const std::string& day,
                        const std::string& owner) {
  auto r = sec.request("POST", kRegion + "/schedule",
                       json::serialize(json::object{{"fiscal_year", fiscal_year_of(day)},
                                                    {"kind", "inquiry_deadline"},
                                                    {"title", title},
                                                    {"planned_on", day},
                                                    {"owner", owner}}));
  EXPECT_EQ(r.status, 201u) << r.body;
  return body_of(r).at("id").as_int64();
}

// `sqlite`: the closed round is made by confirming its towns in the SQLite file.
void remind_flow(const KyoseiServer& server, bool sqlite) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client nanporo(server.port());
  ASSERT_EQ(nanporo.sign_in("town01423"), 200u);
  Client iwamizawa(server.port());
  ASSERT_EQ(iwamizawa.sign_in("town01210"), 200u);
  Client council(server.port());
  ASSERT_EQ(council.sign_in("council"), 200u);

  // Not due: the demo's round (deadline four weeks ahead) and a milestone ten days ahead.
  demo_round(server, sec);
  add_milestone(sec, "先の照会", japan_day(10), "01423");
  // Due: a round whose deadline is tomorrow, a milestone of 南幌町 in two days, and (when it
  // lies in this fiscal year) one of the secretariat's that was due yesterday.
  const long long due_round = open_round(sec, "至急の照会", japan_day(1));
  const long long due_ms = add_milestone(sec, "南幌町の回答", japan_day(2), "01423");
  const bool overdue_too = fiscal_year_of(japan_day(-1)) == fiscal_year_of(japan_day(0));
  long long overdue_ms = 0;
  if (overdue_too) overdue_ms = add_milestone(sec, "事務局の集計", japan_day(-1), "");
  // Overdue since last fiscal year (its March 20) and still not done: reminded too.
  const std::string last_march = std::to_string(fiscal_year_of(japan_day(0))) + "-03-20";
  const long long last_year_ms = add_milestone(sec, "前年度の改訂版の公表", last_march, "");
  // Closed: a round due tomorrow whose towns are all 確定.
  long long closed_round = 0;
  if (sqlite) {
    closed_round = open_round(sec, "確定済みの照会", japan_day(1));
    auto confirm =
        testing::run({"/usr/bin/sqlite3", server.db_path(),
                      "UPDATE round_submissions SET state = 'confirmed' WHERE round_id = " +
                          std::to_string(closed_round)});
    ASSERT_EQ(confirm.exit_code, 0) << confirm.err;
  }

  const auto first = remind(server);
  ASSERT_EQ(first.at("regions").as_array().size(), 1u);
  const auto& region = first.at("regions").at(0).as_object();
  EXPECT_EQ(region.at("region"), "minami-sorachi");
  // Only the due round, every town (none has submitted it); nothing for the closed one or
  // for the demo's round.
  ASSERT_EQ(region.at("rounds").as_array().size(), 1u);
  EXPECT_EQ(region.at("rounds").at(0).at("round_id").as_int64(), due_round);
  EXPECT_EQ(region.at("rounds").at(0).at("reminded").as_array().size(), 9u);
  std::set<long long> milestones;
  for (const auto& id : region.at("milestones").at("reminded").as_array())
    milestones.insert(id.as_int64());
  std::set<long long> expected = {due_ms, last_year_ms};
  if (overdue_too) expected.insert(overdue_ms);
  EXPECT_EQ(milestones, expected);
  EXPECT_EQ(first.at("notices").as_int64(), static_cast<long long>(9 + expected.size()));

  // Who got what: the towns' editors the round; 南幌町 its milestone; the secretariat its
  // overdue one; council members nothing.
  EXPECT_EQ(notice_kinds(nanporo), (std::multiset<std::string>{"round_reminder", "milestone_due"}));
  EXPECT_EQ(notice_kinds(iwamizawa), (std::multiset<std::string>{"round_reminder"}));
  const std::multiset<std::string> sec_kinds =
      overdue_too ? std::multiset<std::string>{"milestone_overdue", "milestone_overdue"}
                  : std::multiset<std::string>{"milestone_overdue"};
  EXPECT_EQ(notice_kinds(sec), sec_kinds);
  EXPECT_TRUE(notice_kinds(council).empty());
  EXPECT_EQ(audit_actions(sec, "record_type=round").count("remind"), 1u);
  EXPECT_EQ(audit_actions(sec, "record_type=schedule").count("remind"), 1u);

  // The same day again: nothing twice.
  const auto second = remind(server);
  EXPECT_EQ(second.at("notices").as_int64(), 0);
  EXPECT_TRUE(second.at("regions").at(0).at("rounds").as_array().empty());
  EXPECT_TRUE(second.at("regions").at(0).at("milestones").at("reminded").as_array().empty());
  EXPECT_EQ(notice_kinds(nanporo).size(), 2u);
  EXPECT_EQ(audit_actions(sec, "record_type=round").count("remind"), 1u);
  auto text = server.cli({"remind", "--region", "minami-sorachi"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("reminded\t0"), std::string::npos) << text.out;
  EXPECT_EQ(server.cli({"remind", "--region", "nowhere"}).exit_code, 1);

  // The secretariat's button still reminds when pressed (a deliberate act).
  auto pressed =
      sec.request("POST", kRegion + "/rounds/" + std::to_string(due_round) + "/reminders");
  ASSERT_EQ(pressed.status, 200u) << pressed.body;
  EXPECT_EQ(body_of(pressed).at("reminded").as_array().size(), 9u);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(NoticeApi, AutomaticRemindersOnceADay) {
  KyoseiServer server(users());
  remind_flow(server, true);
}

TEST(NoticeApiPostgres, AutomaticRemindersOnceADay) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  remind_flow(server, false);
}

// `serve --remind-interval`: the server runs the same reminders on its own, once a day.
TEST(NoticeApi, ServerRemindsOnItsOwn) {
  KyoseiServer server(users(), {"--remind-interval", "1"});
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client nanporo(server.port());
  ASSERT_EQ(nanporo.sign_in("town01423"), 200u);
  open_round(sec, "至急の照会", japan_day(0));
  std::multiset<std::string> kinds;
  for (int i = 0; i < 100 && kinds.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    kinds = notice_kinds(nanporo);
  }
  EXPECT_EQ(kinds, (std::multiset<std::string>{"round_reminder"}));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // two more runs
  EXPECT_EQ(notice_kinds(nanporo).size(), 1u);
}

}  // namespace
}  // namespace kyosei
