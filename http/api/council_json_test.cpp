// The 意見対応表 as CSV: a byte-order mark, Japanese headers, every field quoted with inner
// quotes doubled (RFC 4180), CRLF line ends, and no cell a spreadsheet would run as a formula.

#include "http/api/council_json.hpp"

#include <gtest/gtest.h>

namespace kyosei::http {
namespace {

TEST(CouncilCsv, QuotesEveryFieldAndDefusesFormulas) {
  app::OpinionTable t;
  t.fiscal_year = 2025;
  app::OpinionTableRow r;
  r.id = 7;
  r.round = 2;
  r.body = "窓口を「一本化」して\n\"ほしい\", とのこと";
  r.answer = "=HYPERLINK(\"x\")";
  r.policy = "-1";
  r.status = "回答済";
  r.published = true;
  r.sample = true;
  t.rows.push_back(r);
  const std::string csv = to_csv(t);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  const auto header_end = csv.find("\r\n");
  EXPECT_EQ(csv.substr(3, header_end - 3).substr(0, 23), "\"番号\",\"意見集約\"");
  const std::string row = csv.substr(header_end + 2);
  EXPECT_EQ(row.substr(0, 13), "\"7\",\"第2回\"");
  EXPECT_NE(row.find("\"窓口を「一本化」して\n\"\"ほしい\"\", とのこと\""), std::string::npos)
      << row;
  EXPECT_NE(row.find("\"'=HYPERLINK(\"\"x\"\")\""), std::string::npos) << row;
  EXPECT_NE(row.find("\"'-1\""), std::string::npos) << row;
  EXPECT_NE(row.find("\"公開\",\"サンプル\"\r\n"), std::string::npos) << row;
  EXPECT_EQ(csv.substr(csv.size() - 2), "\r\n");
}

TEST(CouncilCsv, AnEmptyTableIsTheHeaderOnly) {
  app::OpinionTable t;
  t.fiscal_year = 2025;
  const std::string csv = to_csv(t);
  EXPECT_EQ(csv.find("\r\n"), csv.size() - 2);
  EXPECT_EQ(to_json(t).at("rows").as_array().size(), 0u);
  EXPECT_TRUE(to_json(t).at("round").is_null());
}

}  // namespace
}  // namespace kyosei::http
