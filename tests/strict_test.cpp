// Issue 10, findings 7–10, against the real server on both engines: what public reads
// show, unpublished regions answering as if absent, refused writes on record, strict
// paths and query strings, NFC texts, names without format controls, list limits and
// counts that cannot be negative.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::Client;
using testing::KyoseiServer;

const std::string kRegion = "/api/v1/regions/minami-sorachi";

// Logins that appear nowhere in the demo plan's texts.
const testing::Users kUsers = {{"kanri-tanto", {testing::kSecretariat}},
                               {"machi-tanto", {testing::kNanporoEditor}},
                               {"iin-tanto", {testing::kCouncilMember}},
                               {"yoso-mono", {}}};

class StrictTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    server_ = std::make_unique<KyoseiServer>(kUsers, std::vector<std::string>{}, GetParam());
    if (!server_->skip_reason().empty()) GTEST_SKIP() << server_->skip_reason();
    sec_ = std::make_unique<Client>(server_->port());
    ASSERT_EQ(sec_->sign_in("kanri-tanto"), 200u);
  }
  Client signed_in(const std::string& login) {
    Client c(server_->port());
    EXPECT_EQ(c.sign_in(login), 200u) << login;
    return c;
  }
  // The region's audit entries with record type `type`, newest first.
  json::array audit(const std::string& type) {
    return sec_->get_json(kRegion + "/audit?limit=1000&record_type=" + type)
        .at("entries")
        .as_array();
  }
  std::unique_ptr<KyoseiServer> server_;
  std::unique_ptr<Client> sec_;
};

std::set<std::string> pointers(const std::string& problem_body) {
  std::set<std::string> out;
  const auto v = json::parse(problem_body);
  if (v.as_object().contains("errors")) {
    for (const auto& e : v.at("errors").as_array())
      out.insert(std::string(e.at("pointer").as_string()));
  }
  return out;
}

// ---- finding 7: what the public sees -----------------------------------------------------

TEST_P(StrictTest, KpiHistoryIsForMembersAndPublicReadsNameNoOne) {
  auto kpis = sec_->get_json(kRegion + "/kpis");
  json::value first;
  for (const auto& k : kpis.at("items").as_array())
    if (k.at("direction").at("code") == "higher") first = k;
  ASSERT_TRUE(first.is_object());
  const std::string url = kRegion + "/kpis/" + std::to_string(first.at("id").as_int64());
  const std::string reason = "内部検討メモ-目標見直し";
  auto moved = sec_->request(
      "PATCH", url,
      json::serialize(json::object{
          {"target", {{"fiscal_year", first.at("target").at("fiscal_year")}, {"value", "999999"}}},
          {"reason", reason}}),
      {{"If-Match", "*"}});
  ASSERT_EQ(moved.status, 200u) << moved.body;

  // Members read who changed it and why; nobody else does.
  auto history = sec_->get_json(url + "/history");
  EXPECT_EQ(history.at("target_changes").at(0).at("changed_by"), "kanri-tanto");
  EXPECT_EQ(signed_in("iin-tanto").request("GET", url + "/history").status, 200u);
  EXPECT_EQ(Client(server_->port()).request("GET", url + "/history").status, 401u);
  EXPECT_EQ(signed_in("yoso-mono").request("GET", url + "/history").status, 403u);

  // Every public read, signed out: no login, no reason.
  Client pub(server_->port());
  for (const std::string& path : std::vector<std::string>{
           kRegion, kRegion + "/vision", kRegion + "/dashboard", kRegion + "/kpis", url + "/series",
           kRegion + "/search?q=" + std::string("%E5%86%85%E9%83%A8"), kRegion + "/search?q=kanri",
           std::string("/api/v1/regions")}) {
    auto r = pub.request("GET", path);
    EXPECT_EQ(r.status, 200u) << path << " " << r.body;
    for (const std::string& secret :
         std::vector<std::string>{reason, std::string("kanri-tanto"), std::string("changed_by"),
                                  std::string("entered_by")})
      EXPECT_EQ(r.body.find(secret), std::string::npos) << path << " shows " << secret;
  }
}

