#include "app/common/fiscal_year.hpp"

#include "app/common/unit_of_work.hpp"

namespace kyosei::app {

Error fiscal_year_error(const core::FiscalYearParse& parsed, const std::string& pointer) {
  return Error{parsed.out_of_range ? Errc::kFiscalYearOutOfRange : Errc::kInvalidFiscalYear,
               parsed.error_ja,
               parsed.error_en,
               {{pointer, parsed.error_ja, parsed.error_en}}};
}

int parse_fy_or_fail(const std::string& text, const std::string& pointer) {
  auto parsed = core::parse_fiscal_year(text);
  if (!parsed.year) fail(fiscal_year_error(parsed, pointer));
  return *parsed.year;
}

}  // namespace kyosei::app
