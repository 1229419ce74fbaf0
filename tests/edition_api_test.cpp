// Editions of the vision, the draft revision, the 新旧対照表 and publication through the API
// (issue 13): the demo's two published editions to a signed-out visitor, the R7 → R8 table,
// drafts that never leak (edition reads, diffs and search by role), the year roll-over with
// its preview, and the deck's cycle replayed end to end on SQLite and PostgreSQL.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "tests/support/kyosei_server.hpp"
#include "tests/support/process.hpp"

namespace kyosei {
namespace {

// The text of a PDF as pdftotext (poppler-utils) reads it.
std::string pdf_text(const std::string& pdf) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                     ("kyosei-diff-" + std::to_string(::getpid()) + ".pdf");
  std::ofstream(file, std::ios::binary) << pdf;
  auto r = testing::run({"/usr/bin/pdftotext", file.string(), "-"});
  std::filesystem::remove(file);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

namespace json = boost::json;
using testing::Client;
using testing::KyoseiServer;

const std::string kRegion = "/api/v1/regions/minami-sorachi";
const std::set<std::string> kFour = {"学校教育", "障がい者福祉", "環境・衛生", "道路インフラ"};

std::map<std::string, std::vector<std::string>> users() {
  return {{"sec", {"minami-sorachi:secretariat"}},
          {"council", {"minami-sorachi:council_member"}},
          {"town", {"minami-sorachi:municipality_editor:01423"}}};
}

json::object body_of(const testing::HttpResult& r) { return json::parse(r.body).as_object(); }

std::map<std::string, std::string> if_match(long long version) {
  return {{"If-Match", "\"v" + std::to_string(version) + "\""}};
}

std::string encode(const std::string& q) {
  std::string out;
  for (unsigned char ch : q) {
    const char* hex = "0123456789ABCDEF";
    out += '%';
    out += hex[ch >> 4];
    out += hex[ch & 15];
  }
  return out;
}

std::size_t hits(Client& c, const std::string& q) {
  return c.get_json(kRegion + "/search?q=" + encode(q)).at("hits").as_array().size();
}

std::pair<std::int64_t, std::int64_t> counts(Client& c, int fy) {
  const auto v = c.get_json(kRegion + "/vision?fy=" + std::to_string(fy));
  const auto& n = v.at("counts").as_object();
  return {n.at("fields").as_int64(), n.at("categories").as_int64()};
}

// The categories whose stages the table changes, and every entry as kind/op/attribute.
std::set<std::string> stage_changes(const json::object& diff) {
  std::set<std::string> out;
  for (const auto& e : diff.at("entries").as_array()) {
    const auto& o = e.as_object();
    if (o.at("kind") == "category" && o.at("attribute") == "stages")
      out.insert(std::string(o.at("category").as_string()));
  }
  return out;
}

TEST(EditionsApi, DemoEditionsArePublicAndTheirTableNamesTheFourCategories) {
  KyoseiServer server(users());
  Client visitor(server.port());
  const auto list = visitor.get_json(kRegion + "/editions").as_object();
  const auto& editions = list.at("editions").as_array();
  ASSERT_EQ(editions.size(), 2u);
  EXPECT_EQ(editions[0].at("number").as_int64(), 1);
  EXPECT_EQ(editions[0].at("decided_on"), "2025-03-26");
  EXPECT_EQ(editions[0].at("from_fiscal_year").as_int64(), 2025);
  EXPECT_EQ(editions[1].at("title"), "令和8年3月改訂");
  EXPECT_EQ(editions[1].at("from_fiscal_year").as_int64(), 2026);
  EXPECT_EQ(list.at("current").as_int64(), 2);
  EXPECT_FALSE(list.contains("draft"));  // never said to a visitor, not even "none"
  EXPECT_FALSE(editions[0].as_object().contains("created_by"));

  // Edition 1 as decided: 9 fields / 12 categories in FY2025 and still in FY2026.
  const auto first = visitor.get_json(kRegion + "/editions/1").as_object();
  const auto& years = first.at("plan").at("counts").at("years").as_array();
  EXPECT_EQ(years[0].at("fields").as_int64(), 9);
  EXPECT_EQ(years[0].at("categories").as_int64(), 12);
  EXPECT_EQ(years[1].at("categories").as_int64(), 12);
  EXPECT_EQ(first.at("plan").at("counts").at("goal_fields").as_int64(), 17);
  const auto second = visitor.get_json(kRegion + "/editions/2").as_object();
  EXPECT_EQ(second.at("plan").at("counts").at("years").as_array()[1].at("fields").as_int64(), 12);
  EXPECT_EQ(second.at("plan").at("counts").at("years").as_array()[1].at("categories").as_int64(),
            16);

  const auto diff = visitor.get_json(kRegion + "/editions/1/diff/2").as_object();
  EXPECT_EQ(stage_changes(diff), kFour);
  EXPECT_EQ(diff.at("entries").as_array().size(), 4u);
  const auto& e = diff.at("entries").as_array()[0].as_object();
  EXPECT_EQ(e.at("before"), "協議中(2025)");
  EXPECT_EQ(e.at("after"), "協議中(2025)→実施(2026)");
  EXPECT_EQ(e.at("spans").as_array().back().at("op"), "+");

  auto csv = visitor.request("GET", kRegion + "/editions/1/diff/2?format=csv");
  ASSERT_EQ(csv.status, 200u);
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.body.find("道路インフラ"), std::string::npos);
  // Names for people with the codes beside them: 種別 and 種別コード, the policy area's name
  // and its code, the attribute's name and its code.
  EXPECT_NE(csv.body.find("種別,種別コード,区分,政策分野,政策分野コード"), std::string::npos)
      << csv.body.substr(0, 400);
  EXPECT_NE(csv.body.find("カテゴリ,category,変更,結び付きやネットワークの強化,network"),
            std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find(",段階,stages,"), std::string::npos) << csv.body;
  EXPECT_EQ(visitor.request("GET", kRegion + "/editions/1/diff/2?format=docx").status, 400u);
  // The same table as xlsx, and printed (PDF with the fonts embedded, print-ready HTML).
  auto xlsx = visitor.request("GET", kRegion + "/editions/1/diff/2?format=xlsx");
  ASSERT_EQ(xlsx.status, 200u);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  auto pdf = visitor.request("GET", kRegion + "/editions/1/diff/2?format=pdf");
  ASSERT_EQ(pdf.status, 200u);
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  const std::string text = pdf_text(pdf.body);
  for (const char* name : {"新旧対照表", "学校教育", "障がい者福祉", "環境・衛生", "道路インフラ"})
    EXPECT_NE(text.find(name), std::string::npos) << name << " in\n" << text;
  auto html = visitor.request("GET", kRegion + "/editions/1/diff/2?format=html");
  ASSERT_EQ(html.status, 200u);
  EXPECT_NE(html.body.find("協議中(2025)→実施(2026)"), std::string::npos);
  EXPECT_EQ(visitor.request("GET", kRegion + "/editions/9").status, 404u);
  EXPECT_EQ(visitor.request("GET", kRegion + "/editions/x1").status, 400u);