TEST_P(StrictTest, AnUnpublishedRegionAnswersNonMembersAsIfItDidNotExist) {
  auto hide = sec_->request("PATCH", kRegion, R"({"published":false})", {{"If-Match", "*"}});
  ASSERT_EQ(hide.status, 200u) << hide.body;
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", ""},
      {"GET", "/vision"},
      {"GET", "/dashboard"},
      {"GET", "/kpis"},
      {"GET", "/kpis/1/series"},
      {"GET", "/kpis/1/history"},
      {"GET", "/search?q=a"},
      {"GET", "/progress"},
      {"GET", "/fields"},
      {"GET", "/audit"},
      {"PATCH", "/fields/1"},
      {"POST", "/rounds"},
      {"PUT", "/actions/1/participants/01423"},
      {"DELETE", "/actions/1/participants/01423"}};
  Client pub(server_->port());
  Client stranger = signed_in("yoso-mono");
  for (Client* c : {&pub, &stranger}) {
    for (const auto& [method, rest] : routes) {
      auto hidden = c->request(method, kRegion + rest, method == "GET" ? "" : "{}");
      auto absent =
          c->request(method, "/api/v1/regions/no-such-region" + rest, method == "GET" ? "" : "{}");
      EXPECT_EQ(hidden.status, 404u) << method << " " << rest << " " << hidden.body;
      EXPECT_EQ(absent.status, 404u) << method << " " << rest;
      std::string same = absent.body;
      for (auto pos = same.find("no-such-region"); pos != std::string::npos;
           pos = same.find("no-such-region"))
        same.replace(pos, 14, "minami-sorachi");
      EXPECT_EQ(hidden.body, same) << method << " " << rest;
    }
  }
  // Members still read it.
  EXPECT_EQ(sec_->request("GET", kRegion + "/vision").status, 200u);
  EXPECT_EQ(signed_in("iin-tanto").request("GET", kRegion + "/dashboard").status, 200u);
  EXPECT_EQ(signed_in("machi-tanto").request("GET", kRegion + "/progress").status, 200u);
}

// ---- finding 8: refused writes on record -------------------------------------------------

TEST_P(StrictTest, EveryRefusedWriteIsAuditedOnceWithUserRouteRecordAndReason) {
  Client town = signed_in("machi-tanto");
  // 403: a town may not edit a field.
  EXPECT_EQ(
      town.request("PATCH", kRegion + "/fields/1", R"({"name":"x"})", {{"If-Match", "*"}}).status,
      403u);
  // 422 and 428 of the secretariat; 401 of a signed-out caller.
  EXPECT_EQ(
      sec_->request("PATCH", kRegion + "/fields/1", R"({"name":""})", {{"If-Match", "*"}}).status,
      422u);
  EXPECT_EQ(sec_->request("PATCH", kRegion + "/fields/1", R"({"name":"y"})").status, 428u);
  EXPECT_EQ(Client(server_->port()).request("POST", kRegion + "/rounds", "{}").status, 401u);
  // 412 is audited by the use case (update-rejected), not a second time here.
  EXPECT_EQ(
      sec_->request("PATCH", kRegion + "/fields/1", R"({"name":"z"})", {{"If-Match", "\"v999\""}})
          .status,
      412u);

  const auto me = sec_->get_json("/api/v1/me");
  std::multiset<std::string> seen;
  for (const auto& e : audit("request")) {
    EXPECT_EQ(e.at("action"), "request-refused");
    const auto& after = e.at("after").as_object();
    const std::string status = std::to_string(after.at("status").as_int64());
    seen.insert(std::string(e.at("actor").as_string()) + " " +
                std::string(after.at("method").as_string()) + " " + status + " " +
                std::string(after.at("reason").as_string()) + " " +
                std::string(e.at("record_id").as_string()));
    if (e.at("actor") == "anonymous") {
      EXPECT_TRUE(after.at("user_id").is_null());
    } else {
      EXPECT_TRUE(after.at("user_id").is_int64());
      EXPECT_EQ(after.at("route"), status == "401" ? "/api/v1/regions/{slug}/rounds"
                                                   : "/api/v1/regions/{slug}/fields/{id}");
    }
  }
  EXPECT_EQ(
      seen,
      (std::multiset<std::string>{
          "machi-tanto PATCH 403 forbidden /api/v1/regions/minami-sorachi/fields/1",
          "kanri-tanto PATCH 422 validation-failed /api/v1/regions/minami-sorachi/fields/1",
          "kanri-tanto PATCH 428 precondition-required /api/v1/regions/minami-sorachi/fields/1",
          "anonymous POST 401 unauthenticated /api/v1/regions/minami-sorachi/rounds"}));
  // The 412 is on record once, as the use case wrote it.
  std::size_t rejected = 0;
  for (const auto& e : audit("field")) rejected += e.at("action") == "update-rejected" ? 1 : 0;
  EXPECT_EQ(rejected, 1u);
  // The access log names the user by id, or "-".
  const std::string log = server_->log();
  EXPECT_NE(log.find("user=" + std::to_string(me.at("user").at("id").as_int64())),
            std::string::npos)
      << log.substr(0, 2000);
  EXPECT_NE(log.find("user=-"), std::string::npos);
  EXPECT_EQ(server_->cli({"audit", "verify"}).exit_code, 0);
}

