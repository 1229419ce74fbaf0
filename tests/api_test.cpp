// Black-box tests of the read-only JSON API: the real server on a free port and a fresh
// SQLite database with the demo region.

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <filesystem>
#include <thread>

#include "tests/support/http_client.hpp"
#include "tests/support/process.hpp"

namespace kyosei {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using testing::http_request;

const std::string kBin = KYOSEI_BINARY;
const std::string kDemo = std::string(KYOSEI_SOURCE_DIR) + "/data/minami-sorachi.yaml";

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("kyosei_api_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const std::string db = "sqlite:" + (dir_ / "k.db").string();
    auto load = testing::run({kBin, "--db", db, "load", kDemo});
    ASSERT_EQ(load.exit_code, 0) << load.err;
    server_ = new testing::Background({kBin, "--db", db, "serve", "--listen", "127.0.0.1:0"});
    const std::string line = server_->wait_for_line("http://127.0.0.1:", std::chrono::seconds(60));
    ASSERT_FALSE(line.empty()) << "server did not start";
    const auto colon = line.rfind(':');
    port_ = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    fs::remove_all(dir_);
  }

  static json::value get_json(const std::string& target, unsigned expected_status = 200) {
    auto r = http_request(port_, "GET", target);
    EXPECT_EQ(r.status, expected_status) << target << "\n" << r.body;
    return json::parse(r.body);
  }

  static int count_categories(const json::value& vision) {
    int n = 0;
    for (const auto& area : vision.at("policy_areas").as_array()) {
      for (const auto& f : area.at("fields").as_array())
        n += static_cast<int>(f.at("categories").as_array().size());
    }
    return n;
  }
  static int count_fields(const json::value& vision) {
    int n = 0;
    for (const auto& area : vision.at("policy_areas").as_array())
      n += static_cast<int>(area.at("fields").as_array().size());
    return n;
  }

  static inline fs::path dir_;
  static inline testing::Background* server_ = nullptr;
  static inline unsigned short port_ = 0;
};

TEST_F(ApiTest, Healthz) {
  auto v = get_json("/healthz");
  EXPECT_EQ(v.at("status"), "ok");
  EXPECT_EQ(v.at("database"), "ok");
}

TEST_F(ApiTest, RegionsList) {
  auto v = get_json("/api/v1/regions");
  const auto& regions = v.at("regions").as_array();
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0].at("slug"), "minami-sorachi");
  EXPECT_EQ(regions[0].at("municipality_count"), 9);
  EXPECT_EQ(regions[0].at("kind").at("label"), "定住自立圏");
}

TEST_F(ApiTest, RegionHasNineMembersWithValidCodes) {
  auto v = get_json("/api/v1/regions/minami-sorachi");
  const auto& ms = v.at("municipalities").as_array();
  ASSERT_EQ(ms.size(), 9u);
  int central = 0;
  for (const auto& m : ms) {
    const std::string code(m.at("code").as_string());
    const std::string full(m.at("full_code").as_string());
    ASSERT_EQ(code.size(), 5u);
    ASSERT_EQ(full.size(), 6u);
    int sum = 0;
    const int w[] = {6, 5, 4, 3, 2};
    for (int i = 0; i < 5; ++i) sum += (code[static_cast<std::size_t>(i)] - '0') * w[i];
    EXPECT_EQ(full.back() - '0', (11 - sum % 11) % 10) << code;
    if (m.at("role").at("code") == "central") ++central;
  }
  EXPECT_EQ(central, 1);
  EXPECT_EQ(ms[0].at("name"), "岩見沢市");
  EXPECT_EQ(ms[0].at("full_code"), "012106");
  EXPECT_EQ(v.at("vision").at("from").at("year"), 2025);
  EXPECT_EQ(v.at("vision").at("to").at("label"), "令和11年度");
  EXPECT_EQ(v.at("policy_areas").as_array().size(), 3u);
  EXPECT_GE(v.at("agreements").as_array().size(), 9u);
}

