// Progress management through the API: progress records and evaluations, evidence files,
// a data-collection round from opening to 確定 for every demo town (with a 差戻し and a
// resubmission), the locking of confirmed periods, the dashboard and the audit trail.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::Client;
using testing::KyoseiServer;

const std::vector<std::string> kTowns = {"01210", "01209", "01215", "01222", "01423",
                                         "01427", "01428", "01429", "01430"};
const std::string kRegion = "/api/v1/regions/minami-sorachi";

std::map<std::string, std::vector<std::string>> users() {
  std::map<std::string, std::vector<std::string>> u = {
      {"sec", {"minami-sorachi:secretariat"}}, {"council", {"minami-sorachi:council_member"}}};
  for (const auto& t : kTowns) u["town" + t] = {"minami-sorachi:municipality_editor:" + t};
  return u;
}

json::value body_of(const testing::HttpResult& r) { return json::parse(r.body); }

// The actions of the region's audit entries that match `query`.
std::multiset<std::string> audit_actions(Client& c, const std::string& query) {
  const auto audit = c.get_json(kRegion + "/audit?" + query);
  std::multiset<std::string> out;
  for (const auto& en : audit.at("entries").as_array())
    out.insert(std::string(en.at("action").as_string()));
  return out;
}

// Fills everything a town has to fill in the round, as the town.
void fill_tasks(Client& town, long long round_id, const std::string& code, int fy,
                const std::string& result = "実施しました") {
  auto tasks = town.get_json(kRegion + "/rounds/" + std::to_string(round_id) + "/tasks/" + code);
  for (const auto& a : tasks.at("actions").as_array()) {
    if (!a.at("missing").as_bool()) continue;
    auto r = town.request(
        "PUT", kRegion + "/actions/" + std::to_string(a.at("id").as_int64()) + "/progress/" + code,
        json::serialize(json::object{{"status", "done"},
                                     {"result", result},
                                     {"sessions", 2},
                                     {"participants", 30},
                                     {"cost_yen", 120000}}));
    ASSERT_EQ(r.status, 200u) << r.body;
  }
  for (const auto& k : tasks.at("kpis").as_array()) {
    if (!k.at("missing").as_bool()) continue;
    auto r = town.request("PUT",
                          kRegion + "/kpis/" + std::to_string(k.at("id").as_int64()) + "/actuals/" +
                              std::to_string(fy) + "/" + code,
                          R"({"value":"3"})");
    ASSERT_EQ(r.status, 200u) << r.body;
  }
}

