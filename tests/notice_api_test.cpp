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

}  // namespace
}  // namespace kyosei