  // The public vision: FY2025 9 / 12, FY2026 12 / 16.
  EXPECT_EQ(counts(visitor, 2025), (std::pair<std::int64_t, std::int64_t>{9, 12}));
  EXPECT_EQ(counts(visitor, 2026), (std::pair<std::int64_t, std::int64_t>{12, 16}));
}

// A written opinion answered by the secretariat (未対応 → 検討中 → 回答済); its id.
long long answered_opinion(Client& sec, const std::string& body) {
  auto created = sec.request("POST", kRegion + "/opinions",
                             json::serialize(json::object{{"source", "written"},
                                                          {"fiscal_year", 2025},
                                                          {"round", 2},
                                                          {"kind", "new_field"},
                                                          {"targets", json::array{"vision"}},
                                                          {"submitter", "委員"},
                                                          {"body", body}}));
  EXPECT_EQ(created.status, 201u) << created.body;
  auto o = body_of(created);
  const std::string url = kRegion + "/opinions/" + std::to_string(o.at("id").as_int64());
  EXPECT_EQ(sec.request("POST", url + "/transition", R"({"status":"considering"})").status, 200u);
  o = sec.get_json(url).as_object();
  auto answered =
      sec.request("PATCH", url, R"({"policy":"令和8年度から実施する","answer":"改訂で反映します"})",
                  if_match(o.at("version").as_int64()));
  EXPECT_EQ(answered.status, 200u) << answered.body;
  EXPECT_EQ(sec.request("POST", url + "/transition", R"({"status":"answered"})").status, 200u);
  return o.at("id").as_int64();
}

// The deck's cycle (issue 13, Must show), from the R7 edition alone.
void replay_cycle(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client council(server.port());
  ASSERT_EQ(council.sign_in("council"), 200u);
  Client visitor(server.port());

  EXPECT_EQ(counts(visitor, 2025), (std::pair<std::int64_t, std::int64_t>{9, 12}));
  EXPECT_EQ(counts(visitor, 2026), (std::pair<std::int64_t, std::int64_t>{9, 12}));

  // 部会 sessions assess the four candidate categories against viewpoints ❶–➏ (the town for
  // itself, the secretariat recording another town's scores) and mark them "propose for the
  // next revision"; the council reads the marks in the field's workspace.
  Client town(server.port());
  ASSERT_EQ(town.sign_in("town"), 200u);
  auto scores = [](const std::string& code, std::initializer_list<int> s) {
    json::array a;
    int v = 1;
    for (int x : s) a.push_back(json::object{{"viewpoint", v++}, {"score", x}, {"note", "部会"}});
    return json::serialize(
        json::object{{"fiscal_year", 2025}, {"municipality", code}, {"scores", a}});
  };
  std::set<std::string> proposed;
  const auto categories = sec.get_json(kRegion + "/categories");  // kept: iterated below
  for (const auto& c : categories.at("items").as_array()) {
    const std::string name(c.at("name").as_string());
    if (!kFour.contains(name)) continue;
    const long long id = c.at("id").as_int64();
    const std::string base = kRegion + "/categories/" + std::to_string(id);
    auto own = town.request("PUT", base + "/assessment", scores("01423", {3, 2, 3, 2, 2, 1}));
    ASSERT_EQ(own.status, 200u) << own.body;
    auto recorded = sec.request("PUT", base + "/assessment", scores("01210", {2, 2, 3, 1, 2, 1}));
    ASSERT_EQ(recorded.status, 200u) << recorded.body;
    EXPECT_EQ(body_of(recorded).at("assessment").at("total").as_int64(), 24);  // 13 + 11
    auto marked = sec.request(
        "PUT", base + "/proposal",
        R"({"fiscal_year":2025,"proposed":true,"reason":"部会の評価を踏まえ令和8年度から実施"})");
    ASSERT_EQ(marked.status, 200u) << marked.body;
    const auto ws = council.get_json(
        kRegion + "/fields/" + std::to_string(c.at("field_id").as_int64()) + "/workspace?fy=2025");
    for (const auto& wc : ws.at("categories").as_array()) {
      if (wc.at("id").as_int64() != id) continue;
      EXPECT_EQ(wc.at("assessment").at("total").as_int64(), 24) << name;
      if (!wc.at("proposal").is_null()) proposed.insert(name);
    }
  }
  EXPECT_EQ(proposed, kFour);

  // A 懇談会 records opinions; the secretariat answers them.
  auto meeting = sec.request("POST", kRegion + "/meetings",
                             R"({"kind":"council","fiscal_year":2025,"number":2,
                                 "held_on":"2025-11-20","agenda":[{"title":"新たな4カテゴリの方向性",
                                 "targets":["vision"]}]})");
  ASSERT_EQ(meeting.status, 201u) << meeting.body;
  const long long o1 = answered_opinion(sec, "学校教育と障がい者福祉を早く始めてほしい");
  const long long o2 = answered_opinion(sec, "道路の冬期対策を圏域で進めてほしい");

