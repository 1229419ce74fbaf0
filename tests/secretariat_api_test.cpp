// Issue 11, against the real server on SQLite and PostgreSQL: 今後の方向性 of the KPI 進捗表
// (per KPI, the next-year directions of the year's evaluations of its category's actions — for
// the region's members only — checked against the progress list), and the audit trail in
// human words (who by name, which record by its name, year and town; kinds to filter by).

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <string>

#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::Client;
using testing::KyoseiServer;

const testing::Users kUsers = {{"sec", {testing::kSecretariat}},
                               {"council", {testing::kCouncilMember}},
                               {"nanporo", {testing::kNanporoEditor}}};
const std::string kRegion = "/api/v1/regions/minami-sorachi";

void directions_follow_the_evaluations(const std::string& engine) {
  KyoseiServer server(kUsers, {}, engine);
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  auto demo = server.cli({"demo-progress", "--region", "minami-sorachi", "--fy", "2025"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  Client council(server.port());
  ASSERT_EQ(council.sign_in("council"), 200u);

  // Expected: per category, the count of each next direction among its evaluated actions.
  std::map<long long, std::map<std::string, long long>> expected;
  std::map<long long, long long> actions;
  const auto progress = council.get_json(kRegion + "/progress?fy=2025");
  for (const auto& item : progress.at("items").as_array()) {
    const long long category = item.at("category_id").as_int64();
    ++actions[category];
    const auto& e = item.at("evaluation");
    if (e.is_null()) continue;
    ++expected[category][std::string(e.at("next_direction").at("code").as_string())];
  }
  std::map<long long, long long> category_of;
  const auto list = Client(server.port()).get_json(kRegion + "/kpis?fy=2025");
  for (const auto& k : list.at("items").as_array())
    category_of[k.at("id").as_int64()] = k.at("category_id").as_int64();

  const auto got = council.get_json(kRegion + "/kpis/directions?fy=2025");
  EXPECT_EQ(got.at("fiscal_year"), 2025);
  ASSERT_EQ(got.at("items").as_array().size(), category_of.size());
  long long with_direction = 0;
  for (const auto& d : got.at("items").as_array()) {
    const long long category = category_of.at(d.at("kpi_id").as_int64());
    std::map<std::string, long long> counts;
    long long evaluated = 0;
    for (const auto& c : d.at("directions").as_array()) {
      counts[std::string(c.at("code").as_string())] = c.at("actions").as_int64();
      evaluated += c.at("actions").as_int64();
    }
    EXPECT_EQ(counts, expected[category]) << d;
    EXPECT_EQ(d.at("evaluated").as_int64(), evaluated);
    EXPECT_EQ(d.at("actions").as_int64(), actions[category]);
    if (!counts.empty()) ++with_direction;
  }
  EXPECT_GT(with_direction, 0) << "the demo evaluates some actions of a KPI's category";

  // Members only; a year that is none is 400.
  EXPECT_EQ(Client(server.port()).request("GET", kRegion + "/kpis/directions?fy=2025").status,
            401u);
  EXPECT_EQ(council.request("GET", kRegion + "/kpis/directions?fy=R7x").status, 400u);
}

TEST(KpiDirections, FollowTheEvaluationsForMembersOnly) {
  directions_follow_the_evaluations("sqlite");
}
TEST(KpiDirectionsPostgres, FollowTheEvaluationsForMembersOnly) {
  directions_follow_the_evaluations("postgres");
}

void audit_in_human_words(const std::string& engine) {
  KyoseiServer server(kUsers, {}, engine);
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  Client town(server.port());
  ASSERT_EQ(town.sign_in("nanporo"), 200u);
  long long drill = 0;
  std::string drill_name;
  const auto list = town.get_json(kRegion + "/kpis?fy=2026");
  for (const auto& k : list.at("items").as_array()) {
    const std::string name(k.at("name").as_string());
    if (name.rfind("合同防災訓練", 0) == 0) {
      drill = k.at("id").as_int64();
      drill_name = name;
    }
  }
  ASSERT_GT(drill, 0);
  auto put = town.request("PUT", kRegion + "/kpis/" + std::to_string(drill) + "/actuals/2026/01423",
                          R"({"value":"7"})");
  ASSERT_EQ(put.status, 200u) << put.body;
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  const std::string sec_name(sec.get_json("/api/v1/me").at("user").at("display_name").as_string());
  auto moved = sec.request(
      "POST", kRegion + "/users",
      R"({"login":"suzuki","display_name":"鈴木 次郎","grants":[{"role":"council_member"}]})");
  ASSERT_EQ(moved.status, 201u) << moved.body;

  // 成果指標: the KPI's actual by the KPI's name, year and town, by the editor's name.
  const auto kpi = sec.get_json(kRegion + "/audit?kind=kpi");
  ASSERT_FALSE(kpi.at("entries").as_array().empty());
  bool found = false;
  for (const auto& e : kpi.at("entries").as_array()) {
    EXPECT_EQ(e.at("kind"), "kpi") << e;
    const std::string type(e.at("record_type").as_string());
    EXPECT_TRUE(type == "kpi" || type == "kpi_actual") << type;
    if (type == "kpi_actual" && e.at("record_name").as_string() == drill_name) {
      found = true;
      EXPECT_EQ(e.at("record_fiscal_year"), 2026);
      EXPECT_EQ(e.at("record_town"), "南幌町");
      EXPECT_EQ(e.at("actor_kind"), "user");
      EXPECT_FALSE(e.at("actor_name").as_string().empty());
    }
  }
  EXPECT_TRUE(found) << kpi;
  // 利用者: the new user by name, added by the secretariat by name.
  const auto users = sec.get_json(kRegion + "/audit?kind=user");
  ASSERT_FALSE(users.at("entries").as_array().empty());
  const auto& added = users.at("entries").at(0);
  EXPECT_EQ(added.at("record_name"), "鈴木 次郎");
  EXPECT_EQ(std::string(added.at("actor_name").as_string()), sec_name);
  // A kind that is not in the list is 400 naming the parameter.
  auto bad = sec.request("GET", kRegion + "/audit?kind=%E6%88%90%E6%9E%9C%E6%8C%87%E6%A8%99");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_NE(bad.body.find("kind"), std::string::npos);
}

// Search finds the region's towns by name, with the index's normalisation (全角/半角 alike).
TEST(Search, FindsTownsByName) {
  KyoseiServer server(kUsers);
  Client anyone(server.port());
  // 南幌町
  const auto one = anyone.get_json(kRegion + "/search?q=%E5%8D%97%E5%B9%8C%E7%94%BA");
  ASSERT_EQ(one.at("municipalities").as_array().size(), 1u) << one;
  EXPECT_EQ(one.at("municipalities").at(0).at("code"), "01423");
  EXPECT_EQ(one.at("municipalities").at(0).at("name"), "南幌町");
  // 町: every town whose name has it, in the region's order; 市 likewise.
  const auto towns = anyone.get_json(kRegion + "/search?q=%E7%94%BA").at("municipalities");
  EXPECT_GE(towns.as_array().size(), 2u);
  for (const auto& m : towns.as_array())
    EXPECT_NE(std::string(m.at("name").as_string()).find("町"), std::string::npos) << m;
  // A text that names no town finds none.
  EXPECT_TRUE(anyone.get_json(kRegion + "/search?q=%E9%98%B2%E7%81%BD")
                  .at("municipalities")
                  .as_array()
                  .empty());
}

TEST(Audit, InHumanWords) { audit_in_human_words("sqlite"); }
TEST(AuditPostgres, InHumanWords) { audit_in_human_words("postgres"); }

}  // namespace
}  // namespace kyosei
