// The route × role matrix: every route of the API, every role, allowed or denied as the
// permission table says. A route whose policy this test does not know fails the test, and
// docs/permissions.md must equal the table.

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "http/api/api.hpp"
#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

using testing::Client;
using testing::KyoseiServer;

// The roles a request can come with. "editor-own" edits 南幌町 (01423), the municipality
// used in every {code} below; "editor-other" edits 夕張市.
// "editor-two" edits 夕張市 and 南幌町 (two grants), "council-editor" is a council member
// who also edits 南幌町, "other-region" is the secretariat of another region only.
// "subcommittee" sits on field 1's subcommittee: it reads the region but edits no town.
const std::vector<std::string> kRoles = {
    "public",      "no-role", "council",    "editor-own",     "editor-other", "subcommittee",
    "secretariat", "admin",   "editor-two", "council-editor", "other-region"};

const std::map<std::string, std::vector<std::string>> kUsers = {
    {"no-role", {}},
    {"council", {"minami-sorachi:council_member"}},
    {"editor-own", {"minami-sorachi:municipality_editor:01423"}},
    {"editor-other", {"minami-sorachi:municipality_editor:01209"}},
    {"subcommittee", {"minami-sorachi:subcommittee_member:1"}},
    {"secretariat", {"minami-sorachi:secretariat"}},
    {"admin", {"admin"}},
    {"editor-two",
     {"minami-sorachi:municipality_editor:01209", "minami-sorachi:municipality_editor:01423"}},
    {"council-editor",
     {"minami-sorachi:council_member", "minami-sorachi:municipality_editor:01423"}},
    {"other-region", {}},  // granted after the second region is loaded
};

const std::set<std::string> kSignedIn = {
    "no-role",     "council", "editor-own", "editor-other",   "subcommittee",
    "secretariat", "admin",   "editor-two", "council-editor", "other-region"};
const std::set<std::string> kMembers = {"council",      "editor-own",    "editor-other",
                                        "subcommittee", "secretariat",   "admin",
                                        "editor-two",   "council-editor"};

// Who each policy lets through — written out here independently of app/auth.cpp.
const std::map<app::Policy, std::set<std::string>> kAllowed = {
    {app::Policy::kPublic, {kRoles.begin(), kRoles.end()}},
    {app::Policy::kPublicRegionRead, {kRoles.begin(), kRoles.end()}},
    {app::Policy::kSigningIn, kSignedIn},
    {app::Policy::kSignedIn, kSignedIn},
    {app::Policy::kRegionMember, kMembers},
    {app::Policy::kOwnMunicipality,
     {"editor-own", "secretariat", "admin", "editor-two", "council-editor"}},
    {app::Policy::kRegionEdit, {"secretariat", "admin"}},
    {app::Policy::kAdmin, {"admin"}},
    {app::Policy::kCouncilMember, {"council", "secretariat", "admin", "council-editor"}},
    {app::Policy::kAnyMunicipality,
     {"editor-own", "editor-other", "secretariat", "admin", "editor-two", "council-editor"}},
    {app::Policy::kWorkspace,
     {"editor-own", "editor-other", "subcommittee", "secretariat", "admin", "editor-two",
      "council-editor"}},
};

std::string fill(std::string pattern) {
  const std::map<std::string, std::string> values = {{"{slug}", "minami-sorachi"},
                                                     {"{code}", "01423"},
                                                     {"{id}", "1"},
                                                     {"{fy}", "2025"},
                                                     {"{eid}", "1"},
                                                     {"{mid}", "1"},
                                                     {"{rid}", "1"},
                                                     {"{uid}", "999999"},
                                                     {"{n}", "1"},
                                                     {"{a}", "1"},
                                                     {"{b}", "2"},
                                                     {"{dataset}", "vision"}};
  for (const auto& [k, v] : values) {
    for (auto pos = pattern.find(k); pos != std::string::npos; pos = pattern.find(k))
      pattern.replace(pos, k.size(), v);
  }
  return pattern;
}

// Routes that end or change the session itself run last, each on a fresh sign-in.
bool session_changing(const http::RouteInfo& r) {
  // (POST /me/totp no longer counts: an enrolled factor stays until a new one is confirmed.)
  return r.method == "DELETE" &&
         (r.pattern == "/api/v1/session" || r.pattern == "/api/v1/me/sessions");
}

TEST(Permissions, EveryRouteHasAKnownPolicyAndTheDocsAgree) {
  const auto routes = http::api_routes();
  ASSERT_GT(routes.size(), 30u);
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : routes) {
    EXPECT_TRUE(kAllowed.contains(r.policy))
        << r.method << " " << r.pattern << " has a policy this test does not know";
    EXPECT_TRUE(seen.insert({r.method, r.pattern}).second)
        << "duplicate " << r.method << " " << r.pattern;
  }
  std::ifstream in(std::string(KYOSEI_SOURCE_DIR) + "/docs/permissions.md");
  std::ostringstream doc;
  doc << in.rdbuf();
  auto generated = testing::run({KYOSEI_BINARY, "routes"});
  EXPECT_EQ(doc.str(), generated.out)
      << "docs/permissions.md is stale: run `kyosei routes > docs/permissions.md`";
}

// A second region (the demo under another slug), and "other-region" as its secretariat.
void add_second_region(const KyoseiServer& server) {
  testing::load_demo_as(server, "other-sphere");
  auto grant = server.cli({"user", "role", "other-region", "--role", "other-sphere:secretariat"});
  ASSERT_EQ(grant.exit_code, 0) << grant.err;
}

