#pragma once
// An exact decimal number as a user typed it (KPI values, targets, grade thresholds).
// The value is held as a scaled 64-bit integer: units = value × 10^6, so at most six
// fraction digits and twelve integer digits (|value| ≤ 999,999,999,999.999999). No binary
// floating point is ever involved. Besides the value, a Decimal keeps the text the user
// typed (surrounding blanks removed) so it is shown back exactly, and the number of
// fraction digits typed (`places`), so "12.50" stays "12.50" in canonical form too.
//
// Accepted input: optional sign (+, -, full-width ＋ －, U+2212 −), one or more digits,
// optionally "." (or full-width ．) followed by one to six digits. ASCII and full-width
// digits may be mixed. Surrounding ASCII blanks and U+3000 are ignored.
// Rejected: empty, exponents ("1e3"), thousands separators ("1,234"), "NaN"/"Inf",
// ".5" and "5." (a digit is needed on both sides of the point), more than six fraction
// digits, more than twelve integer digits, anything else.
//
// Equality and ordering compare the value only: "12.5" == "12.50" == "１２.５".
// Arithmetic never loses a digit; it returns nullopt when the result leaves the range.
// All functions are pure and thread-safe.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace kyosei::core {

struct DecimalParse;

class Decimal {
 public:
  static constexpr int kMaxPlaces = 6;
  static constexpr std::int64_t kUnitsPerOne = 1'000'000;             // 10^kMaxPlaces
  static constexpr std::int64_t kMaxUnits = 999'999'999'999'999'999;  // 10^18 - 1

  // Zero, typed as "0".
  Decimal() = default;

  // Reads what a user typed; see the file comment for the grammar.
  static DecimalParse parse(std::string_view text);

  // The value units / 10^6 shown with `places` fraction digits. nullopt when |units| >
  // kMaxUnits, places is outside [0, kMaxPlaces], or the value has more fraction digits
  // than `places` allows.
  static std::optional<Decimal> from_units(std::int64_t units, int places);

  // A whole number; every int32 fits.
  static Decimal of(std::int32_t whole);

  std::int64_t units() const noexcept { return units_; }  // value × 10^6
  int places() const noexcept { return places_; }         // fraction digits typed
  // The text as typed (blanks trimmed); for computed values, the canonical form.
  const std::string& text() const noexcept { return text_; }
  // ASCII, "-" for negatives, exactly places() fraction digits, no leading zeros, no "+";
  // zero is never negative ("-0.0" → "0.0").
  std::string canonical() const;

  // Rounded half away from zero to `places` fraction digits (0..6), shown with exactly
  // that many digits. nullopt when places is out of range or the result leaves the range.
  std::optional<Decimal> rounded(int places) const;
  // The same value with trailing fraction zeros dropped ("12.50" → "12.5", "3.0" → "3").
  Decimal trimmed() const;

  friend bool operator==(const Decimal& a, const Decimal& b) noexcept {
    return a.units_ == b.units_;
  }
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept {
    return a.units_ <=> b.units_;
  }

 private:
  Decimal(std::int64_t units, int places, std::string text)
      : units_(units), places_(places), text_(std::move(text)) {}
  // Value with text = canonical form.
  static Decimal computed(std::int64_t units, int places);

  std::int64_t units_ = 0;
  int places_ = 0;
  std::string text_ = "0";
};

struct DecimalParse {
  std::optional<Decimal> value;  // set on success
  std::string error_ja;          // set on failure, names the fault
  std::string error_en;
};

// a + b and a - b, exact, shown with the larger of the operands' places. nullopt when the
// result leaves the range.
std::optional<Decimal> checked_add(const Decimal& a, const Decimal& b);
std::optional<Decimal> checked_sub(const Decimal& a, const Decimal& b);

// numerator / denominator × 100, rounded half away from zero to one decimal place (of
// percent), as a Decimal with places() == 1. Both arguments are in the same units (any
// common scale). nullopt when the denominator is zero or the result leaves the range.
// Example: percent_from_units(2, 3) = 66.7; percent_from_units(-1, 2000) = -0.1.
std::optional<Decimal> percent_from_units(std::int64_t numerator, std::int64_t denominator);
std::optional<Decimal> percent_of(const Decimal& numerator, const Decimal& denominator);

// from + (to - from) × step / steps, computed exactly and then rounded half away from zero
// to `places` fraction digits. nullopt when steps <= 0, step is outside [0, steps], places
// is outside [0, kMaxPlaces], or the result leaves the range.
std::optional<Decimal> interpolate(const Decimal& from, const Decimal& to, std::int64_t step,
                                   std::int64_t steps, int places);

}  // namespace kyosei::core
