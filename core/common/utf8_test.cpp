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