std::set<std::string> listed_regions(Client& c) {
  std::set<std::string> out;
  const auto body = c.get_json("/api/v1/regions");
  for (const auto& r : body.at("regions").as_array())
    out.insert(std::string(r.at("slug").as_string()));
  return out;
}

// Every route of the region, not only the public reads: non-members get the 404 of a region
// that does not exist (issue 10, finding 7).
TEST(Permissions, UnpublishedRegionIsShownOnlyToItsMembers) {
  KyoseiServer server(kUsers);
  add_second_region(server);
  auto hide = testing::run({"/usr/bin/sqlite3", server.db_path(),
                            "UPDATE regions SET published = 0 WHERE slug = 'minami-sorachi'"});
  ASSERT_EQ(hide.exit_code, 0) << hide.err;
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the server's recheck
  const std::set<std::string> both = {"minami-sorachi", "other-sphere"};
  const std::set<std::string> only_other = {"other-sphere"};
  for (const std::string role :
       {"public", "no-role", "other-region", "council", "subcommittee", "editor-two", "admin"}) {
    Client c(server.port());
    if (role != "public") {
      ASSERT_EQ(c.sign_in(role), 200u) << role;
    }
    const bool member = kMembers.contains(role);
    EXPECT_EQ(listed_regions(c), member ? both : only_other) << role;
    for (const auto& r : http::api_routes()) {
      if (r.pattern.find("{slug}") == std::string::npos) continue;
      // Members: the public reads answer them as before (the matrix covers the rest).
      if (member && r.policy != app::Policy::kPublicRegionRead) continue;
      const bool unsafe = r.method != "GET" && r.method != "HEAD";
      auto res =
          c.request(r.method, fill(r.pattern) + (r.pattern.ends_with("/search") ? "?q=a" : ""),
                    unsafe ? "{}" : "");
      const std::string where = role + " " + r.pattern + " -> " + std::to_string(res.status);
      if (member) {
        EXPECT_TRUE(res.status != 401u && res.status != 403u && res.status < 500u) << where;
      } else {
        // As if it did not exist: the answer does not tell which regions there are.
        EXPECT_EQ(res.status, 404u) << where;
        EXPECT_NE(res.body.find("region-not-found"), std::string::npos) << where;
      }
    }
  }
}

TEST(Permissions, GrantsAreCheckedAndClearlyRefused) {
  KyoseiServer server(kUsers);
  auto role = [&](std::vector<std::string> grants) {
    std::vector<std::string> args = {"user", "role", "no-role"};
    for (auto& g : grants) args.insert(args.end(), {"--role", g});
    return server.cli(args);
  };
  auto twice = role({"minami-sorachi:council_member", "minami-sorachi:council_member"});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("twice"), std::string::npos) << twice.err;
  EXPECT_EQ(twice.err.find("UNIQUE"), std::string::npos) << twice.err;
  auto town = role({"minami-sorachi:municipality_editor:99999"});
  EXPECT_EQ(town.exit_code, 1);
  EXPECT_NE(town.err.find("99999"), std::string::npos) << town.err;
  // A subcommittee member is bound to fields: a town code is not a field id.
  auto sub = role({"minami-sorachi:subcommittee_member:01423"});
  EXPECT_EQ(sub.exit_code, 1);
  EXPECT_NE(sub.err.find("field 1423"), std::string::npos) << sub.err;
  auto region = role({"nowhere:council_member"});
  EXPECT_EQ(region.exit_code, 1);
  EXPECT_NE(region.err.find("nowhere"), std::string::npos) << region.err;
  auto ok =
      role({"minami-sorachi:subcommittee_member:1,2", "minami-sorachi:municipality_editor:01423",
            "minami-sorachi:municipality_editor:01209"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(server.cli({"user", "list"}).out.find("minami-sorachi:subcommittee_member:1,2"),
            std::string::npos);
}

TEST(Permissions, RouteByRoleMatrix) {
  KyoseiServer server(kUsers);
  add_second_region(server);
  const auto routes = http::api_routes();
  int checked = 0;
  for (const auto& role : kRoles) {
    auto make_client = [&] {
      Client c(server.port());
      if (role != "public") {
        EXPECT_EQ(c.sign_in(role), 200u) << role;
      }
      return c;
    };
    Client client = make_client();
    std::vector<http::RouteInfo> ordered;
    for (const auto& r : routes) {
      if (!session_changing(r)) ordered.push_back(r);
    }
    for (const auto& r : routes) {
      if (session_changing(r)) ordered.push_back(r);
    }
    for (const auto& r : ordered) {
      Client fresh = session_changing(r) ? make_client() : client;
      const bool unsafe = r.method != "GET" && r.method != "HEAD";
      // Unsafe requests carry an empty object and no If-Match: an allowed one then fails
      // validation or the precondition (4xx, never 401/403) and changes nothing.
      auto res = fresh.request(r.method, fill(r.pattern), unsafe ? "{}" : "");
      const bool allowed = kAllowed.at(r.policy).contains(role);
      const std::string where = role + " " + r.method + " " + r.pattern + " -> " +
                                std::to_string(res.status) + " " + res.body.substr(0, 200);
      if (allowed) {
        EXPECT_NE(res.status, 401u) << where;
        EXPECT_NE(res.status, 403u) << where;
        EXPECT_LT(res.status, 500u) << where;
      } else {
        EXPECT_TRUE(res.status == 401u || res.status == 403u) << where;
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(routes.size() * kRoles.size()));
  // Nothing above changed the vision: the audit trail has no vision changes.
  auto verify = server.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

}  // namespace
}  // namespace kyosei