  // A draft revision: the four categories 実施 from FY2026, one KPI target with a reason.
  auto created = sec.request("POST", kRegion + "/editions/draft",
                             R"({"title":"令和8年3月改訂","from_fiscal_year":"R8",
                                 "reasons":["連携分野の追加・適正化"]})");
  ASSERT_EQ(created.status, 201u) << created.body;
  auto draft = body_of(created);
  EXPECT_EQ(
      sec.request("POST", kRegion + "/editions/draft", R"({"title":"x","from_fiscal_year":2026})")
          .status,
      409u);
  const std::map<std::string, std::string> field_of = {{"学校教育", "教育"},
                                                       {"障がい者福祉", "福祉"},
                                                       {"環境・衛生", "環境"},
                                                       {"道路インフラ", "道路インフラ"}};
  json::array changes;
  for (const auto& [category, field] : field_of) {
    changes.push_back(json::object{
        {"kind", "stages"},
        {"field", field},
        {"category", category},
        {"stages", json::array{json::object{{"stage", "協議中"}, {"from_fiscal_year", 2025}},
                               json::object{{"stage", "実施"}, {"from_fiscal_year", 2026}}}}});
  }
  changes.push_back(json::object{{"kind", "kpi_target"},
                                 {"field", "防災"},
                                 {"category", "防災"},
                                 {"kpi", "合同防災訓練に参加した職員数（サンプル）"},
                                 {"target", json::object{{"fiscal_year", 2029}, {"value", "180"}}},
                                 {"reason", "参加市町の拡大に合わせて目標を引き上げ"}});
  // A KPI target change without a reason, and an unknown category: 422, nothing written.
  auto no_reason = sec.request("PATCH", kRegion + "/editions/draft",
                               R"({"changes":[{"kind":"kpi_target","field":"防災","category":"防災",
          "kpi":"合同防災訓練に参加した職員数（サンプル）","target":{"fiscal_year":2029,"value":"1"}}]})",
                               if_match(draft.at("version").as_int64()));
  EXPECT_EQ(no_reason.status, 422u) << no_reason.body;
  EXPECT_NE(no_reason.body.find("/changes/0/reason"), std::string::npos) << no_reason.body;
  auto unknown = sec.request("PATCH", kRegion + "/editions/draft",
                             R"({"changes":[{"kind":"stages","field":"福祉","category":"なし",
                                 "stages":[]}]})",
                             if_match(draft.at("version").as_int64()));
  EXPECT_EQ(unknown.status, 422u) << unknown.body;
  EXPECT_EQ(sec.request("PATCH", kRegion + "/editions/draft", R"({"title":"x"})").status, 428u);
  auto edited = sec.request(
      "PATCH", kRegion + "/editions/draft",
      json::serialize(json::object{{"changes", changes}, {"opinion_ids", json::array{o1, o2}}}),
      if_match(draft.at("version").as_int64()));
  ASSERT_EQ(edited.status, 200u) << edited.body;
  draft = body_of(edited);

  // Editing the draft changes nothing the public sees; members can read it, visitors cannot.
  EXPECT_EQ(counts(visitor, 2026), (std::pair<std::int64_t, std::int64_t>{9, 12}));
  EXPECT_EQ(visitor.request("GET", kRegion + "/editions/draft").status, 401u);
  EXPECT_EQ(visitor.request("GET", kRegion + "/editions/current/diff/draft").status, 404u);
  EXPECT_FALSE(visitor.get_json(kRegion + "/editions").as_object().contains("draft"));
  const auto read_draft = council.request("GET", kRegion + "/editions/draft");
  EXPECT_EQ(read_draft.status, 200u);
  // Its version as the ETag: what PATCH, DELETE and publish take as If-Match.
  EXPECT_EQ(read_draft.header("etag"),
            "\"v" + std::to_string(draft.at("version").as_int64()) + "\"");
  EXPECT_EQ(council.get_json(kRegion + "/editions").at("draft").at("title"), "令和8年3月改訂");

  // Its 新旧対照表 shows exactly those changes.
  const auto diff = council.get_json(kRegion + "/editions/current/diff/draft").as_object();
  EXPECT_EQ(stage_changes(diff), proposed);  // the 部会's proposals, exactly
  ASSERT_EQ(diff.at("entries").as_array().size(), 5u) << json::serialize(diff);
  const auto& kpi = diff.at("entries").as_array()[3].as_object();
  EXPECT_EQ(kpi.at("kind"), "kpi");
  EXPECT_EQ(kpi.at("before"), "2029年度 150人");
  EXPECT_EQ(kpi.at("after"), "2029年度 180人");
  // The council material carries the pending revision's 新旧対照表 (members only), the
  // table of the draft printed alone says 「案」.
  auto material =
      council.request("GET", kRegion + "/documents/council-material?fy=2025&format=html");
  ASSERT_EQ(material.status, 200u);
  EXPECT_NE(material.body.find("改訂案の新旧対照表"), std::string::npos);
  EXPECT_NE(material.body.find("2029年度 180人"), std::string::npos);
  auto printed = council.request("GET", kRegion + "/editions/current/diff/draft?format=html");
  ASSERT_EQ(printed.status, 200u);
  EXPECT_NE(printed.body.find("class=\"draft\">案<"), std::string::npos);
  EXPECT_EQ(visitor.request("GET", kRegion + "/editions/current/diff/draft?format=pdf").status,
            404u);

  // Publication (the secretariat, If-Match of the draft).
  EXPECT_EQ(council.request("POST", kRegion + "/editions/draft/publish", "").status, 403u);
  EXPECT_EQ(sec.request("POST", kRegion + "/editions/draft/publish", "").status, 428u);
  auto published = sec.request("POST", kRegion + "/editions/draft/publish", "",
                               if_match(draft.at("version").as_int64()));
  ASSERT_EQ(published.status, 200u) << published.body;
  EXPECT_EQ(body_of(published).at("number").as_int64(), 1);

  EXPECT_EQ(counts(visitor, 2025), (std::pair<std::int64_t, std::int64_t>{9, 12}));
  EXPECT_EQ(counts(visitor, 2026), (std::pair<std::int64_t, std::int64_t>{12, 16}));
  const auto list = visitor.get_json(kRegion + "/editions").as_object();
  ASSERT_EQ(list.at("editions").as_array().size(), 1u);
  EXPECT_EQ(list.at("editions").as_array()[0].at("reasons").as_array()[0],
            "連携分野の追加・適正化");
  EXPECT_EQ(sec.request("GET", kRegion + "/editions/draft").status, 404u);
  for (long long id : {o1, o2}) {
    const auto o = sec.get_json(kRegion + "/opinions/" + std::to_string(id)).as_object();
    EXPECT_EQ(o.at("status").at("code"), "reflected") << json::serialize(o);
    EXPECT_EQ(o.at("reflected_edition").as_int64(), 1);
  }
  // The KPI's target history holds the change with its reason.
  const auto audit = sec.get_json(kRegion + "/audit?record_type=edition").as_object();
  std::multiset<std::string> actions;
  for (const auto& en : audit.at("entries").as_array())
    actions.insert(std::string(en.at("action").as_string()));
  EXPECT_EQ(actions.count("create_draft"), 1u);
  EXPECT_EQ(actions.count("update_draft"), 1u);
  EXPECT_EQ(actions.count("publish"), 1u);
  auto verify = server.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

