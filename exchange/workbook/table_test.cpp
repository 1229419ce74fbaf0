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

}  // namespace
}  // namespace kyosei::exchange::workbook
