// libFuzzer target: fiscal-year parsing (query strings ?fy=, dataset years, form fields).
// Properties: never crashes; a parsed year lies in the supported range; the 和暦 label of
// a parsed year parses back to the same year.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/common/fiscal_year.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = kyosei::core::parse_fiscal_year(text);
  if (!parsed.year) {
    if (parsed.error_ja.empty() || parsed.error_en.empty()) std::abort();
    return 0;
  }
  const int year = *parsed.year;
  if (year < kyosei::core::kMinFiscalYear || year > kyosei::core::kMaxFiscalYear) std::abort();
  const auto again = kyosei::core::parse_fiscal_year(kyosei::core::wareki_label(year));
  if (again.year != year) std::abort();
  return 0;
}
