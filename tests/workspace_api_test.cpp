// The subcommittee workspace through the API (issue 12 item 5; ADR 0014), on SQLite and
// PostgreSQL: threads on a category or an action of a field with posts by subcommittee
// members and town editors (never council members, never a subcommittee member of another
// field), each town's viewpoint scores ❶–➏ with the totals (a town scores only for itself, a
// subcommittee member of the field for any town), the "propose for the next revision" mark
// as the revisions feature lists it, members-only reads, no search hits, every write audited.

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
          {"sub12", {"minami-sorachi:subcommittee_member:1,2"}},
          {"town01423", {"minami-sorachi:municipality_editor:01423"}},
          {"town01210", {"minami-sorachi:municipality_editor:01210"}}};
}

json::object body_of(const testing::HttpResult& r) { return json::parse(r.body).as_object(); }

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

void workspace_flow(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client council(server.port());
  ASSERT_EQ(council.sign_in("council"), 200u);
  Client sub(server.port());
  ASSERT_EQ(sub.sign_in("sub12"), 200u);
  Client nanporo(server.port());
  ASSERT_EQ(nanporo.sign_in("town01423"), 200u);
  Client iwamizawa(server.port());
  ASSERT_EQ(iwamizawa.sign_in("town01210"), 200u);
  Client visitor(server.port());

  // A category of field 1 (the subcommittee member's) and one of a field they do not hold.
  long long mine = 0;
  long long other = 0;
  long long other_field = 0;
  const auto held1 = sec.get_json(kRegion + "/categories");
  for (const auto& c : held1.at("items").as_array()) {
    const long long f = c.at("field_id").as_int64();
    if (f == 1 && mine == 0) mine = c.at("id").as_int64();
    if (f > 2 && other == 0) {
      other = c.at("id").as_int64();
      other_field = f;
    }
  }
  ASSERT_NE(mine, 0);
  ASSERT_NE(other, 0);
  const std::string cat = "category:" + std::to_string(mine);

  // ---- threads and posts ----
  auto bad =
      sub.request("POST", kRegion + "/threads",
                  json::serialize(json::object{{"field_id", 1},
                                               {"target", "category:" + std::to_string(other)},
                                               {"title", "x"},
                                               {"body", "x"}}));
  ASSERT_EQ(bad.status, 422u) << bad.body;  // the target is not in field 1
  EXPECT_NE(bad.body.find("/target"), std::string::npos);
  EXPECT_EQ(council
                .request("POST", kRegion + "/threads",
                         json::serialize(json::object{
                             {"field_id", 1}, {"target", cat}, {"title", "x"}, {"body", "x"}}))
                .status,
            403u);
  EXPECT_EQ(
      sub.request("POST", kRegion + "/threads",
                  json::serialize(json::object{{"field_id", other_field},
                                               {"target", "category:" + std::to_string(other)},
                                               {"title", "x"},
                                               {"body", "x"}}))
          .status,
      403u);  // not their field
  auto thread =
      sub.request("POST", kRegion + "/threads",
                  json::serialize(json::object{
                      {"field_id", 1},
                      {"target", cat},
                      {"title", "次年度の候補として整理"},
                      {"body", "各町の取組状況を持ち寄り、共同実施の可能性を検討したい。"}}));
  ASSERT_EQ(thread.status, 201u) << thread.body;
  const auto t = body_of(thread);
  const std::string posts =
      kRegion + "/threads/" + std::to_string(t.at("id").as_int64()) + "/posts";
  EXPECT_EQ(t.at("target").at("kind"), "category");
  auto reply =
      nanporo.request("POST", posts, R"({"body":"南幌町は令和8年度から参加できる見込みです。"})");
  ASSERT_EQ(reply.status, 201u) << reply.body;
  const auto replies = body_of(reply).at("posts").as_array();
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies.at(1).at("author_town").at("code"), "01423");
  EXPECT_EQ(council.request("POST", posts, R"({"body":"x"})").status, 403u);
  EXPECT_EQ(sub.request("POST", posts, R"({"body":""})").status, 422u);

  // ---- assessments: a town scores for itself; the field's subcommittee for any town ----
  const std::string assess = kRegion + "/categories/" + std::to_string(mine) + "/assessment";
  auto scores = [](const std::string& town, std::initializer_list<int> s) {
    json::array a;
    int v = 1;
    for (int x : s) a.push_back(json::object{{"viewpoint", v++}, {"score", x}, {"note", "根拠"}});
    return json::serialize(
        json::object{{"fiscal_year", 2025}, {"municipality", town}, {"scores", a}});
  };
  EXPECT_EQ(nanporo.request("PUT", assess, scores("01210", {1, 1, 1, 1, 1, 1})).status, 403u);
  auto bad_scores = nanporo.request(
      "PUT", assess,
      R"({"fiscal_year":2025,"municipality":"01423","scores":[{"viewpoint":7,"score":4},{"viewpoint":1,"score":1},{"viewpoint":1,"score":2}]})");
  ASSERT_EQ(bad_scores.status, 422u) << bad_scores.body;
  std::set<std::string> pointers;
  const auto held2 = body_of(bad_scores);
  for (const auto& e : held2.at("errors").as_array())
    pointers.insert(std::string(e.at("pointer").as_string()));
  EXPECT_EQ(pointers, (std::set<std::string>{"/scores/0/viewpoint", "/scores/0/score",
                                             "/scores/2/viewpoint"}));
  ASSERT_EQ(nanporo.request("PUT", assess, scores("01423", {3, 2, 3, 1, 2, 0})).status, 200u);
  auto by_sub = sub.request("PUT", assess, scores("01210", {2, 0, 3, 3, 1, 1}));
  ASSERT_EQ(by_sub.status, 200u) << by_sub.body;
  const auto a = body_of(by_sub).at("assessment").as_object();
  EXPECT_EQ(a.at("towns").as_array().size(), 2u);
  EXPECT_EQ(json::serialize(a.at("totals")), "[5,2,6,4,3,1]");
  EXPECT_EQ(a.at("total").as_int64(), 21);
  EXPECT_EQ(council.request("PUT", assess, scores("01423", {0, 0, 0, 0, 0, 0})).status, 403u);
  // A town re-scores: its row is replaced, not added.
  ASSERT_EQ(nanporo.request("PUT", assess, scores("01423", {3, 3, 3, 3, 3, 3})).status, 200u);

  // ---- the proposal mark: the secretariat or the field's subcommittee, not a town ----
  const std::string proposal = kRegion + "/categories/" + std::to_string(mine) + "/proposal";
  EXPECT_EQ(nanporo.request("PUT", proposal, R"({"fiscal_year":2025,"proposed":true})").status,
            403u);
  EXPECT_EQ(sub.request("PUT", proposal, R"({"fiscal_year":2025})").status, 422u);
  auto marked = sub.request(
      "PUT", proposal, R"({"fiscal_year":2025,"proposed":true,"reason":"4町が共同実施に前向き"})");
  ASSERT_EQ(marked.status, 200u) << marked.body;
  EXPECT_EQ(body_of(marked).at("proposal").at("marked_by"), "sub12");

  // ---- the workspace as members read it; nothing for the public, nothing in search ----
  const std::string ws = kRegion + "/fields/1/workspace?fy=2025";
  const auto w = council.get_json(ws).as_object();
  EXPECT_FALSE(w.at("can_write").as_bool());
  ASSERT_EQ(w.at("threads").as_array().size(), 1u);
  bool found = false;
  for (const auto& c : w.at("categories").as_array()) {
    if (c.at("id").as_int64() != mine) continue;
    found = true;
    EXPECT_EQ(c.at("assessment").at("total").as_int64(), 28);  // 18 + 10
    EXPECT_EQ(c.at("proposal").at("reason"), "4町が共同実施に前向き");
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(sub.get_json(ws).at("can_mark").as_bool());
  EXPECT_EQ(nanporo.get_json(ws).at("assess_towns").as_array().size(), 1u);
  EXPECT_EQ(visitor.request("GET", ws).status, 401u);
  // The workspace's texts are searchable within the privacy rules (ADR 0018 as amended):
  // the region's members find the thread, a visitor does not.
  const std::string query = kRegion + "/search?q=" + encoded("共同実施の可能性");
  EXPECT_FALSE(sec.get_json(query).at("hits").as_array().empty());
  EXPECT_TRUE(visitor.get_json(query).at("hits").as_array().empty());

  // Unmarking removes it from the revisions' list (the CLI operator reads it too).
  ASSERT_EQ(sub.request("PUT", proposal, R"({"fiscal_year":2025,"proposed":false})").status, 200u);
  const auto again = council.get_json(ws).as_object();
  for (const auto& c : again.at("categories").as_array()) {
    if (c.at("id").as_int64() == mine) {
      EXPECT_TRUE(c.at("proposal").is_null());
    }
  }

  const auto audit = sec.get_json(kRegion + "/audit?limit=100");
  std::multiset<std::string> kinds;
  for (const auto& e : audit.at("entries").as_array())
    kinds.insert(std::string(e.at("record_type").as_string()) + ":" +
                 std::string(e.at("action").as_string()));
  EXPECT_EQ(kinds.count("thread:create"), 1u);
  EXPECT_EQ(kinds.count("thread-post:create"), 1u);
  EXPECT_EQ(kinds.count("assessment:update"), 3u);
  EXPECT_EQ(kinds.count("category:propose"), 1u);
  EXPECT_EQ(kinds.count("category:unpropose"), 1u);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

// `kyosei demo-council` writes the 部会's assessments of the four categories the deck starts
// from R8, every town scored, notes and the proposal marked サンプル.
// The four candidates' sample assessments and proposals, read through the field workspaces.
void expect_sample_assessments(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  const std::set<std::string> four = {"学校教育", "障がい者福祉", "環境・衛生", "道路インフラ"};
  std::set<std::string> seen;
  const auto held3 = sec.get_json(kRegion + "/categories");
  for (const auto& c : held3.at("items").as_array()) {
    const std::string name(c.at("name").as_string());
    if (!four.contains(name)) continue;
    const auto ws = sec.get_json(
        kRegion + "/fields/" + std::to_string(c.at("field_id").as_int64()) + "/workspace?fy=2025");
    for (const auto& wc : ws.at("categories").as_array()) {
      if (wc.at("id").as_int64() != c.at("id").as_int64()) continue;
      seen.insert(name);
      const auto& towns = wc.at("assessment").at("towns").as_array();
      EXPECT_EQ(towns.size(), 9u) << name;
      for (const auto& t : towns) {
        EXPECT_EQ(t.at("scores").as_array().size(), 6u);
        EXPECT_NE(std::string(t.at("scores").at(0).at("note").as_string()).find("サンプル"),
                  std::string::npos);
      }
      EXPECT_GT(wc.at("assessment").at("total").as_int64(), 0);
      ASSERT_FALSE(wc.at("proposal").is_null()) << name;
      EXPECT_NE(std::string(wc.at("proposal").at("reason").as_string()).find("サンプル"),
                std::string::npos);
    }
  }
  EXPECT_EQ(seen, four);
}

TEST(WorkspaceApi, SampleAssessmentsOfTheFourCandidates) {
  KyoseiServer server(users());
  auto r = server.cli({"demo-council", "--region", "minami-sorachi", "--fy", "2025"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_sample_assessments(server);
}

// A replace (and so a publication, which replaces through the same path) recreates the
// plan's rows: the workspace, the schedule and the notices move with the region, re-pointed
// to the new category and field ids, instead of being dropped with the old region row.
void workspace_survives_replace(const KyoseiServer& server) {
  auto r = server.cli({"demo-council", "--region", "minami-sorachi", "--fy", "2025"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  const auto before = sec.get_json(kRegion + "/schedule?fy=2025").at("milestones").as_array();
  ASSERT_FALSE(before.empty());
  auto replaced = server.cli(
      {"load", "--replace", std::string(KYOSEI_SOURCE_DIR) + "/data/minami-sorachi.yaml"});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  const auto after = sec.get_json(kRegion + "/schedule?fy=2025").at("milestones").as_array();
  EXPECT_EQ(after.size(), before.size());
  expect_sample_assessments(server);
}

TEST(WorkspaceApi, WorkspaceAndScheduleSurviveReplace) {
  KyoseiServer server(users());
  workspace_survives_replace(server);
}

TEST(WorkspaceApiPostgres, WorkspaceAndScheduleSurviveReplace) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  workspace_survives_replace(server);
}

TEST(WorkspaceApi, ThreadsAssessmentsAndProposals) {
  KyoseiServer server(users());
  workspace_flow(server);
}

TEST(WorkspaceApiPostgres, ThreadsAssessmentsAndProposals) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  workspace_flow(server);
}

}  // namespace
}  // namespace kyosei
