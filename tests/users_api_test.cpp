// User management in a region (issue 11; ADR 0015), against the real server on SQLite and
// PostgreSQL: the secretariat lists its region's users with town names, adds one with a
// one-time temporary password that must be changed before anything else, moves a grant
// between towns, disables and enables, resets a password; it never touches itself,
// administrators or users of other regions; every change is audited without the password.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::Client;
using testing::KyoseiServer;

const testing::Users kUsers = {
    {"sec", {testing::kSecretariat}},
    {"editor", {testing::kNanporoEditor}},
    {"admin", {"admin"}},
    {"both", {testing::kNanporoEditor, "minami-sorachi:council_member"}},
};

constexpr const char* kUsersPath = "/api/v1/regions/minami-sorachi/users";

json::object user_named(Client& c, const std::string& login) {
  const auto list = c.get_json(kUsersPath);
  for (const auto& u : list.at("users").as_array()) {
    if (u.at("login").as_string() == login) return u.as_object();
  }
  return {};
}

std::string path_of(long long id, const std::string& tail = "") {
  return std::string(kUsersPath) + "/" + std::to_string(id) + tail;
}

std::string password_body(const std::string& current, const std::string& next) {
  return json::serialize(json::object{{"current", current}, {"new", next}});
}

void secretariat_manages_its_towns_users(const std::string& engine) {
  KyoseiServer server(kUsers, {}, engine);
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);

  // The list shows grants by the town's name; the secretariat itself is not manageable.
  const auto editor = user_named(sec, "editor");
  ASSERT_FALSE(editor.empty());
  EXPECT_EQ(editor.at("grants").at(0).at("municipality_name").as_string(), "南幌町");
  EXPECT_TRUE(editor.at("manageable").as_bool());
  EXPECT_FALSE(user_named(sec, "sec").at("manageable").as_bool());
  EXPECT_TRUE(user_named(sec, "admin").empty());  // no grant here: not listed

  // Add: 201, a temporary password shown once, the town by name.
  auto added = sec.request(
      "POST", kUsersPath,
      R"({"login":"tanaka.k","display_name":"田中 一郎","grants":[{"role":"municipality_editor","municipality":"01209"}]})");
  ASSERT_EQ(added.status, 201u) << added.body;
  EXPECT_NE(added.header("cache-control").find("no-store"), std::string::npos);
  const auto created = json::parse(added.body).as_object();
  const std::string temp(created.at("temporary_password").as_string());
  EXPECT_EQ(temp.size(), 19u);
  const auto& nu = created.at("user").as_object();
  const long long id = nu.at("id").as_int64();
  EXPECT_TRUE(nu.at("must_change_password").as_bool());
  EXPECT_EQ(nu.at("grants").at(0).at("municipality_name").as_string(), "夕張市");
  // The same login again: 409 at /login.
  auto twice = sec.request(
      "POST", kUsersPath,
      R"({"login":"tanaka.k","display_name":"別人","grants":[{"role":"council_member"}]})");
  EXPECT_EQ(twice.status, 409u) << twice.body;
  // A town that is not the region's, an admin flag, no grant: 422 naming the field.
  auto bad_town = sec.request(
      "POST", kUsersPath,
      R"({"login":"x1","display_name":"X","grants":[{"role":"municipality_editor","municipality":"13101"}]})");
  EXPECT_EQ(bad_town.status, 422u);
  EXPECT_NE(bad_town.body.find("/grants"), std::string::npos) << bad_town.body;
  auto admin_flag = sec.request(
      "POST", kUsersPath,
      R"({"login":"x2","display_name":"X","is_admin":true,"grants":[{"role":"council_member"}]})");
  EXPECT_EQ(admin_flag.status, 422u);
  EXPECT_NE(admin_flag.body.find("/is_admin"), std::string::npos) << admin_flag.body;
  auto no_grant =
      sec.request("POST", kUsersPath, R"({"login":"x3","display_name":"X","grants":[]})");
  EXPECT_EQ(no_grant.status, 422u);
  auto bad_login =
      sec.request("POST", kUsersPath,
                  R"({"login":"田中","display_name":"X","grants":[{"role":"council_member"}]})");
  EXPECT_EQ(bad_login.status, 422u);
  EXPECT_NE(bad_login.body.find("/login"), std::string::npos) << bad_login.body;

  // The new user signs in with it and may do nothing but change it.
  Client newbie(server.port());
  ASSERT_EQ(newbie.sign_in("tanaka.k", temp), 200u);
  auto me = newbie.get_json("/api/v1/me");
  EXPECT_TRUE(me.at("user").at("must_change_password").as_bool());
  EXPECT_EQ(newbie.request("GET", "/api/v1/regions/minami-sorachi/progress").status, 403u);
  const std::string own = "自分で決めた長いパスワード";
  auto changed = newbie.request("POST", "/api/v1/me/password", password_body(temp, own));
  ASSERT_EQ(changed.status, 204u) << changed.body;
  // The session continues under a new id (rotation).
  const std::string rotated = changed.header("set-cookie");
  newbie.set_cookie(rotated.substr(0, rotated.find(';')));
  EXPECT_EQ(newbie.request("GET", "/api/v1/regions/minami-sorachi/progress").status, 200u);
  EXPECT_FALSE(newbie.get_json("/api/v1/me").at("user").at("must_change_password").as_bool());

  // Move the grant from 夕張市 to 南幌町: it applies to the running session at once.
  auto moved = sec.request("PUT", path_of(id, "/grants"),
                           R"({"grants":[{"role":"municipality_editor","municipality":"01423"}]})");
  ASSERT_EQ(moved.status, 200u) << moved.body;
  EXPECT_EQ(json::parse(moved.body).at("grants").at(0).at("municipality_name").as_string(),
            "南幌町");
  EXPECT_EQ(newbie.get_json("/api/v1/me").at("user").at("roles").at(0).at("municipality"), "01423");

  // Disable: sessions end and sign-in fails; enable: sign-in works again.
  auto off = sec.request("PATCH", path_of(id), R"({"disabled":true})");
  ASSERT_EQ(off.status, 200u) << off.body;
  EXPECT_TRUE(json::parse(off.body).at("disabled").as_bool());
  EXPECT_EQ(newbie.request("GET", "/api/v1/me").status, 401u);
  Client again(server.port());
  EXPECT_EQ(again.sign_in("tanaka.k", own), 401u);
  EXPECT_EQ(sec.request("PATCH", path_of(id), R"({"disabled":false})").status, 200u);
  EXPECT_EQ(again.sign_in("tanaka.k", own), 200u);

  // Reset: a new temporary password; the old one no longer works; sessions end.
  auto reset = sec.request("POST", path_of(id, "/password-reset"));
  ASSERT_EQ(reset.status, 200u) << reset.body;
  const std::string temp2(json::parse(reset.body).at("temporary_password").as_string());
  EXPECT_NE(temp2, temp);
  EXPECT_EQ(again.request("GET", "/api/v1/me").status, 401u);
  Client third(server.port());
  EXPECT_EQ(third.sign_in("tanaka.k", own), 401u);
  EXPECT_EQ(third.sign_in("tanaka.k", temp2), 200u);
  EXPECT_TRUE(third.get_json("/api/v1/me").at("user").at("must_change_password").as_bool());

  // Never themselves, never an administrator or a user with roles elsewhere.
  const long long sec_id = user_named(sec, "sec").at("id").as_int64();
  auto self_off = sec.request("PATCH", path_of(sec_id), R"({"disabled":true})");
  EXPECT_EQ(self_off.status, 422u) << self_off.body;
  EXPECT_NE(self_off.body.find("/disabled"), std::string::npos);
  EXPECT_EQ(sec.request("POST", path_of(sec_id, "/password-reset")).status, 422u);
  Client admin(server.port());
  ASSERT_EQ(admin.sign_in("admin"), 200u);
  const long long admin_id = admin.get_json("/api/v1/me").at("user").at("id").as_int64();
  EXPECT_EQ(sec.request("PATCH", path_of(admin_id), R"({"disabled":true})").status, 404u);
  EXPECT_EQ(admin.request("PATCH", path_of(admin_id), R"({"disabled":true})").status, 422u);
  // The administrator may manage anyone but themselves.
  const long long editor_id = editor.at("id").as_int64();
  EXPECT_EQ(admin.request("PATCH", path_of(editor_id), R"({"disabled":true})").status, 200u);
  EXPECT_EQ(admin.request("PATCH", path_of(editor_id), R"({"disabled":false})").status, 200u);
  // Unknown fields and ids: 422 / 404.
  EXPECT_EQ(sec.request("PATCH", path_of(id), R"({"disabled":"yes"})").status, 422u);
  EXPECT_EQ(sec.request("PATCH", path_of(99999), R"({"disabled":true})").status, 404u);
  EXPECT_EQ(sec.request("PATCH", std::string(kUsersPath) + "/abc", R"({"disabled":true})").status,
            404u);

  // Audited with the region, by the secretariat, without any password.
  auto audit = sec.request("GET", "/api/v1/regions/minami-sorachi/audit?record_type=user");
  ASSERT_EQ(audit.status, 200u) << audit.body;
  for (const char* action :
       {"user-add", "user-roles", "user-disable", "user-enable", "password-reset"}) {
    EXPECT_NE(audit.body.find(action), std::string::npos) << action << " " << audit.body;
  }
  EXPECT_EQ(audit.body.find(temp), std::string::npos);
  EXPECT_EQ(audit.body.find(temp2), std::string::npos);
  EXPECT_EQ(server.log().find(temp), std::string::npos);
  EXPECT_EQ(server.cli({"audit", "verify"}).exit_code, 0);
}

