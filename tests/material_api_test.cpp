// A meeting's materials through the API (issue 12 item 2, ADR 0018), on SQLite and
// PostgreSQL: the secretariat uploads and deletes (audited; everyone else refused, and the
// refusal audited); bad input is one 422 naming each field and writes nothing; who reads
// what — the region's members every material, a signed-out visitor only those marked
// public of a meeting whose minutes are published; the download's type and name.

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
          {"town01423", {"minami-sorachi:municipality_editor:01423"}}};
}

json::object body_of(const testing::HttpResult& r) { return json::parse(r.body).as_object(); }

std::map<std::string, std::string> if_match(const json::object& record) {
  return {{"If-Match", "\"v" + std::to_string(record.at("version").as_int64()) + "\""}};
}

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

// The titles of the materials `c` sees.
std::set<std::string> titles(Client& c, const std::string& url) {
  std::set<std::string> out;
  const auto list = c.get_json(url);
  for (const auto& m : list.at("materials").as_array())
    out.insert(std::string(m.at("title").as_string()));
  return out;
}

const std::string kPng(
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"
    "\0\0\0\rIDATx\x9c"
    "c\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xae"
    "B`\x82",
    67);
const std::string kText = "第1回懇談会 次第\n1 開会\n2 議事\n3 閉会\n";
const std::map<std::string, std::string> kOctet = {{"Content-Type", "application/octet-stream"}};

