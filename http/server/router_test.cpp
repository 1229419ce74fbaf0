#include "http/server/router.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>

namespace kyosei::http {
namespace {

Request make_request(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = path;
  r.target = std::move(path);
  return r;
}

Handler echo(std::string tag) {
  return [tag](const Request& req, const PathParams& params) {
    Response res;
    res.content_type = "text/plain";
    res.body = tag + " " + req.method;
    for (const auto& [k, v] : params) res.body += " " + k + "=" + v;
    return res;
  };
}

std::string header_value(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/", echo("root"));
    router_.add("GET", "/api/v1/regions", echo("list"));
    router_.add("GET", "/api/v1/regions/{slug}", echo("one"));
    router_.add("PUT", "/api/v1/regions/{slug}", echo("put"));
    router_.add("GET", "/api/v1/regions/{slug}/vision", echo("vision"));
    router_.add("POST", "/api/v1/regions/new", echo("new"));
    router_.add("GET", "/api/v1/regions/{slug}/kpis/{id}", echo("kpi"));
  }
  Router router_;
};

TEST_F(RouterTest, MatchesLiteralAndParams) {
  EXPECT_EQ(router_.dispatch(make_request("GET", "/")).body, "root GET");
  EXPECT_EQ(router_.dispatch(make_request("GET", "/api/v1/regions")).body, "list GET");
  EXPECT_EQ(router_.dispatch(make_request("GET", "/api/v1/regions/kamikawa")).body,
            "one GET slug=kamikawa");
  EXPECT_EQ(router_.dispatch(make_request("GET", "/api/v1/regions/kamikawa/vision")).body,
            "vision GET slug=kamikawa");
  EXPECT_EQ(router_.dispatch(make_request("GET", "/api/v1/regions/a/kpis/42")).body,
            "kpi GET id=42 slug=a");
  EXPECT_EQ(router_.dispatch(make_request("PUT", "/api/v1/regions/x")).body, "put PUT slug=x");
}

TEST_F(RouterTest, ParamsCarryDecodedText) {
  EXPECT_EQ(router_.dispatch(make_request("GET", "/api/v1/regions/上川")).body,
            "one GET slug=上川");
}

TEST_F(RouterTest, LiteralBeatsParamForSameMethod) {
  EXPECT_EQ(router_.dispatch(make_request("POST", "/api/v1/regions/new")).body, "new POST");
  // GET on the same path falls to the parameter route, which has GET.
  EXPECT_EQ(router_.dispatch(make_request("GET", "/api/v1/regions/new")).body, "one GET slug=new");
}

TEST_F(RouterTest, UnknownPathIs404Problem) {
  for (const char* path : {"/nope", "/api/v1/regions/a/b", "/api/v1/regions/", "/api/v1//vision",
                           "/api/v1/regions/a/vision/"}) {
    const Response r = router_.dispatch(make_request("GET", path));
    EXPECT_EQ(r.status, 404u) << path;
    EXPECT_EQ(r.content_type, "application/problem+json") << path;
    auto v = boost::json::parse(r.body);
    EXPECT_EQ(v.at("type").as_string(), "/problems/not-found") << path;
  }
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  const Response r = router_.dispatch(make_request("DELETE", "/api/v1/regions/x"));
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(header_value(r, "Allow"), "GET, HEAD, PUT");
  EXPECT_EQ(boost::json::parse(r.body).at("status").as_int64(), 405);

  const Response post_only = router_.dispatch(make_request("GET", "/api/v1/regions"));
  EXPECT_EQ(post_only.status, 200u);
  const Response r2 = router_.dispatch(make_request("POST", "/api/v1/regions"));
  EXPECT_EQ(r2.status, 405u);
  EXPECT_EQ(header_value(r2, "Allow"), "GET, HEAD");
}

TEST_F(RouterTest, HeadIsServedByGetWithoutBody) {
  const Response get = router_.dispatch(make_request("GET", "/api/v1/regions/x"));
  const Response head = router_.dispatch(make_request("HEAD", "/api/v1/regions/x"));
  EXPECT_EQ(head.status, 200u);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.content_type, get.content_type);
  // The GET handler ran with method "HEAD", so its body was "one HEAD slug=x".
  EXPECT_EQ(header_value(head, "Content-Length"),
            std::to_string(std::string("one HEAD slug=x").size()));
  EXPECT_EQ(header_value(get, "Content-Length"), "");
  // GET /regions/{slug} serves HEAD /regions/new although POST /regions/new is more specific.
  EXPECT_EQ(router_.dispatch(make_request("HEAD", "/api/v1/regions/new")).body, "");
  EXPECT_EQ(router_.dispatch(make_request("HEAD", "/api/v1/regions/new")).status, 200u);
}