// Refusals that no route's guard sees are audited the same way: no route, and a method the
// path does not have.
TEST_P(StrictTest, RefusalsBeforeRoutingAreAuditedWithTheCaller) {
  Client town = signed_in("machi-tanto");
  EXPECT_EQ(town.request("POST", kRegion + "/no-such-list", "{}").status, 404u);
  EXPECT_EQ(town.request("DELETE", kRegion + "/vision").status, 405u);
  // Reads are not audited: a GET of no route leaves no entry.
  EXPECT_EQ(town.request("GET", kRegion + "/no-such-list").status, 404u);
  // A body declared over the server's limit is refused before it is read, let alone routed.
  const std::string upload = kRegion + "/actions/1/evidence";
  const std::string reply = testing::raw_exchange(
      server_->port(),
      "POST " + upload + "?name=a.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + town.cookie() +
          "\r\nX-CSRF-Token: " + town.csrf() +
          "\r\nContent-Type: application/pdf\r\nContent-Length: 999999999\r\n\r\n",
      3000);
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply.substr(0, 200);

  std::multiset<std::string> seen;
  for (const auto& e : audit("request")) {
    const auto& after = e.at("after").as_object();
    seen.insert(std::string(e.at("actor").as_string()) + " " +
                std::string(after.at("method").as_string()) + " " +
                std::to_string(after.at("status").as_int64()) + " " +
                std::string(after.at("reason").as_string()) + " " +
                std::string(e.at("record_id").as_string()));
    EXPECT_TRUE(after.at("user_id").is_int64());
  }
  EXPECT_EQ(seen, (std::multiset<std::string>{
                      "machi-tanto POST 404 not-found " + kRegion + "/no-such-list",
                      "machi-tanto DELETE 405 method-not-allowed " + kRegion + "/vision",
                      "machi-tanto POST 413 payload-too-large " + upload}));
  EXPECT_EQ(server_->cli({"audit", "verify"}).exit_code, 0);
}

TEST_P(StrictTest, ASignedOutFloodIsAuditedWithinItsLimit) {
  Client pub(server_->port());
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(pub.request("DELETE", kRegion + "/actions/1/participants/01423").status, 401u);
  }
  std::size_t anonymous = 0;
  for (const auto& e : audit("request")) anonymous += e.at("actor") == "anonymous" ? 1 : 0;
  // At most 10 entries per address in a minute (app::RefusalLimits); the rest are counted
  // for the next window's summary.
  EXPECT_EQ(anonymous, 10u);
  // A signed-in caller's refusals are not limited.
  Client town = signed_in("machi-tanto");
  for (int i = 0; i < 15; ++i)
    EXPECT_EQ(town.request("POST", kRegion + "/rounds", "{}").status, 403u);
  std::size_t by_town = 0;
  for (const auto& e : audit("request")) by_town += e.at("actor") == "machi-tanto" ? 1 : 0;
  EXPECT_EQ(by_town, 15u);
}