TEST(Users, SecretariatManagesItsTownsUsers) { secretariat_manages_its_towns_users("sqlite"); }
TEST(UsersPostgres, SecretariatManagesItsTownsUsers) {
  secretariat_manages_its_towns_users("postgres");
}

// A second region (the demo under another slug), run by the secretariat "other-sec".
void add_second_region(const KyoseiServer& server) {
  testing::load_demo_as(server, "other-sphere");
}

TEST(Users, ASecretariatDoesNotManageUsersWithRolesElsewhere) {
  KyoseiServer server(kUsers);
  add_second_region(server);
  auto grant = server.cli({"user", "role", "both", "--role", testing::kNanporoEditor, "--role",
                           "other-sphere:council_member"});
  ASSERT_EQ(grant.exit_code, 0) << grant.err;
  auto add = server.cli({"user", "add", "other-sec", "--role", "other-sphere:secretariat"},
                        testing::kTestPassword + "\n");
  ASSERT_EQ(add.exit_code, 0) << add.err;

  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  const auto both = user_named(sec, "both");
  ASSERT_FALSE(both.empty());
  EXPECT_TRUE(both.at("other_regions").as_bool());
  EXPECT_FALSE(both.at("manageable").as_bool());
  EXPECT_EQ(both.at("grants").as_array().size(), 1u);  // only this region's grants are shown
  const long long id = both.at("id").as_int64();
  EXPECT_EQ(sec.request("PATCH", path_of(id), R"({"disabled":true})").status, 403u);
  EXPECT_EQ(sec.request("POST", path_of(id, "/password-reset")).status, 403u);
  EXPECT_EQ(sec.request("PUT", path_of(id, "/grants"),
                        R"({"grants":[{"role":"municipality_editor","municipality":"01209"}]})")
                .status,
            403u);

  // The other region's secretariat neither lists nor changes this region's users.
  Client other(server.port());
  ASSERT_EQ(other.sign_in("other-sec"), 200u);
  EXPECT_EQ(other.request("GET", kUsersPath).status, 403u);
  const long long editor_id = user_named(sec, "editor").at("id").as_int64();
  EXPECT_EQ(other
                .request("PATCH", "/api/v1/regions/other-sphere/users/" + std::to_string(editor_id),
                         R"({"disabled":true})")
                .status,
            404u);
  // A town editor has no access at all.
  Client editor(server.port());
  ASSERT_EQ(editor.sign_in("editor"), 200u);
  EXPECT_EQ(editor.request("GET", kUsersPath).status, 403u);
  EXPECT_EQ(editor
                .request("POST", kUsersPath,
                         R"({"login":"y","display_name":"Y","grants":[{"role":"secretariat"}]})")
                .status,
            403u);
}

}  // namespace
}  // namespace kyosei
