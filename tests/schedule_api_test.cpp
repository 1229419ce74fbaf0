// The council's year as dated milestones (issue 12, item 6) through the API, on SQLite and
// PostgreSQL: the cycle template with its preview (nothing written) and its one-unit write
// (audited, a second run adds nothing), the owner town marking its milestone done (and
// nothing else), overdue marks for members only, what the public sees (the dates of public
// events, never a note or an owner), search within the privacy rules, removal, and the
// sample year of `kyosei demo-council`.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

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

std::string encoded(const std::string& q) {
  std::string out;
  for (unsigned char ch : q) {
    const char* hex = "0123456789ABCDEF";
    out += '%';
    out += hex[ch >> 4];
    out += hex[ch & 15];
  }
  return out;
}

std::set<std::string> hit_kinds(Client& c, const std::string& q) {
  std::set<std::string> out;
  const auto found = c.get_json(kRegion + "/search?q=" + encoded(q));
  for (const auto& h : found.at("hits").as_array())
    out.insert(std::string(h.at("kind").as_string()));
  return out;
}

std::multiset<std::string> audit_actions(Client& c, const std::string& query) {
  const auto audit = c.get_json(kRegion + "/audit?" + query);
  std::multiset<std::string> out;
  for (const auto& en : audit.at("entries").as_array())
    out.insert(std::string(en.at("action").as_string()));
  return out;
}

void schedule_flow(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client council(server.port());
  ASSERT_EQ(council.sign_in("council"), 200u);
  Client nanporo(server.port());
  ASSERT_EQ(nanporo.sign_in("town01423"), 200u);
  Client yubari(server.port());
  ASSERT_EQ(yubari.sign_in("town01209"), 200u);
  Client visitor(server.port());
  const std::string sched = kRegion + "/schedule";

  // ---- the cycle template: a preview writes nothing ----
  EXPECT_EQ(sec.get_json(sched + "?fy=2025").at("milestones").as_array().size(), 0u);
  auto preview =
      sec.request("POST", sched + "/from-template", R"({"fiscal_year":2025,"preview":true})");
  ASSERT_EQ(preview.status, 200u) << preview.body;
  const auto planned = body_of(preview).at("milestones").as_array();
  ASSERT_EQ(planned.size(), 14u);
  EXPECT_EQ(planned.front().at("planned_on"), "2025-07-15");
  EXPECT_EQ(planned.back().at("planned_on"), "2026-03-31");
  EXPECT_TRUE(planned.front().at("id").is_null());
  EXPECT_EQ(sec.get_json(sched + "?fy=2025").at("milestones").as_array().size(), 0u);
  EXPECT_EQ(nanporo.request("POST", sched + "/from-template", R"({"fiscal_year":2025})").status,
            403u);
  auto made = sec.request("POST", sched + "/from-template", R"({"fiscal_year":"R7"})");
  ASSERT_EQ(made.status, 201u) << made.body;
  EXPECT_EQ(body_of(made).at("milestones").as_array().size(), 14u);
  // A second run adds nothing (same kind and title), and says how many it left alone.
  auto again = sec.request("POST", sched + "/from-template", R"({"fiscal_year":2025})");
  ASSERT_EQ(again.status, 201u) << again.body;
  EXPECT_EQ(body_of(again).at("milestones").as_array().size(), 0u);
  EXPECT_EQ(body_of(again).at("skipped").as_int64(), 14);
  EXPECT_EQ(audit_actions(sec, "record_type=schedule").count("create-from-template"), 1u);

  // ---- members see everything, with overdue marks (FY2025 lies in the past) ----
  auto year = sec.get_json(sched + "?fy=2025").as_object();
  ASSERT_EQ(year.at("milestones").as_array().size(), 14u);
  EXPECT_EQ(year.at("overdue_count").as_int64(), 14);
  EXPECT_FALSE(year.at("public_only").as_bool());
  auto council_view = council.get_json(sched + "?fy=2025").as_object();
  EXPECT_EQ(council_view.at("milestones").as_array().size(), 14u);
  // The public: the dates of the 懇談会 and of the publication only; no notes, owners or marks.
  auto pub = visitor.get_json(sched + "?fy=2025").as_object();
  EXPECT_TRUE(pub.at("public_only").as_bool());
  EXPECT_TRUE(pub.at("overdue_count").is_null());
  std::set<std::string> public_kinds;
  for (const auto& m : pub.at("milestones").as_array()) {
    public_kinds.insert(std::string(m.at("kind").at("code").as_string()));
    EXPECT_FALSE(m.as_object().contains("note"));
    EXPECT_FALSE(m.as_object().contains("owner"));
    EXPECT_FALSE(m.as_object().contains("overdue"));
  }
  EXPECT_EQ(public_kinds, (std::set<std::string>{"council", "publication"}));
  EXPECT_EQ(pub.at("milestones").as_array().size(), 4u);  // 3 懇談会 + 公表

  // ---- one milestone owned by a town: the town marks it done, nothing else ----
  auto bad = sec.request("POST", sched,
                         R"({"fiscal_year":2025,"kind":"meeting","title":"",
                             "planned_on":"2026-04-01","owner":"99999"})");
  ASSERT_EQ(bad.status, 422u) << bad.body;
  std::set<std::string> pointers;
  const auto held1 = body_of(bad);
  for (const auto& e : held1.at("errors").as_array())
    pointers.insert(std::string(e.at("pointer").as_string()));
  EXPECT_EQ(pointers, (std::set<std::string>{"/kind", "/title", "/planned_on", "/owner"}));
  auto created = sec.request("POST", sched,
                             R"({"fiscal_year":2025,"kind":"inquiry_deadline",
                                 "title":"南幌町の照会回答（移住定住）","planned_on":"2025-08-01",
                                 "owner":"01423","note":"担当課に電話で確認済み"})");
  ASSERT_EQ(created.status, 201u) << created.body;
  auto ms = body_of(created);
  const std::string one = sched + "/" + std::to_string(ms.at("id").as_int64());
  EXPECT_TRUE(ms.at("overdue").as_bool());
  EXPECT_EQ(ms.at("owner").at("code"), "01423");
  EXPECT_EQ(yubari.request("PATCH", one, R"({"done_on":"2025-07-30"})", if_match(ms)).status,
            403u);  // not their town
  EXPECT_EQ(nanporo.request("PATCH", one, R"({"planned_on":"2025-09-01"})", if_match(ms)).status,
            403u);  // only the secretariat moves the date
  EXPECT_EQ(nanporo.request("PATCH", one, R"({"done_on":"2025-07-30"})").status, 428u);
  auto done = nanporo.request("PATCH", one, R"({"done_on":"2025-07-30"})", if_match(ms));
  ASSERT_EQ(done.status, 200u) << done.body;
  EXPECT_FALSE(body_of(done).at("overdue").as_bool());
  EXPECT_EQ(sec.get_json(sched + "?fy=2025").at("overdue_count").as_int64(), 14);
  EXPECT_EQ(sec.request("PATCH", one, R"({"title":"x"})", if_match(ms)).status, 412u);
  EXPECT_EQ(council.request("PATCH", one, R"({"note":"x"})", if_match(body_of(done))).status, 403u);
  EXPECT_EQ(visitor.request("PATCH", one, R"({"note":"x"})").status, 401u);

  // ---- search: internal milestones for members only; notes are never indexed ----
  EXPECT_EQ(hit_kinds(sec, "照会回答").count("milestone_internal"), 1u);
  EXPECT_EQ(hit_kinds(visitor, "照会回答").count("milestone_internal"), 0u);
  EXPECT_EQ(hit_kinds(visitor, "共生ビジョン懇談会").count("milestone"), 1u);
  EXPECT_TRUE(hit_kinds(sec, "電話で確認").empty());

  // ---- removal: gone from the list and the search, kept in the audit trail ----
  EXPECT_EQ(sec.request("DELETE", one).status, 428u);
  auto gone = sec.request("DELETE", one, {}, if_match(body_of(done)));
  ASSERT_EQ(gone.status, 204u) << gone.body;
  EXPECT_EQ(sec.get_json(sched + "?fy=2025").at("milestones").as_array().size(), 14u);
  EXPECT_EQ(hit_kinds(sec, "照会回答").count("milestone_internal"), 0u);
  EXPECT_EQ(sec.request("PATCH", one, R"({"note":"x"})", if_match(body_of(done))).status, 404u);
  const auto actions = audit_actions(sec, "record_type=milestone");
  EXPECT_EQ(actions.count("create"), 1u);
  EXPECT_EQ(actions.count("update"), 1u);
  EXPECT_EQ(actions.count("delete"), 1u);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(ScheduleApi, TemplateOwnersOverdueAndPrivacy) {
  KyoseiServer server(users());
  schedule_flow(server);
}

