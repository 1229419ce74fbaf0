// The council through the API (issue 12): the register, a 懇談会 from scheduling to
// published minutes with attendance and a remark, opinions walked through every status
// (with the refused transitions: 409 and an audit entry) on SQLite and PostgreSQL, who may
// answer what, what signed-out visitors see (published answers only, never submitters or
// internal notes), the 意見対応表 as CSV with a BOM, search within the privacy rules, and
// the sample year of `kyosei demo-council`.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <set>
#include <thread>

#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::Client;
using testing::KyoseiServer;

const std::string kRegion = "/api/v1/regions/minami-sorachi";

std::map<std::string, std::vector<std::string>> users() {
  return {{"sec", {"minami-sorachi:secretariat"}},
          {"council", {"minami-sorachi:council_member"}},
          {"town01423", {"minami-sorachi:municipality_editor:01423"}},
          {"town01209", {"minami-sorachi:municipality_editor:01209"}}};
}

json::object body_of(const testing::HttpResult& r) { return json::parse(r.body).as_object(); }

std::map<std::string, std::string> if_match(const json::object& record) {
  return {{"If-Match", "\"v" + std::to_string(record.at("version").as_int64()) + "\""}};
}

// The field pointers of a 422.
std::set<std::string> pointers(const testing::HttpResult& r) {
  std::set<std::string> out;
  const auto b = json::parse(r.body).as_object();
  if (const auto* errors = b.if_contains("errors")) {
    for (const auto& e : errors->as_array()) out.insert(std::string(e.at("pointer").as_string()));
  }
  return out;
}

std::multiset<std::string> audit_actions(Client& c, const std::string& query) {
  const auto audit = c.get_json(kRegion + "/audit?" + query);
  std::multiset<std::string> out;
  for (const auto& en : audit.at("entries").as_array())
    out.insert(std::string(en.at("action").as_string()));
  return out;
}

// The kinds of the search hits for `q` (percent-encoded here).
std::set<std::string> hit_kinds(Client& c, const std::string& q) {
  std::string encoded;
  for (unsigned char ch : q) {
    const char* hex = "0123456789ABCDEF";
    encoded += '%';
    encoded += hex[ch >> 4];
    encoded += hex[ch & 15];
  }
  std::set<std::string> out;
  const auto found = c.get_json(kRegion + "/search?q=" + encoded);
  for (const auto& h : found.at("hits").as_array())
    out.insert(std::string(h.at("kind").as_string()));
  return out;
}

// The opinion's next_statuses as `c` reads them; {"absent"} when the field is left out.
std::vector<std::string> next_statuses(Client& c, const std::string& url) {
  const auto o = c.get_json(url).as_object();
  const auto* next = o.if_contains("next_statuses");
  if (next == nullptr) return {"absent"};
  std::vector<std::string> out;
  for (const auto& s : next->as_array()) out.emplace_back(s.as_string());
  return out;
}

// Today's date in Japan (UTC+9, no daylight saving time), YYYY-MM-DD.
std::string japan_today() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() +
                                                      std::chrono::hours(9));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

json::object transition(Client& c, const json::object& opinion, const std::string& status,
                        unsigned expected, const std::string& reason = {}) {
  json::object body{{"status", status}};
  if (!reason.empty()) body["reason"] = reason;
  auto r = c.request(
      "POST", kRegion + "/opinions/" + std::to_string(opinion.at("id").as_int64()) + "/transition",
      json::serialize(body));
  EXPECT_EQ(r.status, expected) << status << ": " << r.body;
  return r.status == 200 ? body_of(r) : opinion;
}

