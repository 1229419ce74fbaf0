#pragma once
// Tables as HTTP answers (issue 14): a workbook as xlsx, CSV (its first sheet, UTF-8 with
// BOM) or JSON ({"title", "sheets": [{"name", "columns": [{key, label}], "rows": [{key:
// value}]}]}); used by the export routes of every feature.

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "app/documents/exports.hpp"
#include "http/server/message.hpp"

namespace kyosei::http {

// 400 naming `format` unless it is json, csv or xlsx.
std::optional<Response> bad_table_format(const std::string& format);
Response workbook_response(const app::documents::Workbook& book, const std::string& format,
                           const std::string& file_stem);

}  // namespace kyosei::http