// A server on the demo region as its R7 edition decided it (no editions yet).
std::unique_ptr<KyoseiServer> r7_server(const std::string& engine) {
  KyoseiServer demo(users());
  const auto file = std::filesystem::temp_directory_path() /
                    ("kyosei-r7-" + std::to_string(::getpid()) + ".yaml");
  auto dumped = demo.cli({"dump", "minami-sorachi", "--edition", "1", "--out", file.string()});
  EXPECT_EQ(dumped.exit_code, 0) << dumped.err;
  auto server =
      std::make_unique<KyoseiServer>(users(), std::vector<std::string>{}, engine, file.string());
  std::filesystem::remove(file);
  return server;
}

TEST(EditionsApi, TheDecksCycleReplayed) {
  auto server = r7_server("sqlite");
  replay_cycle(*server);
}

TEST(EditionsApiPostgres, TheDecksCycleReplayed) {
  auto server = r7_server("postgres");
  if (!server->skip_reason().empty()) GTEST_SKIP() << server->skip_reason();
  replay_cycle(*server);
}

// Drafts never leak into search, for any role, until published.
void search_privacy(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client town(server.port());
  ASSERT_EQ(town.sign_in("town"), 200u);
  Client council(server.port());
  ASSERT_EQ(council.sign_in("council"), 200u);
  Client visitor(server.port());
  auto created = sec.request("POST", kRegion + "/editions/draft",
                             R"({"title":"検索試験","from_fiscal_year":2026})");
  ASSERT_EQ(created.status, 201u) << created.body;
  const std::string marker = "改訂案だけにある連携方向の文言";
  auto edited = sec.request(
      "PATCH", kRegion + "/editions/draft",
      json::serialize(json::object{{"changes", json::array{json::object{{"kind", "direction"},
                                                                        {"field", "防災"},
                                                                        {"category", "防災"},
                                                                        {"fiscal_year", 2026},
                                                                        {"direction", marker}}}}}),
      if_match(body_of(created).at("version").as_int64()));
  ASSERT_EQ(edited.status, 200u) << edited.body;
  // The search × role matrix for drafts: no role finds the draft's text.
  for (Client* c : {&sec, &town, &council, &visitor}) EXPECT_EQ(hits(*c, marker), 0u);
  EXPECT_EQ(town.get_json(kRegion + "/editions/draft").at("plan").at("policy_areas").is_array(),
            true);
  auto pub = sec.request("POST", kRegion + "/editions/draft/publish", "",
                         if_match(body_of(edited).at("version").as_int64()));
  ASSERT_EQ(pub.status, 200u) << pub.body;
  EXPECT_EQ(body_of(pub).at("number").as_int64(), 3);
  EXPECT_GE(hits(visitor, marker), 1u);
  // Earlier editions stay readable at their own URLs, unchanged.
  EXPECT_EQ(visitor.get_json(kRegion + "/editions/2").at("title"), "令和8年3月改訂");
  const auto d = visitor.get_json(kRegion + "/editions/2/diff/3").as_object();
  ASSERT_EQ(d.at("entries").as_array().size(), 1u);
  EXPECT_EQ(d.at("entries").as_array()[0].at("op"), "added");
}

TEST(EditionsApi, DraftsNeverLeakIntoSearch) {
  KyoseiServer server(users());
  search_privacy(server);
}

TEST(EditionsApiPostgres, DraftsNeverLeakIntoSearch) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  search_privacy(server);
}

// The JSON pointers of a 422's field problems.
std::set<std::string> pointers(const std::string& body) {
  std::set<std::string> out;
  const auto b = json::parse(body).as_object();
  if (const auto* errors = b.if_contains("errors")) {
    for (const auto& e : errors->as_array()) out.insert(std::string(e.at("pointer").as_string()));
  }
  return out;
}

// A revision applies from its fiscal year: publishing a draft that rewrites an earlier year,
// or that would apply before the current edition, is refused and changes nothing.
void past_years_kept(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client visitor(server.port());
  const auto before_2025 = visitor.get_json(kRegion + "/vision?fy=2025");
  auto draft = [&](int from, int change_year, const std::string& text) {
    auto created = sec.request(
        "POST", kRegion + "/editions/draft",
        json::serialize(json::object{{"title", "令和9年度改訂"}, {"from_fiscal_year", from}}));
    EXPECT_EQ(created.status, 201u) << created.body;
    auto edited = sec.request("PATCH", kRegion + "/editions/draft",
                              json::serialize(json::object{
                                  {"changes", json::array{json::object{{"kind", "direction"},
                                                                       {"field", "防災"},
                                                                       {"category", "防災"},
                                                                       {"fiscal_year", change_year},
                                                                       {"direction", text}}}}}),
                              if_match(body_of(created).at("version").as_int64()));
    EXPECT_EQ(edited.status, 200u) << edited.body;
    return body_of(edited).at("version").as_int64();
  };
  auto discard = [&](long long version) {
    EXPECT_EQ(sec.request("DELETE", kRegion + "/editions/draft", "", if_match(version)).status,
              200u);
  };
  // A draft from FY2027 that rewords FY2025's direction.
  long long v = draft(2027, 2025, "過去の年度を書き換えた文");
  auto refused = sec.request("POST", kRegion + "/editions/draft/publish", "", if_match(v));
  EXPECT_EQ(refused.status, 422u) << refused.body;
  EXPECT_EQ(pointers(refused.body), (std::set<std::string>{"/from_fiscal_year"}));
  EXPECT_NE(refused.body.find("令和7年度"), std::string::npos) << refused.body;
  EXPECT_EQ(visitor.get_json(kRegion + "/vision?fy=2025"), before_2025);
  EXPECT_EQ(visitor.get_json(kRegion + "/editions").at("editions").as_array().size(), 2u);
  discard(v);
  // A draft claiming to apply from FY2025, before the current edition's FY2026.
  v = draft(2025, 2026, "令和8年度の文");
  refused = sec.request("POST", kRegion + "/editions/draft/publish", "", if_match(v));
  EXPECT_EQ(refused.status, 422u) << refused.body;
  EXPECT_EQ(pointers(refused.body), (std::set<std::string>{"/from_fiscal_year"}));
  discard(v);
  // The same change from FY2027 on is published.
  v = draft(2027, 2027, "令和9年度からの文");
  auto pub = sec.request("POST", kRegion + "/editions/draft/publish", "", if_match(v));
  EXPECT_EQ(pub.status, 200u) << pub.body;
  EXPECT_EQ(visitor.get_json(kRegion + "/vision?fy=2025"), before_2025);
}

TEST(EditionsApi, ARevisionNeverRewritesEarlierYears) {
  KyoseiServer server(users());
  past_years_kept(server);
}

TEST(EditionsApiPostgres, ARevisionNeverRewritesEarlierYears) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  past_years_kept(server);
}

