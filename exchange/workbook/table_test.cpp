#include "exchange/workbook/table.hpp"

#include <gtest/gtest.h>

namespace kyosei::exchange::workbook {
namespace {

Sheet sample() {
  Sheet s;
  s.name = "表";
  s.columns = {{"code", "コード"}, {"name", "名称"}, {"value", "値"}};
  s.add({Cell::text("01209"), Cell::text("夕張市, \"北\""), Cell::number("83.3")});
  s.add({Cell::text("=1+1"), Cell::empty(), Cell::number("-12")});
  return s;
}

TEST(WorkbookCsv, BomHeaderQuotingAndFormulaGuard) {
  const std::string csv = to_csv(sample());
  EXPECT_EQ(csv,
            "\xEF\xBB\xBF"
            "コード,名称,値\r\n"
            "01209,\"夕張市, \"\"北\"\"\",83.3\r\n"
            "'=1+1,,-12\r\n");
}

TEST(WorkbookCells, NumbersOnlyFromDecimalTexts) {
  EXPECT_EQ(Cell::number("12.50").kind, Cell::Kind::kNumber);
  EXPECT_EQ(Cell::number("-3").kind, Cell::Kind::kNumber);
  EXPECT_EQ(Cell::number("1e5").kind, Cell::Kind::kText);
  EXPECT_EQ(Cell::number("1.").kind, Cell::Kind::kText);
  EXPECT_EQ(Cell::number("").kind, Cell::Kind::kText);
  EXPECT_EQ(Cell::number("—").kind, Cell::Kind::kText);
}

TEST(WorkbookSheet, RowsMustMatchTheColumns) {
  Sheet s = sample();
  EXPECT_THROW(s.add({Cell::text("x")}), std::invalid_argument);
}

TEST(WorkbookXlsx, IsAZipWithTheSheet) {
  Workbook b{"題", {sample()}};
  const std::string x = to_xlsx(b);
  ASSERT_GT(x.size(), 1000u);
  EXPECT_EQ(x.substr(0, 2), "PK");
  EXPECT_NE(x.find("xl/worksheets/sheet1.xml"), std::string::npos);
  Sheet bad = sample();
  bad.name = "a/b";
  EXPECT_THROW(to_xlsx(Workbook{"題", {bad}}), std::runtime_error);
}

TEST(WorkbookXlsx, TextsLongerThanACellHoldsAreCut) {
  EXPECT_EQ(clip_chars("あいう", 3), "あいう");
  EXPECT_EQ(clip_chars("あいうえ", 3), "あい…");
  EXPECT_EQ(clip_chars("abcd", 4), "abcd");
  EXPECT_EQ(clip_chars("", 2), "");
  // An audit entry's whole-region image is longer than a cell: the workbook is still made.
  std::string long_text;
  for (int i = 0; i < 40000; ++i) long_text += "字";
  Sheet big;
  big.name = "長い";
  big.columns = {{"text", "本文", 40}};
  big.add({Cell::text(long_text)});
  EXPECT_NO_THROW((void)to_xlsx(Workbook{"題", {big}}));
}

}  // namespace
}  // namespace kyosei::exchange::workbook