TEST(RouterHead, HeadOnPostOnlyPathIs405) {
  Router router;
  router.add("POST", "/submit", echo("submit"));
  const Response r = router.dispatch(make_request("HEAD", "/submit"));
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(header_value(r, "Allow"), "POST");
}

TEST(RouterHead, ExplicitHeadRouteWins) {
  Router router;
  router.add("GET", "/x", echo("get"));
  router.add("HEAD", "/x", echo("head"));
  EXPECT_EQ(router.dispatch(make_request("HEAD", "/x")).body, "head HEAD");
}

TEST(RouterExceptions, HandlerExceptionIs500WithoutLeakingMessage) {
  Router router;
  router.add("GET", "/boom", [](const Request&, const PathParams&) -> Response {
    throw std::runtime_error("secret database password xyz");
  });
  router.add("GET", "/boom2", [](const Request&, const PathParams&) -> Response { throw 42; });
  for (const char* path : {"/boom", "/boom2"}) {
    const Response r = router.dispatch(make_request("GET", path));
    EXPECT_EQ(r.status, 500u);
    EXPECT_EQ(r.content_type, "application/problem+json");
    EXPECT_EQ(r.body.find("secret"), std::string::npos);
    EXPECT_EQ(boost::json::parse(r.body).at("type").as_string(), "/problems/internal");
  }
}

TEST(RouterAdd, RejectsBadPatternsAndDuplicates) {
  Router router;
  auto h = [](const Request&, const PathParams&) { return Response{}; };
  EXPECT_THROW(router.add("GET", "no-slash", h), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{}", h), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{x}/{x}", h), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/b{x}", h), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a", Handler{}), std::invalid_argument);
  router.add("GET", "/a/{x}", h);
  EXPECT_THROW(router.add("GET", "/a/{x}", h), std::invalid_argument);
  router.add("POST", "/a/{x}", h);
  const auto routes = router.routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0], (std::pair<std::string, std::string>{"GET", "/a/{x}"}));
  EXPECT_EQ(routes[1], (std::pair<std::string, std::string>{"POST", "/a/{x}"}));
}

TEST(RouterParams, RequestHelpers) {
  Request r;
  r.query = {{"fy", "R7"}, {"fy", "R8"}, {"flag", ""}};
  r.headers = {{"if-none-match", "\"abc\""}};
  EXPECT_EQ(r.param("fy"), "R7");
  EXPECT_EQ(r.param("flag"), "");
  EXPECT_FALSE(r.param("nope").has_value());
  EXPECT_EQ(r.header("if-none-match"), "\"abc\"");
  EXPECT_EQ(r.header("cookie"), "");
}

// Issue 10, finding 9: an encoded slash never reaches routing; parameters and query values
// that are not UTF-8 are refused naming them.
TEST_F(RouterTest, EncodedSlashIsRefusedBeforeRouting) {
  for (const std::string target :
       {"/api/v1/regions/minami%2Fsorachi", "/api/v1/regions/minami%2fsorachi",
        "/api/v1/regions/a%2F..%2Fb?x=1"}) {
    Request r = make_request("GET", "/api/v1/regions/minami/sorachi");
    r.target = target;
    const auto res = router_.dispatch(r);
    EXPECT_EQ(res.status, 400u) << target;
    EXPECT_EQ(res.problem, "bad-request") << target;
  }
  // In the query an encoded slash is only data.
  Request q = make_request("GET", "/api/v1/regions/minami");
  q.target = "/api/v1/regions/minami?next=%2Fa";
  q.query.emplace("next", "/a");
  EXPECT_EQ(router_.dispatch(q).status, 200u);
}

TEST_F(RouterTest, InvalidUtf8InAParameterOrQueryIsRefusedNamingIt) {
  auto res = router_.dispatch(make_request("GET", "/api/v1/regions/\xFF\xFE"));
  EXPECT_EQ(res.status, 400u);
  EXPECT_NE(res.body.find("\"pointer\":\"slug\""), std::string::npos) << res.body;
  Request q = make_request("GET", "/api/v1/regions/minami");
  q.query.emplace("fy", "\xC0\xAF");
  res = router_.dispatch(q);
  EXPECT_EQ(res.status, 400u);
  EXPECT_NE(res.body.find("\"pointer\":\"fy\""), std::string::npos) << res.body;
  Request k = make_request("GET", "/api/v1/regions/minami");
  k.query.emplace("f\xFFy", "1");
  res = router_.dispatch(k);
  EXPECT_EQ(res.status, 400u);
  EXPECT_NE(res.body.find("f\\\\xFFy"), std::string::npos) << res.body;
  // Well-formed UTF-8 passes.
  EXPECT_EQ(router_.dispatch(make_request("GET", "/api/v1/regions/南空知")).status, 200u);
}

}  // namespace
}  // namespace kyosei::http
