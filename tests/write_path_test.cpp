// The write path (issue 10, finding 4; ADR 0009): after each kind of write through the API
// (plan edits: create, update, delete, a category year's topics; a KPI definition and a KPI
// actual with its note; a progress record; an evaluation; every kind of council write:
// member, meeting, attendance, remark, opinion, minutes published, material upload and
// deletion, workspace thread and post) the region's search documents
// are exactly what a full rebuild gives, and the new text is found while the old is not. Runs on
// SQLite and on PostgreSQL. A second test shows that writes to two regions on PostgreSQL do not
// wait for each other while one region's writer holds its lock.

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <chrono>
#include <future>
#include <string>
#include <tuple>
#include <vector>

#include "storage/common/database.hpp"
#include "storage/common/row_util.hpp"
#include "storage/search/search.hpp"
#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::Client;
using testing::KyoseiServer;

const std::string kRegion = "/api/v1/regions/minami-sorachi";
const testing::Users kUsers = {{"sec", {testing::kSecretariat}},
                               {"nanporo", {testing::kNanporoEditor}}};

using Doc =
    std::tuple<std::string, long long, std::string, long long, long long, std::string, std::string>;

// The demo region's search documents, in a fixed order.
std::vector<Doc> documents(storage::Database& db) {
  std::vector<Doc> out;
  db.with_session([&](soci::session& sql) {
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT d.kind, d.record_id, d.field, d.category_id, d.fiscal_year, "
                        "d.text, d.normalized FROM search_documents d JOIN regions r ON r.id = "
                        "d.region_id WHERE r.slug = 'minami-sorachi' "
                        "ORDER BY d.kind, d.record_id, d.field");
    for (const auto& row : rs) {
      out.emplace_back(storage::as_text(row, 0), storage::as_int(row, 1), storage::as_text(row, 2),
                       storage::as_int(row, 3), storage::as_int(row, 4), storage::as_text(row, 5),
                       storage::as_text(row, 6));
    }
  });
  return out;
}

// The incremental update left the index as a full rebuild leaves it.
void expect_index_as_rebuilt(const KyoseiServer& server, const std::string& after) {
  auto db = storage::Database::open(server.db_url());
  const auto incremental = documents(*db);
  db->write([&](soci::session& sql) { storage::SearchIndex(*db).rebuild(sql, "minami-sorachi"); });
  const auto rebuilt = documents(*db);
  EXPECT_EQ(incremental.size(), rebuilt.size()) << "after " << after;
  EXPECT_TRUE(incremental == rebuilt) << "after " << after;
}

std::size_t hits(Client& c, const std::string& q) {
  const std::string enc = boost::urls::encode(q, boost::urls::unreserved_chars);
  return c.get_json(kRegion + "/search?q=" + enc).at("hits").as_array().size();
}

std::string etag(const json::value& o) {
  return "\"v" + std::to_string(o.at("version").as_int64()) + "\"";
}

