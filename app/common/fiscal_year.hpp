#pragma once
// A fiscal year given by a client (西暦 or 和暦, see core::parse_fiscal_year) that does not
// parse: the one error every feature answers with.

#include <string>

#include "app/common/error.hpp"
#include "core/common/fiscal_year.hpp"

namespace kyosei::app {

// kFiscalYearOutOfRange (readable but outside the supported years) or kInvalidFiscalYear,
// with the parser's message as the field problem at `pointer`.
Error fiscal_year_error(const core::FiscalYearParse& parsed, const std::string& pointer = "fy");

// The fiscal year of `text`; fail()s with fiscal_year_error otherwise.
int parse_fy_or_fail(const std::string& text, const std::string& pointer = "fy");

}  // namespace kyosei::app