void council_flow(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client council(server.port());
  ASSERT_EQ(council.sign_in("council"), 200u);
  Client nanporo(server.port());
  ASSERT_EQ(nanporo.sign_in("town01423"), 200u);
  Client yubari(server.port());
  ASSERT_EQ(yubari.sign_in("town01209"), 200u);
  Client visitor(server.port());

  // ---- the register ----
  auto bad = sec.request("POST", kRegion + "/council/members",
                         R"({"name":"","role":"boss","term_start":"2025-13-01"})");
  ASSERT_EQ(bad.status, 422u) << bad.body;
  EXPECT_EQ(pointers(bad), (std::set<std::string>{"/name", "/role", "/term_start"}));
  auto member = sec.request("POST", kRegion + "/council/members",
                            R"({"name":"委員 甲","organisation":"商工会議所","sector":"産業",
                                "role":"chair","term_start":"2025-04-01","term_end":"2027-03-31",
                                "public":false,"user_login":"council"})");
  ASSERT_EQ(member.status, 201u) << member.body;
  const auto m = body_of(member);
  const long long member_id = m.at("id").as_int64();
  EXPECT_EQ(m.at("role").at("label"), "会長");
  // Ending a term keeps the entry.
  auto ended = sec.request("POST", kRegion + "/council/members",
                           R"({"name":"前任 乙","term_start":"2021-04-01"})");
  ASSERT_EQ(ended.status, 201u) << ended.body;
  auto end_term = sec.request(
      "PATCH", kRegion + "/council/members/" + std::to_string(body_of(ended).at("id").as_int64()),
      R"({"term_end":"2023-03-31"})", if_match(body_of(ended)));
  ASSERT_EQ(end_term.status, 200u) << end_term.body;
  EXPECT_FALSE(body_of(end_term).at("active").as_bool());
  EXPECT_EQ(sec.get_json(kRegion + "/council/members").at("members").as_array().size(), 2u);
  // The public sees neither of these (not public).
  EXPECT_TRUE(visitor.get_json(kRegion + "/council/members").at("members").as_array().empty());

  // ---- a 懇談会 ----
  auto meeting_res =
      sec.request("POST", kRegion + "/meetings",
                  R"({"kind":"council","fiscal_year":"R7","number":1,"held_on":"2025-07-15",
          "starts_at":"14:00","ends_at":"16:00","place":"岩見沢市役所",
          "agenda":[{"title":"取組状況の報告","targets":["vision"]}],
          "internal_note":"資料は前週に送付"})");
  ASSERT_EQ(meeting_res.status, 201u) << meeting_res.body;
  auto meeting = body_of(meeting_res);
  const std::string meeting_url =
      kRegion + "/meetings/" + std::to_string(meeting.at("id").as_int64());
  EXPECT_EQ(meeting.at("status").at("code"), "scheduled");
  auto no_field = sec.request("POST", kRegion + "/meetings",
                              R"({"kind":"subcommittee","fiscal_year":2025,"number":1,
                                  "held_on":"2025-08-01","starts_at":"25:00"})");
  EXPECT_EQ(pointers(no_field), (std::set<std::string>{"/field_ids", "/starts_at"}));
  // No attendance before the meeting is held: 409.
  EXPECT_EQ(sec.request("PUT", meeting_url + "/attendance",
                        json::serialize(json::object{
                            {"attendance", json::array{json::object{{"member_id", member_id},
                                                                    {"present", true}}}}}),
                        if_match(meeting))
                .status,
            409u);
  // Without If-Match: 428; then held.
  EXPECT_EQ(sec.request("PATCH", meeting_url, R"({"status":"held"})").status, 428u);
  auto held = sec.request("PATCH", meeting_url, R"({"status":"held"})", if_match(meeting));
  ASSERT_EQ(held.status, 200u) << held.body;
  meeting = body_of(held);
  auto attendance = sec.request(
      "PUT", meeting_url + "/attendance",
      json::serialize(json::object{
          {"attendance", json::array{json::object{{"member_id", member_id}, {"present", true}}}},
          {"observers", 3}}),
      if_match(meeting));
  ASSERT_EQ(attendance.status, 200u) << attendance.body;
  meeting = body_of(attendance);
  EXPECT_EQ(meeting.at("observers"), 3);
  EXPECT_TRUE(meeting.at("quorum").at("met").as_bool()) << json::serialize(meeting);
  EXPECT_EQ(meeting.at("quorum").at("members"), 1);  // the ended term does not count
  auto remark =
      sec.request("POST", meeting_url + "/remarks",
                  json::serialize(json::object{{"speaker_member_id", member_id},
                                               {"body", "移住相談の窓口を一本化してほしい"},
                                               {"internal_note", "内部メモ"}}));
  ASSERT_EQ(remark.status, 201u) << remark.body;
  const long long remark_id = body_of(remark).at("id").as_int64();
  // The public sees the date, not the draft minutes or the internal note.
  auto public_meeting = visitor.get_json(meeting_url).as_object();
  EXPECT_TRUE(public_meeting.at("remarks").as_array().empty());
  EXPECT_FALSE(public_meeting.contains("internal_note"));
  EXPECT_FALSE(public_meeting.contains("attendance"));
  EXPECT_EQ(visitor.get_json(kRegion + "/meetings?fy=2025").at("meetings").as_array().size(), 1u);

  // ---- an opinion from the remark, assigned to 南幌町 ----
  auto progress = sec.get_json(kRegion + "/progress?fy=2025");
  const auto& first = progress.at("items").at(0);
  const std::string category = "category:" + std::to_string(first.at("category_id").as_int64());
  auto bad_op =
      sec.request("POST", kRegion + "/opinions",
                  json::serialize(json::object{{"remark_id", remark_id},
                                               {"round", 4},
                                               {"kind", "wish"},
                                               {"targets", json::array{"category:999999"}}}));
  ASSERT_EQ(bad_op.status, 422u) << bad_op.body;
  // The refused target is named; "targets required" would only repeat it.
  EXPECT_EQ(pointers(bad_op), (std::set<std::string>{"/round", "/kind", "/targets/0"}));
  auto created =
      sec.request("POST", kRegion + "/opinions",
                  json::serialize(json::object{{"remark_id", remark_id},
                                               {"round", 1},
                                               {"kind", "proposal"},
                                               {"targets", json::array{json::string(category)}},
                                               {"assigned_to", "01423"},
                                               {"internal_note", "担当課と調整"}}));
  ASSERT_EQ(created.status, 201u) << created.body;
  auto op = body_of(created);
  EXPECT_EQ(op.at("source").at("code"), "meeting");
  EXPECT_EQ(op.at("status").at("code"), "open");
  EXPECT_EQ(op.at("submitter"), "委員 甲");
  EXPECT_EQ(op.at("fiscal_year").at("year"), 2025);
  EXPECT_EQ(op.at("targets").at(0).at("kind"), "category");
  const std::string op_url = kRegion + "/opinions/" + std::to_string(op.at("id").as_int64());

  int refused = 0;
  op = transition(sec, op, "answered", 409u), ++refused;  // 未対応 → 回答済 skips a step
  op = transition(sec, op, "reflected", 409u), ++refused;
  // Another town's editor may not touch it; its own may take it up and answer.
  EXPECT_EQ(yubari.request("POST", op_url + "/transition", R"({"status":"considering"})").status,
            403u);
  EXPECT_EQ(yubari.request("PATCH", op_url, R"({"answer":"x"})", if_match(op)).status, 403u);
  op = transition(nanporo, op, "considering", 200u);
  EXPECT_EQ(op.at("status").at("label"), "検討中");
  auto no_answer = nanporo.request("POST", op_url + "/transition", R"({"status":"answered"})");
  EXPECT_EQ(no_answer.status, 422u);
  EXPECT_EQ(pointers(no_answer), (std::set<std::string>{"/answer"}));
  EXPECT_EQ(nanporo.request("PATCH", op_url, R"({"published":true})", if_match(op)).status, 403u);
  auto answered = nanporo.request(
      "PATCH", op_url, R"({"policy":"次期改訂で検討する","answer":"圏域共通の窓口を検討します"})",
      if_match(op));
  ASSERT_EQ(answered.status, 200u) << answered.body;
  op = body_of(answered);
  EXPECT_EQ(op.at("answered_by"), "town01423");
  EXPECT_EQ(op.at("internal_note"), "担当課と調整");  // the assigned town reads the notes
  // A stale version: 412, audited.
  EXPECT_EQ(sec.request("PATCH", op_url, R"({"policy":"x"})", {{"If-Match", "\"v1\""}}).status,
            412u);
  op = transition(nanporo, op, "answered", 200u);
  EXPECT_EQ(nanporo.request("POST", op_url + "/transition", R"({"status":"next_year"})").status,
            403u);  // the outcome is the secretariat's
  // next_statuses are the moves the caller may make: the secretariat every move of the state
  // machine, the assigned town's editors back to 検討中 only, everyone else none.
  using Moves = std::vector<std::string>;
  EXPECT_EQ(next_statuses(sec, op_url),
            (Moves{"considering", "reflected", "next_year", "not_reflected"}));
  EXPECT_EQ(next_statuses(nanporo, op_url), Moves{"considering"});
  EXPECT_EQ(op.at("next_statuses").as_array(), json::array{"considering"});  // in its reply too
  EXPECT_EQ(next_statuses(yubari, op_url), Moves{});
  EXPECT_EQ(next_statuses(council, op_url), Moves{});
  auto publish = sec.request("PATCH", op_url, R"({"published":true})", if_match(op));
  ASSERT_EQ(publish.status, 200u) << publish.body;
  op = body_of(publish);
  op = transition(sec, op, "next_year", 200u);
  EXPECT_EQ(op.at("status").at("label"), "次年度以降検討");

  // The public reads the published answer without the submitter or the notes.
  auto pub = visitor.get_json(kRegion + "/opinions?fy=2025").at("opinions").as_array();
  ASSERT_EQ(pub.size(), 1u);
  EXPECT_FALSE(pub[0].as_object().contains("submitter"));
  EXPECT_FALSE(pub[0].as_object().contains("internal_note"));
  EXPECT_FALSE(pub[0].as_object().contains("next_statuses"));
  EXPECT_EQ(next_statuses(visitor, op_url), Moves{"absent"});
  EXPECT_EQ(pub[0].at("answer"), "圏域共通の窓口を検討します");
  EXPECT_EQ(pub[0].at("status").at("code"), "next_year");

  op = transition(sec, op, "reflected", 409u), ++refused;  // 次年度以降検討 → 反映済: not directly
  op = transition(sec, op, "considering", 200u);
  EXPECT_FALSE(op.at("published").as_bool());  // taken back: no longer public
  EXPECT_TRUE(visitor.get_json(kRegion + "/opinions?fy=2025").at("opinions").as_array().empty());
  EXPECT_EQ(visitor.request("GET", op_url).status, 404u);
  op = transition(sec, op, "answered", 200u);
  auto no_reason = sec.request("POST", op_url + "/transition", R"({"status":"not_reflected"})");
  EXPECT_EQ(pointers(no_reason), (std::set<std::string>{"/reason"}));
  op = transition(sec, op, "not_reflected", 200u, "費用に見合わないため");
  EXPECT_EQ(op.at("reason"), "費用に見合わないため");
  op = transition(sec, op, "considering", 409u), ++refused;  // 反映しない is final

  // ---- a written opinion by a council member, walked to 反映済 ----
  EXPECT_EQ(council
                .request("POST", kRegion + "/opinions",
                         R"({"source":"public_comment","fiscal_year":2025,"round":2,
                             "kind":"other","targets":["vision"],"body":"x"})")
                .status,
            403u);
  EXPECT_EQ(council
                .request("POST", kRegion + "/opinions",
                         R"({"fiscal_year":2025,"round":2,"kind":"other","targets":["vision"],
                             "body":"x","assigned_to":"01423"})")
                .status,
            403u);
  EXPECT_EQ(
      nanporo
          .request(
              "POST", kRegion + "/opinions",
              R"({"fiscal_year":2025,"round":2,"kind":"other","targets":["vision"],"body":"x"})")
          .status,
      403u);
  const std::string day_before = japan_today();
  auto written =
      council.request("POST", kRegion + "/opinions",
                      R"({"fiscal_year":"R7","round":2,"kind":"evaluation","targets":["vision"],
          "body":"成果をわかりやすく公表してほしい"})");
  ASSERT_EQ(written.status, 201u) << written.body;
  auto w = body_of(written);
  // Received today (in Japan), the day it really came in, even though today lies outside
  // 令和7年度: kept, not refused.
  const std::string received(w.at("received_on").as_string());
  EXPECT_TRUE(received == day_before || received == japan_today()) << received;
  // A received date must be a real date, on creation and on correction.
  for (const char* bad_day : {"2025-02-30", "昨日", "2025/07/01"}) {
    auto r = sec.request("POST", kRegion + "/opinions",
                         json::serialize(json::object{{"source", "written"},
                                                      {"fiscal_year", 2025},
                                                      {"round", 2},
                                                      {"kind", "other"},
                                                      {"targets", json::array{"vision"}},
                                                      {"body", "x"},
                                                      {"received_on", bad_day}}));
    EXPECT_EQ(r.status, 422u) << bad_day << ": " << r.body;
    EXPECT_EQ(pointers(r), (std::set<std::string>{"/received_on"})) << bad_day;
  }
  auto bad_fix =
      sec.request("PATCH", kRegion + "/opinions/" + std::to_string(w.at("id").as_int64()),
                  R"({"received_on":"2025-02-30"})", if_match(w));
  EXPECT_EQ(bad_fix.status, 422u) << bad_fix.body;
  EXPECT_EQ(pointers(bad_fix), (std::set<std::string>{"/received_on"}));
  EXPECT_EQ(w.at("source").at("code"), "written");
  EXPECT_EQ(w.at("submitter"), "委員 甲");  // the register entry linked to the account
  EXPECT_EQ(w.at("submitter_member_id"), member_id);
  EXPECT_FALSE(w.contains("internal_note"));
  w = transition(sec, w, "considering", 200u);
  auto wa = sec.request("PATCH", kRegion + "/opinions/" + std::to_string(w.at("id").as_int64()),
                        R"({"answer":"ダッシュボードで公表します"})", if_match(w));
  ASSERT_EQ(wa.status, 200u) << wa.body;
  w = transition(sec, body_of(wa), "answered", 200u);
  w = transition(sec, w, "reflected", 200u);
  w = transition(sec, w, "answered", 409u), ++refused;  // 反映済 is final

  // ---- a public comment: its submitter only for the secretariat ----
  auto class_on_written = sec.request(
      "POST", kRegion + "/opinions",
      R"({"source":"written","fiscal_year":2025,"round":3,"kind":"other","targets":["vision"],
          "body":"x","comment_class":"reference"})");
  EXPECT_EQ(pointers(class_on_written), (std::set<std::string>{"/comment_class"}));
  auto pc = sec.request("POST", kRegion + "/opinions",
                        R"({"source":"public_comment","fiscal_year":2025,"round":3,
                            "kind":"proposal","targets":["vision"],"body":"公共交通を充実してほしい",
                            "submitter":"市民 丙","comment_class":"参考"})");
  ASSERT_EQ(pc.status, 201u) << pc.body;
  EXPECT_EQ(body_of(pc).at("submitter"), "市民 丙");
  EXPECT_EQ(body_of(pc).at("comment_class").at("code"), "reference");
  const auto round3 = council.get_json(kRegion + "/opinions?fy=2025&round=3");
  ASSERT_EQ(round3.at("opinions").as_array().size(), 1u);
  for (const auto& o : round3.at("opinions").as_array())
    EXPECT_FALSE(o.as_object().contains("submitter")) << json::serialize(o);
  EXPECT_EQ(sec.request("GET", kRegion + "/opinions?fy=2025&round=4").status, 400u);

  // Every refused transition is on record.
  EXPECT_EQ(static_cast<int>(
                audit_actions(sec, "record_type=opinion&limit=1000").count("transition-refused")),
            refused);
  const auto actions = audit_actions(sec, "record_type=opinion&limit=1000");
  EXPECT_EQ(actions.count("update-rejected"), 1u);  // the stale If-Match
  EXPECT_EQ(actions.count("transition"), 9u);
  EXPECT_EQ(actions.count("create"), 3u);

  // ---- the 意見対応表 ----
  auto csv = sec.request("GET", kRegion + "/opinions/table?fy=2025&format=csv");
  ASSERT_EQ(csv.status, 200u) << csv.body;
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.header("content-type").find("text/csv"), std::string::npos);
  EXPECT_EQ(csv.body.substr(3, csv.body.find("\r\n") - 3).substr(0, 8), "\"番号\"");
  EXPECT_NE(csv.body.find("市民 丙"), std::string::npos);  // the secretariat's table
  auto public_csv = visitor.request("GET", kRegion + "/opinions/table?fy=2025&format=csv");
  ASSERT_EQ(public_csv.status, 200u);
  EXPECT_EQ(public_csv.body.find("市民 丙"), std::string::npos);
  EXPECT_EQ(public_csv.body.find("成果をわかりやすく"), std::string::npos);  // not published
  auto table = sec.get_json(kRegion + "/opinions/table?fy=2025&round=2").as_object();
  EXPECT_EQ(table.at("rows").as_array().size(), 1u);
  EXPECT_FALSE(table.at("published_only").as_bool());
  EXPECT_EQ(sec.request("GET", kRegion + "/opinions/table?format=docx").status, 400u);

  // ---- minutes: approved, then published for everyone (without internal notes) ----
  EXPECT_EQ(hit_kinds(visitor, "移住相談").count("minutes_draft"), 0u);
  EXPECT_EQ(hit_kinds(sec, "移住相談").count("minutes_draft"), 1u);
  EXPECT_EQ(hit_kinds(sec, "移住相談").count("opinion"), 1u);
  meeting = sec.get_json(meeting_url).as_object();
  auto skip =
      sec.request("PATCH", meeting_url, R"({"minutes_status":"published"})", if_match(meeting));
  EXPECT_EQ(skip.status, 409u);
  auto approved =
      sec.request("PATCH", meeting_url, R"({"minutes_status":"approved"})", if_match(meeting));
  ASSERT_EQ(approved.status, 200u) << approved.body;
  EXPECT_EQ(
      sec.request("POST", meeting_url + "/remarks", R"({"speaker":"事務局","body":"追加"})").status,
      409u);  // approved minutes take no new remarks
  auto published = sec.request("PATCH", meeting_url, R"({"minutes_status":"published"})",
                               if_match(body_of(approved)));
  ASSERT_EQ(published.status, 200u) << published.body;
  EXPECT_EQ(body_of(published).at("status").at("code"), "minutes_published");
  public_meeting = visitor.get_json(meeting_url).as_object();
  ASSERT_EQ(public_meeting.at("remarks").as_array().size(), 1u);
  const auto& pr = public_meeting.at("remarks").at(0).as_object();
  EXPECT_FALSE(pr.contains("internal_note"));
  EXPECT_EQ(pr.at("speaker").at("name"), "会長");  // not a public member: shown by role
  const auto visitor_kinds = hit_kinds(visitor, "移住相談");
  EXPECT_EQ(visitor_kinds.count("minutes"), 1u);
  EXPECT_EQ(visitor_kinds.count("opinion"), 0u);

  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(CouncilApi, MeetingsOpinionsAndEveryStatus) {
  KyoseiServer server(users());
  council_flow(server);
}