// ---- finding 9: paths and query strings ------------------------------------------------

TEST_P(StrictTest, EncodedSlashesAndInvalidUtf8AreRefusedBeforeRouting) {
  Client pub(server_->port());
  for (const std::string& path : std::vector<std::string>{
           "/api/v1/regions/minami%2Fsorachi/vision", "/api/v1/regions/minami%2fsorachi/kpis",
           kRegion + "/kpis/1%2Fseries", kRegion + "/categories/1%2Fyears%2F2025"}) {
    auto r = pub.request("GET", path);
    EXPECT_EQ(r.status, 400u) << path << " " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << path;
  }
  // A write too: refused before the route (and its guard) is found.
  EXPECT_EQ(sec_->request("PATCH", "/api/v1/regions/minami%2Fsorachi", R"({"name":"x"})",
                          {{"If-Match", "*"}})
                .status,
            400u);
  auto value = pub.request("GET", kRegion + "/kpis?fy=%FF%FE");
  EXPECT_EQ(value.status, 400u) << value.body;
  EXPECT_EQ(pointers(value.body), (std::set<std::string>{"fy"}));
  auto name = pub.request("GET", kRegion + "/search?q%FF=1");
  EXPECT_EQ(name.status, 400u) << name.body;
  auto segment = pub.request("GET", kRegion + "/kpis/%C0%AF/series");
  EXPECT_EQ(segment.status, 400u) << segment.body;
  EXPECT_EQ(pointers(segment.body), (std::set<std::string>{"id"}));
}

// ---- finding 10: strict input ----------------------------------------------------------

TEST_P(StrictTest, TextsAreStoredInNfcAndNamesRefuseFormatControls) {
  const std::string decomposed = "\xE3\x81\x8B\xE3\x82\x99";  // か + U+3099
  const std::string composed = "\xE3\x81\x8C";                // が
  auto renamed = sec_->request(
      "PATCH", kRegion + "/fields/1",
      json::serialize(json::object{{"name", "文化" + decomposed + "振興"}}), {{"If-Match", "*"}});
  ASSERT_EQ(renamed.status, 200u) << renamed.body;
  auto field = sec_->get_json(kRegion + "/fields/1");
  EXPECT_EQ(std::string(field.at("name").as_string()), "文化" + composed + "振興");

  const std::string before = sec_->request("GET", kRegion + "/fields/1").body;
  for (const std::string& bad :
       std::vector<std::string>{"\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x80\x8F", "\xE2\x80\x8B"}) {
    auto r = sec_->request("PATCH", kRegion + "/fields/1",
                           json::serialize(json::object{{"name", "名" + bad + "前"}}),
                           {{"If-Match", "*"}});
    EXPECT_EQ(r.status, 422u) << r.body;
    EXPECT_EQ(pointers(r.body), (std::set<std::string>{"/name"}));
  }
  const auto kpis = sec_->get_json(kRegion + "/kpis");
  const std::string kpi_url =
      kRegion + "/kpis/" + std::to_string(kpis.at("items").at(0).at("id").as_int64());
  auto kpi =
      sec_->request("PATCH", kpi_url, json::serialize(json::object{{"name", "指標\xE2\x80\xAE"}}),
                    {{"If-Match", "*"}});
  EXPECT_EQ(kpi.status, 422u) << kpi.body;
  EXPECT_EQ(pointers(kpi.body), (std::set<std::string>{"/name"}));
  // Nothing was stored.
  EXPECT_EQ(sec_->request("GET", kRegion + "/fields/1").body, before);
}

