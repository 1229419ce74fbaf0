#pragma once
// Tables as HTTP answers (issue 14): a workbook as xlsx, CSV (its first sheet, UTF-8 with
// BOM) or JSON ({"title", "sheets": [{"name", "columns": [{key, label}], "rows": [{key:
// value}]}]}); used by the export routes of every feature.

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "app/common/error.hpp"
#include "app/common/principal.hpp"
#include "app/documents/exports.hpp"
#include "http/server/message.hpp"

namespace kyosei::http {

// 400 naming `format` unless it is json, csv or xlsx.
std::optional<Response> bad_table_format(const std::string& format);
Response workbook_response(const app::documents::Workbook& book, const std::string& format,
                           const std::string& file_stem);

struct ApiServices;

// A document Kyosei generates, ready to download or to store as a meeting's material.
struct GeneratedDocument {
  std::string media_type;
  std::string file_name;  // e.g. council-material-2025.pdf
  std::string body;
};
using GeneratedOutcome = std::variant<GeneratedDocument, app::Error>;

// The council material of fiscal year `fy` (nullopt = the current one) as `who` may read it
// (members: the route's policy), format pdf or html, 「案」 when draft. One renderer for the
// download and for a meeting's generated material.
GeneratedOutcome council_material_document(ApiServices& s, const std::string& slug,
                                           const std::optional<std::string>& fy, bool draft,
                                           const std::string& format, const app::Principal& who);
// The 意見対応表 as `who` sees it (outside the region: published opinions only, never a
// submitter), format csv, xlsx or pdf (A4 landscape).
GeneratedOutcome opinion_table_document(ApiServices& s, const std::string& slug,
                                        const std::optional<std::string>& fy,
                                        const std::optional<std::string>& round,
                                        const std::string& format, const app::Principal& who);
// 200 with the document as an attachment, no-store; or the problem.
Response generated_response(GeneratedOutcome out);

}  // namespace kyosei::http
