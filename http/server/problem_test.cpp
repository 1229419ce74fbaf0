#include "http/server/problem.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>

namespace kyosei::http {
namespace {

TEST(ProblemType, EveryErrcHasDistinctSlugAndErrorStatus) {
  std::set<std::string_view> slugs;
  for (app::Errc code : app::kAllErrc) {
    const ProblemType t = problem_type(code);
    EXPECT_GE(t.status, 400u) << t.type_slug;
    EXPECT_LE(t.status, 599u) << t.type_slug;
    EXPECT_FALSE(t.type_slug.empty());
    EXPECT_EQ(t.type_slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz-"), std::string_view::npos)
        << t.type_slug;
    EXPECT_FALSE(t.title_ja.empty()) << t.type_slug;
    EXPECT_FALSE(t.title_en.empty()) << t.type_slug;
    EXPECT_TRUE(slugs.insert(t.type_slug).second) << "duplicate slug " << t.type_slug;
  }
  EXPECT_EQ(slugs.size(), std::size(app::kAllErrc));
}

TEST(ProblemType, KeyStatuses) {
  EXPECT_EQ(problem_type(app::Errc::kBadRequest).status, 400u);
  EXPECT_EQ(problem_type(app::Errc::kRegionNotFound).status, 404u);
  EXPECT_EQ(problem_type(app::Errc::kNotFound).status, 404u);
  EXPECT_EQ(problem_type(app::Errc::kMethodNotAllowed).status, 405u);
  EXPECT_EQ(problem_type(app::Errc::kPayloadTooLarge).status, 413u);
  EXPECT_EQ(problem_type(app::Errc::kValidationFailed).status, 422u);
  EXPECT_EQ(problem_type(app::Errc::kConflict).status, 409u);
  EXPECT_EQ(problem_type(app::Errc::kInternal).status, 500u);
}

TEST(ProblemResponse, ShapeWithFields) {
  app::Error err{app::Errc::kValidationFailed,
                 "入力に誤りがあります",
                 "Input is invalid",
                 {{"/title", "必須です", "Required"}, {"/year", "範囲外です", "Out of range"}}};
  const Response r = problem_response(err);
  EXPECT_EQ(r.status, 422u);
  EXPECT_EQ(r.content_type, "application/problem+json");
  const auto v = boost::json::parse(r.body).as_object();
  EXPECT_EQ(v.at("type").as_string(), "/problems/validation-failed");
  EXPECT_EQ(v.at("title").as_string(), problem_type(app::Errc::kValidationFailed).title_ja);
  EXPECT_EQ(v.at("title_en").as_string(), "Validation failed");
  EXPECT_EQ(v.at("status").as_int64(), 422);
  EXPECT_EQ(v.at("detail").as_string(), "入力に誤りがあります");
  EXPECT_EQ(v.at("detail_en").as_string(), "Input is invalid");
  const auto& errors = v.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("pointer").as_string(), "/title");
  EXPECT_EQ(errors[0].at("message").as_string(), "必須です");
  EXPECT_EQ(errors[0].at("message_en").as_string(), "Required");
  EXPECT_EQ(errors[1].at("pointer").as_string(), "/year");
}

TEST(ProblemResponse, EveryCodeProducesMatchingJson) {
  for (app::Errc code : app::kAllErrc) {
    const Response r = problem_response(app::Error{code, "詳細", "detail", {}});
    const ProblemType t = problem_type(code);
    EXPECT_EQ(r.status, t.status);
    const auto v = boost::json::parse(r.body).as_object();
    EXPECT_EQ(v.at("type").as_string(), "/problems/" + std::string(t.type_slug));
    EXPECT_EQ(v.at("status").as_int64(), static_cast<std::int64_t>(t.status));
    EXPECT_FALSE(v.contains("errors")) << "no errors member without fields";
  }
}

TEST(ProblemResponse, EmptyDetailFallsBackToTitleAndEscapes) {
  const Response r = problem_response(app::Error{app::Errc::kConflict, "", "say \"hi\"\n", {}});
  const auto v = boost::json::parse(r.body).as_object();
  EXPECT_EQ(v.at("detail").as_string(), problem_type(app::Errc::kConflict).title_ja);
  EXPECT_EQ(v.at("detail_en").as_string(), "say \"hi\"\n");
}

TEST(ProblemResponse, CustomType) {
  const Response r = problem_response(
      ProblemType{431, "request-header-too-large", "大きすぎ", "Too large"}, "", "");
  EXPECT_EQ(r.status, 431u);
  const auto v = boost::json::parse(r.body).as_object();
  EXPECT_EQ(v.at("type").as_string(), "/problems/request-header-too-large");
  EXPECT_EQ(v.at("detail_en").as_string(), "Too large");
}

}  // namespace
}  // namespace kyosei::http
