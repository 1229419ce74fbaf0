#include "core/common/fiscal_year.hpp"

#include <gtest/gtest.h>

namespace kyosei::core {
namespace {

TEST(FiscalYear, ParsesWesternAndEraForms) {
  struct Case {
    const char* text;
    int year;
  } cases[] = {
      {"2025", 2025},       {"FY2025", 2025},     {"R7", 2025},         {"r7", 2025},
      {"R07", 2025},        {"令和7", 2025},      {"令和7年度", 2025},  {"令和元年度", 2019},
      {"R1", 2019},         {"平成31年度", 2019}, {"H24", 2012},        {"平成24年度", 2012},
      {"平成元年度", 1989}, {"S63", 1988},        {"昭和63年度", 1988}, {"Ｒ７", 2025},
      {"２０２５", 2025},   {" R11 ", 2029},
  };
  for (const auto& c : cases) {
    auto r = parse_fiscal_year(c.text);
    ASSERT_TRUE(r.year.has_value()) << c.text << ": " << r.error_en;
    EXPECT_EQ(*r.year, c.year) << c.text;
  }
}

TEST(FiscalYear, RejectsMalformedAndOutOfRange) {
  for (const char* bad : {"", "R", "R0", "H32", "令和", "20x5", "25", "R7.5", "X7", "2025年度度",
                          "-2025", "R-1", "12345"}) {
    auto r = parse_fiscal_year(bad);
    EXPECT_FALSE(r.year.has_value()) << bad;
    EXPECT_FALSE(r.error_ja.empty()) << bad;
    EXPECT_FALSE(r.error_en.empty()) << bad;
  }
  auto far = parse_fiscal_year("9999");
  EXPECT_FALSE(far.year.has_value());
  EXPECT_NE(far.error_en.find("out of range"), std::string::npos);
  EXPECT_TRUE(far.out_of_range);
  EXPECT_FALSE(parse_fiscal_year("R7x").out_of_range);
  EXPECT_FALSE(parse_fiscal_year("1900").year.has_value());
}

TEST(FiscalYear, LabelsInWarekiWithWestern) {
  EXPECT_EQ(wareki_label(2025), "令和7年度");
  EXPECT_EQ(wareki_label(2019), "令和元年度");
  EXPECT_EQ(wareki_label(2018), "平成30年度");
  EXPECT_EQ(wareki_label(1989), "平成元年度");
  EXPECT_EQ(wareki_label(2012), "平成24年度");
  EXPECT_EQ(wareki_short(2025), "R7");
  EXPECT_EQ(wareki_short(2012), "H24");
  EXPECT_EQ(wareki_with_western(2025), "令和7年度（2025年度）");
}

TEST(FiscalYear, AprilToMarchBoundary) {
  EXPECT_EQ(fiscal_year_of({2025, 4, 1}), 2025);
  EXPECT_EQ(fiscal_year_of({2026, 3, 31}), 2025);
  EXPECT_EQ(fiscal_year_of({2025, 3, 31}), 2024);
  EXPECT_EQ(fiscal_year_start(2025), (Date{2025, 4, 1}));
  EXPECT_EQ(fiscal_year_end(2025), (Date{2026, 3, 31}));
}

TEST(FiscalYear, DatesAreRealCalendarDates) {
  EXPECT_EQ(parse_date("2025-03-26"), (Date{2025, 3, 26}));
  EXPECT_EQ(parse_date("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_FALSE(parse_date("2025-02-29"));
  EXPECT_FALSE(parse_date("2025-13-01"));
  EXPECT_FALSE(parse_date("2025/03/26"));
  EXPECT_FALSE(parse_date("R7-03-26"));
  EXPECT_EQ(to_string(Date{2012, 4, 1}), "2012-04-01");
}

}  // namespace
}  // namespace kyosei::core