// The same flow on PostgreSQL (KYOSEI_TEST_PG_URL; the test command starts a cluster).
TEST(CouncilApiPostgres, MeetingsOpinionsAndEveryStatus) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  council_flow(server);
}

// The search × role matrix for the council's texts (issue 12 item 7, ADR 0018 as amended):
// who finds a word that appears only in a meeting's title, an agenda item, a material, a
// subcommittee thread or post, or an opinion — before and after what makes it public.
std::map<std::string, std::vector<std::string>> matrix_users() {
  auto u = users();
  u["outsider"] = {};  // granted the secretariat of another region once it is loaded
  return u;
}

// The demo under another slug, with "outsider" as its secretariat.
void add_other_region(const KyoseiServer& server) {
  testing::load_demo_as(server, "other-sphere");
  auto grant = server.cli({"user", "role", "outsider", "--role", "other-sphere:secretariat"});
  ASSERT_EQ(grant.exit_code, 0) << grant.err;
}

void search_matrix(const KyoseiServer& server) {
  add_other_region(server);
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client council(server.port());
  ASSERT_EQ(council.sign_in("council"), 200u);
  Client town(server.port());
  ASSERT_EQ(town.sign_in("town01423"), 200u);
  Client outsider(server.port());
  ASSERT_EQ(outsider.sign_in("outsider"), 200u);
  Client visitor(server.port());
  // Who finds `q`, in the order visitor, outsider, town editor, council member, secretariat.
  auto who_finds = [&](const std::string& q) {
    std::string out;
    for (Client* c : {&visitor, &outsider, &town, &council, &sec})
      out += hit_kinds(*c, q).empty() ? '-' : 'Y';
    return out;
  };
  const std::string everyone = "YYYYY";
  const std::string members = "--YYY";

  // A 懇談会 with an agenda item, one public and one internal material.
  auto created = sec.request("POST", kRegion + "/meetings",
                             R"({"kind":"council","fiscal_year":2025,"number":1,
                                 "title":"霧笛の懇談会","held_on":"2025-07-15",
                                 "agenda":[{"title":"霧笛の議題","targets":["vision"]}]})");
  ASSERT_EQ(created.status, 201u) << created.body;
  auto meeting = body_of(created);
  const std::string meeting_url =
      kRegion + "/meetings/" + std::to_string(meeting.at("id").as_int64());
  const std::map<std::string, std::string> octet = {{"Content-Type", "application/octet-stream"}};
  // 霧笛の公開資料 (public) and 霧笛の内部資料 (not public), kind 資料.
  const std::string upload = meeting_url + "/materials?name=a.txt&kind=material&title=";
  auto open_material = sec.request(
      "POST",
      upload + "%E9%9C%A7%E7%AC%9B%E3%81%AE%E5%85%AC%E9%96%8B%E8%B3%87%E6%96%99&public=true",
      "資料\n", octet);
  ASSERT_EQ(open_material.status, 201u) << open_material.body;
  auto internal_material = sec.request(
      "POST", upload + "%E9%9C%A7%E7%AC%9B%E3%81%AE%E5%86%85%E9%83%A8%E8%B3%87%E6%96%99", "資料\n",
      octet);
  ASSERT_EQ(internal_material.status, 201u) << internal_material.body;
  EXPECT_EQ(hit_kinds(sec, "霧笛の懇談会"), (std::set<std::string>{"meeting"}));
  EXPECT_EQ(who_finds("霧笛の懇談会"), everyone);
  EXPECT_EQ(who_finds("霧笛の議題"), everyone);
  EXPECT_EQ(hit_kinds(sec, "霧笛の公開資料"), (std::set<std::string>{"material_internal"}));
  EXPECT_EQ(who_finds("霧笛の公開資料"), members);  // the minutes are not published yet
  EXPECT_EQ(who_finds("霧笛の内部資料"), members);

  // A thread and a post in the workspace of a field, by the town's editor.
  const auto categories = sec.get_json(kRegion + "/categories").at("items").as_array();
  ASSERT_FALSE(categories.empty());
  const auto& category = categories.at(0).as_object();
  auto thread =
      town.request("POST", kRegion + "/threads",
                   json::serialize(json::object{
                       {"field_id", category.at("field_id")},
                       {"target", "category:" + std::to_string(category.at("id").as_int64())},
                       {"title", "霧笛の話題"},
                       {"body", "霧笛の最初の投稿"}}));
  ASSERT_EQ(thread.status, 201u) << thread.body;
  auto post = sec.request(
      "POST",
      kRegion + "/threads/" + std::to_string(body_of(thread).at("id").as_int64()) + "/posts",
      R"({"body":"霧笛の返信"})");
  ASSERT_EQ(post.status, 201u) << post.body;
  EXPECT_EQ(hit_kinds(sec, "霧笛の話題"), (std::set<std::string>{"thread"}));
  EXPECT_EQ(hit_kinds(sec, "霧笛の返信"), (std::set<std::string>{"thread_post"}));
  for (const char* q : {"霧笛の話題", "霧笛の最初の投稿", "霧笛の返信"})
    EXPECT_EQ(who_finds(q), members) << q;

  // An opinion: members only until it is published, everyone's after.
  auto opinion = sec.request("POST", kRegion + "/opinions",
                             R"({"source":"written","fiscal_year":2025,"round":1,"kind":"other",
                                 "targets":["vision"],"body":"霧笛の夜間の体制について"})");
  ASSERT_EQ(opinion.status, 201u) << opinion.body;
  auto op = body_of(opinion);
  const std::string op_url = kRegion + "/opinions/" + std::to_string(op.at("id").as_int64());
  EXPECT_EQ(who_finds("霧笛の夜間"), members);
  op = transition(sec, op, "considering", 200u);
  auto answered = sec.request("PATCH", op_url, R"({"answer":"検討します"})", if_match(op));
  ASSERT_EQ(answered.status, 200u) << answered.body;
  op = transition(sec, body_of(answered), "answered", 200u);
  EXPECT_EQ(who_finds("霧笛の夜間"), members);  // answered, not yet published
  auto published = sec.request("PATCH", op_url, R"({"published":true})", if_match(op));
  ASSERT_EQ(published.status, 200u) << published.body;
  EXPECT_EQ(who_finds("霧笛の夜間"), everyone);
  EXPECT_EQ(hit_kinds(visitor, "霧笛の夜間"), (std::set<std::string>{"opinion_published"}));
  auto withdrawn =
      sec.request("PATCH", op_url, R"({"published":false})", if_match(body_of(published)));
  ASSERT_EQ(withdrawn.status, 200u) << withdrawn.body;
  EXPECT_EQ(who_finds("霧笛の夜間"), members);

  // The minutes published: the public material is everyone's; the internal one stays
  // members only. The meeting's title, renamed, is found under its new name only.
  auto held = sec.request("PATCH", meeting_url, R"({"status":"held","title":"霧笛の第一回"})",
                          if_match(meeting));
  ASSERT_EQ(held.status, 200u) << held.body;
  auto approved = sec.request("PATCH", meeting_url, R"({"minutes_status":"approved"})",
                              if_match(body_of(held)));
  ASSERT_EQ(approved.status, 200u) << approved.body;
  EXPECT_EQ(who_finds("霧笛の公開資料"), members);  // approved is not published
  auto minutes = sec.request("PATCH", meeting_url, R"({"minutes_status":"published"})",
                             if_match(body_of(approved)));
  ASSERT_EQ(minutes.status, 200u) << minutes.body;
  EXPECT_EQ(who_finds("霧笛の公開資料"), everyone);
  EXPECT_EQ(hit_kinds(visitor, "霧笛の公開資料"), (std::set<std::string>{"material"}));
  EXPECT_EQ(who_finds("霧笛の内部資料"), members);
  EXPECT_EQ(who_finds("霧笛の懇談会"), "-----");
  EXPECT_EQ(who_finds("霧笛の第一回"), everyone);
  // A deleted material is found by no one.
  EXPECT_EQ(sec.request("DELETE", meeting_url + "/materials/" +
                                      std::to_string(body_of(open_material).at("id").as_int64()))
                .status,
            204u);
  EXPECT_EQ(who_finds("霧笛の公開資料"), "-----");
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(CouncilApi, SearchRoleMatrixOverTheCouncilsTexts) {
  KyoseiServer server(matrix_users());
  search_matrix(server);
}