void each_write_keeps_the_index_exact(KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client nanporo(server.port());
  ASSERT_EQ(nanporo.sign_in("nanporo"), 200u);
  expect_index_as_rebuilt(server, "load");

  // Plan edit: an action's text.
  auto actions = sec.get_json(kRegion + "/actions");
  const auto action = actions.at("items").as_array().at(0);
  const std::string aurl = kRegion + "/actions/" + std::to_string(action.at("id").as_int64());
  const std::string old_text(action.at("text").as_string());
  const std::size_t old_hits = hits(sec, old_text);  // the text may recur in other years
  auto patched =
      sec.request("PATCH", aurl, R"({"text":"索引更新試験の取組"})", {{"If-Match", etag(action)}});
  ASSERT_EQ(patched.status, 200u) << patched.body;
  expect_index_as_rebuilt(server, "action update");
  EXPECT_EQ(hits(sec, "索引更新試験の取組"), 1u);
  EXPECT_EQ(hits(sec, old_text), old_hits - 1) << old_text;

  // Plan edit: a category's name (its whole category is refreshed).
  auto cats = sec.get_json(kRegion + "/categories");
  const auto cat = cats.at("items").as_array().at(0);
  const std::string cid = std::to_string(cat.at("id").as_int64());
  auto renamed = sec.request("PATCH", kRegion + "/categories/" + cid, R"({"name":"索引分類改名"})",
                             {{"If-Match", etag(cat)}});
  ASSERT_EQ(renamed.status, 200u) << renamed.body;
  expect_index_as_rebuilt(server, "category update");
  EXPECT_EQ(hits(sec, "索引分類改名"), 1u);

  // Plan edit: a category year's topics (replaced rows).
  const std::string yurl = kRegion + "/categories/" + cid + "/years/2025";
  auto year = sec.request("GET", yurl);
  ASSERT_EQ(year.status, 200u) << year.body;
  auto topics = sec.request("PUT", yurl, R"({"topics":["索引検討項目甲","索引検討項目乙"]})",
                            {{"If-Match", year.header("etag")}});
  ASSERT_EQ(topics.status, 200u) << topics.body;
  expect_index_as_rebuilt(server, "category year topics");
  EXPECT_EQ(hits(sec, "索引検討項目"), 2u);

  // Plan edit: create, then delete an action (soft delete: its document goes).
  auto created = sec.request("POST", kRegion + "/actions",
                             json::serialize(json::object{{"category_id", cat.at("id").as_int64()},
                                                          {"fiscal_year", 2027},
                                                          {"text", "索引削除予定の取組"}}));
  ASSERT_EQ(created.status, 201u) << created.body;
  expect_index_as_rebuilt(server, "action create");
  EXPECT_EQ(hits(sec, "索引削除予定"), 1u);
  const auto made = json::parse(created.body);
  auto deleted =
      sec.request("DELETE", kRegion + "/actions/" + std::to_string(made.at("id").as_int64()), "",
                  {{"If-Match", etag(made)}});
  ASSERT_EQ(deleted.status, 204u) << deleted.body;
  expect_index_as_rebuilt(server, "action delete");
  EXPECT_EQ(hits(sec, "索引削除予定"), 0u);

  // KPI: a town's actual with a note, then the note changed.
  auto kpis = nanporo.get_json(kRegion + "/kpis?fy=2026");
  json::value kpi;
  for (const auto& k : kpis.at("items").as_array()) {
    // A KPI with per-town values.
    if (std::string(k.at("name").as_string()).starts_with("合同防災訓練")) kpi = k;
  }
  ASSERT_TRUE(kpi.is_object());
  const std::string kid = std::to_string(kpi.at("id").as_int64());
  const std::string kurl = kRegion + "/kpis/" + kid + "/actuals/2026/01423";
  auto actual = nanporo.request("PUT", kurl, R"({"value":"3","note":"索引備考一"})");
  ASSERT_EQ(actual.status, 200u) << actual.body;
  expect_index_as_rebuilt(server, "kpi actual");
  auto again = nanporo.request("PUT", kurl, R"({"value":"4","note":"索引備考二"})",
                               {{"If-Match", actual.header("etag")}});
  ASSERT_EQ(again.status, 200u) << again.body;
  expect_index_as_rebuilt(server, "kpi actual update");
  EXPECT_EQ(hits(sec, "索引備考二"), 1u);
  EXPECT_EQ(hits(sec, "索引備考一"), 0u);

  // KPI definition: its name.
  // The actuals advanced the KPI's version: a stale If-Match is answered with the current.
  const auto current =
      sec.request("PATCH", kRegion + "/kpis/" + kid, R"({"name":"x"})", {{"If-Match", "\"v0\""}});
  ASSERT_EQ(current.status, 412u) << current.body;
  auto kpi_patch = sec.request("PATCH", kRegion + "/kpis/" + kid, R"({"name":"索引指標改名"})",
                               {{"If-Match", current.header("etag")}});
  ASSERT_EQ(kpi_patch.status, 200u) << kpi_patch.body;
  expect_index_as_rebuilt(server, "kpi definition");
  EXPECT_EQ(hits(sec, "索引指標改名"), 1u);
  EXPECT_EQ(hits(sec, "索引備考二"), 1u);  // its notes stay

  // Progress record and evaluation.
  auto list = nanporo.get_json(kRegion + "/progress?fy=2025&municipality=01423");
  const auto pa = list.at("items").as_array().at(0);
  const std::string paid = std::to_string(pa.at("id").as_int64());
  auto progress = nanporo.request("PUT", kRegion + "/actions/" + paid + "/progress/01423",
                                  R"({"status":"done","result":"索引実施内容一"})");
  ASSERT_EQ(progress.status, 200u) << progress.body;
  expect_index_as_rebuilt(server, "progress");
  auto progress2 = nanporo.request("PUT", kRegion + "/actions/" + paid + "/progress/01423",
                                   R"({"status":"done","result":"索引実施内容二"})",
                                   {{"If-Match", progress.header("etag")}});
  ASSERT_EQ(progress2.status, 200u) << progress2.body;
  expect_index_as_rebuilt(server, "progress update");
  EXPECT_EQ(hits(sec, "索引実施内容二"), 1u);
  EXPECT_EQ(hits(sec, "索引実施内容一"), 0u);
  auto eval = sec.request("PUT", kRegion + "/actions/" + paid + "/evaluation",
                          R"({"grade":"B","comment":"索引評価所見","next_direction":"continue"})");
  ASSERT_EQ(eval.status, 200u) << eval.body;
  expect_index_as_rebuilt(server, "evaluation");
  EXPECT_EQ(hits(sec, "索引評価所見"), 1u);

  // The council: a member, a meeting held with attendance, a remark (a draft), its edit,
  // an opinion from it and the opinion's edit and transition, then the minutes approved
  // and published (every remark of the meeting moves from minutes_draft to minutes).
  auto member = sec.request("POST", kRegion + "/council/members",
                            R"({"name":"索引委員","term_start":"2025-04-01"})");
  ASSERT_EQ(member.status, 201u) << member.body;
  const auto member_id = json::parse(member.body).at("id").as_int64();
  expect_index_as_rebuilt(server, "council member");
  auto meeting_res = sec.request("POST", kRegion + "/meetings",
                                 R"({"kind":"council","fiscal_year":2025,"number":1,
                                     "held_on":"2025-07-15","title":"索引会議"})");
  ASSERT_EQ(meeting_res.status, 201u) << meeting_res.body;
  auto meeting = json::parse(meeting_res.body);
  const std::string murl = kRegion + "/meetings/" + std::to_string(meeting.at("id").as_int64());
  expect_index_as_rebuilt(server, "meeting create");
  auto held = sec.request("PATCH", murl, R"({"status":"held"})", {{"If-Match", etag(meeting)}});
  ASSERT_EQ(held.status, 200u) << held.body;
  meeting = json::parse(held.body);
  expect_index_as_rebuilt(server, "meeting held");
  auto present = sec.request(
      "PUT", murl + "/attendance",
      json::serialize(json::object{
          {"attendance", json::array{json::object{{"member_id", member_id}, {"present", true}}}}}),
      {{"If-Match", etag(meeting)}});
  ASSERT_EQ(present.status, 200u) << present.body;
  meeting = json::parse(present.body);
  expect_index_as_rebuilt(server, "attendance");
  auto remark = sec.request(
      "POST", murl + "/remarks",
      json::serialize(json::object{{"speaker_member_id", member_id}, {"body", "索引発言一"}}));
  ASSERT_EQ(remark.status, 201u) << remark.body;
  const auto remark_json = json::parse(remark.body);
  const std::string rurl = murl + "/remarks/" + std::to_string(remark_json.at("id").as_int64());
  expect_index_as_rebuilt(server, "remark create");
  EXPECT_EQ(hits(sec, "索引発言一"), 1u);
  auto remark2 =
      sec.request("PATCH", rurl, R"({"body":"索引発言二"})", {{"If-Match", etag(remark_json)}});
  ASSERT_EQ(remark2.status, 200u) << remark2.body;
  expect_index_as_rebuilt(server, "remark update");
  EXPECT_EQ(hits(sec, "索引発言二"), 1u);
  EXPECT_EQ(hits(sec, "索引発言一"), 0u);
  auto opinion = sec.request("POST", kRegion + "/opinions",
                             R"({"fiscal_year":2025,"round":1,"source":"written","kind":"proposal",
                                 "targets":["vision"],"body":"索引意見一"})");
  ASSERT_EQ(opinion.status, 201u) << opinion.body;
  auto op = json::parse(opinion.body);
  const std::string ourl = kRegion + "/opinions/" + std::to_string(op.at("id").as_int64());
  expect_index_as_rebuilt(server, "opinion create");
  EXPECT_EQ(hits(sec, "索引意見一"), 1u);
  auto op2 = sec.request("PATCH", ourl, R"({"body":"索引意見二"})", {{"If-Match", etag(op)}});
  ASSERT_EQ(op2.status, 200u) << op2.body;
  expect_index_as_rebuilt(server, "opinion update");
  EXPECT_EQ(hits(sec, "索引意見二"), 1u);
  EXPECT_EQ(hits(sec, "索引意見一"), 0u);
  auto moved = sec.request("POST", ourl + "/transition", R"({"status":"considering"})");
  ASSERT_EQ(moved.status, 200u) << moved.body;
  expect_index_as_rebuilt(server, "opinion transition");
  auto approved =
      sec.request("PATCH", murl, R"({"minutes_status":"approved"})", {{"If-Match", etag(meeting)}});
  ASSERT_EQ(approved.status, 200u) << approved.body;
  meeting = json::parse(approved.body);
  expect_index_as_rebuilt(server, "minutes approved");
  Client visitor(server.port());
  EXPECT_EQ(hits(visitor, "索引発言二"), 0u);  // a draft is the members' only
  auto published = sec.request("PATCH", murl, R"({"minutes_status":"published"})",
                               {{"If-Match", etag(meeting)}});
  ASSERT_EQ(published.status, 200u) << published.body;
  expect_index_as_rebuilt(server, "minutes published");
  EXPECT_EQ(hits(visitor, "索引発言二"), 1u);  // published minutes are public
  meeting = json::parse(published.body);
  auto retitled =
      sec.request("PATCH", murl, R"({"title":"索引会議名"})", {{"If-Match", etag(meeting)}});
  ASSERT_EQ(retitled.status, 200u) << retitled.body;
  expect_index_as_rebuilt(server, "meeting renamed");
  EXPECT_EQ(hits(visitor, "索引会議名"), 1u);

  // A material (public: the minutes are published), then deleted.
  auto material = sec.request("POST",
                              murl + "/materials?name=a.txt&kind=material&public=true&title=" +
                                  boost::urls::encode("索引資料", boost::urls::unreserved_chars),
                              "資料\n", {{"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(material.status, 201u) << material.body;
  expect_index_as_rebuilt(server, "material upload");
  EXPECT_EQ(hits(visitor, "索引資料"), 1u);
  const auto mid = json::parse(material.body).at("id").as_int64();
  ASSERT_EQ(sec.request("DELETE", murl + "/materials/" + std::to_string(mid)).status, 204u);
  expect_index_as_rebuilt(server, "material deleted");
  EXPECT_EQ(hits(sec, "索引資料"), 0u);

  // The subcommittee workspace: a thread with its first post, and a reply.
  const auto listed = sec.get_json(kRegion + "/categories").at("items").as_array();
  ASSERT_FALSE(listed.empty());
  auto thread = nanporo.request(
      "POST", kRegion + "/threads",
      json::serialize(
          json::object{{"field_id", listed.at(0).at("field_id")},
                       {"target", "category:" + std::to_string(listed.at(0).at("id").as_int64())},
                       {"title", "索引話題"},
                       {"body", "索引投稿一"}}));
  ASSERT_EQ(thread.status, 201u) << thread.body;
  expect_index_as_rebuilt(server, "thread created");
  auto reply =
      sec.request("POST",
                  kRegion + "/threads/" +
                      std::to_string(json::parse(thread.body).at("id").as_int64()) + "/posts",
                  R"({"body":"索引投稿二"})");
  ASSERT_EQ(reply.status, 201u) << reply.body;
  expect_index_as_rebuilt(server, "post added");
  EXPECT_EQ(hits(sec, "索引投稿"), 2u);
  EXPECT_EQ(hits(visitor, "索引投稿"), 0u);  // the workspace is the members' only

  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(WritePath, EachWriteKeepsTheIndexExact) {
  KyoseiServer server(kUsers);
  each_write_keeps_the_index_exact(server);
}

TEST(WritePathPostgres, EachWriteKeepsTheIndexExact) {
  KyoseiServer server(kUsers, {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  each_write_keeps_the_index_exact(server);
}

// On PostgreSQL a writer of one region does not wait for a writer of another: while a
// transaction holds region A's lock (as Database::write_region does), a write to region B
// completes, and a write to region A waits until A's transaction ends.
TEST(WritePathPostgres, RegionsDoNotWaitForEachOther) {
  storage::testing::TestDatabase tdb("postgres");
  if (!tdb.skip_reason().empty()) GTEST_SKIP() << tdb.skip_reason();
  auto& db = tdb.db();
  auto other = storage::Database::open(tdb.url(), 3);
  std::promise<void> holding;
  std::promise<void> release;
  auto released = release.get_future().share();
  auto holder = std::async(std::launch::async, [&] {
    db.write_region("region-a", [&](soci::session&) {
      holding.set_value();
      released.wait();
    });
  });
  holding.get_future().wait();
  // Region B goes through at once.
  auto b = std::async(std::launch::async, [&] { other->write_region("region-b", [](auto&) {}); });
  EXPECT_EQ(b.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  // Region A waits for the holder.
  auto a = std::async(std::launch::async, [&] { other->write_region("region-a", [](auto&) {}); });
  EXPECT_EQ(a.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout);
  // And so does a whole-database write (it excludes every region writer).
  b.get();
  auto whole = std::async(std::launch::async, [&] { other->write([](auto&) {}); });
  EXPECT_EQ(whole.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout);
  release.set_value();
  holder.get();
  EXPECT_EQ(a.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(whole.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  a.get();
  whole.get();
}

}  // namespace
}  // namespace kyosei
