#include "http/server/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace kyosei::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("kyosei-static-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(root_ / "assets");
    write("index.html", "<!doctype html><title>共生</title>");
    write("assets/index-abc123.js", "console.log(1)");
    write("assets/index-abc123.js.gz", "GZ");
    write("favicon.svg", "<svg/>");
    fs::create_directories(root_.parent_path() / "secret");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& name, const std::string& body) {
    std::ofstream(root_ / name, std::ios::binary) << body;
  }
  static Request get(std::string path, std::map<std::string, std::string> headers = {}) {
    Request r;
    r.method = "GET";
    r.path = std::move(path);
    r.target = r.path;
    r.headers = std::move(headers);
    return r;
  }
  static std::string header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }
  fs::path root_;
};

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
  StaticFiles files(root_);
  auto r = files.serve(get("/assets/index-abc123.js"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(r->body, "console.log(1)");
  EXPECT_EQ(r->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(*r, "Cache-Control"), "public, max-age=31536000, immutable");
  // The precompressed copy when the client takes gzip.
  auto gz = files.serve(get("/assets/index-abc123.js", {{"accept-encoding", "gzip, br"}}));
  EXPECT_EQ(gz->body, "GZ");
  EXPECT_EQ(header(*gz, "Content-Encoding"), "gzip");
  // A missing asset is the ordinary 404, not the app.
  EXPECT_FALSE(files.serve(get("/assets/index-old.js")));
  EXPECT_FALSE(files.serve(get("/missing.png")));
}

TEST_F(StaticFilesTest, AppRoutesFallBackToIndexWithoutCaching) {
  StaticFiles files(root_);
  for (const char* path : {"/", "/r/minami-sorachi/vision", "/login"}) {
    auto r = files.serve(get(path));
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
    EXPECT_NE(r->body.find("共生"), std::string::npos);
    EXPECT_EQ(header(*r, "Cache-Control"), "no-cache");
  }
  auto first = files.serve(get("/favicon.svg"));
  auto again = files.serve(get("/favicon.svg", {{"if-none-match", header(*first, "ETag")}}));
  EXPECT_EQ(again->status, 304u);
}

TEST_F(StaticFilesTest, ApiPathsAndOtherMethodsAreNotServedAndNothingEscapesTheRoot) {
  StaticFiles files(root_);
  EXPECT_FALSE(files.serve(get("/api/v1/nothing")));
  EXPECT_FALSE(files.serve(get("/healthz")));
  auto post = get("/");
  post.method = "POST";
  EXPECT_FALSE(files.serve(post));
  // Only the loaded files are reachable: a traversal path is an app route at most.
  auto up = files.serve(get("/../secret/x.txt"));
  EXPECT_FALSE(up);
  auto up2 = files.serve(get("/assets/../../secret"));
  EXPECT_FALSE(up2);
  EXPECT_THROW(StaticFiles(root_ / "assets"), std::runtime_error);  // no index.html
}

}  // namespace
}  // namespace kyosei::http