TEST(ProgressApi, ProgressRecordsAndEvaluations) {
  KyoseiServer server(users());
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client nanporo(server.port());
  ASSERT_EQ(nanporo.sign_in("town01423"), 200u);

  auto list = nanporo.get_json(kRegion + "/progress?fy=2025&municipality=01423");
  ASSERT_FALSE(list.at("items").as_array().empty()) << json::serialize(list);
  const auto& action = list.at("items").as_array().front();
  const std::string aid = std::to_string(action.at("id").as_int64());
  const std::string url = kRegion + "/actions/" + aid + "/progress/01423";

  // Validation names every offending field; nothing is stored.
  auto bad =
      nanporo.request("PUT", url, R"({"status":"finished","sessions":-1,"cost_yen":"many","x":1})");
  ASSERT_EQ(bad.status, 422u) << bad.body;
  std::set<std::string> pointers;
  const auto bad_body = body_of(bad);
  for (const auto& e : bad_body.at("errors").as_array())
    pointers.insert(std::string(e.at("pointer").as_string()));
  EXPECT_EQ(pointers, (std::set<std::string>{"/status", "/sessions", "/cost_yen", "/x"}));

  auto created = nanporo.request("PUT", url, R"({"status":"実施中","result":"第1回を開催"})");
  ASSERT_EQ(created.status, 200u) << created.body;
  EXPECT_EQ(created.header("etag"), "\"v1\"");
  EXPECT_EQ(body_of(created).at("status").at("code"), "in_progress");
  // Replacing needs the version; a stale one is refused (and audited).
  EXPECT_EQ(nanporo.request("PUT", url, R"({"status":"done"})").status, 428u);
  auto stale = nanporo.request("PUT", url, R"({"status":"done"})", {{"If-Match", "\"v9\""}});
  EXPECT_EQ(stale.status, 412u);
  EXPECT_EQ(stale.header("etag"), "\"v1\"");
  EXPECT_EQ(body_of(stale).at("current").at("result"), "第1回を開催");  // for the conflict screen
  auto updated =
      nanporo.request("PUT", url, R"({"status":"done","result":"第2回まで開催","participants":40})",
                      {{"If-Match", "\"v1\""}});
  ASSERT_EQ(updated.status, 200u) << updated.body;
  EXPECT_EQ(body_of(updated).at("participants"), 40);

  // Towns write only their own records; the council reads, never writes.
  EXPECT_EQ(
      nanporo
          .request("PUT", kRegion + "/actions/" + aid + "/progress/01210", R"({"status":"done"})")
          .status,
      403u);
  Client council(server.port());
  ASSERT_EQ(council.sign_in("council"), 200u);
  EXPECT_EQ(council.request("GET", kRegion + "/progress?fy=2025").status, 200u);
  EXPECT_EQ(council.request("PUT", url, R"({"status":"done"})").status, 403u);
  EXPECT_EQ(Client(server.port()).request("GET", kRegion + "/progress?fy=2025").status, 401u);
  EXPECT_EQ(nanporo.request("GET", kRegion + "/progress?fy=R7x").status, 400u);
  EXPECT_EQ(nanporo.request("GET", kRegion + "/progress?fy=2040").status, 400u);  // plan: R7–R11
  EXPECT_EQ(nanporo.request("GET", kRegion + "/progress?municipality=99999").status, 400u);

  // Evaluations: the secretariat, with the region's grades and a next-year direction.
  const std::string eval = kRegion + "/actions/" + aid + "/evaluation";
  EXPECT_EQ(nanporo.request("PUT", eval, R"({"grade":"A","next_direction":"continue"})").status,
            403u);
  auto ebad = sec.request("PUT", eval, R"({"grade":"S","next_direction":"forever"})");
  ASSERT_EQ(ebad.status, 422u);
  EXPECT_EQ(body_of(ebad).at("errors").as_array().size(), 2u);
  auto e =
      sec.request("PUT", eval, R"({"grade":"B","comment":"参加者が増加","next_direction":"拡充"})");
  ASSERT_EQ(e.status, 200u) << e.body;
  EXPECT_EQ(body_of(e).at("next_direction").at("code"), "expand");

  auto again = sec.get_json(kRegion + "/progress?fy=2025&municipality=01423");
  const auto& first = again.at("items").as_array().front();
  EXPECT_EQ(first.at("evaluation").at("grade"), "B");
  EXPECT_EQ(first.at("records").as_array().size(), 1u);
  EXPECT_EQ(first.at("records").at(0).at("status").at("label"), "実施済");

  // Progress texts and evaluation comments are searchable (two-character terms too), by
  // the region's members only: a signed-out visitor finds the plan's texts, never what
  // the towns and the secretariat wrote (private until published).
  auto kinds_found = [&](Client& c) {
    std::set<std::string> kinds;
    for (const char* q :
         {"%E5%8F%82%E5%8A%A0%E8%80%85%E3%81%8C%E5%A2%97%E5%8A%A0", "%E9%96%8B%E5%82%AC"}) {
      auto found = c.get_json(kRegion + "/search?q=" + q);
      for (const auto& h : found.at("hits").as_array())
        kinds.insert(std::string(h.at("kind").as_string()));
    }
    return kinds;
  };
  Client visitor(server.port());
  const auto seen = kinds_found(visitor);
  EXPECT_FALSE(seen.contains("evaluation"));  // 参加者が増加
  EXPECT_FALSE(seen.contains("progress"));    // 開催
  EXPECT_FALSE(visitor
                   .get_json(kRegion + "/search?q=%E9%98%B2%E7%81%BD")  // 防災: the plan's
                   .at("hits")
                   .as_array()
                   .empty());
  for (const char* login : {"sec", "council", "town01423"}) {
    Client member(server.port());
    ASSERT_EQ(member.sign_in(login), 200u) << login;
    const auto kinds = kinds_found(member);
    EXPECT_TRUE(kinds.contains("evaluation")) << login;
    EXPECT_TRUE(kinds.contains("progress")) << login;
  }

  const auto actions =
      audit_actions(sec, "record_type=progress_record&record_id=" + aid + "/01423");
  EXPECT_EQ(actions.count("create"), 1u);
  EXPECT_EQ(actions.count("update"), 1u);
  EXPECT_EQ(actions.count("update-rejected"), 1u);
}