// The year roll-over: preview (nothing written), then one transaction into the draft.
void rollover(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  const std::string url = kRegion + "/editions/draft/rollover";
  auto bad = sec.request("POST", url, R"({"from_fiscal_year":2029,"overrides":{"k":"やめる"}})");
  EXPECT_EQ(bad.status, 422u) << bad.body;
  EXPECT_NE(bad.body.find("/overrides/k"), std::string::npos);
  auto preview = sec.request("POST", url, R"({"from_fiscal_year":2025,"dry_run":true})");
  ASSERT_EQ(preview.status, 200u) << preview.body;
  const auto p = body_of(preview);
  EXPECT_FALSE(p.at("applied").as_bool());
  EXPECT_EQ(sec.request("GET", kRegion + "/editions/draft").status, 404u);  // nothing written
  const auto& items = p.at("items").as_array();
  ASSERT_FALSE(items.empty());
  // Every action of the 12 categories 実施 in both years is listed, 継続 by default.
  std::string ended;
  std::string reviewed;
  for (const auto& i : items) {
    EXPECT_EQ(i.at("source"), "default");
    EXPECT_TRUE(i.at("copied").as_bool());
    if (ended.empty()) {
      ended = std::string(i.at("key").as_string());
    } else if (reviewed.empty()) {
      reviewed = std::string(i.at("key").as_string());
    }
  }
  json::object overrides{{ended, "終了"}, {reviewed, "review"}};
  auto applied = sec.request(
      "POST", url,
      json::serialize(json::object{{"from_fiscal_year", 2025}, {"overrides", overrides}}));
  ASSERT_EQ(applied.status, 200u) << applied.body;
  const auto a = body_of(applied);
  EXPECT_TRUE(a.at("applied").as_bool());
  int copied = 0;
  for (const auto& i : a.at("items").as_array()) {
    copied += i.at("copied").as_bool() ? 1 : 0;
    const std::string key(i.at("key").as_string());
    if (key == ended) {
      EXPECT_FALSE(i.at("copied").as_bool());
    }
    if (key == reviewed) {
      EXPECT_TRUE(i.at("review").as_bool());
    }
  }
  EXPECT_EQ(copied, static_cast<int>(items.size()) - 1);
  // The draft's table against the live plan: FY2026 years and their actions added.
  const auto diff = sec.get_json(kRegion + "/editions/current/diff/draft").as_object();
  int years = 0;
  int actions = 0;
  for (const auto& e : diff.at("entries").as_array()) {
    EXPECT_EQ(e.at("op"), "added");
    EXPECT_EQ(e.at("fiscal_year").as_int64(), 2026);
    years += e.at("kind") == "year" ? 1 : 0;
    actions += e.at("kind") == "action" ? 1 : 0;
  }
  EXPECT_EQ(years, static_cast<int>(a.at("categories").as_array().size()));
  EXPECT_EQ(actions, copied);
  // Into the draft that now exists, the roll-over needs the draft's If-Match like any edit.
  EXPECT_EQ(sec.request("POST", url, R"({"from_fiscal_year":2025})").status, 428u);
  EXPECT_EQ(
      sec.request("POST", url, R"({"from_fiscal_year":2025})", {{"If-Match", "\"v99\""}}).status,
      412u);
  const std::string tag = sec.request("GET", kRegion + "/editions/draft").header("etag");
  // A second roll-over of the same year copies nothing more (the years exist in the draft).
  auto again = sec.request("POST", url, R"({"from_fiscal_year":2025})", {{"If-Match", tag}});
  ASSERT_EQ(again.status, 200u) << again.body;
  EXPECT_TRUE(body_of(again).at("items").as_array().empty());
  const auto audit = sec.get_json(kRegion + "/audit?record_type=edition").as_object();
  int rollovers = 0;
  for (const auto& en : audit.at("entries").as_array()) rollovers += en.at("action") == "rollover";
  EXPECT_EQ(rollovers, 2);
}

TEST(EditionsApi, YearRollOverPreviewThenOneTransaction) {
  KyoseiServer server(users());
  rollover(server);
}

TEST(EditionsApiPostgres, YearRollOverPreviewThenOneTransaction) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  rollover(server);
}

