#pragma once
// The 意見対応表 (app::OpinionTable) as JSON and as CSV (UTF-8 with a byte-order mark so
// that spreadsheet programs read it as UTF-8, RFC 4180 quoting, CRLF line ends, Japanese
// headers).

#include <boost/json/object.hpp>
#include <string>

#include "app/council/views.hpp"

namespace kyosei::http {

boost::json::object to_json(const app::OpinionTable& t);
std::string to_csv(const app::OpinionTable& t);

}  // namespace kyosei::http
