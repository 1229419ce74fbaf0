#pragma once
// Tables as HTTP answers (issue 14): a workbook as xlsx, CSV (its first sheet, UTF-8 with
// BOM) or JSON ({"title", "sheets": [{"name", "columns": [{key, label}], "rows": [{key:
// value}]}]}); used by the export routes of every feature.

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "exchange/workbook/table.hpp"
#include "http/server/message.hpp"

namespace kyosei::http {

boost::json::object workbook_json(const exchange::workbook::Workbook& book);
// 400 naming `format` unless it is json, csv or xlsx.
std::optional<Response> bad_table_format(const std::string& format);
Response workbook_response(const exchange::workbook::Workbook& book, const std::string& format,
                           const std::string& file_stem);

}  // namespace kyosei::http