TEST(ProgressApi, EvidenceIsSniffedNotTrustedFromTheName) {
  KyoseiServer server(users());
  Client town(server.port());
  ASSERT_EQ(town.sign_in("town01423"), 200u);
  auto list = town.get_json(kRegion + "/progress?fy=2025&municipality=01423");
  const std::string aid = std::to_string(list.at("items").as_array().front().at("id").as_int64());
  const std::string base = kRegion + "/actions/" + aid + "/progress/01423";
  const std::string png(
      "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"
      "\0\0\0\rIDATx\x9c"
      "c\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xae"
      "B`\x82",
      67);
  const std::map<std::string, std::string> octet = {{"Content-Type", "application/octet-stream"}};
  // Evidence belongs to a progress record.
  EXPECT_EQ(town.request("POST", base + "/evidence?name=a.png", png, octet).status, 409u);
  ASSERT_EQ(town.request("PUT", base, R"({"status":"done"})").status, 200u);
  auto up = town.request("POST", base + "/evidence?name=%E5%86%99%E7%9C%9F.png", png, octet);
  ASSERT_EQ(up.status, 201u) << up.body;
  EXPECT_EQ(body_of(up).at("media_type"), "image/png");
  EXPECT_EQ(body_of(up).at("file_name"), "写真.png");
  // HTML named .pdf is refused: the content decides.
  auto html = town.request("POST", base + "/evidence?name=report.pdf",
                           "<html><script>alert(1)</script></html>", octet);
  ASSERT_EQ(html.status, 422u) << html.body;
  EXPECT_NE(html.body.find("text/html"), std::string::npos);
  EXPECT_EQ(town.request("POST", base + "/evidence?name=a%2F..%2Fb.png", png, octet).status, 422u);
  EXPECT_EQ(town.request("POST", base + "/evidence", png, octet).status, 422u);
  // Names that are not well-formed UTF-8, hide their real ending behind a right-to-left
  // override, or name a folder are refused at the field (issue 10, findings 6 and 10).
  // Characters that Windows refuses in a file name are refused too.
  for (const char* name : {"invoice%E2%80%AEgnp.exe", "..", ".", "%20%20", "a%3Ab.png", "a%7Cb.png",
                           "%3Cx%3E.png", "a%2A.png", "a%3F.png", "a%22.png"}) {
    auto bad = town.request("POST", base + "/evidence?name=" + name, png, octet);
    EXPECT_EQ(bad.status, 422u) << name << " " << bad.body;
    EXPECT_NE(bad.body.find("\"pointer\":\"name\""), std::string::npos) << bad.body;
  }
  // A query value that is not UTF-8 is a malformed request: 400 naming the parameter, as
  // on every route (issue 10, finding 9).
  auto not_utf8 = town.request("POST", base + "/evidence?name=%FF%FE.txt", png, octet);
  EXPECT_EQ(not_utf8.status, 400u) << not_utf8.body;
  EXPECT_NE(not_utf8.body.find("\"pointer\":\"name\""), std::string::npos) << not_utf8.body;

  const std::string eid = std::to_string(body_of(up).at("id").as_int64());
  auto got = town.request("GET", kRegion + "/evidence/" + eid);
  ASSERT_EQ(got.status, 200u);
  EXPECT_EQ(got.body, png);
  EXPECT_EQ(
      town.request("GET", kRegion + "/evidence/" + eid, "", {{"If-None-Match", got.header("etag")}})
          .status,
      304u);
  EXPECT_EQ(got.header("content-type"), "image/png");
  EXPECT_NE(got.header("content-disposition").find("attachment"), std::string::npos);
  auto rec = town.get_json(kRegion + "/progress?fy=2025&municipality=01423");
  EXPECT_EQ(rec.at("items").at(0).at("records").at(0).at("evidence").as_array().size(), 1u);

  // Another town may not remove it; the owner may (soft: it leaves the listing).
  Client other(server.port());
  ASSERT_EQ(other.sign_in("town01210"), 200u);
  EXPECT_EQ(other.request("DELETE", base + "/evidence/" + eid).status, 403u);
  EXPECT_EQ(town.request("DELETE", base + "/evidence/" + eid).status, 204u);
  EXPECT_EQ(town.request("GET", kRegion + "/evidence/" + eid).status, 404u);
}