void materials_flow(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client council(server.port());
  ASSERT_EQ(council.sign_in("council"), 200u);
  Client town(server.port());
  ASSERT_EQ(town.sign_in("town01423"), 200u);
  Client visitor(server.port());

  auto meeting_res = sec.request("POST", kRegion + "/meetings",
                                 R"({"kind":"council","fiscal_year":2025,"number":1,
                                     "held_on":"2025-07-15","place":"岩見沢市役所"})");
  ASSERT_EQ(meeting_res.status, 201u) << meeting_res.body;
  auto meeting = body_of(meeting_res);
  const std::string meeting_url =
      kRegion + "/meetings/" + std::to_string(meeting.at("id").as_int64());
  const std::string list_url = meeting_url + "/materials";
  // 資料1 「取組状況」 (資料), public.
  const std::string public_upload =
      list_url +
      "?name=%E8%B3%87%E6%96%991.png&title=%E5%8F%96%E7%B5%84%E7%8A%B6%E6%B3%81"
      "&kind=%E8%B3%87%E6%96%99&number=%E8%B3%87%E6%96%991&public=true";

  // ---- only the secretariat writes; the refusals are on record ----
  EXPECT_EQ(visitor.request("POST", public_upload, kPng, kOctet).status, 401u);
  EXPECT_EQ(town.request("POST", public_upload, kPng, kOctet).status, 403u);
  EXPECT_EQ(council.request("POST", public_upload, kPng, kOctet).status, 403u);
  EXPECT_EQ(
      sec.request("POST", kRegion + "/meetings/999999/materials?name=a.png&title=x&kind=agenda",
                  kPng, kOctet)
          .status,
      404u);

  // ---- bad input: one 422 naming every field, nothing written ----
  auto all_bad =
      sec.request("POST", list_url + "?name=a%2Fb.png&kind=photo&public=yes", "", kOctet);
  ASSERT_EQ(all_bad.status, 422u) << all_bad.body;
  EXPECT_EQ(pointers(all_bad), (std::set<std::string>{"title", "kind", "public", "name", "file"}));
  auto html = sec.request("POST", list_url + "?name=a.pdf&title=x&kind=agenda",
                          "<html><script>alert(1)</script></html>", kOctet);
  ASSERT_EQ(html.status, 422u) << html.body;
  EXPECT_EQ(pointers(html), (std::set<std::string>{"file"}));
  EXPECT_EQ(pointers(sec.request("POST", list_url + "?name=..&title=x&kind=agenda", kPng, kOctet)),
            (std::set<std::string>{"name"}));
  EXPECT_EQ(sec.request("POST", list_url + "?name=a.png&title=x&kind=agenda&owner=me", kPng, kOctet)
                .status,
            400u);  // an unknown parameter
  const std::string huge(8 * 1024 * 1024 + 1, 'a');
  EXPECT_EQ(sec.request("POST", list_url + "?name=a.txt&title=x&kind=agenda", huge, kOctet).status,
            413u);
  EXPECT_TRUE(sec.get_json(list_url).at("materials").as_array().empty());

  // ---- uploads ----
  auto up = sec.request("POST", public_upload, kPng, kOctet);
  ASSERT_EQ(up.status, 201u) << up.body;
  const auto pub = body_of(up);
  EXPECT_EQ(pub.at("file_name"), "資料1.png");
  EXPECT_EQ(pub.at("media_type"), "image/png");
  EXPECT_EQ(pub.at("kind").at("code"), "material");
  EXPECT_EQ(pub.at("number"), "資料1");
  EXPECT_TRUE(pub.at("public").as_bool());
  auto up2 = sec.request(
      "POST",
      list_url +
          "?name=%E6%AC%A1%E7%AC%AC.txt&title=%E5%86%85%E9%83%A8%E3%83%A1%E3%83%A2&kind=agenda",
      kText, kOctet);
  ASSERT_EQ(up2.status, 201u) << up2.body;
  const auto internal = body_of(up2);
  EXPECT_FALSE(internal.at("public").as_bool());  // not public unless asked
  const std::string pub_url = std::string(pub.at("download").as_string());
  const std::string internal_url = std::string(internal.at("download").as_string());
  EXPECT_EQ(pub_url, list_url + "/" + std::to_string(pub.at("id").as_int64()));

  // ---- before the minutes are published: members read all, the public nothing ----
  const std::set<std::string> both = {"取組状況", "内部メモ"};
  EXPECT_EQ(titles(sec, list_url), both);
  EXPECT_EQ(titles(council, list_url), both);
  EXPECT_EQ(titles(town, list_url), both);
  EXPECT_TRUE(titles(visitor, list_url).empty());
  EXPECT_EQ(visitor.request("GET", pub_url).status, 404u);
  EXPECT_TRUE(council.get_json(list_url).at("materials").at(0).as_object().contains("uploaded_by"));

  auto got = council.request("GET", internal_url);
  ASSERT_EQ(got.status, 200u) << got.body;
  EXPECT_EQ(got.body, kText);
  EXPECT_EQ(got.header("content-type"), "text/plain");
  EXPECT_EQ(got.header("content-disposition"),
            "attachment; filename=\"material\"; filename*=UTF-8''%E6%AC%A1%E7%AC%AC.txt");
  EXPECT_EQ(
      council.request("GET", internal_url, "", {{"If-None-Match", got.header("etag")}}).status,
      304u);
  // A material is reached through its own meeting only.
  EXPECT_EQ(sec.request("GET", kRegion + "/meetings/999999/materials/" +
                                   std::to_string(pub.at("id").as_int64()))
                .status,
            404u);

  // ---- the minutes published: the public reads the public material only ----
  auto held = sec.request("PATCH", meeting_url, R"({"status":"held"})", if_match(meeting));
  ASSERT_EQ(held.status, 200u) << held.body;
  auto approved = sec.request("PATCH", meeting_url, R"({"minutes_status":"approved"})",
                              if_match(body_of(held)));
  ASSERT_EQ(approved.status, 200u) << approved.body;
  // Approved is not published: still nothing for the public.
  EXPECT_TRUE(titles(visitor, list_url).empty());
  auto published = sec.request("PATCH", meeting_url, R"({"minutes_status":"published"})",
                               if_match(body_of(approved)));
  ASSERT_EQ(published.status, 200u) << published.body;
  EXPECT_EQ(titles(visitor, list_url), (std::set<std::string>{"取組状況"}));
  const auto seen = visitor.get_json(list_url).at("materials").at(0).as_object();
  EXPECT_FALSE(seen.contains("uploaded_by"));  // who uploaded it is internal
  auto open = visitor.request("GET", pub_url);
  ASSERT_EQ(open.status, 200u);
  EXPECT_EQ(open.body, kPng);
  EXPECT_EQ(open.header("content-type"), "image/png");
  EXPECT_NE(open.header("content-disposition").find("attachment;"), std::string::npos);
  EXPECT_EQ(visitor.request("GET", internal_url).status, 404u);
  EXPECT_EQ(titles(town, list_url), both);

  // ---- delete: the secretariat, soft, audited ----
  EXPECT_EQ(town.request("DELETE", internal_url).status, 403u);
  EXPECT_EQ(sec.request("DELETE", internal_url).status, 204u);
  EXPECT_EQ(sec.request("DELETE", internal_url).status, 404u);
  EXPECT_EQ(sec.request("GET", internal_url).status, 404u);
  EXPECT_EQ(titles(sec, list_url), (std::set<std::string>{"取組状況"}));

  const auto actions = audit_actions(sec, "record_type=material");
  EXPECT_EQ(actions.count("create"), 2u);
  EXPECT_EQ(actions.count("delete"), 1u);
  // The refused uploads and deletes (403 for the town and the council member) are on record.
  EXPECT_GE(audit_actions(sec, "record_type=request").count("request-refused"), 3u);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(MaterialApi, UploadReadDeleteAndWhoSeesWhat) {
  KyoseiServer server(users());
  materials_flow(server);
}