TEST(CouncilApiPostgres, SearchRoleMatrixOverTheCouncilsTexts) {
  KyoseiServer server(matrix_users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  search_matrix(server);
}

// `kyosei load --replace` writes new rows (new ids) for the whole plan; the targets of
// opinions and agenda items follow their plan items by key (ADR 0013): after replacing the
// region with the same dataset, every target names the same item under its new id.
void targets_survive_replace(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  auto id_of = [&](const std::string& list, std::size_t i) {
    const auto items = sec.get_json(kRegion + "/" + list).at("items").as_array();
    EXPECT_GT(items.size(), i) << list;
    return items.at(i).at("id").as_int64();
  };
  const json::array targets{"vision", json::string("field:" + std::to_string(id_of("fields", 1))),
                            json::string("category:" + std::to_string(id_of("categories", 2))),
                            json::string("action:" + std::to_string(id_of("actions", 3))),
                            json::string("kpi:" + std::to_string(id_of("kpis", 1)))};
  auto created = sec.request("POST", kRegion + "/opinions",
                             json::serialize(json::object{{"fiscal_year", 2025},
                                                          {"round", 1},
                                                          {"source", "written"},
                                                          {"kind", "proposal"},
                                                          {"targets", targets},
                                                          {"body", "置換後も対象を保つ"}}));
  ASSERT_EQ(created.status, 201u) << created.body;
  const auto before = body_of(created).at("targets").as_array();
  const std::string op_url =
      kRegion + "/opinions/" + std::to_string(body_of(created).at("id").as_int64());
  auto meeting = sec.request(
      "POST", kRegion + "/meetings",
      json::serialize(json::object{
          {"kind", "council"},
          {"fiscal_year", 2025},
          {"number", 1},
          {"held_on", "2025-07-15"},
          {"agenda", json::array{json::object{{"title", "議題"}, {"targets", targets}}}}}));
  ASSERT_EQ(meeting.status, 201u) << meeting.body;
  const std::string meeting_url =
      kRegion + "/meetings/" + std::to_string(body_of(meeting).at("id").as_int64());
  const auto agenda_before = body_of(meeting).at("agenda").at(0).at("targets").as_array();
  ASSERT_EQ(before.size(), 5u);
  for (const auto& t : before) ASSERT_FALSE(t.at("name").is_null()) << json::serialize(t);
  EXPECT_EQ(agenda_before, before);

  auto replaced = server.cli(
      {"load", "--replace", std::string(KYOSEI_SOURCE_DIR) + "/data/minami-sorachi.yaml"});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;

  const auto after = sec.get_json(op_url).at("targets").as_array();
  const auto agenda_after = sec.get_json(meeting_url).at("agenda").at(0).at("targets").as_array();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(after[i].at("kind"), before[i].at("kind"));
    EXPECT_EQ(after[i].at("name"), before[i].at("name")) << i;
    if (i > 0) {
      EXPECT_NE(after[i].at("id"), before[i].at("id")) << "the plan got new ids";
    }
  }
  // The re-pointed ids are the new items' ids.
  EXPECT_EQ(after[2].at("id").as_int64(), id_of("categories", 2));
  EXPECT_EQ(after[3].at("id").as_int64(), id_of("actions", 3));
  EXPECT_EQ(agenda_after, after);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

// Agenda items point at reports (issue 12 item 2): a data-collection round of the region and
// the council material of a year in the plan period; anything else is a 422 naming the
// target; opinions stay about plan items; the reports are left out of what the public reads.
void agenda_reports(const KyoseiServer& server) {
  ASSERT_EQ(server.cli({"demo-progress", "--region", "minami-sorachi", "--fy", "2025"}).exit_code,
            0);
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client council(server.port());
  ASSERT_EQ(council.sign_in("council"), 200u);
  Client visitor(server.port());
  const auto round = sec.get_json(kRegion + "/rounds").at("rounds").at(0).as_object();
  const std::string round_target = "round:" + std::to_string(round.at("id").as_int64());
  const json::array targets{json::string(round_target), "council-material:2025", "vision"};
  auto created = sec.request(
      "POST", kRegion + "/meetings",
      json::serialize(json::object{
          {"kind", "council"},
          {"fiscal_year", 2025},
          {"number", 4},
          {"held_on", "2025-11-20"},
          {"agenda", json::array{json::object{{"title", "報告"}, {"targets", targets}}}}}));
  ASSERT_EQ(created.status, 201u) << created.body;
  const auto agenda = body_of(created).at("agenda").at(0).at("targets").as_array();
  ASSERT_EQ(agenda.size(), 3u);
  EXPECT_EQ(agenda.at(0).at("kind"), "round");
  EXPECT_EQ(agenda.at(0).at("kind_label"), "データ収集");
  EXPECT_EQ(agenda.at(0).at("id"), round.at("id"));
  EXPECT_EQ(agenda.at(0).at("name"), round.at("title"));
  EXPECT_EQ(agenda.at(1).at("kind"), "council-material");
  EXPECT_EQ(agenda.at(1).at("id"), 2025);
  EXPECT_EQ(agenda.at(1).at("name"), "令和7年度 共生ビジョン懇談会 資料");
  const std::string url =
      kRegion + "/meetings/" + std::to_string(body_of(created).at("id").as_int64());
  EXPECT_EQ(council.get_json(url).at("agenda").at(0).at("targets").as_array().size(), 3u);
  // The public reads the plan items only: the reports are the region's business.
  const auto seen = visitor.get_json(url).at("agenda").at(0).at("targets").as_array();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen.at(0).at("kind"), "vision");

  // Reports that are not the region's, or not reports at all.
  auto bad = sec.request("POST", kRegion + "/meetings",
                         R"({"kind":"council","fiscal_year":2025,"number":5,
                             "held_on":"2025-12-01","agenda":[{"title":"報告",
                             "targets":["round:999999","council-material:1990",
                                        "report:council-material:2025","round:x"]}]})");
  ASSERT_EQ(bad.status, 422u) << bad.body;
  EXPECT_EQ(pointers(bad), (std::set<std::string>{"/agenda/0/targets/0", "/agenda/0/targets/1",
                                                  "/agenda/0/targets/2", "/agenda/0/targets/3"}));
  // An opinion is about plan items, not reports.
  auto opinion =
      sec.request("POST", kRegion + "/opinions",
                  json::serialize(json::object{{"fiscal_year", 2025},
                                               {"round", 1},
                                               {"source", "written"},
                                               {"kind", "proposal"},
                                               {"targets", json::array{"council-material:2025"}},
                                               {"body", "報告についての意見"}}));
  ASSERT_EQ(opinion.status, 422u) << opinion.body;
  EXPECT_EQ(pointers(opinion), (std::set<std::string>{"/targets/0"}));
  // Updating the agenda validates the same way.
  auto patched =
      sec.request("PATCH", url, R"({"agenda":[{"title":"報告","targets":["round:999999"]}]})",
                  if_match(body_of(created)));
  ASSERT_EQ(patched.status, 422u) << patched.body;
  EXPECT_EQ(pointers(patched), (std::set<std::string>{"/agenda/0/targets/0"}));
}

