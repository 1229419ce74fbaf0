#include "core/common/decimal.hpp"

#include <algorithm>
#include <array>

namespace kyosei::core {
namespace {

__extension__ using Int128 = __int128;

constexpr std::array<std::int64_t, Decimal::kMaxPlaces + 1> kPow10 = {
    1, 10, 100, 1'000, 10'000, 100'000, 1'000'000};

constexpr int kMaxIntegerDigits = 12;

// n / d rounded half away from zero. REQUIRES: d != 0, |n| and |d| below 2^125.
Int128 round_div(Int128 n, Int128 d) {
  const bool negative = (n < 0) != (d < 0);
  const Int128 an = n < 0 ? -n : n;
  const Int128 ad = d < 0 ? -d : d;
  const Int128 q = (2 * an + ad) / (2 * ad);
  return negative ? -q : q;
}

bool in_range(Int128 units) { return units >= -Decimal::kMaxUnits && units <= Decimal::kMaxUnits; }

// Fewest fraction digits that show `units` exactly.
int places_needed(std::int64_t units) {
  int places = Decimal::kMaxPlaces;
  while (places > 0 && units % kPow10[Decimal::kMaxPlaces - places + 1] == 0) --places;
  return places;
}

// Drops ASCII blanks and U+3000 (E3 80 80) at both ends.
std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
      s.remove_prefix(1);
    } else if (s.size() >= 3 && s.substr(0, 3) == "\xE3\x80\x80") {
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

// Folds full-width ASCII (U+FF01–U+FF5E) and U+2212 MINUS SIGN to ASCII.
std::string fold(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (i + 2 < in.size()) {
      const auto c1 = static_cast<unsigned char>(in[i + 1]);
      const auto c2 = static_cast<unsigned char>(in[i + 2]);
      if (c == 0xEF && c1 == 0xBC && c2 >= 0x81) {  // U+FF01..U+FF3F
        out.push_back(static_cast<char>(c2 - 0x81 + 0x21));
        i += 2;
        continue;
      }
      if (c == 0xEF && c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E) {  // U+FF40..U+FF5E
        out.push_back(static_cast<char>(c2 - 0x80 + 0x60));
        i += 2;
        continue;
      }
      if (c == 0xE2 && c1 == 0x88 && c2 == 0x92) {  // U+2212
        out.push_back('-');
        i += 2;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

DecimalParse fail(std::string_view text, std::string_view why_ja, std::string_view why_en) {
  const std::string t(text);
  return {std::nullopt, "数値「" + t + "」" + std::string(why_ja),
          "number '" + t + "': " + std::string(why_en)};
}

}  // namespace

Decimal Decimal::computed(std::int64_t units, int places) {
  Decimal d(units, places, {});
  d.text_ = d.canonical();
  return d;
}

Decimal Decimal::of(std::int32_t whole) { return computed(whole * kUnitsPerOne, 0); }

std::optional<Decimal> Decimal::from_units(std::int64_t units, int places) {
  if (places < 0 || places > kMaxPlaces || !in_range(units)) return std::nullopt;
  if (units % kPow10[kMaxPlaces - places] != 0) return std::nullopt;
  return computed(units, places);
}

DecimalParse Decimal::parse(std::string_view text) {
  const std::string_view typed = trim(text);
  if (typed.empty()) return {std::nullopt, "値が入力されていません", "no value entered"};
  const std::string s = fold(typed);

  std::string lower = s;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (lower.find("nan") != std::string::npos || lower.find("inf") != std::string::npos) {
    return fail(typed, "は数値ではありません", "not a number");
  }
  if (s.find(',') != std::string::npos) {
    return fail(typed, "に桁区切りのカンマは使えません（例: 1234）",
                "thousands separators are not allowed (write 1234)");
  }
  if (lower.find('e') != std::string::npos && std::any_of(s.begin(), s.end(), is_digit)) {
    return fail(typed, "に指数表記は使えません（例: 1200）",
                "exponent notation is not allowed (write 1200)");
  }

  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  const std::size_t int_begin = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  const std::string_view int_digits(s.data() + int_begin, i - int_begin);
  std::string_view frac_digits;
  bool has_point = false;
  if (i < s.size() && s[i] == '.') {
    has_point = true;
    const std::size_t frac_begin = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    frac_digits = std::string_view(s.data() + frac_begin, i - frac_begin);
  }
  if (i != s.size() || int_digits.empty() || (has_point && frac_digits.empty())) {
    return fail(typed, "を解釈できません（例: 12.5, -3, １２．５）",
                "cannot be read (e.g. 12.5, -3, １２．５)");
  }
  if (frac_digits.size() > static_cast<std::size_t>(kMaxPlaces)) {
    return fail(typed, "の小数点以下は6桁までです", "at most 6 decimal places are allowed");
  }
  const auto significant = int_digits.find_first_not_of('0');
  const std::size_t int_length =
      significant == std::string_view::npos ? 0 : int_digits.size() - significant;
  if (int_length > static_cast<std::size_t>(kMaxIntegerDigits)) {
    return fail(typed, "の整数部は12桁までです", "at most 12 integer digits are allowed");
  }

  std::int64_t units = 0;
  for (const char c : int_digits) units = units * 10 + (c - '0');
  units *= kUnitsPerOne;
  std::int64_t frac = 0;
  for (const char c : frac_digits) frac = frac * 10 + (c - '0');
  const int places = static_cast<int>(frac_digits.size());
  units += frac * kPow10[kMaxPlaces - places];
  if (negative) units = -units;
  return {Decimal(units, places, std::string(typed)), {}, {}};
}

std::string Decimal::canonical() const {
  const std::int64_t magnitude = units_ < 0 ? -units_ : units_;
  std::string out = units_ < 0 ? "-" : "";
  out += std::to_string(magnitude / kUnitsPerOne);
  if (places_ > 0) {
    std::string frac = std::to_string(magnitude % kUnitsPerOne);
    frac.insert(0, static_cast<std::size_t>(kMaxPlaces) - frac.size(), '0');
    out += '.';
    out += frac.substr(0, static_cast<std::size_t>(places_));
  }
  return out;
}

std::optional<Decimal> Decimal::rounded(int places) const {
  if (places < 0 || places > kMaxPlaces) return std::nullopt;
  const std::int64_t step = kPow10[kMaxPlaces - places];
  const Int128 units = round_div(units_, step) * step;
  if (!in_range(units)) return std::nullopt;
  return computed(static_cast<std::int64_t>(units), places);
}

Decimal Decimal::trimmed() const { return computed(units_, places_needed(units_)); }

std::optional<Decimal> checked_add(const Decimal& a, const Decimal& b) {
  return Decimal::from_units(a.units() + b.units(), std::max(a.places(), b.places()));
}

std::optional<Decimal> checked_sub(const Decimal& a, const Decimal& b) {
  return Decimal::from_units(a.units() - b.units(), std::max(a.places(), b.places()));
}

std::optional<Decimal> percent_from_units(std::int64_t numerator, std::int64_t denominator) {
  if (denominator == 0) return std::nullopt;
  // tenths of a percent = numerator / denominator × 1000
  const Int128 tenths = round_div(Int128{numerator} * 1000, denominator);
  const Int128 units = tenths * (Decimal::kUnitsPerOne / 10);
  if (!in_range(units)) return std::nullopt;
  return Decimal::from_units(static_cast<std::int64_t>(units), 1);
}

std::optional<Decimal> percent_of(const Decimal& numerator, const Decimal& denominator) {
  return percent_from_units(numerator.units(), denominator.units());
}

std::optional<Decimal> interpolate(const Decimal& from, const Decimal& to, std::int64_t step,
                                   std::int64_t steps, int places) {
  if (steps <= 0 || step < 0 || step > steps || places < 0 || places > Decimal::kMaxPlaces) {
    return std::nullopt;
  }
  // value × steps, exactly, in units
  const Int128 scaled =
      Int128{from.units()} * steps + (Int128{to.units()} - Int128{from.units()}) * step;
  const std::int64_t unit_step = kPow10[Decimal::kMaxPlaces - places];
  const Int128 units = round_div(scaled, Int128{steps} * unit_step) * unit_step;
  if (!in_range(units)) return std::nullopt;
  return Decimal::from_units(static_cast<std::int64_t>(units), places);
}

}  // namespace kyosei::core
