// The editing API end to end: optimistic versions under concurrency, every kind of bad
// input refused with the database unchanged, domain rules, permissions on own rows, and
// the hash-chained audit trail (including tampering found by `kyosei audit verify`).

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <thread>

#include "storage/common/database.hpp"
#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

using testing::Client;
using testing::KyoseiServer;
namespace json = boost::json;

const testing::Users kUsers = {{"sec-a", {testing::kSecretariat}},
                               {"sec-b", {testing::kSecretariat}},
                               {"nanporo", {testing::kNanporoEditor}},
                               {"council", {testing::kCouncilMember}}};

class EditingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new KyoseiServer(kUsers);
    a_ = new Client(server_->port());
    b_ = new Client(server_->port());
    ASSERT_EQ(a_->sign_in("sec-a"), 200u);
    ASSERT_EQ(b_->sign_in("sec-b"), 200u);
  }
  static void TearDownTestSuite() {
    delete a_;
    delete b_;
    delete server_;
  }
  // The whole stored region, as the canonical dataset text.
  static std::string dump() { return server_->cli({"dump", "minami-sorachi"}).out; }

  static json::object first_action() {
    auto list = a_->get_json("/api/v1/regions/minami-sorachi/actions");
    return list.at("items").as_array().at(0).as_object();
  }
  static std::string action_url(const json::object& a) {
    return "/api/v1/regions/minami-sorachi/actions/" + std::to_string(a.at("id").as_int64());
  }
  static std::string etag(const json::object& o) {
    return "\"v" + std::to_string(o.at("version").as_int64()) + "\"";
  }

  static inline KyoseiServer* server_ = nullptr;
  static inline Client* a_ = nullptr;
  static inline Client* b_ = nullptr;
};

TEST_F(EditingTest, ConcurrentUpdatesExactlyOneWinsNothingLost) {
  const auto action = first_action();
  const std::string url = action_url(action);
  const std::string tag = etag(action);
  testing::HttpResult ra, rb;
  std::thread ta([&] {
    ra = a_->request("PATCH", url, R"({"text":"Aの変更"})", {{"If-Match", tag}});
  });
  std::thread tb([&] {
    rb = b_->request("PATCH", url, R"({"text":"Bの変更"})", {{"If-Match", tag}});
  });
  ta.join();
  tb.join();
  ASSERT_TRUE((ra.status == 200u && rb.status == 412u) || (ra.status == 412u && rb.status == 200u))
      << ra.status << " " << rb.status << "\n"
      << ra.body << "\n"
      << rb.body;
  const auto& winner = ra.status == 200u ? ra : rb;
  const auto& loser = ra.status == 200u ? rb : ra;
  const std::string won_text = ra.status == 200u ? "Aの変更" : "Bの変更";
  auto problem = json::parse(loser.body);
  EXPECT_EQ(problem.at("status"), 412);
  EXPECT_EQ(problem.at("current").at("text").as_string(), won_text);  // the loser sees what won
  EXPECT_EQ(loser.header("etag"), winner.header("etag"));
  auto now = a_->get_json(url);
  EXPECT_EQ(now.at("text").as_string(), won_text);
  EXPECT_EQ(now.at("version").as_int64(), action.at("version").as_int64() + 1);
  // Both attempts are in the audit trail.
  auto audit = a_->get_json("/api/v1/regions/minami-sorachi/audit?record_type=action&record_id=" +
                            std::to_string(action.at("id").as_int64()));
  std::set<std::string> actions;
  for (const auto& e : audit.at("entries").as_array())
    actions.insert(std::string(e.at("action").as_string()));
  EXPECT_TRUE(actions.contains("update"));
  EXPECT_TRUE(actions.contains("update-rejected"));
  // The loser reapplies on the current version and succeeds.
  auto retry =
      (ra.status == 412u ? a_ : b_)
          ->request("PATCH", url, R"({"text":"再適用"})", {{"If-Match", winner.header("etag")}});
  EXPECT_EQ(retry.status, 200u) << retry.body;
}