// While a draft revision exists, the plan changes only through it: direct edits of what the
// draft holds answer 409 draft-pending naming the draft (audited, nothing written), while
// records (KPI actuals) go on; after the draft is discarded or published they work again,
// and the actuals entered meanwhile survive the publication.
void edits_wait_for_the_draft(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client town(server.port());
  ASSERT_EQ(town.sign_in("town"), 200u);
  // An action the town 01423 does not take part in (so that it can join it), in FY2026 (no
  // data-collection round there), made before the draft exists.
  const auto first_category = sec.get_json(kRegion + "/categories").at("items").at(0);
  auto made =
      sec.request("POST", kRegion + "/actions",
                  json::serialize(json::object{{"category_id", first_category.at("id").as_int64()},
                                               {"fiscal_year", 2026},
                                               {"text", "改訂案を待つ取組"},
                                               {"participants", json::array{"01210"}}}));
  ASSERT_EQ(made.status, 201u) << made.body;
  const json::object action = body_of(made);
  const std::string aurl = kRegion + "/actions/" + std::to_string(action.at("id").as_int64());
  const auto first_field = sec.get_json(kRegion + "/fields").at("items").at(0);
  const auto field_id = first_field.at("id");
  const auto field_name = first_field.at("name");
  const std::string new_category =
      json::serialize(json::object{{"field_id", field_id}, {"name", "改訂案の外で足す分類"}});
  const auto categories = [&] {
    return sec.get_json(kRegion + "/categories").at("items").as_array().size();
  };
  const std::size_t categories_before = categories();
  json::object drill;
  const auto listed_kpis = sec.get_json(kRegion + "/kpis?fy=2026");
  for (const auto& k : listed_kpis.at("items").as_array()) {
    // A KPI with per-town values.
    if (std::string(k.at("name").as_string()).starts_with("合同防災訓練")) drill = k.as_object();
  }
  ASSERT_FALSE(drill.empty());
  const std::string kurl = kRegion + "/kpis/" + std::to_string(drill.at("id").as_int64());

  auto created = sec.request("POST", kRegion + "/editions/draft",
                             R"({"title":"令和9年3月改訂","from_fiscal_year":2027})");
  ASSERT_EQ(created.status, 201u) << created.body;
  const auto refused = [&](const testing::HttpResult& r) {
    EXPECT_EQ(r.status, 409u) << r.body;
    if (r.status != 409u) return;
    const auto p = body_of(r);
    EXPECT_EQ(p.at("type"), "/problems/draft-pending");
    EXPECT_NE(std::string(p.at("detail").as_string()).find("改訂案で行ってください"),
              std::string::npos);
    EXPECT_EQ(p.at("draft").at("title"), "令和9年3月改訂");
    EXPECT_EQ(p.at("draft").at("web"), "/r/minami-sorachi/draft");
    EXPECT_EQ(p.at("draft").at("href").as_string(), kRegion + "/editions/draft");
  };
  const auto v = if_match(action.at("version").as_int64());
  refused(sec.request("PATCH", aurl, R"({"text":"直接の書き換え"})", v));
  refused(sec.request("POST", kRegion + "/categories", new_category));
  refused(town.request("PUT", aurl + "/participants/01423", "", v));
  refused(
      sec.request("PATCH", kurl, R"({"unit":"回/年"})", if_match(drill.at("version").as_int64())));
  // Nothing changed.
  const auto same = sec.get_json(aurl).as_object();
  EXPECT_EQ(same.at("text"), action.at("text"));
  EXPECT_EQ(same.at("version"), action.at("version"));
  EXPECT_EQ(same.at("participants"), action.at("participants"));
  EXPECT_EQ(categories(), categories_before);
  // Records are not plan: a town's KPI value goes in while the draft exists.
  auto actual = town.request("PUT", kurl + "/actuals/2026/01423", R"({"value":"7"})");
  ASSERT_EQ(actual.status, 200u) << actual.body;
  // The refusals are audited against their records.
  std::map<std::string, int> refusals;
  const auto trail = sec.get_json(kRegion + "/audit?record_type=action");
  for (const auto& e : trail.at("entries").as_array())
    refusals[std::string(e.at("action").as_string())] += 1;
  EXPECT_EQ(refusals["update-refused"], 1);
  EXPECT_EQ(refusals["participant-add-refused"], 1);

  // Discarded: the same edits go live.
  auto discarded = sec.request("DELETE", kRegion + "/editions/draft", "",
                               if_match(body_of(created).at("version").as_int64()));
  ASSERT_EQ(discarded.status, 200u) << discarded.body;
  auto patched = sec.request("PATCH", aurl, R"({"text":"直接の書き換え"})", v);
  ASSERT_EQ(patched.status, 200u) << patched.body;
  auto joined = town.request("PUT", aurl + "/participants/01423", "",
                             if_match(body_of(patched).at("version").as_int64()));
  EXPECT_EQ(joined.status, 200u) << joined.body;

  // Published: the edit works again, and the actual entered meanwhile is still there.
  auto again = sec.request("POST", kRegion + "/editions/draft",
                           R"({"title":"令和9年3月改訂","from_fiscal_year":2027})");
  ASSERT_EQ(again.status, 201u) << again.body;
  refused(sec.request("POST", kRegion + "/categories", new_category));
  auto later = town.request("PUT", kurl + "/actuals/2026/01423", R"({"value":"9"})",
                            {{"If-Match", actual.header("etag")}});
  ASSERT_EQ(later.status, 200u) << later.body;
  auto pub = sec.request("POST", kRegion + "/editions/draft/publish", "",
                         if_match(body_of(again).at("version").as_int64()));
  ASSERT_EQ(pub.status, 200u) << pub.body;
  // Publication writes the plan's rows anew (ADR 0008: records follow by name), so the
  // field is found again by its name.
  json::value field_now;
  const auto fields_now = sec.get_json(kRegion + "/fields");
  for (const auto& f : fields_now.at("items").as_array())
    if (f.at("name") == field_name) field_now = f.at("id");
  ASSERT_FALSE(field_now.is_null());
  auto added = sec.request(
      "POST", kRegion + "/categories",
      json::serialize(json::object{{"field_id", field_now}, {"name", "改訂案の外で足す分類"}}));
  EXPECT_EQ(added.status, 201u) << added.body;
  EXPECT_EQ(categories(), categories_before + 1);
  bool kept = false;
  const auto kpis_after = sec.get_json(kRegion + "/kpis?fy=2026");
  for (const auto& k : kpis_after.at("items").as_array()) {
    if (!std::string(k.at("name").as_string()).starts_with("合同防災訓練")) continue;
    const auto series =
        sec.get_json(kRegion + "/kpis/" + std::to_string(k.at("id").as_int64()) + "/series");
    for (const auto& y : series.at("years").as_array()) {
      if (y.at("fiscal_year").at("year") != 2026) continue;
      for (const auto& m : y.at("by_municipality").as_array())
        kept = kept || (m.at("code") == "01423" && m.at("value") == "9");
    }
  }
  EXPECT_TRUE(kept) << "the KPI value entered while the draft existed survives publication";
}

TEST(EditionsApi, DirectPlanEditsWaitForTheDraft) {
  KyoseiServer server(users());
  edits_wait_for_the_draft(server);
}

TEST(EditionsApiPostgres, DirectPlanEditsWaitForTheDraft) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  edits_wait_for_the_draft(server);
}

