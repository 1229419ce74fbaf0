#include "exchange/document/document.hpp"

#include <gtest/gtest.h>

namespace kyosei::exchange::document {
namespace {

Document sample() {
  Document d;
  d.title = "資料";
  d.region = "南空知定住自立圏";
  d.issued_on = "2026-12-01";
  d.draft = true;
  d.heading(1, "Ⅰ 防災");
  d.paragraph("連携方向 <b>");
  d.initiative("主な取組み");
  d.action("具体的取組");
  d.table({"指標", "実績"}, {{"訓練", "100"}, {"短い行"}}, {3, 1});
  d.page_break(PageSize::kA3Landscape);
  d.heading(1, "進捗表");
  return d;
}

TEST(Document, PdfHasPagesOfBothSizes) {
  const std::string pdf = to_pdf(sample());
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf.find("/MediaBox [ 0 0 595.27"), std::string::npos);   // A4 portrait
  EXPECT_NE(pdf.find("/MediaBox [ 0 0 1190.55"), std::string::npos);  // A3 landscape
  EXPECT_NE(pdf.find("FontFile"), std::string::npos);                 // fonts embedded
}

TEST(Document, HtmlEscapesAndMarksTheDraft) {
  const std::string html = to_html(sample());
  EXPECT_NE(html.find("連携方向 &lt;b&gt;"), std::string::npos);
  EXPECT_NE(html.find("class=\"draft\">案<"), std::string::npos);
  EXPECT_NE(html.find("@page wide { size: A3 landscape"), std::string::npos);
  EXPECT_NE(html.find("<section class=\"break wide\">"), std::string::npos);
  EXPECT_NE(html.find("<td>短い行</td><td></td>"), std::string::npos);  // rows padded
}

// A document that opens with a page break (the 新旧対照表 alone) starts on that size: no
// empty A4 page before it.
TEST(Document, OpeningPageBreakSetsTheFirstPage) {
  Document d;
  d.title = "新旧対照表";
  d.page_break(PageSize::kA3Landscape);
  d.heading(1, "新旧対照表");
  const std::string pdf = to_pdf(d);
  EXPECT_EQ(pdf.find("/MediaBox [ 0 0 595.27"), std::string::npos);
  EXPECT_NE(pdf.find("/MediaBox [ 0 0 1190.55"), std::string::npos);
  EXPECT_NE(pdf.find("/Count 1"), std::string::npos);
  const std::string html = to_html(d);
  EXPECT_NE(html.find("<section class=\"wide\">"), std::string::npos);
  EXPECT_EQ(html.find("<section class=\"break"), std::string::npos);  // no page break
}

}  // namespace
}  // namespace kyosei::exchange::document
