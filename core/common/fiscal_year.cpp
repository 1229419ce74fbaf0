#include "core/common/fiscal_year.hpp"

#include <array>
#include <charconv>

namespace kyosei::core {
namespace {

struct Era {
  std::string_view kanji;
  char letter;
  int first_year;  // western year of 元年
  int last_year;   // last fiscal year labelled with this era
};

constexpr std::array<Era, 3> kEras = {{
    {"令和", 'R', 2019, kMaxFiscalYear},
    {"平成", 'H', 1989, 2019},  // 平成31年度 is still written for FY2019
    {"昭和", 'S', 1926, 1989},  // 昭和64年 existed for a week; accept it as FY1988/1989 input
}};

// Folds full-width ASCII (U+FF01–U+FF5E) to ASCII and drops surrounding blanks.
std::string fold_width(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == 0xEF && i + 2 < in.size()) {
      const auto c1 = static_cast<unsigned char>(in[i + 1]);
      const auto c2 = static_cast<unsigned char>(in[i + 2]);
      // U+FF01..U+FF3F = EF BC 81..BF, U+FF40..U+FF5E = EF BD 80..9E
      if (c1 == 0xBC && c2 >= 0x81) {
        out.push_back(static_cast<char>(c2 - 0x81 + 0x21));
        i += 2;
        continue;
      }
      if (c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E) {
        out.push_back(static_cast<char>(c2 - 0x80 + 0x60));
        i += 2;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  const auto first = out.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = out.find_last_not_of(" \t");
  return out.substr(first, last - first + 1);
}

bool consume(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) == prefix) {
    s.remove_prefix(prefix.size());
    return true;
  }
  return false;
}

std::optional<int> parse_digits(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  int value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

FiscalYearParse fail(std::string_view text) {
  return {std::nullopt,
          "年度「" + std::string(text) + "」を解釈できません（例: 2025, R7, 令和7年度）",
          "cannot read fiscal year '" + std::string(text) + "' (e.g. 2025, R7, 令和7年度)"};
}

FiscalYearParse out_of_range(int year) {
  const auto y = std::to_string(year);
  const auto lo = std::to_string(kMinFiscalYear);
  const auto hi = std::to_string(kMaxFiscalYear);
  return {std::nullopt, "年度 " + y + " は範囲外です（" + lo + "〜" + hi + "）",
          "fiscal year " + y + " is out of range (" + lo + "-" + hi + ")", true};
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

const Era& era_of(int fiscal_year) {
  if (fiscal_year >= 2019) return kEras[0];
  if (fiscal_year >= 1989) return kEras[1];
  return kEras[2];
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = parse_digits(text.substr(0, 4));
  auto m = parse_digits(text.substr(5, 2));
  auto d = parse_digits(text.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  if (*m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m)) return std::nullopt;
  return Date{*y, *m, *d};
}

std::string to_string(const Date& date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buf;
}

int fiscal_year_of(const Date& date) { return date.month >= 4 ? date.year : date.year - 1; }
Date fiscal_year_start(int fiscal_year) { return {fiscal_year, 4, 1}; }
Date fiscal_year_end(int fiscal_year) { return {fiscal_year + 1, 3, 31}; }

FiscalYearParse parse_fiscal_year(std::string_view raw) {
  const std::string folded = fold_width(raw);
  std::string_view s = folded;
  if (s.empty()) return fail(raw);
  // Optional suffixes.
  if (s.size() >= 6 && s.substr(s.size() - 6) == "年度")
    s.remove_suffix(6);
  else if (s.size() >= 3 && s.substr(s.size() - 3) == "年")
    s.remove_suffix(3);

  const Era* era = nullptr;
  for (const auto& e : kEras) {
    if (consume(s, e.kanji)) {
      era = &e;
      break;
    }
    if (!s.empty() && (s[0] == e.letter || s[0] == e.letter + ('a' - 'A'))) {
      s.remove_prefix(1);
      era = &e;
      break;
    }
  }
  if (era == nullptr) {
    if (s.size() > 2 && (s.substr(0, 2) == "FY" || s.substr(0, 2) == "fy")) s.remove_prefix(2);
    auto year = parse_digits(s);
    if (!year || s.size() != 4) return fail(raw);
    if (*year < kMinFiscalYear || *year > kMaxFiscalYear) return out_of_range(*year);
    return {*year, {}, {}};
  }
  int n = 0;
  if (s == "元") {
    n = 1;
  } else {
    auto v = parse_digits(s);
    if (!v || s.size() > 3 || *v < 1) return fail(raw);
    n = *v;
  }
  const int year = era->first_year + n - 1;
  if (year > era->last_year) return fail(raw);
  if (year < kMinFiscalYear || year > kMaxFiscalYear) return out_of_range(year);
  return {year, {}, {}};
}

std::string wareki_label(int fiscal_year) {
  const Era& era = era_of(fiscal_year);
  const int n = fiscal_year - era.first_year + 1;
  return std::string(era.kanji) + (n == 1 ? std::string("元") : std::to_string(n)) + "年度";
}

std::string wareki_short(int fiscal_year) {
  const Era& era = era_of(fiscal_year);
  return std::string(1, era.letter) + std::to_string(fiscal_year - era.first_year + 1);
}

std::string wareki_with_western(int fiscal_year) {
  return wareki_label(fiscal_year) + "（" + std::to_string(fiscal_year) + "年度）";
}

}  // namespace kyosei::core
