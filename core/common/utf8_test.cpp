#include "core/common/utf8.hpp"

#include <gtest/gtest.h>

namespace kyosei::core {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("report.pdf"));
  EXPECT_TRUE(is_valid_utf8("南幌町の報告（令和7年度）.xlsx"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600
}

TEST(Utf8, RefusesMalformedText) {
  EXPECT_FALSE(is_valid_utf8("\xFF\xFE.txt"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong "/"
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE5\x8D"));          // cut short
  EXPECT_FALSE(is_valid_utf8("a\x80z"));            // lone continuation byte
}

TEST(Utf8, FindsFormatControls) {
  EXPECT_TRUE(contains_format_control("invoice\xE2\x80\xAEtxt.exe"));  // U+202E
  EXPECT_TRUE(contains_format_control("a\xE2\x80\x8B"));               // zero-width space
  EXPECT_TRUE(contains_format_control("\xEF\xBB\xBFname"));            // BOM
  EXPECT_FALSE(contains_format_control("南幌町・報告 (1).pdf"));
}

}  // namespace
}  // namespace kyosei::core

namespace kyosei::core {
namespace {

TEST(Utf8, NormalisesToNfc) {
  // か + combining voiced mark → が; e + combining acute → é; ASCII unchanged.
  EXPECT_EQ(to_nfc("\xE3\x81\x8B\xE3\x82\x99"), "\xE3\x81\x8C");
  EXPECT_EQ(to_nfc("Cafe\xCC\x81"), "Caf\xC3\xA9");
  EXPECT_EQ(to_nfc("plain text"), "plain text");
  // Already composed text and compatibility characters stay as they are (NFC, not NFKC).
  EXPECT_EQ(to_nfc("南空知 ２０２５ ㈱"), "南空知 ２０２５ ㈱");
  // Not UTF-8: returned unchanged (refused elsewhere).
  EXPECT_EQ(to_nfc("\xFF\xFE"), "\xFF\xFE");
}

}  // namespace
}  // namespace kyosei::core