TEST(MaterialApiPostgres, UploadReadDeleteAndWhoSeesWhat) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  materials_flow(server);
}

// Editing a material after the upload: title, 資料番号, kind and public flag, If-Match, the
// same text rules as the upload, audited with both images; the public flag decides what a
// signed-out visitor reads once the minutes are published.
void edit_flow(const KyoseiServer& server) {
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  Client town(server.port());
  ASSERT_EQ(town.sign_in("town01423"), 200u);
  Client visitor(server.port());
  auto meeting_res = sec.request("POST", kRegion + "/meetings",
                                 R"({"kind":"council","fiscal_year":2025,"number":2,
                                     "held_on":"2025-10-15","place":"岩見沢市役所"})");
  ASSERT_EQ(meeting_res.status, 201u) << meeting_res.body;
  auto meeting = body_of(meeting_res);
  const std::string meeting_url =
      kRegion + "/meetings/" + std::to_string(meeting.at("id").as_int64());
  const std::string list_url = meeting_url + "/materials";
  auto up = sec.request("POST", list_url + "?name=a.txt&title=%E4%BB%AE%E9%A1%8C&kind=agenda",
                        kText, kOctet);
  ASSERT_EQ(up.status, 201u) << up.body;
  auto m = body_of(up);
  EXPECT_EQ(m.at("version").as_int64(), 1);
  const std::string url = std::string(m.at("download").as_string());
  // The minutes published: the material is still internal, so the public does not see it.
  for (const char* change : {R"({"status":"held"})", R"({"minutes_status":"approved"})",
                             R"({"minutes_status":"published"})"}) {
    auto r = sec.request("PATCH", meeting_url, change, if_match(meeting));
    ASSERT_EQ(r.status, 200u) << r.body;
    meeting = body_of(r);
  }
  EXPECT_EQ(visitor.request("GET", url).status, 404u);

  // Who may: the secretariat only; the rest refused (401 signed out, 403 a town's editor).
  const std::string edit =
      R"({"title":"第2回 資料","number":"資料2-1","kind":"資料","public":true})";
  EXPECT_EQ(visitor.request("PATCH", url, edit, if_match(m)).status, 401u);
  EXPECT_EQ(town.request("PATCH", url, edit, if_match(m)).status, 403u);
  // If-Match: required, and a stale one is 412 with the current record.
  EXPECT_EQ(sec.request("PATCH", url, edit).status, 428u);
  auto stale = sec.request("PATCH", url, edit, {{"If-Match", "\"v9\""}});
  EXPECT_EQ(stale.status, 412u) << stale.body;
  // Bad input names each field and changes nothing.
  auto bad = sec.request("PATCH", url,
                         "{\"title\":\"\xE2\x80\xAE\xE8\xB3\x87\xE6\x96\x99\",\"kind\":\"photo\","
                         "\"public\":\"yes\",\"owner\":\"me\"}",
                         if_match(m));
  ASSERT_EQ(bad.status, 422u) << bad.body;
  EXPECT_EQ(pointers(bad), (std::set<std::string>{"/title", "/kind", "/public", "/owner"}));
  EXPECT_EQ(pointers(sec.request("PATCH", url, R"({"title":"  "})", if_match(m))),
            (std::set<std::string>{"/title"}));
  EXPECT_EQ(titles(sec, list_url), (std::set<std::string>{"仮題"}));

  // The edit: NFC like the upload (a decomposed ガ is stored composed), version advances.
  auto done = sec.request(
      "PATCH", url, R"({"title":"第2回 資料","number":"資料2-1","kind":"資料","public":true})",
      if_match(m));
  ASSERT_EQ(done.status, 200u) << done.body;
  const auto after = body_of(done);
  EXPECT_EQ(after.at("version").as_int64(), 2);
  EXPECT_EQ(done.header("etag"), "\"v2\"");
  EXPECT_EQ(after.at("title"), "第2回 資料");
  EXPECT_EQ(after.at("number"), "資料2-1");
  EXPECT_EQ(after.at("kind").at("code"), "material");
  EXPECT_TRUE(after.at("public").as_bool());
  auto nfc =
      sec.request("PATCH", url, "{\"title\":\"\xE3\x82\xAB\xE3\x82\x99\xE3\x82\xA4\xE3\x83\x89\"}",
                  if_match(after));
  ASSERT_EQ(nfc.status, 200u) << nfc.body;
  EXPECT_EQ(body_of(nfc).at("title"), "\xE3\x82\xAC\xE3\x82\xA4\xE3\x83\x89");  // ガイド
  // Marked public, with the minutes published: the visitor reads it, the list changed.
  EXPECT_EQ(visitor.request("GET", url).status, 200u);
  EXPECT_EQ(titles(visitor, list_url), (std::set<std::string>{"ガイド"}));
  // Internal again: the visitor no longer reads it, and cannot learn it exists.
  auto hidden = sec.request("PATCH", url, R"({"public":false})", if_match(body_of(nfc)));
  ASSERT_EQ(hidden.status, 200u) << hidden.body;
  EXPECT_EQ(visitor.request("GET", url).status, 404u);
  EXPECT_TRUE(titles(visitor, list_url).empty());

  // Audited with the metadata before and after.
  const auto audit = sec.get_json(kRegion + "/audit?record_type=material").at("entries").as_array();
  int updates = 0;
  for (const auto& e : audit) {
    if (e.at("action") != "update") continue;
    ++updates;
    EXPECT_FALSE(e.at("before").is_null());
    EXPECT_FALSE(e.at("after").is_null());
  }
  EXPECT_EQ(updates, 3);
  // A deleted material is gone for edits too.
  EXPECT_EQ(sec.request("DELETE", url).status, 204u);
  EXPECT_EQ(sec.request("PATCH", url, R"({"title":"x"})", if_match(body_of(hidden))).status, 404u);
  EXPECT_EQ(sec.request("PATCH", list_url + "/999999", R"({"title":"x"})", {{"If-Match", "\"v1\""}})
                .status,
            404u);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(MaterialApi, TheSecretariatEditsAMaterial) {
  KyoseiServer server(users());
  edit_flow(server);
}

TEST(MaterialApiPostgres, TheSecretariatEditsAMaterial) {
  KyoseiServer server(users(), {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  edit_flow(server);
}

}  // namespace
}  // namespace kyosei