TEST_F(ApiTest, VisionFy2025HasNineFieldsTwelveCategories) {
  auto v = get_json("/api/v1/regions/minami-sorachi/vision?fy=2025");
  EXPECT_EQ(v.at("fiscal_year").at("label"), "令和7年度");
  EXPECT_EQ(count_fields(v), 9);
  EXPECT_EQ(count_categories(v), 12);
  EXPECT_EQ(v.at("counts").at("fields"), 9);
  EXPECT_EQ(v.at("counts").at("categories"), 12);
  EXPECT_EQ(v.at("discussing").as_array().size(), 4u);
  EXPECT_EQ(v.at("candidates").as_array().size(), 9u);
  // 図書館運営事業 is done by all nine members.
  bool found = false;
  for (const auto& area : v.at("policy_areas").as_array()) {
    for (const auto& f : area.at("fields").as_array()) {
      for (const auto& c : f.at("categories").as_array()) {
        for (const auto& a : c.at("actions").as_array()) {
          if (a.at("text") == "図書館運営事業") {
            found = true;
            EXPECT_EQ(a.at("participants").at("all"), true);
            EXPECT_EQ(a.at("participants").at("municipalities").as_array().size(), 9u);
          }
        }
      }
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ApiTest, VisionFy2026HasTwelveFieldsSixteenCategories) {
  for (const char* fy : {"2026", "R8", "%E4%BB%A4%E5%92%8C8%E5%B9%B4%E5%BA%A6"}) {  // 令和8年度
    auto v = get_json(std::string("/api/v1/regions/minami-sorachi/vision?fy=") + fy);
    EXPECT_EQ(count_fields(v), 12) << fy;
    EXPECT_EQ(count_categories(v), 16) << fy;
    EXPECT_EQ(v.at("discussing").as_array().size(), 0u);
  }
}

TEST_F(ApiTest, ProblemsForBadInput) {
  struct Case {
    std::string target;
    unsigned status;
    std::string type;
  } cases[] = {
      {"/api/v1/regions/nowhere/vision?fy=2025", 404, "region-not-found"},
      {"/api/v1/regions/nowhere", 404, "region-not-found"},
      {"/api/v1/regions/minami-sorachi/vision?fy=R7x", 400, "invalid-fiscal-year"},
      {"/api/v1/regions/minami-sorachi/vision?fy=", 400, "invalid-fiscal-year"},
      {"/api/v1/regions/minami-sorachi/vision?fy=2031", 400, "fiscal-year-out-of-range"},
      {"/api/v1/regions/minami-sorachi/vision?fy=1900", 400, "fiscal-year-out-of-range"},
      {"/api/v1/regions/minami-sorachi/vision?year=2025", 400, "bad-request"},
      {"/api/v1/regions/minami-sorachi/vision?fy=2025&fy=2026", 400, "bad-request"},
      {"/api/v1/regions/Bad%20Slug", 404, "region-not-found"},
      {"/api/v1/nothing", 404, "not-found"},
  };
  for (const auto& c : cases) {
    auto r = http_request(port_, "GET", c.target);
    EXPECT_EQ(r.status, c.status) << c.target << "\n" << r.body;
    EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << c.target;
    auto v = json::parse(r.body);
    EXPECT_NE(std::string(v.at("type").as_string()).find(c.type), std::string::npos)
        << c.target << " " << r.body;
    EXPECT_EQ(v.at("status"), c.status);
    EXPECT_FALSE(v.at("title").as_string().empty());
    EXPECT_TRUE(v.as_object().contains("detail_en") || c.status == 404) << r.body;
  }
  // POST creates a region (administrators, ADR 0019); DELETE is no method of the list.
  auto del = http_request(port_, "DELETE", "/api/v1/regions");
  EXPECT_EQ(del.status, 405u);
  EXPECT_EQ(http_request(port_, "POST", "/api/v1/regions").status, 401u);
}

TEST_F(ApiTest, ETagGivesNotModified) {
  auto first = http_request(port_, "GET", "/api/v1/regions/minami-sorachi/vision?fy=2025");
  const std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  auto second = http_request(port_, "GET", "/api/v1/regions/minami-sorachi/vision?fy=R7",
                             {{"If-None-Match", etag}});
  EXPECT_EQ(second.status, 304u);
  EXPECT_TRUE(second.body.empty());
  auto other = http_request(port_, "GET", "/api/v1/regions/minami-sorachi/vision?fy=2026",
                            {{"If-None-Match", etag}});
  EXPECT_EQ(other.status, 200u);
}

TEST_F(ApiTest, StalledClientDoesNotBlockOthers) {
  // Half a request line, then silence, from several connections at once.
  std::vector<std::thread> stalled;
  for (int i = 0; i < 8; ++i) {
    stalled.emplace_back(
        [] { testing::raw_exchange(port_, "GET /api/v1/regions HTTP/1.1\r\nHost: x", 1500); });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto r = http_request(port_, "GET", "/healthz");
  EXPECT_EQ(r.status, 200u);
  for (auto& t : stalled) t.join();
}

TEST_F(ApiTest, MalformedRequestGets400) {
  const std::string reply = testing::raw_exchange(port_, "THIS IS NOT HTTP\r\n\r\n", 2000);
  EXPECT_NE(reply.find(" 400 "), std::string::npos) << reply;
}

TEST_F(ApiTest, OversizedHeaderIsRefused) {
  const std::string reply = testing::raw_exchange(
      port_,
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n",
      2000);
  EXPECT_NE(reply.find(" 431 "), std::string::npos) << reply.substr(0, 200);
}

// Runs last in this file by name order; a fresh server is used so others are unaffected.
TEST(ApiShutdown, SigtermStopsGracefully) {
  const auto dir = fs::temp_directory_path() / ("kyosei_stop_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string db = "sqlite:" + (dir / "k.db").string();
  testing::Background server({kBin, "--db", db, "serve", "--listen", "127.0.0.1:0"});
  const std::string line = server.wait_for_line("http://127.0.0.1:", std::chrono::seconds(60));
  ASSERT_FALSE(line.empty());
  const auto port = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1)));
  EXPECT_EQ(http_request(port, "GET", "/api/v1/regions").status, 200u);  // empty database, migrated
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kyosei

namespace kyosei {
namespace {

TEST_F(ApiTest, JapaneseSearchIncludingShortTerms) {
  auto hits_for = [](const std::string& encoded) {
    auto v = get_json("/api/v1/regions/minami-sorachi/search?q=" + encoded);
    std::vector<std::string> kinds;
    for (const auto& h : v.at("hits").as_array())
      kinds.push_back(std::string(h.at("kind").as_string()));
    return std::make_pair(v.at("hits").as_array().size(), kinds);
  };
  // 救急, 防災, 室蘭線, 町, ＪＲ室蘭線 (full-width)
  EXPECT_GE(hits_for("%E6%95%91%E6%80%A5").first, 1u);
  EXPECT_GE(hits_for("%E9%98%B2%E7%81%BD").first, 3u);
  EXPECT_EQ(hits_for("%E5%AE%A4%E8%98%AD%E7%B7%9A").first, 2u);  // the action and the sample KPI
  EXPECT_GE(hits_for("%E7%94%BA").first, 1u);
  EXPECT_EQ(hits_for("%EF%BC%AA%EF%BC%B2%E5%AE%A4%E8%98%AD%E7%B7%9A"),
            hits_for("JR%E5%AE%A4%E8%98%AD%E7%B7%9A"));
  auto empty = testing::http_request(port_, "GET", "/api/v1/regions/minami-sorachi/search?q=");
  EXPECT_EQ(empty.status, 400u);
  auto odd = testing::http_request(port_, "GET",
                                   "/api/v1/regions/minami-sorachi/search?q=%22a%22%20OR%20b*");
  EXPECT_EQ(odd.status, 200u);
}

}  // namespace
}  // namespace kyosei
