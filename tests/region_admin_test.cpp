// Issue 11 item 6, against the real server: the secretariat sets the region's KPI grading
// (評価区分) without the command line — who may read and write it, the checks naming each
// field, the grades and the dashboard following at once, the audit entry — and a system
// administrator creates a region (POST /api/v1/regions), which starts unpublished until
// the secretariat publishes it.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>
#include <string>

#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::Client;
using testing::KyoseiServer;

const testing::Users kUsers = {{"sec", {testing::kSecretariat}},
                               {"council", {testing::kCouncilMember}},
                               {"nanporo", {testing::kNanporoEditor}},
                               {"admin", {"admin"}}};
const std::string kRegion = "/api/v1/regions/minami-sorachi";
const std::string kGrading = kRegion + "/kpi-grading";
const std::string kBands =
    R"({"bands":[{"grade":"S","minimum_percent":"90"},{"grade":"A","minimum_percent":"60"}],)"
    R"("below":"B","method":"progress"})";

json::object kpi_named(const json::value& list, const std::string& prefix) {
  for (const auto& k : list.at("items").as_array()) {
    if (std::string(k.at("name").as_string()).rfind(prefix, 0) == 0) return k.as_object();
  }
  ADD_FAILURE() << "no KPI " << prefix;
  return {};
}

// The pointers of a 422 answer's field errors.
std::set<std::string> pointers(const testing::HttpResult& res) {
  std::set<std::string> out;
  const auto body = json::parse(res.body);
  if (const auto* errors = body.as_object().if_contains("errors")) {
    for (const auto& e : errors->as_array()) out.insert(std::string(e.at("pointer").as_string()));
  }
  return out;
}