TEST(CouncilApi, AgendaPointsAtReports) {
  KyoseiServer server(users());
  agenda_reports(server);
}

TEST(CouncilApiPostgres, AgendaPointsAtReports) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  agenda_reports(server);
}

TEST(CouncilApi, TargetsSurviveReplace) {
  KyoseiServer server(users());
  targets_survive_replace(server);
}

TEST(CouncilApiPostgres, TargetsSurviveReplace) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  targets_survive_replace(server);
}

TEST(CouncilApi, SampleYearIsListedAndLabelled) {
  KyoseiServer server(users());
  auto r = server.cli({"demo-council", "--region", "minami-sorachi", "--fy", "2025"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("サンプル"), std::string::npos);
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  const auto opinions = sec.get_json(kRegion + "/opinions?fy=2025").at("opinions").as_array();
  // Idempotent: a second run writes nothing.
  auto again = server.cli({"demo-council", "--region", "minami-sorachi", "--fy", "2025"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(sec.get_json(kRegion + "/opinions?fy=2025").at("opinions").as_array().size(),
            opinions.size());

  ASSERT_GE(opinions.size(), 6u);
  std::set<std::string> statuses;
  std::set<long long> rounds;
  for (const auto& o : opinions) {
    statuses.insert(std::string(o.at("status").at("code").as_string()));
    rounds.insert(o.at("round").as_int64());
    EXPECT_EQ(o.at("sample_label"), "サンプル");
    EXPECT_FALSE(o.at("targets").as_array().empty());
    for (const auto& t : o.at("targets").as_array()) EXPECT_FALSE(t.at("name").is_null());
  }
  EXPECT_GE(statuses.size(), 3u);
  EXPECT_EQ(rounds, (std::set<long long>{1, 2, 3}));

  Client visitor(server.port());
  const auto meetings = visitor.get_json(kRegion + "/meetings?fy=2025").at("meetings").as_array();
  std::multiset<std::string> kinds;
  for (const auto& m : meetings) {
    kinds.insert(std::string(m.at("kind").at("code").as_string()));
    EXPECT_EQ(m.at("sample_label"), "サンプル");
    EXPECT_FALSE(m.as_object().contains("internal_note"));
  }
  EXPECT_GE(kinds.count("council"), 1u);
  EXPECT_GE(kinds.count("subcommittee"), 2u);
  const auto members = sec.get_json(kRegion + "/council/members").at("members").as_array();
  EXPECT_GE(members.size(), 8u);
  for (const auto& m : members) EXPECT_EQ(m.at("sample_label"), "サンプル");
  // The public reads the published answers only, never a submitter.
  const auto pub = visitor.get_json(kRegion + "/opinions?fy=2025").at("opinions").as_array();
  EXPECT_GE(pub.size(), 1u);
  EXPECT_LT(pub.size(), opinions.size());
  for (const auto& o : pub) {
    EXPECT_TRUE(o.at("published").as_bool());
    EXPECT_FALSE(o.as_object().contains("submitter"));
    EXPECT_FALSE(o.as_object().contains("internal_note"));
  }
  auto csv = visitor.request("GET", kRegion + "/opinions/table?fy=2025&format=csv");
  ASSERT_EQ(csv.status, 200u);
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.body.find("サンプル"), std::string::npos);
  EXPECT_EQ(csv.body.find("市民A"), std::string::npos);
}

}  // namespace
}  // namespace kyosei