TEST_F(EditingTest, BadInputIsRefusedAndNothingChanges) {
  const auto action = first_action();
  const std::string url = action_url(action);
  const std::string tag = etag(action);
  const std::string before = dump();
  struct Case {
    std::string name, method, body;
    std::map<std::string, std::string> headers;
    unsigned status;
    std::string type, pointer;
  } cases[] = {
      {"malformed JSON", "PATCH", R"({"text": )", {{"If-Match", tag}}, 400, "bad-request", ""},
      {"bad UTF-8",
       "PATCH",
       "{\"text\":\"\xff\xfe\"}",
       {{"If-Match", tag}},
       400,
       "bad-request",
       ""},
      {"not an object", "PATCH", "[1,2]", {{"If-Match", tag}}, 422, "validation-failed", ""},
      {"unknown field",
       "PATCH",
       R"({"colour":"red"})",
       {{"If-Match", tag}},
       422,
       "validation-failed",
       "/colour"},
      {"wrong type",
       "PATCH",
       R"({"text":42,"viewpoints":"1"})",
       {{"If-Match", tag}},
       422,
       "validation-failed",
       "/text"},
      {"viewpoint out of range",
       "PATCH",
       R"({"viewpoints":[7]})",
       {{"If-Match", tag}},
       422,
       "validation-failed",
       "/viewpoints"},
      {"lead not taking part",
       "PATCH",
       R"({"lead":"01430","participants":["01423"]})",
       {{"If-Match", tag}},
       422,
       "validation-failed",
       "/lead"},
      {"stale If-Match",
       "PATCH",
       R"({"text":"x"})",
       {{"If-Match", "\"v999\""}},
       412,
       "precondition-failed",
       ""},
      {"missing If-Match", "PATCH", R"({"text":"x"})", {}, 428, "precondition-required", ""},
      {"weak If-Match",
       "PATCH",
       R"({"text":"x"})",
       {{"If-Match", "W/" + tag}},
       412,
       "precondition-failed",
       ""},
      {"missing CSRF token",
       "PATCH",
       R"({"text":"x"})",
       {{"If-Match", tag}, {"X-CSRF-Token", "wrong"}},
       403,
       "csrf-failed",
       ""},
      {"cross-site",
       "PATCH",
       R"({"text":"x"})",
       {{"If-Match", tag}, {"Sec-Fetch-Site", "cross-site"}},
       403,
       "csrf-failed",
       ""},
      {"not JSON",
       "PATCH",
       "text=x",
       {{"If-Match", tag}, {"Content-Type", "application/x-www-form-urlencoded"}},
       415,
       "unsupported-media-type",
       ""},
      // Strict input (issue 10, finding 9): a look-alike media type, another charset and a
      // key given twice are refused; nothing is written.
      {"application/jsonx",
       "PATCH",
       R"({"text":"x"})",
       {{"If-Match", tag}, {"Content-Type", "application/jsonx"}},
       415,
       "unsupported-media-type",
       ""},
      {"latin-1 charset",
       "PATCH",
       R"({"text":"x"})",
       {{"If-Match", tag}, {"Content-Type", "application/json; charset=iso-8859-1"}},
       415,
       "unsupported-media-type",
       ""},
      {"duplicate key",
       "PATCH",
       R"({"text":"first","text":"second"})",
       {{"If-Match", tag}},
       400,
       "bad-request",
       "/text"},
      {"duplicate key in a nested object",
       "PATCH",
       R"({"participants":{"all":true,"all":false}})",
       {{"If-Match", tag}},
       400,
       "bad-request",
       "/participants/all"},
      {"oversized body",
       "PATCH",
       R"({"text":")" + std::string(2 * 1024 * 1024, 'a') + "\"}",
       {{"If-Match", tag}},
       413,
       "payload-too-large",
       ""},
  };
  for (const auto& c : cases) {
    testing::HttpResult r;
    try {
      r = a_->request(c.method, url, c.body, c.headers);
    } catch (const std::exception& e) {
      ADD_FAILURE() << c.name << ": " << e.what();
      continue;
    }
    EXPECT_EQ(r.status, c.status) << c.name << "\n" << r.body.substr(0, 300);
    EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << c.name;
    auto v = json::parse(r.body);
    EXPECT_NE(std::string(v.at("type").as_string()).find(c.type), std::string::npos)
        << c.name << " " << r.body;
    EXPECT_FALSE(v.at("detail").as_string().empty()) << c.name;
    EXPECT_FALSE(v.at("detail_en").as_string().empty()) << c.name;
    if (!c.pointer.empty()) {
      bool found = false;
      for (const auto& e : v.at("errors").as_array()) {
        found = found || e.at("pointer").as_string() == c.pointer;
        EXPECT_FALSE(e.at("message").as_string().empty());
        EXPECT_FALSE(e.at("message_en").as_string().empty());
      }
      EXPECT_TRUE(found) << c.name << ": no error at " << c.pointer << "\n" << r.body;
    }
  }
  EXPECT_EQ(dump(), before);
  EXPECT_EQ(a_->get_json(url).at("version"), action.at("version"));
}