// The draft's structure and yearly content edited without the YAML (issue 13): a field and a
// category added and renamed, a main initiative added, renamed and removed, actions added
// (under an initiative or not), changed and removed with their towns. Each shows in the
// draft's 新旧対照表 and its change log; a refused change writes nothing; the public sees none of
// it until publication.
void structure_edits(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client visitor(server.port());
  const auto vision_before = visitor.get_json(kRegion + "/vision?fy=2026");
  const auto counts_before = counts(visitor, 2026);
  auto created = sec.request("POST", kRegion + "/editions/draft",
                             R"({"title":"令和8年度の見直し","from_fiscal_year":2026})");
  ASSERT_EQ(created.status, 201u) << created.body;
  long long version = body_of(created).at("version").as_int64();
  auto patch = [&](json::array changes) {
    auto r = sec.request("PATCH", kRegion + "/editions/draft",
                         json::serialize(json::object{{"changes", std::move(changes)}}),
                         if_match(version));
    if (r.status == 200u) version = body_of(r).at("version").as_int64();
    return r;
  };
  auto change = [](json::object o) { return o; };
  const std::string action = "避難所運営の合同訓練";
  const std::string plain = "防災マップの共同作成";
  auto ok = patch(json::array{
      change({{"kind", "field"}, {"op", "add"}, {"area", "network"}, {"field", "観光"}}),
      change({{"kind", "category"},
              {"op", "add"},
              {"field", "観光"},
              {"category", "広域観光"},
              {"stages", json::array{json::object{{"stage", "実施"}, {"from_fiscal_year", 2026}}}},
              {"reason", "協議会の意見を受けて"}}),
      change({{"kind", "initiative"},
              {"op", "add"},
              {"field", "防災"},
              {"category", "防災"},
              {"fiscal_year", 2026},
              {"initiative", "防災体制の強化"}}),
      change({{"kind", "action"},
              {"op", "add"},
              {"field", "防災"},
              {"category", "防災"},
              {"fiscal_year", 2026},
              {"initiative", "防災体制の強化"},
              {"text", action},
              {"participants", json::array{"01210", "01423"}},
              {"reason", "部会での具体化"}}),
      change({{"kind", "action"},
              {"op", "add"},
              {"field", "防災"},
              {"category", "防災"},
              {"fiscal_year", 2026},
              {"text", plain},
              {"all_participate", true}}),
      change({{"kind", "action"},
              {"op", "add"},
              {"field", "観光"},
              {"category", "広域観光"},
              {"fiscal_year", "R8"},
              {"text", "仮の取組"}}),
  });
  ASSERT_EQ(ok.status, 200u) << ok.body;
  const std::string draft_before_refusals(
      sec.get_json(kRegion + "/editions/draft").at("dataset").as_string());

  // Refused changes: a 422 naming the change's key, and nothing written (the first, valid
  // change of the same request included).
  const json::object fine{{"kind", "direction"},
                          {"field", "防災"},
                          {"category", "防災"},
                          {"fiscal_year", 2026},
                          {"direction", "書かれてはならない"}};
  const std::vector<std::pair<json::object, std::string>> refusals = {
      {{{"kind", "action"},
        {"op", "add"},
        {"field", "防災"},
        {"category", "防災"},
        {"fiscal_year", 2026},
        {"text", "別の取組"},
        {"participants", json::array{"01210", "99999"}}},
       "/changes/1/participants/1"},
      {{{"kind", "action"},
        {"op", "change"},
        {"field", "防災"},
        {"category", "防災"},
        {"fiscal_year", 2026},
        {"action", plain},
        {"participants", json::array{"01210"}}},
       "/changes/1/participants"},  // 全市町 and a list at once
      {{{"kind", "action"},
        {"op", "add"},
        {"field", "防災"},
        {"category", "防災"},
        {"fiscal_year", 2026},
        {"text", plain}},
       "/changes/1/text"},
      {{{"kind", "action"},
        {"op", "remove"},
        {"field", "防災"},
        {"category", "防災"},
        {"fiscal_year", 2026},
        {"action", "ない取組"}},
       "/changes/1/action"},
      {{{"kind", "action"},
        {"op", "add"},
        {"field", "防災"},
        {"category", "消防"},
        {"fiscal_year", 2024},
        {"text", "段階の前"}},
       "/changes/1/fiscal_year"},
      {{{"kind", "action"},
        {"op", "move"},
        {"field", "防災"},
        {"category", "防災"},
        {"fiscal_year", 2026},
        {"text", "x"}},
       "/changes/1/op"},
      {{{"kind", "initiative"},
        {"op", "remove"},
        {"field", "防災"},
        {"category", "防災"},
        {"fiscal_year", 2026},
        {"initiative", "防災体制の強化"}},
       "/changes/1/initiative"},  // it has an action
      {{{"kind", "field"}, {"op", "add"}, {"area", "tourism"}, {"field", "新分野"}},
       "/changes/1/area"},
      {{{"kind", "field"}, {"op", "add"}, {"area", "living"}, {"field", "医療"}},
       "/changes/1/field"},
      {{{"kind", "field"}, {"op", "rename"}, {"field", "ない分野"}, {"rename_to", "x"}},
       "/changes/1/field"},
      {{{"kind", "category"},
        {"op", "add"},
        {"field", "防災"},
        {"category", "消防"},
        {"stages", json::array{json::object{{"stage", "候補"}, {"from_fiscal_year", 2026}}}}},
       "/changes/1/category"},
      {{{"kind", "category"},
        {"op", "add"},
        {"field", "防災"},
        {"category", "水防"},
        {"stages", json::array{json::object{{"stage", "始動"}, {"from_fiscal_year", 2026}}}}},
       "/changes/1/stages/0/stage"},
      {{{"kind", "category"},
        {"op", "rename"},
        {"field", "防災"},
        {"category", "防災"},
        {"rename_to", "消防"}},
       "/changes/1/rename_to"},
  };
  for (const auto& [bad, pointer] : refusals) {
    auto r = patch(json::array{fine, bad});
    EXPECT_EQ(r.status, 422u) << pointer << " " << r.body;
    EXPECT_EQ(pointers(r.body), (std::set<std::string>{pointer})) << r.body;
  }
  const auto unchanged = sec.get_json(kRegion + "/editions/draft").as_object();
  EXPECT_EQ(unchanged.at("dataset").as_string(), draft_before_refusals);
  EXPECT_EQ(unchanged.at("version").as_int64(), version);

  // Changes and removals, renames.
  ok = patch(json::array{
      change({{"kind", "action"},
              {"op", "change"},
              {"field", "防災"},
              {"category", "防災"},
              {"fiscal_year", 2026},
              {"action", plain},
              {"text", plain + "と配布"},
              {"all_participate", false},
              {"participants", json::array{"01210", "01215"}},
              {"reason", "対象を見直し"}}),
      change({{"kind", "action"},
              {"op", "remove"},
              {"field", "観光"},
              {"category", "広域観光"},
              {"fiscal_year", 2026},
              {"action", "仮の取組"}}),
      change({{"kind", "initiative"},
              {"op", "add"},
              {"field", "防災"},
              {"category", "防災"},
              {"fiscal_year", 2026},
              {"initiative", "消える取組み"}}),
      change({{"kind", "initiative"},
              {"op", "remove"},
              {"field", "防災"},
              {"category", "防災"},
              {"fiscal_year", 2026},
              {"initiative", "消える取組み"}}),
      change({{"kind", "initiative"},
              {"op", "rename"},
              {"field", "防災"},
              {"category", "防災"},
              {"fiscal_year", 2026},
              {"initiative", "防災体制の強化"},
              {"rename_to", "広域防災体制の強化"}}),
      change({{"kind", "category"},
              {"op", "rename"},
              {"field", "観光"},
              {"category", "広域観光"},
              {"rename_to", "観光振興"}}),
      change({{"kind", "field"}, {"op", "rename"}, {"field", "観光"}, {"rename_to", "観光・交流"}}),
  });
  ASSERT_EQ(ok.status, 200u) << ok.body;

  // The draft's change log names each change, with its reason where given.
  const auto draft = sec.get_json(kRegion + "/editions/draft").as_object();
  std::set<std::string> logged;
  for (const auto& c : draft.at("changes").as_array()) {
    logged.insert(std::string(c.at("kind").as_string()) + "/" +
                  std::string(c.at("op").as_string()) + ":" + std::string(c.at("key").as_string()));
    if (c.at("kind") == "action" && c.at("op") == "change") {
      EXPECT_EQ(c.at("reason"), "対象を見直し");
      EXPECT_EQ(c.at("before").as_string(), plain + "（全市町）");
      EXPECT_EQ(c.at("after").as_string(), plain + "と配布（岩見沢市・美唄市）");
    }
  }
  EXPECT_TRUE(logged.contains("field/add:観光")) << json::serialize(draft.at("changes"));
  EXPECT_TRUE(logged.contains("action/add:防災 › 防災 › 2026 › 防災体制の強化 › " + action));
  EXPECT_TRUE(logged.contains("action/remove:観光 › 広域観光 › 2026 › 仮の取組"));
  EXPECT_TRUE(logged.contains("initiative/rename:防災 › 防災 › 2026 › 防災体制の強化"));

  // The 新旧対照表 (current → draft) shows each of them.
  const auto diff = sec.get_json(kRegion + "/editions/current/diff/draft").as_object();
  std::set<std::string> lines;
  for (const auto& e : diff.at("entries").as_array()) {
    lines.insert(std::string(e.at("kind").as_string()) + "/" + std::string(e.at("op").as_string()) +
                 ":" + std::string(e.at("after").as_string()));
  }
  const std::string all = json::serialize(diff.at("entries"));
  EXPECT_TRUE(lines.contains("field/added:観光・交流")) << all;
  EXPECT_TRUE(lines.contains("category/added:観光振興 実施(2026)")) << all;
  EXPECT_TRUE(lines.contains("initiative/added:広域防災体制の強化")) << all;
  EXPECT_TRUE(lines.contains("action/added:" + action)) << all;
  EXPECT_TRUE(lines.contains("action/added:" + plain + "と配布")) << all;
  EXPECT_EQ(all.find("仮の取組"), std::string::npos) << all;
  EXPECT_EQ(all.find("消える取組み"), std::string::npos) << all;

  // Nothing the public sees has changed.
  EXPECT_EQ(visitor.get_json(kRegion + "/vision?fy=2026"), vision_before);
  EXPECT_EQ(hits(visitor, action), 0u);
  EXPECT_EQ(visitor.request("GET", kRegion + "/editions/draft").status, 401u);

  auto pub = sec.request("POST", kRegion + "/editions/draft/publish", "", if_match(version));
  ASSERT_EQ(pub.status, 200u) << pub.body;
  EXPECT_NE(visitor.get_json(kRegion + "/vision?fy=2026"), vision_before);
  EXPECT_GE(hits(visitor, action), 1u);
  const auto after = counts(visitor, 2026);
  EXPECT_EQ(after.first, counts_before.first + 1);    // 観光・交流
  EXPECT_EQ(after.second, counts_before.second + 1);  // 観光振興
}

