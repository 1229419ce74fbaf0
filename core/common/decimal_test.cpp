#include "core/common/decimal.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace kyosei::core {
namespace {

Decimal dec(std::string_view text) {
  auto r = Decimal::parse(text);
  EXPECT_TRUE(r.value.has_value()) << text << ": " << r.error_en;
  return r.value.value_or(Decimal{});
}

TEST(Decimal, ParsesWhatUsersType) {
  struct Case {
    const char* text;
    std::int64_t units;
    int places;
    const char* canonical;
  } cases[] = {
      {"12.5", 12'500'000, 1, "12.5"},
      {"-3", -3'000'000, 0, "-3"},
      {"+3", 3'000'000, 0, "3"},
      {"0", 0, 0, "0"},
      {"-0.0", 0, 1, "0.0"},
      {"12.50", 12'500'000, 2, "12.50"},
      {"007", 7'000'000, 0, "7"},
      {"0.000001", 1, 6, "0.000001"},
      {"１２．５", 12'500'000, 1, "12.5"},
      {"１2.5", 12'500'000, 1, "12.5"},
      {"－４", -4'000'000, 0, "-4"},
      {"\xE2\x88\x92"
       "4.25",
       -4'250'000, 2, "-4.25"},  // U+2212 MINUS SIGN
      {"＋1", 1'000'000, 0, "1"},
      {" 42 ", 42'000'000, 0, "42"},
      {"\xE3\x80\x80"
       "42",
       42'000'000, 0, "42"},  // U+3000 before
      {"999999999999.999999", Decimal::kMaxUnits, 6, "999999999999.999999"},
      {"-999999999999.999999", -Decimal::kMaxUnits, 6, "-999999999999.999999"},
      {"000000000000001", 1'000'000, 0, "1"},
  };
  for (const auto& c : cases) {
    auto r = Decimal::parse(c.text);
    ASSERT_TRUE(r.value.has_value()) << c.text << ": " << r.error_en;
    EXPECT_EQ(r.value->units(), c.units) << c.text;
    EXPECT_EQ(r.value->places(), c.places) << c.text;
    EXPECT_EQ(r.value->canonical(), c.canonical) << c.text;
  }
}

TEST(Decimal, KeepsTheTypedTextExactly) {
  EXPECT_EQ(dec("１２．５０").text(), "１２．５０");
  EXPECT_EQ(dec("  +7.10 ").text(), "+7.10");
  EXPECT_EQ(dec("007").text(), "007");
  EXPECT_EQ(dec("-0").text(), "-0");
}

TEST(Decimal, RejectsWithANamedReason) {
  struct Case {
    const char* text;
    const char* reason_en;
  } cases[] = {
      {"", "no value"},
      {"   ", "no value"},
      {"1,234", "thousands"},
      {"1，234", "thousands"},
      {"1e3", "exponent"},
      {"1.5E-2", "exponent"},
      {"NaN", "not a number"},
      {"inf", "not a number"},
      {"-Infinity", "not a number"},
      {"1.2345678", "6 decimal places"},
      {"1000000000000", "12 integer digits"},
      {".5", "cannot be read"},
      {"5.", "cannot be read"},
      {"+-5", "cannot be read"},
      {"--5", "cannot be read"},
      {"1.2.3", "cannot be read"},
      {"12a", "cannot be read"},
      {"1 000", "cannot be read"},
      {"¥100", "cannot be read"},
      {"50%", "cannot be read"},
      {"-", "cannot be read"},
      {"一二", "cannot be read"},
  };
  for (const auto& c : cases) {
    auto r = Decimal::parse(c.text);
    EXPECT_FALSE(r.value.has_value()) << c.text;
    EXPECT_NE(r.error_en.find(c.reason_en), std::string::npos) << c.text << ": " << r.error_en;
    EXPECT_FALSE(r.error_ja.empty()) << c.text;
  }
  EXPECT_NE(Decimal::parse("1,234").error_ja.find("「1,234」"), std::string::npos);
}

TEST(Decimal, ComparesByValue) {
  EXPECT_EQ(dec("12.5"), dec("12.50"));
  EXPECT_EQ(dec("１２．５"), dec("12.5"));
  EXPECT_LT(dec("-3"), dec("-2.999999"));
  EXPECT_GT(dec("0.1"), dec("0"));
  EXPECT_EQ(dec("-0"), Decimal{});
  EXPECT_EQ(Decimal{}.text(), "0");
}

TEST(Decimal, AddsAndSubtractsExactly) {
  // The classic binary floating point failure: 0.1 + 0.2 != 0.3.
  auto sum = checked_add(dec("0.1"), dec("0.2"));
  ASSERT_TRUE(sum);
  EXPECT_EQ(*sum, dec("0.3"));
  EXPECT_EQ(sum->canonical(), "0.3");

  Decimal total;
  for (int i = 0; i < 1000; ++i) total = *checked_add(total, dec("0.001"));
  EXPECT_EQ(total.canonical(), "1.000");

  auto diff = checked_sub(dec("12.5"), dec("3.25"));
  ASSERT_TRUE(diff);
  EXPECT_EQ(diff->canonical(), "9.25");
  EXPECT_EQ(checked_sub(dec("1"), dec("3"))->canonical(), "-2");
}

TEST(Decimal, DetectsOverflow) {
  const auto max = dec("999999999999.999999");
  EXPECT_FALSE(checked_add(max, dec("0.000001")));
  EXPECT_FALSE(checked_sub(dec("-999999999999.999999"), dec("0.000001")));
  EXPECT_TRUE(checked_add(max, dec("-1")));
  EXPECT_FALSE(Decimal::from_units(Decimal::kMaxUnits + 1, 6));
  EXPECT_FALSE(Decimal::from_units(std::numeric_limits<std::int64_t>::min(), 6));
}

TEST(Decimal, FromUnitsNeedsEnoughPlaces) {
  EXPECT_EQ(Decimal::from_units(12'500'000, 1)->canonical(), "12.5");
  EXPECT_EQ(Decimal::from_units(12'500'000, 3)->canonical(), "12.500");
  EXPECT_FALSE(Decimal::from_units(12'500'000, 0));  // would hide the .5
  EXPECT_FALSE(Decimal::from_units(1, 7));
  EXPECT_FALSE(Decimal::from_units(1, -1));
  EXPECT_EQ(Decimal::of(-2147483647 - 1).canonical(), "-2147483648");
}

TEST(Decimal, RoundsHalfAwayFromZero) {
  EXPECT_EQ(dec("2.45").rounded(1)->canonical(), "2.5");
  EXPECT_EQ(dec("-2.45").rounded(1)->canonical(), "-2.5");
  EXPECT_EQ(dec("2.449999").rounded(1)->canonical(), "2.4");
  EXPECT_EQ(dec("0.5").rounded(0)->canonical(), "1");
  EXPECT_EQ(dec("-0.5").rounded(0)->canonical(), "-1");
  EXPECT_EQ(dec("7").rounded(2)->canonical(), "7.00");
  EXPECT_FALSE(dec("999999999999.5").rounded(0));
  EXPECT_FALSE(dec("1").rounded(7));
}

TEST(Decimal, TrimsTrailingZeros) {
  EXPECT_EQ(dec("12.50").trimmed().canonical(), "12.5");
  EXPECT_EQ(dec("3.000").trimmed().canonical(), "3");
  EXPECT_EQ(dec("-0.000100").trimmed().canonical(), "-0.0001");
  EXPECT_EQ(dec("0.0").trimmed().canonical(), "0");
}

TEST(Decimal, PercentRoundsToOnePlaceHalfAwayFromZero) {
  struct Case {
    std::int64_t num;
    std::int64_t den;
    const char* percent;
  } cases[] = {
      {2, 3, "66.7"},         {1, 3, "33.3"},   {1, 2000, "0.1"},  // 0.05 → 0.1
      {-1, 2000, "-0.1"},     {1, 2001, "0.0"}, {13, 10, "130.0"}, {-1, 5, "-20.0"},
      {9996, 10000, "100.0"}, {0, 7, "0.0"},    {-3, -4, "75.0"},  {3, -4, "-75.0"},
  };
  for (const auto& c : cases) {
    auto p = percent_from_units(c.num, c.den);
    ASSERT_TRUE(p) << c.num << "/" << c.den;
    EXPECT_EQ(p->canonical(), c.percent) << c.num << "/" << c.den;
    EXPECT_EQ(p->places(), 1);
  }
  EXPECT_FALSE(percent_from_units(1, 0));
  // Largest values: the quotient does not fit the decimal range.
  EXPECT_FALSE(percent_from_units(Decimal::kMaxUnits, 1));
  EXPECT_EQ(percent_from_units(Decimal::kMaxUnits, Decimal::kMaxUnits)->canonical(), "100.0");
  EXPECT_EQ(percent_of(dec("94.1"), dec("95"))->canonical(), "99.1");
}

TEST(Decimal, InterpolatesExactlyThenRounds) {
  EXPECT_EQ(interpolate(dec("100"), dec("150"), 3, 5, 0)->canonical(), "130");
  EXPECT_EQ(interpolate(dec("0"), dec("10"), 1, 3, 6)->canonical(), "3.333333");
  EXPECT_EQ(interpolate(dec("0"), dec("10"), 2, 3, 6)->canonical(), "6.666667");
  EXPECT_EQ(interpolate(dec("0"), dec("10"), 1, 3, 0)->canonical(), "3");
  EXPECT_EQ(interpolate(dec("0"), dec("1"), 1, 2, 0)->canonical(), "1");    // 0.5 → 1
  EXPECT_EQ(interpolate(dec("0"), dec("-1"), 1, 2, 0)->canonical(), "-1");  // -0.5 → -1
  EXPECT_EQ(interpolate(dec("50"), dec("30"), 2, 5, 1)->canonical(), "42.0");
  EXPECT_EQ(interpolate(dec("5"), dec("9"), 0, 4, 0)->canonical(), "5");
  EXPECT_EQ(interpolate(dec("5"), dec("9"), 4, 4, 0)->canonical(), "9");
  EXPECT_FALSE(interpolate(dec("5"), dec("9"), 5, 4, 0));
  EXPECT_FALSE(interpolate(dec("5"), dec("9"), 1, 0, 0));
  EXPECT_FALSE(interpolate(dec("5"), dec("9"), 1, 2, 7));
}

}  // namespace
}  // namespace kyosei::core