TEST_F(EditingTest, CreateEditDeleteWithAudit) {
  auto cats = a_->get_json("/api/v1/regions/minami-sorachi/categories");
  const auto category_id = cats.at("items").as_array().at(0).at("id").as_int64();
  json::object body{
      {"category_id", category_id}, {"fiscal_year", 2025}, {"text", "新しい主な取組み"}};
  auto created =
      a_->request("POST", "/api/v1/regions/minami-sorachi/initiatives", json::serialize(body));
  ASSERT_EQ(created.status, 201u) << created.body;
  auto ini = json::parse(created.body).as_object();
  const std::string url =
      "/api/v1/regions/minami-sorachi/initiatives/" + std::to_string(ini.at("id").as_int64());
  EXPECT_EQ(created.header("etag"), etag(ini));
  // It shows in the vision of FY2025.
  auto vision = a_->request("GET", "/api/v1/regions/minami-sorachi/vision?fy=2025");
  EXPECT_NE(vision.body.find("新しい主な取組み"), std::string::npos);
  auto patched =
      a_->request("PATCH", url, R"({"text":"直した主な取組み"})", {{"If-Match", etag(ini)}});
  ASSERT_EQ(patched.status, 200u) << patched.body;
  auto del_stale = a_->request("DELETE", url, "", {{"If-Match", etag(ini)}});
  EXPECT_EQ(del_stale.status, 412u);
  auto del = a_->request("DELETE", url, "", {{"If-Match", patched.header("etag")}});
  EXPECT_EQ(del.status, 204u) << del.body;
  EXPECT_EQ(a_->request("GET", url).status, 404u);
  auto audit =
      a_->get_json("/api/v1/regions/minami-sorachi/audit?record_type=initiative&record_id=" +
                   std::to_string(ini.at("id").as_int64()));
  const auto& entries = audit.at("entries").as_array();
  ASSERT_GE(entries.size(), 3u);
  EXPECT_EQ(entries[0].at("action"), "delete");  // newest first
  EXPECT_EQ(entries[0].at("before").at("text"), "直した主な取組み");
  EXPECT_EQ(entries[0].at("actor"), "sec-a");
  bool saw_update = false;
  for (const auto& e : entries) {
    if (e.at("action") == "update") {
      saw_update = true;
      EXPECT_EQ(e.at("before").at("text"), "新しい主な取組み");
      EXPECT_EQ(e.at("after").at("text"), "直した主な取組み");
    }
  }
  EXPECT_TRUE(saw_update);
}

TEST_F(EditingTest, LifecycleTransitionsFollowTheRules) {
  auto cats = a_->get_json("/api/v1/regions/minami-sorachi/categories");
  json::object candidate;
  for (const auto& c : cats.at("items").as_array()) {
    if (c.at("name") == "高齢者福祉") candidate = c.as_object();
  }
  ASSERT_FALSE(candidate.empty());
  const std::string base =
      "/api/v1/regions/minami-sorachi/categories/" + std::to_string(candidate.at("id").as_int64());
  // 候補 (2025) → 協議中 in 2026: fine.
  auto ok =
      a_->request("POST", base + "/stages", R"({"stage":"discussing","from_fiscal_year":2026})",
                  {{"If-Match", etag(candidate)}});
  ASSERT_EQ(ok.status, 200u) << ok.body;
  auto now = json::parse(ok.body).as_object();
  EXPECT_EQ(now.at("stages").as_array().size(), 2u);
  // Going back to 候補 later is refused by the domain rule, naming the field.
  auto back =
      a_->request("POST", base + "/stages", R"({"stage":"candidate","from_fiscal_year":2027})",
                  {{"If-Match", etag(now)}});
  EXPECT_EQ(back.status, 422u) << back.body;
  EXPECT_NE(back.body.find("/stage"), std::string::npos);
  auto vision = a_->get_json("/api/v1/regions/minami-sorachi/vision?fy=2026");
  bool discussing = false;
  for (const auto& d : vision.at("discussing").as_array())
    discussing = discussing || d.at("category") == "高齢者福祉";
  EXPECT_TRUE(discussing);
}