TEST(ScheduleApiPostgres, TemplateOwnersOverdueAndPrivacy) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  schedule_flow(server);
}

// `kyosei demo-council` writes the R7 year's schedule from the cycle template, marked サンプル,
// its 懇談会 linked to the sample meetings, the publication still open (overdue for members).
TEST(ScheduleApi, SampleYearHasTheCycle) {
  KyoseiServer server(users());
  auto r = server.cli({"demo-council", "--region", "minami-sorachi", "--fy", "2025"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  const auto year = sec.get_json(kRegion + "/schedule?fy=2025").as_object();
  const auto& ms = year.at("milestones").as_array();
  ASSERT_EQ(ms.size(), 14u);
  std::set<std::string> kinds;
  int linked = 0;
  for (const auto& m : ms) {
    kinds.insert(std::string(m.at("kind").at("code").as_string()));
    EXPECT_EQ(m.at("sample_label"), "サンプル");
    if (!m.at("meeting_id").is_null()) ++linked;
  }
  EXPECT_EQ(kinds.size(), 7u);
  EXPECT_EQ(linked, 3);  // the three sample 懇談会
  EXPECT_EQ(year.at("overdue_count").as_int64(), 1);
  // Idempotent: a second run writes no second schedule.
  ASSERT_EQ(server.cli({"demo-council", "--region", "minami-sorachi", "--fy", "2025"}).exit_code,
            0);
  EXPECT_EQ(sec.get_json(kRegion + "/schedule?fy=2025").at("milestones").as_array().size(), 14u);
  // The public: the 懇談会 dates (as held) and the publication.
  Client visitor(server.port());
  const auto pub = visitor.get_json(kRegion + "/schedule?fy=2025").at("milestones").as_array();
  ASSERT_EQ(pub.size(), 4u);
  EXPECT_EQ(pub.front().at("planned_on"), "2025-07-15");
}

}  // namespace
}  // namespace kyosei