void round_from_opening_to_confirmed(KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);

  // The secretariat opens a round for FY2025 (R7) over two fields.
  auto fields = sec.get_json(kRegion + "/fields");
  ASSERT_GE(fields.at("items").as_array().size(), 2u);
  // 教育 has the all-town library actions of R7; 防災 has the towns' summed KPI.
  long long safety_field = 0;
  long long education_field = 0;
  for (const auto& f : fields.at("items").as_array()) {
    const std::string name(f.at("name").as_string());
    if (name == "防災") safety_field = f.at("id").as_int64();
    if (name == "教育") education_field = f.at("id").as_int64();
  }
  ASSERT_NE(safety_field, 0);
  ASSERT_NE(education_field, 0);
  EXPECT_EQ(
      sec.request("POST", kRegion + "/rounds",
                  R"({"fiscal_year":2026,"title":"","deadline":"2020-01-01","field_ids":[999999]})")
          .status,
      422u);
  auto outside = sec.request("POST", kRegion + "/rounds",
                             R"({"fiscal_year":1990,"title":"x","deadline":"2099-06-30"})");
  EXPECT_EQ(outside.status, 422u);
  EXPECT_NE(outside.body.find("/fiscal_year"), std::string::npos);
  Client town0(server.port());
  ASSERT_EQ(town0.sign_in("town01210"), 200u);
  EXPECT_EQ(town0
                .request("POST", kRegion + "/rounds",
                         R"({"fiscal_year":2026,"title":"x","deadline":"2099-06-30"})")
                .status,
            403u);
  auto opened = sec.request(
      "POST", kRegion + "/rounds",
      json::serialize(json::object{{"fiscal_year", "R7"},
                                   {"title", "令和7年度 取組状況照会"},
                                   {"deadline", "2099-06-30"},
                                   {"field_ids", json::array{education_field, safety_field}}}));
  ASSERT_EQ(opened.status, 201u) << opened.body;
  const auto round = body_of(opened);
  const long long rid = round.at("id").as_int64();
  ASSERT_EQ(round.at("submissions").as_array().size(), kTowns.size());
  EXPECT_EQ(round.at("counts").at("not_submitted"), 9);
  const std::string rbase = kRegion + "/rounds/" + std::to_string(rid);

  std::map<std::string, std::unique_ptr<Client>> towns;
  for (const auto& code : kTowns) {
    towns[code] = std::make_unique<Client>(server.port());
    ASSERT_EQ(towns[code]->sign_in("town" + code), 200u);
  }
  // A town sees only its own task list; submitting with gaps names them.
  EXPECT_EQ(towns["01423"]->request("GET", rbase + "/tasks/01210").status, 403u);
  auto tasks = towns["01423"]->get_json(rbase + "/tasks/01423");
  ASSERT_GT(tasks.at("total").as_int64(), 0);
  // Two all-town library actions to report; the summed KPI's R7 value is already there.
  EXPECT_EQ(tasks.at("actions").as_array().size(), 2u);
  EXPECT_EQ(tasks.at("missing_count"), 2);
  auto early = towns["01423"]->request("POST", rbase + "/submissions/01423/submit");
  ASSERT_EQ(early.status, 422u) << early.body;
  EXPECT_EQ(body_of(early).at("errors").as_array().size(),
            static_cast<std::size_t>(tasks.at("missing_count").as_int64()));

  for (const auto& code : kTowns) {
    fill_tasks(*towns[code], rid, code, 2025);
    auto t = towns[code]->get_json(rbase + "/tasks/" + code);
    EXPECT_EQ(t.at("missing_count"), 0) << code;
    auto sub = towns[code]->request("POST", rbase + "/submissions/" + code + "/submit");
    ASSERT_EQ(sub.status, 200u) << code << " " << sub.body;
    EXPECT_EQ(body_of(sub).at("state").at("label"), "提出済");
  }
  // Submitted: the town waits; only the secretariat returns or confirms.
  auto t = towns["01423"]->get_json(rbase + "/tasks/01423");
  const std::string a0 = std::to_string(t.at("actions").at(0).at("id").as_int64());
  const std::string purl = kRegion + "/actions/" + a0 + "/progress/01423";
  const std::string v1 =
      "\"v" + std::to_string(t.at("actions").at(0).at("record").at("version").as_int64()) + "\"";
  auto waiting = towns["01423"]->request("PUT", purl, R"({"status":"done","result":"直し"})",
                                         {{"If-Match", v1}});
  EXPECT_EQ(waiting.status, 409u) << waiting.body;
  EXPECT_EQ(body_of(waiting).at("type").as_string().ends_with("period-locked"), true);
  EXPECT_EQ(towns["01423"]->request("POST", rbase + "/submissions/01423/confirm").status, 403u);
  EXPECT_EQ(towns["01423"]->get_json(rbase + "/tasks/01423").at("editable"), false);
  EXPECT_EQ(sec.get_json(rbase + "/tasks/01423").at("editable"), true);

  // 差戻し needs a reason; the town fixes and resubmits.
  EXPECT_EQ(sec.request("POST", rbase + "/submissions/01423/return", "{}").status, 422u);
  auto ret = sec.request("POST", rbase + "/submissions/01423/return",
                         R"({"reason":"参加者数の内訳を記入してください"})");
  ASSERT_EQ(ret.status, 200u) << ret.body;
  EXPECT_EQ(body_of(ret).at("state").at("code"), "returned");
  auto mine = towns["01423"]->get_json(rbase + "/tasks/01423");
  EXPECT_EQ(mine.at("submission").at("reason"), "参加者数の内訳を記入してください");
  EXPECT_EQ(mine.at("editable"), true);
  auto fixed = towns["01423"]->request(
      "PUT", purl, R"({"status":"done","result":"内訳: 住民20人、職員10人","participants":30})",
      {{"If-Match", v1}});
  ASSERT_EQ(fixed.status, 200u) << fixed.body;
  ASSERT_EQ(towns["01423"]->request("POST", rbase + "/submissions/01423/submit").status, 200u);

  // Confirm every town.
  for (const auto& code : kTowns) {
    auto c = sec.request("POST", rbase + "/submissions/" + code + "/confirm");
    ASSERT_EQ(c.status, 200u) << code << " " << c.body;
  }
  auto done = sec.get_json(rbase);
  EXPECT_EQ(done.at("state"), "complete");
  EXPECT_EQ(done.at("counts").at("confirmed"), 9);
  EXPECT_EQ(sec.request("POST", rbase + "/submissions/01423/confirm").status, 409u);
  // Another round over the same year does not unlock what is confirmed.
  auto second = sec.request("POST", kRegion + "/rounds",
                            R"({"fiscal_year":2025,"title":"追加照会","deadline":"2099-07-31"})");
  ASSERT_EQ(second.status, 201u) << second.body;

  // Confirmed periods are locked for everyone, KPI actuals included, until reopened.
  const std::string v2 = fixed.header("etag");
  EXPECT_EQ(sec.request("PUT", purl, R"({"status":"done"})", {{"If-Match", v2}}).status, 409u);
  auto kpi_task = mine.at("kpis").as_array();
  if (!kpi_task.empty()) {
    const std::string kurl = kRegion + "/kpis/" + std::to_string(kpi_task[0].at("id").as_int64()) +
                             "/actuals/2025/01423";
    auto cur = towns["01423"]->get_json(rbase + "/tasks/01423");
    const std::string kv =
        "\"v" + std::to_string(cur.at("kpis").at(0).at("version").as_int64()) + "\"";
    EXPECT_EQ(towns["01423"]->request("PUT", kurl, R"({"value":"4"})", {{"If-Match", kv}}).status,
              409u);
  }
  // Joining an action of the confirmed period is refused too, and audited (issue 10,
  // finding 2): it would change what the town reports for that year.
  {
    std::set<long long> scoped;  // the categories of the round's fields
    const auto categories = sec.get_json(kRegion + "/categories");
    for (const auto& c : categories.at("items").as_array()) {
      const auto field = c.at("field_id").as_int64();
      if (field == safety_field || field == education_field) scoped.insert(c.at("id").as_int64());
    }
    std::string joinable;
    const auto actions = sec.get_json(kRegion + "/actions");
    for (const auto& a : actions.at("items").as_array()) {
      bool takes_part = a.at("all_participate").as_bool();
      for (const auto& p : a.at("participants").as_array()) takes_part = takes_part || p == "01423";
      if (a.at("fiscal_year") == 2025 && scoped.contains(a.at("category_id").as_int64()) &&
          !takes_part) {
        joinable = std::to_string(a.at("id").as_int64());
        break;
      }
    }
    ASSERT_FALSE(joinable.empty());
    const std::string aurl = kRegion + "/actions/" + joinable;
    const std::string tag = sec.request("GET", aurl).header("etag");
    auto join = sec.request("PUT", aurl + "/participants/01423", "", {{"If-Match", tag}});
    EXPECT_EQ(join.status, 409u) << join.body;
    EXPECT_TRUE(body_of(join).at("type").as_string().ends_with("period-locked")) << join.body;
    EXPECT_EQ(audit_actions(sec, "record_type=action&record_id=" + joinable)
                  .count("participant-add-refused"),
              1u);
    auto still = sec.get_json(aurl);
    for (const auto& p : still.at("participants").as_array()) EXPECT_NE(p, "01423");
  }
  EXPECT_EQ(sec.request("POST", rbase + "/submissions/01423/reopen", "{}").status, 422u);
  auto reopened = sec.request("POST", rbase + "/submissions/01423/reopen",
                              R"({"reason":"数値の訂正依頼があったため"})");
  ASSERT_EQ(reopened.status, 200u) << reopened.body;
  EXPECT_EQ(towns["01423"]
                ->request("PUT", purl, R"({"status":"done","result":"訂正"})", {{"If-Match", v2}})
                .status,
            200u);

  auto first = sec.get_json(rbase);
  EXPECT_EQ(first.at("counts").at("confirmed"), 8);
  EXPECT_EQ(first.at("counts").at("returned"), 1);
  // The dashboard shows the year's latest round by town, and the actions by status.
  auto board = sec.get_json(kRegion + "/dashboard?fy=2025");
  const auto& progress = board.at("progress");
  EXPECT_EQ(progress.at("submissions").at("round_id"), json::parse(second.body).at("id"));
  EXPECT_EQ(progress.at("submissions").at("counts").at("not_submitted"), 9);
  bool library_done = false;
  for (const auto& f : progress.at("fields").as_array()) {
    if (f.at("field_id") == education_field)
      library_done =
          f.at("by_status").at("done").as_int64() > 0 && f.at("progress_percent").is_double();
  }
  EXPECT_TRUE(library_done) << json::serialize(progress);

  // All of it is in the audit trail.
  const auto seen = audit_actions(sec, "record_type=submission&limit=1000");
  EXPECT_EQ(seen.count("submit"), 10u);
  EXPECT_EQ(seen.count("return"), 1u);
  EXPECT_EQ(seen.count("confirm"), 9u);
  EXPECT_EQ(seen.count("reopen"), 1u);
  EXPECT_EQ(seen.count("confirm-refused"), 1u);
  const std::size_t kpi_refused =
      audit_actions(sec, "record_type=kpi_actual&limit=1000").count("update-refused");
  EXPECT_EQ(kpi_refused, kpi_task.empty() ? 0u : 1u);
  const std::size_t locked =
      audit_actions(sec, "record_type=progress_record&limit=1000").count("update-refused");
  EXPECT_GE(locked, 2u);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(ProgressApi, ARoundFromOpeningToConfirmedForEveryTown) {
  KyoseiServer server(users());
  round_from_opening_to_confirmed(server);
}