TEST_P(StrictTest, EveryListHasALimit) {
  auto fields = sec_->get_json(kRegion + "/fields");
  // A round's scope: 200,000 field ids, and 600.
  json::array huge;
  for (int i = 0; i < 200000; ++i) huge.push_back(1);
  auto r = sec_->request(
      "POST", kRegion + "/rounds",
      json::serialize(json::object{
          {"fiscal_year", 2026}, {"title", "x"}, {"deadline", "2099-06-30"}, {"field_ids", huge}}));
  EXPECT_EQ(r.status, 422u) << r.body.substr(0, 300);
  EXPECT_EQ(pointers(r.body), (std::set<std::string>{"/field_ids"}));
  EXPECT_NE(r.body.find("1000"), std::string::npos);
  json::array many(600, json::value(1));
  r = sec_->request(
      "POST", kRegion + "/rounds",
      json::serialize(json::object{
          {"fiscal_year", 2026}, {"title", "x"}, {"deadline", "2099-06-30"}, {"field_ids", many}}));
  EXPECT_EQ(r.status, 422u) << r.body.substr(0, 300);
  EXPECT_EQ(pointers(r.body), (std::set<std::string>{"/field_ids"}));
  EXPECT_NE(r.body.find("500"), std::string::npos);
  EXPECT_TRUE(sec_->get_json(kRegion + "/rounds").at("rounds").as_array().empty());
  // Topics of one category year: 5,000 and 101.
  auto cats = sec_->get_json(kRegion + "/categories");
  const std::string cat = std::to_string(cats.at("items").at(0).at("id").as_int64());
  const std::string year = kRegion + "/categories/" + cat + "/years/2025";
  for (std::size_t n : {5000u, 101u}) {
    json::array topics;
    for (std::size_t i = 0; i < n; ++i) topics.push_back(json::string("話題" + std::to_string(i)));
    auto t = sec_->request("PUT", year, json::serialize(json::object{{"topics", topics}}),
                           {{"If-Match", "*"}});
    EXPECT_EQ(t.status, 422u) << n << " " << t.body.substr(0, 300);
    EXPECT_EQ(pointers(t.body), (std::set<std::string>{"/topics"})) << n;
  }
}

// Found by the json_body fuzz target: a number beyond a double's range read as infinity,
// which JSON cannot write back.
TEST_P(StrictTest, ANumberBeyondADoublesRangeIsRefused) {
  auto r = sec_->request("POST", kRegion + "/rounds",
                         R"({"fiscal_year":2026,"title":"x","deadline":"2099-06-30",)"
                         R"("field_ids":[1,1.1e400]})");
  EXPECT_EQ(r.status, 422u) << r.body;
  EXPECT_EQ(pointers(r.body), (std::set<std::string>{"/field_ids/1"}));
  EXPECT_TRUE(sec_->get_json(kRegion + "/rounds").at("rounds").as_array().empty());
}

TEST_P(StrictTest, ACountIsNeverNegative) {
  auto kpis = sec_->get_json(kRegion + "/kpis?fy=2026");
  const json::value* counted = nullptr;
  for (const auto& k : kpis.at("items").as_array())
    if (k.at("unit") == "人" && !k.at("summed").as_bool()) counted = &k;
  ASSERT_NE(counted, nullptr);
  const std::string url = kRegion + "/kpis/" + std::to_string(counted->at("id").as_int64());
  auto actual = sec_->request("PUT", url + "/actuals/2026", R"({"value":"-3"})");
  EXPECT_EQ(actual.status, 422u) << actual.body;
  EXPECT_EQ(pointers(actual.body), (std::set<std::string>{"/value"}));
  auto target =
      sec_->request("PATCH", url, R"({"baseline":{"fiscal_year":2024,"value":"-1"},"reason":"x"})",
                    {{"If-Match", "*"}});
  EXPECT_EQ(target.status, 422u) << target.body;
  EXPECT_TRUE(pointers(target.body).contains("/baseline/value")) << target.body;
  // Nothing was stored.
  auto series = sec_->get_json(url + "/series");
  for (const auto& y : series.at("years").as_array()) EXPECT_NE(y.at("actual"), "-3");
}

INSTANTIATE_TEST_SUITE_P(Engines, StrictTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kyosei
