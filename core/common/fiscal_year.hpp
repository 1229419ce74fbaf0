#pragma once
// Fiscal years (年度) and Japanese era names (和暦).
// A fiscal year is stored as the western year in which it starts: 2025 = 令和7年度,
// running 2025-04-01 … 2026-03-31. Era labels follow the fiscal-year custom: the year
// an era begins is 元年度 from that April (平成元年度 = 1989, 令和元年度 = 2019).
// All functions are pure and thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace kyosei::core {

inline constexpr int kMinFiscalYear = 1926;  // 昭和元年
inline constexpr int kMaxFiscalYear = 2200;

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
};

// Parses "YYYY-MM-DD" (a real calendar date). nullopt when malformed.
std::optional<Date> parse_date(std::string_view text);
std::string to_string(const Date& date);  // "YYYY-MM-DD"

// The fiscal year a calendar date belongs to (April–March).
int fiscal_year_of(const Date& date);
Date fiscal_year_start(int fiscal_year);  // YYYY-04-01
Date fiscal_year_end(int fiscal_year);    // (YYYY+1)-03-31

struct FiscalYearParse {
  std::optional<int> year;  // set on success
  std::string error_ja;     // set on failure
  std::string error_en;
  bool out_of_range = false;  // readable, but outside [kMinFiscalYear, kMaxFiscalYear]
};

// Accepts "2025", "FY2025", "R7", "R07", "令和7", "令和7年度", "令和元年度", "H24",
// "平成24年度", "S63", "昭和63年度" (full-width digits and letters too). The result must lie
// in [kMinFiscalYear, kMaxFiscalYear] and inside the named era.
FiscalYearParse parse_fiscal_year(std::string_view text);

// "令和7年度" / "R7" / "令和7年度（2025年度）" for a fiscal year. Era by fiscal-year custom.
std::string wareki_label(int fiscal_year);
std::string wareki_short(int fiscal_year);
std::string wareki_with_western(int fiscal_year);

}  // namespace kyosei::core