TEST_F(EditingTest, MunicipalityEditorsChangeOnlyTheirOwnRows) {
  Client town(server_->port());
  ASSERT_EQ(town.sign_in("nanporo"), 200u);
  const auto action = first_action();
  const std::string url = action_url(action);
  auto own = town.request("PUT", url + "/participants/01423", "", {{"If-Match", etag(action)}});
  EXPECT_EQ(own.status, 200u) << own.body;
  auto after = json::parse(own.body).as_object();
  auto other = town.request("PUT", url + "/participants/01209", "", {{"If-Match", etag(after)}});
  EXPECT_EQ(other.status, 403u);
  auto edit = town.request("PATCH", url, R"({"text":"町が書き換え"})", {{"If-Match", etag(after)}});
  EXPECT_EQ(edit.status, 403u);
  Client council(server_->port());
  ASSERT_EQ(council.sign_in("council"), 200u);
  EXPECT_EQ(council.request("GET", url).status, 200u);
  EXPECT_EQ(council.request("PATCH", url, R"({"text":"x"})", {{"If-Match", etag(after)}}).status,
            403u);
  EXPECT_EQ(council.request("GET", "/api/v1/regions/minami-sorachi/audit").status, 403u);
}

TEST_F(EditingTest, AuditVerifyFindsAnAlteredEntry) {
  auto ok = server_->cli({"audit", "verify"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("intact"), std::string::npos);
  // The database itself refuses to change or remove audit rows.
  auto refused = testing::run({"/usr/bin/sqlite3", server_->db_path(),
                               "UPDATE audit_log SET actor = 'someone-else' WHERE id = 3"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("append-only"), std::string::npos) << refused.err;
  EXPECT_NE(
      testing::run({"/usr/bin/sqlite3", server_->db_path(), "DELETE FROM audit_log"}).exit_code, 0);
  // Alter one entry by hand, as someone with the sqlite3 shell would: they must drop the
  // trigger first (they can: the file is theirs), and verify still names the entry.
  auto tamper = testing::run({"/usr/bin/sqlite3", server_->db_path(),
                              "DROP TRIGGER audit_log_no_update; "
                              "UPDATE audit_log SET actor = 'someone-else' WHERE id = 3"});
  ASSERT_EQ(tamper.exit_code, 0) << tamper.err;
  auto bad = server_->cli({"audit", "verify"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("entry 3"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace kyosei

namespace kyosei {
namespace {

// The same editing path on PostgreSQL: versions, conflicts, validation and the audit chain.
TEST(EditingOnPostgres, ConflictValidationAndAudit) {
  KyoseiServer server(kUsers, {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  Client a(server.port()), b(server.port());
  ASSERT_EQ(a.sign_in("sec-a"), 200u);
  ASSERT_EQ(b.sign_in("sec-b"), 200u);
  auto list = a.get_json("/api/v1/regions/minami-sorachi/actions");
  const auto action = list.at("items").as_array().at(0).as_object();
  const std::string url =
      "/api/v1/regions/minami-sorachi/actions/" + std::to_string(action.at("id").as_int64());
  const std::string tag = "\"v" + std::to_string(action.at("version").as_int64()) + "\"";
  auto first = a.request("PATCH", url, R"({"text":"PGで変更"})", {{"If-Match", tag}});
  EXPECT_EQ(first.status, 200u) << first.body;
  auto second = b.request("PATCH", url, R"({"text":"遅れた変更"})", {{"If-Match", tag}});
  EXPECT_EQ(second.status, 412u) << second.body;
  auto bad = a.request("PATCH", url, R"({"lead":"01430","participants":["01423"]})",
                       {{"If-Match", first.header("etag")}});
  EXPECT_EQ(bad.status, 422u) << bad.body;
  EXPECT_EQ(a.get_json(url).at("text").as_string(), "PGで変更");
  auto verify = server.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  auto audit = a.get_json("/api/v1/regions/minami-sorachi/audit?record_type=action");
  EXPECT_GE(audit.at("entries").as_array().size(), 2u);
  // PostgreSQL refuses changes to the audit trail and winding the anchor back, too.
  auto db = storage::Database::open(server.db_url());
  for (const char* stmt : {"UPDATE audit_log SET actor = 'x' WHERE id = 1", "DELETE FROM audit_log",
                           "TRUNCATE audit_log", "UPDATE audit_anchor SET entries = 0"}) {
    EXPECT_THROW(db->with_session([&](soci::session& sql) { sql << stmt; }), std::exception)
        << stmt;
  }
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

}  // namespace
}  // namespace kyosei

namespace kyosei {
namespace {

TEST_F(EditingTest, NewCategoryStartsAsCandidate) {
  auto fields = a_->get_json("/api/v1/regions/minami-sorachi/fields");
  const auto field_id = fields.at("items").as_array().at(0).at("id").as_int64();
  json::object body{{"field_id", field_id}, {"name", "新しいカテゴリ"}};
  auto r = a_->request("POST", "/api/v1/regions/minami-sorachi/categories", json::serialize(body));
  ASSERT_EQ(r.status, 201u) << r.body;
  auto cat = json::parse(r.body);
  ASSERT_EQ(cat.at("stages").as_array().size(), 1u);
  EXPECT_EQ(cat.at("stages").as_array()[0].at("stage"), "candidate");
  EXPECT_EQ(cat.at("stages").as_array()[0].at("from_fiscal_year"), 2025);
  body["name"] = "協議から始めるカテゴリ";
  body["stage"] = "discussing";
  body["from_fiscal_year"] = 2026;
  auto d = a_->request("POST", "/api/v1/regions/minami-sorachi/categories", json::serialize(body));
  ASSERT_EQ(d.status, 201u) << d.body;
  EXPECT_EQ(json::parse(d.body).at("stages").as_array()[0].at("stage"), "discussing");
  body["name"] = "名前の重複";
  auto dup =
      a_->request("POST", "/api/v1/regions/minami-sorachi/categories", json::serialize(body));
  EXPECT_EQ(dup.status, 201u);
  auto again =
      a_->request("POST", "/api/v1/regions/minami-sorachi/categories", json::serialize(body));
  EXPECT_EQ(again.status, 409u) << again.body;
}

}  // namespace
}  // namespace kyosei

namespace kyosei {
namespace {

// A reference to another region's record is refused with the field named, not a 500.
TEST(EditingAcrossRegions, ReferencesStayInsideTheRegion) {
  KyoseiServer server(kUsers);
  std::string text = server.cli({"dump", "minami-sorachi"}).out;
  text.replace(text.find("slug: minami-sorachi"), std::string("slug: minami-sorachi").size(),
               "slug: other");
  const std::string path = "/tmp/kyosei_other_" + std::to_string(::getpid()) + ".yaml";
  std::ofstream(path) << text;
  ASSERT_EQ(server.cli({"check", "--seal", path}).exit_code, 0);  // edited by hand
  ASSERT_EQ(server.cli({"load", path}).exit_code, 0);
  std::remove(path.c_str());
  Client a(server.port());
  ASSERT_EQ(a.sign_in("sec-a"), 200u);  // secretariat of minami-sorachi only
  // Wait until the server sees the new region (another process loaded it).
  for (int i = 0; i < 50; ++i) {
    auto r = a.request("GET", "/api/v1/regions/other");
    if (r.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto fields = a.get_json("/api/v1/regions/minami-sorachi/fields");
  auto field = fields.at("items").as_array().at(0).as_object();
  // policy areas of "other" have ids after minami-sorachi's three.
  auto patch = a.request(
      "PATCH", "/api/v1/regions/minami-sorachi/fields/" + std::to_string(field.at("id").as_int64()),
      R"({"policy_area_id":4})",
      {{"If-Match", "\"v" + std::to_string(field.at("version").as_int64()) + "\""}});
  EXPECT_EQ(patch.status, 422u) << patch.body;
  EXPECT_NE(patch.body.find("/policy_area_id"), std::string::npos);
  // And the other region's records are not reachable through this region's URL.
  EXPECT_EQ(a.request("GET", "/api/v1/regions/minami-sorachi/fields/" +
                                 std::to_string(field.at("id").as_int64() + 17))
                .status,
            404u);
  EXPECT_EQ(a.request("GET", "/api/v1/regions/other/fields").status, 403u);
}

// ---- review findings on issue 3 ------------------------------------------------------------

std::vector<json::value> audit_of(Client& c, const std::string& query) {
  auto a = c.get_json("/api/v1/regions/minami-sorachi/audit?" + query);
  std::vector<json::value> out;
  for (const auto& e : a.at("entries").as_array()) out.push_back(e);
  return out;
}

long long category_id(Client& c, std::size_t index) {
  auto cats = c.get_json("/api/v1/regions/minami-sorachi/categories");
  return cats.at("items").as_array().at(index).at("id").as_int64();
}

TEST_F(EditingTest, AnActionsInitiativeMustBeOfItsCategoryAndYear) {
  const long long c0 = category_id(*a_, 0), c1 = category_id(*a_, 1);
  auto make_initiative = [&](long long cat, int fy) {
    auto r = a_->request("POST", "/api/v1/regions/minami-sorachi/initiatives",
                         json::serialize(json::object{
                             {"category_id", cat}, {"fiscal_year", fy}, {"text", "取組み"}}));
    EXPECT_EQ(r.status, 201u) << r.body;
    return json::parse(r.body).at("id").as_int64();
  };
  const long long same = make_initiative(c0, 2027);
  const long long other_year = make_initiative(c0, 2028);
  const long long other_cat = make_initiative(c1, 2027);
  auto post_action = [&](long long initiative_id) {
    return a_->request("POST", "/api/v1/regions/minami-sorachi/actions",
                       json::serialize(json::object{{"category_id", c0},
                                                    {"fiscal_year", 2027},
                                                    {"initiative_id", initiative_id},
                                                    {"text", "具体的取組"}}));
  };
  const std::string before = dump();
  for (long long bad : {other_year, other_cat}) {
    auto r = post_action(bad);
    EXPECT_EQ(r.status, 422u) << r.body;
    EXPECT_NE(r.body.find("/initiative_id"), std::string::npos) << r.body;
  }
  EXPECT_EQ(dump(), before);
  auto ok = post_action(same);
  ASSERT_EQ(ok.status, 201u) << ok.body;
  auto action = json::parse(ok.body).as_object();
  auto moved = a_->request("PATCH", action_url(action),
                           json::serialize(json::object{{"initiative_id", other_cat}}),
                           {{"If-Match", etag(action)}});
  EXPECT_EQ(moved.status, 422u) << moved.body;
  EXPECT_NE(moved.body.find("/initiative_id"), std::string::npos);
}

TEST_F(EditingTest, ImplicitYearCreationIsAudited) {
  const long long c = category_id(*a_, 2);
  auto r = a_->request("POST", "/api/v1/regions/minami-sorachi/initiatives",
                       json::serialize(json::object{
                           {"category_id", c}, {"fiscal_year", 2029}, {"text", "新年度の取組み"}}));
  ASSERT_EQ(r.status, 201u) << r.body;
  auto entries =
      audit_of(*a_, "record_type=category_year&record_id=" + std::to_string(c) + "%2F2029");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].at("action"), "create");
  EXPECT_EQ(entries[0].at("after").at("fiscal_year"), 2029);
}

TEST_F(EditingTest, RejectedChangesAreAuditedWithTheRecord) {
  const std::string stale = "\"v999\"";
  EXPECT_EQ(a_->request("PATCH", "/api/v1/regions/minami-sorachi", R"({"name":"x"})",
                        {{"If-Match", stale}})
                .status,
            412u);
  auto region = audit_of(*a_, "record_type=region&record_id=minami-sorachi");
  ASSERT_FALSE(region.empty());
  EXPECT_EQ(region[0].at("action"), "update-rejected");
  EXPECT_EQ(region[0].at("region"), "minami-sorachi");
  const long long c = category_id(*a_, 0);
  const std::string cat = std::to_string(c);
  EXPECT_EQ(
      a_->request("DELETE", "/api/v1/regions/minami-sorachi/categories/" + cat + "/stages/2025", "",
                  {{"If-Match", stale}})
          .status,
      412u);
  auto stage = audit_of(*a_, "record_type=category&record_id=" + cat);
  ASSERT_FALSE(stage.empty());
  EXPECT_EQ(stage[0].at("action"), "update-rejected");
  EXPECT_EQ(a_->request("PUT", "/api/v1/regions/minami-sorachi/categories/" + cat + "/years/2025",
                        R"({"direction":"x"})", {{"If-Match", stale}})
                .status,
            412u);
  auto year = audit_of(*a_, "record_type=category_year&record_id=" + cat + "%2F2025");
  ASSERT_FALSE(year.empty());
  EXPECT_EQ(year[0].at("action"), "update-rejected");
}

TEST_F(EditingTest, YearTextsFollowTheTextRules) {
  const std::string cat = std::to_string(category_id(*a_, 0));
  const std::string url = "/api/v1/regions/minami-sorachi/categories/" + cat + "/years/2025";
  const std::string tag = a_->request("GET", url).header("etag");
  const std::string before = dump();
  auto ctrl = a_->request("PUT", url, json::serialize(json::object{{"direction", "a\u0001b"}}),
                          {{"If-Match", tag}});
  EXPECT_EQ(ctrl.status, 422u) << ctrl.body;
  EXPECT_NE(ctrl.body.find("/direction"), std::string::npos);
  auto topic = a_->request(
      "PUT", url,
      json::serialize(json::object{{"topics", json::array{"ok", std::string(4001, 'x')}}}),
      {{"If-Match", tag}});
  EXPECT_EQ(topic.status, 422u) << topic.body;
  EXPECT_NE(topic.body.find("/topics/1"), std::string::npos);
  EXPECT_EQ(dump(), before);
}

TEST_F(EditingTest, LeavingAnAllTownsActionIsRefused) {
  auto action = first_action();
  auto all =
      a_->request("PATCH", action_url(action), R"({"all_participate":true,"participants":[]})",
                  {{"If-Match", etag(action)}});
  ASSERT_EQ(all.status, 200u) << all.body;
  auto now = json::parse(all.body).as_object();
  auto leave =
      a_->request("DELETE", action_url(now) + "/participants/01423", "", {{"If-Match", etag(now)}});
  EXPECT_EQ(leave.status, 409u) << leave.body;
  EXPECT_NE(leave.body.find("all_participate"), std::string::npos);
  EXPECT_EQ(a_->get_json(action_url(now)).at("version"), now.at("version"));
}

TEST_F(EditingTest, IfMatchStarMatchesAnyCurrentVersion) {
  auto action = first_action();
  auto r = a_->request("PATCH", action_url(action), R"({"funding":"単独"})", {{"If-Match", "*"}});
  EXPECT_EQ(r.status, 200u) << r.body;
  auto missing = a_->request("PATCH", "/api/v1/regions/minami-sorachi/actions/999999",
                             R"({"funding":"単独"})", {{"If-Match", "*"}});
  EXPECT_EQ(missing.status, 404u);
}

TEST_F(EditingTest, DeletingARecordStillInUseIsRefused) {
  const std::string before = dump();
  auto del = [&](const std::string& resource, const json::object& rec, const std::string& key) {
    return a_->request("DELETE", "/api/v1/regions/minami-sorachi/" + resource + "/" + key, "",
                       {{"If-Match", etag(rec)}});
  };
  auto first = [&](const std::string& resource) {
    return a_->get_json("/api/v1/regions/minami-sorachi/" + resource)
        .at("items")
        .as_array()
        .at(0)
        .as_object();
  };
  auto field = first("fields");
  auto r = del("fields", field, std::to_string(field.at("id").as_int64()));
  EXPECT_EQ(r.status, 409u) << r.body;
  EXPECT_NE(r.body.find("categories"), std::string::npos) << r.body;
  auto town = a_->get_json("/api/v1/regions/minami-sorachi/municipalities/01423").as_object();
  r = del("municipalities", town, "01423");
  EXPECT_EQ(r.status, 409u) << r.body;
  EXPECT_NE(r.body.find("still in use by"), std::string::npos) << r.body;
  // A category with KPIs or actions.
  json::object used;
  const auto cats = a_->get_json("/api/v1/regions/minami-sorachi/categories");
  for (const auto& c : cats.at("items").as_array())
    if (c.at("name") == "防災") used = c.as_object();
  ASSERT_FALSE(used.empty());
  r = del("categories", used, std::to_string(used.at("id").as_int64()));
  EXPECT_EQ(r.status, 409u) << r.body;
  EXPECT_EQ(dump(), before);  // nothing cascaded away
  // A new category with only a yearly direction goes, and the direction stays in the audit.
  auto created = a_->request(
      "POST", "/api/v1/regions/minami-sorachi/categories",
      json::serialize(json::object{{"field_id", field.at("id").as_int64()}, {"name", "消す予定"}}));
  ASSERT_EQ(created.status, 201u) << created.body;
  auto cat = json::parse(created.body).as_object();
  const std::string cid = std::to_string(cat.at("id").as_int64());
  ASSERT_EQ(a_->request("PUT", "/api/v1/regions/minami-sorachi/categories/" + cid + "/years/2026",
                        R"({"direction":"記録に残る方向"})")
                .status,
            200u);
  cat = a_->get_json("/api/v1/regions/minami-sorachi/categories/" + cid).as_object();
  r = del("categories", cat, cid);
  EXPECT_EQ(r.status, 204u) << r.body;
  auto entries = audit_of(*a_, "record_type=category&record_id=" + cid);
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0].at("action"), "delete");
  EXPECT_EQ(entries[0].at("before").at("years").at(0).at("direction"), "記録に残る方向");
  // Soft deletion: gone from every read, but the row stays, marked, and its id is not reused.
  EXPECT_EQ(a_->request("GET", "/api/v1/regions/minami-sorachi/categories/" + cid).status, 404u);
  EXPECT_EQ(
      a_->request("GET", "/api/v1/regions/minami-sorachi/categories/" + cid + "/years/2026").status,
      404u);
  EXPECT_EQ(dump().find("消す予定"), std::string::npos);
  EXPECT_EQ(
      a_->get_json(
            "/api/v1/regions/minami-sorachi/search?q=%E8%A8%98%E9%8C%B2%E3%81%AB%E6%AE%8B%E3%82%8B")
          .at("hits")
          .as_array()
          .size(),
      0u);
  auto row =
      testing::run({"/usr/bin/sqlite3", server_->db_path(),
                    "SELECT deleted_by, deleted_at IS NOT NULL FROM categories WHERE id = " + cid});
  EXPECT_EQ(row.out, "sec-a|1\n");
  auto again = a_->request(
      "POST", "/api/v1/regions/minami-sorachi/categories",
      json::serialize(json::object{{"field_id", field.at("id").as_int64()}, {"name", "消す予定"}}));
  EXPECT_EQ(again.status, 409u) << again.body;  // a deleted record keeps its name
  auto next = a_->request(
      "POST", "/api/v1/regions/minami-sorachi/categories",
      json::serialize(json::object{{"field_id", field.at("id").as_int64()}, {"name", "次の分類"}}));
  ASSERT_EQ(next.status, 201u) << next.body;
  EXPECT_GT(json::parse(next.body).at("id").as_int64(), cat.at("id").as_int64());
}

TEST_F(EditingTest, AuditFiltersAreValidated) {
  for (const auto& [query, param] : std::vector<std::pair<std::string, std::string>>{
           {"from=yesterday", "from"},
           {"to=2025-13-01", "to"},
           {"from=2025-04-01T09:00Z&to=2025-04-01", "to"},
           {"record_type=DROP%20TABLE", "record_type"},
           {"actor=a%07b", "actor"},
           {"before=12abc", "before"},
           {"before=0", "before"}}) {
    auto r = a_->request("GET", "/api/v1/regions/minami-sorachi/audit?" + query);
    EXPECT_EQ(r.status, 400u) << query << " " << r.body;
    EXPECT_NE(r.body.find("\"" + param + "\""), std::string::npos) << query << " " << r.body;
  }
  for (const char* good : {"from=2025-04-01", "from=2025-04-01T09:00:00.123Z&to=2099-01-01",
                           "record_type=category_year&actor=sec-a"}) {
    EXPECT_EQ(
        a_->request("GET", std::string("/api/v1/regions/minami-sorachi/audit?") + good).status,
        200u)
        << good;
  }
}

}  // namespace
}  // namespace kyosei

namespace kyosei {
namespace {

// Its own server: the fixture's chain is altered on purpose by the test above.
TEST(EditingAudit, VerifyFindsEntriesRemovedFromTheEnd) {
  KyoseiServer server(kUsers);
  Client a(server.port());
  ASSERT_EQ(a.sign_in("sec-a"), 200u);
  auto action = a.get_json("/api/v1/regions/minami-sorachi/actions").at("items").at(0).as_object();
  const std::string tag = "\"v" + std::to_string(action.at("version").as_int64()) + "\"";
  const std::string url =
      "/api/v1/regions/minami-sorachi/actions/" + std::to_string(action.at("id").as_int64());
  ASSERT_EQ(a.request("PATCH", url, R"({"funding":"削る前"})", {{"If-Match", tag}}).status, 200u);
  ASSERT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
  // Cutting the tail leaves a valid chain; the anchor still counts the removed entries.
  auto cut = testing::run({"/usr/bin/sqlite3", server.db_path(),
                           "DROP TRIGGER audit_log_no_delete; "
                           "DELETE FROM audit_log WHERE id > (SELECT MAX(id) - 2 FROM audit_log)"});
  ASSERT_EQ(cut.exit_code, 0) << cut.err;
  auto bad = server.cli({"audit", "verify"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("removed"), std::string::npos) << bad.err;
  // Nor can the anchor be wound back to match.
  auto wind = testing::run(
      {"/usr/bin/sqlite3", server.db_path(), "UPDATE audit_anchor SET entries = entries - 2"});
  EXPECT_NE(wind.exit_code, 0);
}

}  // namespace
}  // namespace kyosei