TEST(EditionsApi, DraftStructureEditedWithoutTheDataset) {
  KyoseiServer server(users());
  structure_edits(server);
}

TEST(EditionsApiPostgres, DraftStructureEditedWithoutTheDataset) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  structure_edits(server);
}

// An action renamed in a draft keeps its records after publication: they follow their
// plan items by name, and publication renames the live item first (ADR 0016, amended).
void records_follow_renames(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client town(server.port());
  ASSERT_EQ(town.sign_in("town"), 200u);
  const auto category = sec.get_json(kRegion + "/categories").at("items").at(0).as_object();
  std::string field;
  const auto fields = sec.get_json(kRegion + "/fields");
  for (const auto& f : fields.at("items").as_array())
    if (f.at("id") == category.at("field_id")) field = std::string(f.at("name").as_string());
  ASSERT_FALSE(field.empty());
  const std::string old_text = "改訂で名前の変わる取組";
  const std::string new_text = "改訂で名前の変わった取組";
  auto made = sec.request("POST", kRegion + "/actions",
                          json::serialize(json::object{{"category_id", category.at("id")},
                                                       {"fiscal_year", 2026},
                                                       {"text", old_text},
                                                       {"participants", json::array{"01423"}}}));
  ASSERT_EQ(made.status, 201u) << made.body;
  const std::string aid = std::to_string(body_of(made).at("id").as_int64());
  auto record = town.request("PUT", kRegion + "/actions/" + aid + "/progress/01423",
                             R"({"status":"in_progress","result":"名前が変わる前の記録"})");
  ASSERT_EQ(record.status, 200u) << record.body;

  auto created = sec.request("POST", kRegion + "/editions/draft",
                             R"({"title":"取組名の見直し","from_fiscal_year":2026})");
  ASSERT_EQ(created.status, 201u) << created.body;
  auto patched = sec.request(
      "PATCH", kRegion + "/editions/draft",
      json::serialize(
          json::object{{"changes", json::array{json::object{{"kind", "action"},
                                                            {"op", "change"},
                                                            {"field", field},
                                                            {"category", category.at("name")},
                                                            {"fiscal_year", 2026},
                                                            {"action", old_text},
                                                            {"text", new_text},
                                                            {"reason", "名称の統一"}}}}}),
      if_match(body_of(created).at("version").as_int64()));
  ASSERT_EQ(patched.status, 200u) << patched.body;
  auto pub = sec.request("POST", kRegion + "/editions/draft/publish", "",
                         if_match(body_of(patched).at("version").as_int64()));
  ASSERT_EQ(pub.status, 200u) << pub.body;

  std::map<std::string, std::string> results;  // action text → its 01423 record's result
  const auto list = town.get_json(kRegion + "/progress?fy=2026&municipality=01423");
  for (const auto& item : list.at("items").as_array()) {
    const auto& records = item.at("records").as_array();
    results[std::string(item.at("text").as_string())] =
        records.empty() ? "" : std::string(records.at(0).at("result").as_string());
  }
  EXPECT_FALSE(results.contains(old_text));
  ASSERT_TRUE(results.contains(new_text)) << json::serialize(list);
  EXPECT_EQ(results[new_text], "名前が変わる前の記録");
}

TEST(EditionsApi, RecordsFollowAnActionRenamedInTheDraft) {
  KyoseiServer server(users());
  records_follow_renames(server);
}

TEST(EditionsApiPostgres, RecordsFollowAnActionRenamedInTheDraft) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  records_follow_renames(server);
}

}  // namespace
}  // namespace kyosei