void grading_is_set_by_the_secretariat(const std::string& engine) {
  KyoseiServer server(kUsers, {}, engine);
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  Client pub(server.port());
  Client sec(server.port());
  Client council(server.port());
  Client town(server.port());
  Client admin(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  ASSERT_EQ(council.sign_in("council"), 200u);
  ASSERT_EQ(town.sign_in("nanporo"), 200u);
  ASSERT_EQ(admin.sign_in("admin"), 200u);

  // Read: the region's members (and the administrator); signed out: 401.
  EXPECT_EQ(pub.request("GET", kGrading).status, 401u);
  for (Client* c : {&sec, &council, &town, &admin}) {
    auto res = c->request("GET", kGrading);
    ASSERT_EQ(res.status, 200u) << res.body;
  }
  auto first = sec.request("GET", kGrading);
  const auto g = json::parse(first.body);
  EXPECT_EQ(g.at("bands").as_array().size(), 3u);  // the defaults A≥100, B≥80, C≥50, else D
  EXPECT_EQ(g.at("bands").as_array()[1].at("grade"), "B");
  EXPECT_EQ(g.at("bands").as_array()[1].at("minimum_percent"), "80");
  EXPECT_EQ(g.at("below"), "D");
  EXPECT_EQ(g.at("method"), "progress");
  const std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());

  // Write: the secretariat and the administrator only.
  EXPECT_EQ(pub.request("PUT", kGrading, kBands, {{"If-Match", etag}}).status, 401u);
  EXPECT_EQ(town.request("PUT", kGrading, kBands, {{"If-Match", etag}}).status, 403u);
  EXPECT_EQ(council.request("PUT", kGrading, kBands, {{"If-Match", etag}}).status, 403u);

  // Checks, each at its field; nothing is written.
  EXPECT_EQ(sec.request("PUT", kGrading, kBands).status, 428u);
  const std::map<std::string, std::string> bad = {
      {R"({"bands":[{"grade":"A","minimum_percent":"50"},{"grade":"B","minimum_percent":"80"}],"below":"D","method":"progress"})",
       "/bands/1/minimum_percent"},
      {R"({"bands":[{"grade":"A","minimum_percent":"1000.5"}],"below":"D","method":"progress"})",
       "/bands/0/minimum_percent"},
      {R"({"bands":[{"grade":"A","minimum_percent":"-1"}],"below":"D","method":"progress"})",
       "/bands/0/minimum_percent"},
      {R"({"bands":[{"grade":"A","minimum_percent":"abc"}],"below":"D","method":"progress"})",
       "/bands/0/minimum_percent"},
      {R"({"bands":[{"grade":"A","minimum_percent":"90"},{"grade":"A","minimum_percent":"50"}],"below":"D","method":"progress"})",
       "/bands/1/grade"},
      {R"({"bands":[{"grade":"A","minimum_percent":"90"}],"below":"A","method":"progress"})",
       "/below"},
      {R"({"bands":[{"grade":"","minimum_percent":"90"}],"below":"D","method":"progress"})",
       "/bands/0/grade"},
      {R"({"bands":[],"below":"D","method":"progress"})", "/bands"},
      {R"({"bands":"A>=90","below":"D","method":"progress"})", "/bands"},
      {R"({"bands":[{"grade":"A","minimum_percent":"90"}],"below":"D","method":"both"})",
       "/method"},
      {R"({"bands":[{"grade":"A","minimum_percent":"90"}],"below":"D","method":"progress","x":1})",
       "/x"},
  };
  for (const auto& [body, pointer] : bad) {
    auto res = sec.request("PUT", kGrading, body, {{"If-Match", etag}});
    EXPECT_EQ(res.status, 422u) << body << " → " << res.body;
    EXPECT_TRUE(pointers(res).contains(pointer)) << body << " → " << res.body;
  }
  EXPECT_EQ(sec.request("GET", kGrading).header("etag"), etag);  // nothing was written

  // 合同防災訓練 R7: 83.3 % → B under the defaults.
  EXPECT_EQ(kpi_named(pub.get_json(kRegion + "/kpis?fy=2025"), "合同防災訓練")
                .at("achievement")
                .at("grade"),
            "B");
  const auto before = pub.get_json(kRegion + "/dashboard?fy=2025");
  EXPECT_TRUE(before.at("kpi_grades").as_object().contains("C"));

  auto ok = sec.request("PUT", kGrading, kBands, {{"If-Match", etag}});
  ASSERT_EQ(ok.status, 200u) << ok.body;
  EXPECT_NE(ok.header("etag"), etag);
  EXPECT_EQ(json::parse(ok.body).at("below"), "B");
  // A stale version is refused.
  EXPECT_EQ(sec.request("PUT", kGrading, kBands, {{"If-Match", etag}}).status, 412u);

  // The grades and the dashboard follow at once.
  auto list = pub.get_json(kRegion + "/kpis?fy=2025");
  EXPECT_EQ(list.at("grade_bands").at("bands").as_array()[0].at("grade"), "S");
  EXPECT_EQ(kpi_named(list, "合同防災訓練").at("achievement").at("grade"), "A");  // 83.3 ≥ 60
  const auto after = pub.get_json(kRegion + "/dashboard?fy=2025");
  const auto& counts = after.at("kpi_grades").as_object();
  EXPECT_TRUE(counts.contains("S"));
  EXPECT_FALSE(counts.contains("C"));
  EXPECT_FALSE(counts.contains("D"));
  std::int64_t total_before = 0;
  std::int64_t total_after = 0;
  for (const auto& [k, v] : before.at("kpi_grades").as_object()) total_before += v.as_int64();
  for (const auto& [k, v] : counts) total_after += v.as_int64();
  EXPECT_EQ(total_before, total_after);

  // The method alone can change too (with the region's version).
  auto ratio = admin.request(
      "PUT", kGrading,
      R"({"bands":[{"grade":"S","minimum_percent":"90"},{"grade":"A","minimum_percent":"60"}],"below":"B","method":"ratio"})",
      {{"If-Match", ok.header("etag")}});
  ASSERT_EQ(ratio.status, 200u) << ratio.body;
  EXPECT_EQ(kpi_named(pub.get_json(kRegion + "/kpis?fy=2025"), "合同防災訓練")
                .at("achievement")
                .at("graded_by"),
            "ratio");

  // Audited, with what was before and after.
  auto audit = sec.get_json(kRegion + "/audit?record_type=region&record_id=minami-sorachi");
  int seen = 0;
  for (const auto& e : audit.at("entries").as_array()) {
    if (e.at("action") != "grading") continue;
    const auto text = json::serialize(e);
    if (text.find("\\\"S\\\"") != std::string::npos || text.find("\"S\"") != std::string::npos)
      ++seen;
  }
  EXPECT_EQ(seen, 2) << json::serialize(audit);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(KpiGrading, SetByTheSecretariat) { grading_is_set_by_the_secretariat("sqlite"); }
TEST(KpiGradingPostgres, SetByTheSecretariat) { grading_is_set_by_the_secretariat("postgres"); }

const std::string kNewRegion =
    R"({"slug":"kita-sorachi","name":"北空知定住自立圏","kind":"settlement",)"
    R"("vision_title":"北空知定住自立圏共生ビジョン","plan_from":2026,"plan_to":2030,)"
    R"("declared_on":"2025-04-01","central":{"code":"01216","name":"深川市","kind":"city"}})";

void regions_are_created_by_the_administrator(const std::string& engine) {
  KyoseiServer server(kUsers, {}, engine);
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  Client pub(server.port());
  Client sec(server.port());
  Client council(server.port());
  Client town(server.port());
  Client admin(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  ASSERT_EQ(council.sign_in("council"), 200u);
  ASSERT_EQ(town.sign_in("nanporo"), 200u);
  ASSERT_EQ(admin.sign_in("admin"), 200u);

  EXPECT_EQ(pub.request("POST", "/api/v1/regions", kNewRegion).status, 401u);
  for (Client* c : {&sec, &council, &town})
    EXPECT_EQ(c->request("POST", "/api/v1/regions", kNewRegion).status, 403u);

  const std::map<std::string, std::string> bad = {
      {R"({"slug":"Kita Sorachi","name":"北","kind":"settlement","vision_title":"V","plan_from":2026,"plan_to":2030,"central":{"code":"01216","name":"深川市"}})",
       "/slug"},
      {R"({"slug":"k","name":"","kind":"settlement","vision_title":"V","plan_from":2026,"plan_to":2030,"central":{"code":"01216","name":"深川市"}})",
       "/name"},
      {R"({"slug":"k","name":"北","kind":"city","vision_title":"V","plan_from":2026,"plan_to":2030,"central":{"code":"01216","name":"深川市"}})",
       "/kind"},
      {R"({"slug":"k","name":"北","kind":"settlement","vision_title":"V","plan_from":2030,"plan_to":2026,"central":{"code":"01216","name":"深川市"}})",
       "/plan_to"},
      {R"({"slug":"k","name":"北","kind":"settlement","vision_title":"V","plan_from":"R8","plan_to":2030,"central":{"code":"01216","name":"深川市"}})",
       "/plan_from"},
      {R"({"slug":"k","name":"北","kind":"settlement","vision_title":"V","plan_from":2026,"plan_to":2030,"central":{"code":"012166","name":"深川市"}})",
       "/central/code"},
      {R"({"slug":"k","name":"北","kind":"settlement","vision_title":"V","plan_from":2026,"plan_to":2030})",
       "/central"},
      {R"({"slug":"k","name":"北","kind":"settlement","vision_title":"V","plan_from":2026,"plan_to":2030,"declared_on":"2025-02-30","central":{"code":"01216","name":"深川市"}})",
       "/declared_on"},
  };
  for (const auto& [body, pointer] : bad) {
    auto res = admin.request("POST", "/api/v1/regions", body);
    EXPECT_EQ(res.status, 422u) << body << " → " << res.body;
    EXPECT_TRUE(pointers(res).contains(pointer)) << body << " → " << res.body;
  }
  // A six-digit code whose check digit is wrong is said to be that (01216's is 5).
  auto check = admin.request(
      "POST", "/api/v1/regions",
      R"({"slug":"k","name":"北","kind":"settlement","vision_title":"V","plan_from":2026,)"
      R"("plan_to":2030,"central":{"code":"012166","name":"深川市"}})");
  ASSERT_EQ(check.status, 422u) << check.body;
  EXPECT_NE(check.body.find("検査数字"), std::string::npos) << check.body;
  EXPECT_EQ(
      admin
          .request(
              "POST", "/api/v1/regions",
              R"({"slug":"k","name":"北","kind":"settlement","vision_title":"V","plan_from":2026,)"
              R"("plan_to":2030,"central":{"code":"0121a","name":"深川市"}})")
          .body.find("検査数字"),
      std::string::npos);
  EXPECT_EQ(admin.request("GET", "/api/v1/regions/k").status, 404u);  // nothing written

  auto made = admin.request("POST", "/api/v1/regions", kNewRegion);
  ASSERT_EQ(made.status, 201u) << made.body;
  const auto record = json::parse(made.body);
  EXPECT_EQ(record.at("slug"), "kita-sorachi");
  EXPECT_EQ(record.at("published"), false);
  EXPECT_EQ(record.at("plan_from"), 2026);
  // The same slug again: 409; the demo region's slug too.
  EXPECT_EQ(admin.request("POST", "/api/v1/regions", kNewRegion).status, 409u);

  // Unpublished: signed out and other regions' members neither see nor list it.
  EXPECT_NE(pub.request("GET", "/api/v1/regions/kita-sorachi").status, 200u);
  EXPECT_NE(sec.request("GET", "/api/v1/regions/kita-sorachi").status, 200u);
  EXPECT_EQ(pub.get_json("/api/v1/regions").at("regions").as_array().size(), 1u);
  auto full = admin.get_json("/api/v1/regions/kita-sorachi");
  EXPECT_EQ(full.at("municipalities").as_array().size(), 1u);
  EXPECT_EQ(full.at("municipalities").as_array()[0].at("name"), "深川市");
  EXPECT_EQ(full.at("policy_areas").as_array().size(), 3u);
  EXPECT_EQ(admin.get_json("/api/v1/regions/kita-sorachi/kpi-grading").at("below"), "D");

  // The list gives the region row's version to those who may change the region (the
  // If-Match of publishing on /admin/regions), and to no one else.
  const auto version_in = [](const json::value& list, const std::string& slug) -> json::value {
    for (const auto& r : list.at("regions").as_array()) {
      if (r.at("slug").as_string() == slug) {
        const auto* v = r.as_object().if_contains("version");
        return v != nullptr ? *v : json::value(nullptr);
      }
    }
    return json::value("not listed");
  };
  const auto listed = admin.get_json("/api/v1/regions");
  ASSERT_TRUE(version_in(listed, "kita-sorachi").is_int64()) << json::serialize(listed);
  ASSERT_TRUE(version_in(listed, "minami-sorachi").is_int64()) << json::serialize(listed);
  EXPECT_EQ(version_in(sec.get_json("/api/v1/regions"), "kita-sorachi"), "not listed");
  EXPECT_TRUE(version_in(sec.get_json("/api/v1/regions"), "minami-sorachi").is_int64());
  for (Client* c : {&pub, &council, &town})
    EXPECT_TRUE(version_in(c->get_json("/api/v1/regions"), "minami-sorachi").is_null());
  const std::string seen =
      "\"v" + std::to_string(version_in(listed, "kita-sorachi").as_int64()) + "\"";

  // Someone else changes the region after the list was read: publishing with the version
  // the list gave is refused (412, saying so), nothing changes; with the new one it goes.
  auto other = admin.request("PATCH", "/api/v1/regions/kita-sorachi", R"({"name_en":"Kita"})",
                             {{"If-Match", seen}});
  ASSERT_EQ(other.status, 200u) << other.body;
  auto stale = admin.request("PATCH", "/api/v1/regions/kita-sorachi", R"({"published":true})",
                             {{"If-Match", seen}});
  ASSERT_EQ(stale.status, 412u) << stale.body;
  EXPECT_FALSE(std::string(json::parse(stale.body).at("detail").as_string()).empty());
  EXPECT_EQ(admin.get_json("/api/v1/regions/kita-sorachi/kpi-grading").at("below"), "D");
  EXPECT_NE(pub.request("GET", "/api/v1/regions/kita-sorachi").status, 200u);  // not published
  const auto now = version_in(admin.get_json("/api/v1/regions"), "kita-sorachi");
  ASSERT_TRUE(now.is_int64());
  EXPECT_GT(now.as_int64(), version_in(listed, "kita-sorachi").as_int64());
  EXPECT_EQ(other.header("etag"), "\"v" + std::to_string(now.as_int64()) + "\"");

  // Published by PATCH with the current version (the secretariat's control): then everyone
  // sees it.
  auto pub_on = admin.request("PATCH", "/api/v1/regions/kita-sorachi", R"({"published":true})",
                              {{"If-Match", other.header("etag")}});
  ASSERT_EQ(pub_on.status, 200u) << pub_on.body;
  EXPECT_EQ(pub.request("GET", "/api/v1/regions/kita-sorachi").status, 200u);
  EXPECT_EQ(pub.get_json("/api/v1/regions").at("regions").as_array().size(), 2u);

  auto audit = admin.get_json("/api/v1/regions/kita-sorachi/audit?record_type=region");
  bool created = false;
  for (const auto& e : audit.at("entries").as_array())
    created = created || e.at("action") == "create";
  EXPECT_TRUE(created) << json::serialize(audit);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(RegionAdmin, CreatedByTheAdministratorUnpublished) {
  regions_are_created_by_the_administrator("sqlite");
}
TEST(RegionAdminPostgres, CreatedByTheAdministratorUnpublished) {
  regions_are_created_by_the_administrator("postgres");
}

}  // namespace
}  // namespace kyosei