// The same flow on PostgreSQL (KYOSEI_TEST_PG_URL; the test command starts a cluster).
TEST(ProgressApiPostgres, ARoundFromOpeningToConfirmedForEveryTown) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  round_from_opening_to_confirmed(server);
}

TEST(ProgressApi, SampleDemoDataIsLabelled) {
  KyoseiServer server(users());
  auto r = server.cli({"demo-progress", "--region", "minami-sorachi", "--fy", "2025"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("サンプル"), std::string::npos);
  // Only once: the region now has a round.
  EXPECT_NE(server.cli({"demo-progress", "--region", "minami-sorachi"}).exit_code, 0);
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  auto rounds = sec.get_json(kRegion + "/rounds");
  ASSERT_EQ(rounds.at("rounds").as_array().size(), 1u);
  const auto& round = rounds.at("rounds").at(0);
  EXPECT_EQ(round.at("sample_label"), "サンプル");
  EXPECT_NE(std::string(round.at("title").as_string()).find("サンプル"), std::string::npos);
  EXPECT_EQ(round.at("state"), "open");
  auto progress = sec.get_json(kRegion + "/progress?fy=2025");
  std::size_t records = 0;
  for (const auto& item : progress.at("items").as_array()) {
    for (const auto& rec : item.at("records").as_array()) {
      ++records;
      EXPECT_EQ(rec.at("sample_label"), "サンプル");
      EXPECT_NE(std::string(rec.at("result").as_string()).find("サンプル"), std::string::npos);
    }
  }
  EXPECT_GE(records, 9u);  // the three towns × the three all-town actions of R7
  // The public dashboard is not empty and says the figures are samples.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto board = Client(server.port()).get_json(kRegion + "/dashboard?fy=2025");
  EXPECT_EQ(board.at("progress").at("sample_label"), "サンプル");
  EXPECT_EQ(board.at("progress").at("submissions").at("sample_label"), "サンプル");
  EXPECT_FALSE(board.at("progress").at("deadlines").as_array().empty());
  // Public: the round and its counts, but not which towns have (not) answered (issue 11).
  EXPECT_TRUE(board.at("progress").at("submissions").at("towns").as_array().empty());
  // Members: states by town, but no return reasons or logins.
  auto inside = sec.get_json(kRegion + "/dashboard?fy=2025");
  const auto& towns = inside.at("progress").at("submissions").at("towns").as_array();
  ASSERT_EQ(towns.size(), 9u);
  EXPECT_EQ(towns[0].at("state").at("code"), "submitted");
  long long submitted = 0;
  for (const auto& t : towns) {
    EXPECT_FALSE(t.as_object().contains("reason"));
    EXPECT_FALSE(t.as_object().contains("changed_by"));
    if (t.at("state").at("code") == "submitted") ++submitted;
  }
  // The public counts agree with the members' list.
  EXPECT_EQ(board.at("progress").at("submissions").at("counts").at("submitted").as_int64(),
            submitted);
  // The round shows each town's 入力済 / 未入力 counts; they add up to the town's tasks.
  const auto shown = sec.get_json(kRegion + "/rounds/" + std::to_string(round.at("id").as_int64()));
  for (const auto& sub : shown.at("submissions").as_array()) {
    const std::string code(sub.at("municipality").at("code").as_string());
    auto tasks = sec.get_json(kRegion + "/rounds/" + std::to_string(round.at("id").as_int64()) +
                              "/tasks/" + code);
    EXPECT_EQ(sub.at("entered"), tasks.at("done")) << code;
    EXPECT_EQ(sub.at("missing"), tasks.at("missing_count")) << code;
  }
}

}  // namespace
}  // namespace kyosei
