// The route × role matrix: every route of the API, every role, allowed or denied as the
// permission table says. A route whose policy this test does not know fails the test, and
// docs/permissions.md must equal the table.

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "http/api.hpp"
#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

using testing::Client;
using testing::KyoseiServer;

// The roles a request can come with. "editor-own" edits 南幌町 (01423), the municipality
// used in every {code} below; "editor-other" edits 夕張市.
const std::vector<std::string> kRoles = {"public",      "no-role",      "council",
                                         "editor-own",  "editor-other", "subcommittee",
                                         "secretariat", "admin"};

const std::map<std::string, std::vector<std::string>> kUsers = {
    {"no-role", {}},
    {"council", {"minami-sorachi:council_member"}},
    {"editor-own", {"minami-sorachi:municipality_editor:01423"}},
    {"editor-other", {"minami-sorachi:municipality_editor:01209"}},
    {"subcommittee", {"minami-sorachi:subcommittee_member:01210"}},
    {"secretariat", {"minami-sorachi:secretariat"}},
    {"admin", {"admin"}},
};

// Who each policy lets through — written out here independently of app/auth.cpp.
const std::map<app::Policy, std::set<std::string>> kAllowed = {
    {app::Policy::kPublic, {kRoles.begin(), kRoles.end()}},
    {app::Policy::kPublicRegionRead, {kRoles.begin(), kRoles.end()}},
    {app::Policy::kSigningIn,
     {"no-role", "council", "editor-own", "editor-other", "subcommittee", "secretariat", "admin"}},
    {app::Policy::kSignedIn,
     {"no-role", "council", "editor-own", "editor-other", "subcommittee", "secretariat", "admin"}},
    {app::Policy::kRegionMember,
     {"council", "editor-own", "editor-other", "subcommittee", "secretariat", "admin"}},
    {app::Policy::kOwnMunicipality, {"editor-own", "secretariat", "admin"}},
    {app::Policy::kRegionEdit, {"secretariat", "admin"}},
    {app::Policy::kAdmin, {"admin"}},
};

std::string fill(std::string pattern) {
  const std::map<std::string, std::string> values = {{"{slug}", "minami-sorachi"},
                                                     {"{code}", "01423"},
                                                     {"{id}", "1"},
                                                     {"{fy}", "2025"},
                                                     {"{eid}", "1"}};
  for (const auto& [k, v] : values) {
    for (auto pos = pattern.find(k); pos != std::string::npos; pos = pattern.find(k))
      pattern.replace(pos, k.size(), v);
  }
  return pattern;
}

// Routes that end or change the session itself run last, each on a fresh sign-in.
bool session_changing(const http::RouteInfo& r) {
  return (r.method == "DELETE" &&
          (r.pattern == "/api/v1/session" || r.pattern == "/api/v1/me/sessions")) ||
         (r.method == "POST" && r.pattern == "/api/v1/me/totp");
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

TEST(Permissions, RouteByRoleMatrix) {
  KyoseiServer server(kUsers);
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
