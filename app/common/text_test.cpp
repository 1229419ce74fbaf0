// The text rule (app/common/text.hpp): NFC, names without format controls.

#include "app/common/text.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace kyosei::app {
namespace {

// "が" written as "か" + the combining voiced sound mark (U+3099), and composed (U+304C).
const std::string kDecomposed = "\xE3\x81\x8B\xE3\x82\x99";
const std::string kComposed = "\xE3\x81\x8C";

TEST(Text, NfcComposes) {
  EXPECT_EQ(to_nfc(kDecomposed), kComposed);
  EXPECT_EQ(to_nfc("Cafe\xCC\x81"), "Caf\xC3\xA9");
  EXPECT_EQ(to_nfc("plain"), "plain");
  // Not UTF-8: left as it is, for the checks to refuse.
  EXPECT_EQ(to_nfc("\xFF\xFE"), "\xFF\xFE");
  // Compatibility characters stay: NFC is not NFKC (全角 stays 全角).
  EXPECT_EQ(to_nfc("\xEF\xBC\xA1"), "\xEF\xBC\xA1");
}

TEST(Text, EveryStringOfABodyIsNormalised) {
  boost::json::value v =
      boost::json::parse("{\"name\":\"" + kDecomposed + "\",\"topics\":[\"" + kDecomposed +
                         "\",1],\"k" + kDecomposed + "\":{\"x\":\"" + kDecomposed + "\"}}");
  normalize_strings(v);
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("name").as_string(), kComposed);
  EXPECT_EQ(o.at("topics").as_array()[0].as_string(), kComposed);
  ASSERT_TRUE(o.contains("k" + kComposed));
  EXPECT_EQ(o.at("k" + kComposed).as_object().at("x").as_string(), kComposed);
}

TEST(Text, NamesRefuseFormatControls) {
  for (const std::string bad :
       {"A\xE2\x80\xAEgpj.exe", "A\xE2\x81\xA6x", "A\xE2\x80\x8Fx", "A\xE2\x80\x8Bx",
        "\xEF\xBB\xBF\x41" /* a byte-order mark, then A */}) {
    auto p = name_problem("/name", bad, true);
    ASSERT_TRUE(p) << bad;
    EXPECT_EQ(p->pointer, "/name");
    // A free text is not a name: the same text passes there.
    EXPECT_FALSE(text_problem("/note", bad, true)) << bad;
  }
  EXPECT_FALSE(name_problem("/name", "南空知定住自立圏", true));
  EXPECT_TRUE(name_problem("/name", "\xFF", true));
  EXPECT_TRUE(name_problem("/name", "a\x01", true));
  EXPECT_TRUE(name_problem("/name", "  ", true));
}

}  // namespace
}  // namespace kyosei::app
