#pragma once
// Reading a town's filled workbook back (issue 14, item 2): the .xlsx that
// town_workbook_xlsx wrote (sheets 様式 and KPI, hidden sheet _kyosei), or the 様式 sheet
// as CSV (UTF-8 with or without BOM, or Shift_JIS/CP932). Format and rules:
// docs/workbooks.md.
//
// An import is exactly the web's saves, all at once: the same permission (the caller
// checks the route's policy; the town itself or the secretariat), the same period lock
// (409 before anything is written), the same use cases (Progress::put_progress and
// Kpis::put_actual on ONE UnitOfWork, so every row or none is written, each audited as a
// record of its own), with If-Match set to the version the workbook was downloaded with.
// Every refusal names the sheet and cell (FieldError.pointer "様式!D7", the message
// "様式!D7: …"); nothing is written while there is one. A dry run answers the same preview
// without writing. Thread-safe.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <variant>

#include "app/common/clock.hpp"
#include "app/common/error.hpp"
#include "app/common/precondition.hpp"
#include "app/progress/progress.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app::documents {

struct WorkbookUpload {
  enum class Kind { kXlsx, kCsv } kind = Kind::kXlsx;
  std::string bytes;
  std::optional<std::string> charset;  // CSV: the Content-Type's charset parameter
};

// The largest workbook or CSV accepted, in bytes (as for evidence files).
inline constexpr std::size_t kMaxWorkbookBytes = kMaxEvidenceBytes;

// Reads `upload` against the town's task list of the round and, unless `dry_run`, applies
// it. The answer: {"dry_run", "changes": [{"sheet", "row", "type": "action"|"kpi", "id",
// "name", "before": {…}|null, "after": {…}}], "count", "applied"}; `changes` lists only the
// rows that differ from what is stored.
std::variant<boost::json::object, Error> import_town_workbook(
    storage::Database& db, Progress& progress, const Clock& clock, const std::string& slug,
    const std::string& round_id, const std::string& municipality, const WorkbookUpload& upload,
    bool dry_run, const EditContext& ctx, const core::Date& today);

}  // namespace kyosei::app::documents
