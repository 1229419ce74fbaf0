#pragma once
// The exports (issue 14): each read model that people take away — the KPI 進捗表, the
// progress list, a round's states, the 意見対応表, the audit trail — and the open-data
// files (vision, KPIs, results) as exchange::workbook tables. The callers (http/) read the
// model through the same use case and permission as its JSON read, so an export never shows
// more than the page does. Column keys and meanings: docs/open-data.md.

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "app/council/views.hpp"
#include "app/kpi/views.hpp"
#include "app/plan/vision.hpp"
#include "app/progress/views.hpp"
#include "exchange/workbook/table.hpp"
#include "storage/audit/audit_store.hpp"

namespace kyosei::app::documents {

using exchange::workbook::Workbook;

// KPI 進捗表: 基準値, 目標, the years' 実績, both rates, 評価, 見通し.
Workbook kpi_table(const KpiList& list);
// The progress list of a fiscal year: one row per action and town.
Workbook progress_table(const ProgressList& list);
// A round's states: one row per town (the round's JSON record, app::Progress::round).
Workbook round_table(const boost::json::object& round);
// The 意見対応表.
Workbook opinion_table(const OpinionTable& table);
// The audit trail (newest first, as listed).
Workbook audit_table(const std::vector<storage::AuditEntry>& entries);

// Open data (public): the vision of a fiscal year (one row per action and town), the KPIs'
// definitions, and the KPIs' results by year. Codes beside names, 西暦 years, one value per
// cell.
Workbook open_vision(const VisionInYear& vision);
Workbook open_kpis(const KpiList& list);
Workbook open_results(const KpiList& list);
// The data dictionary of the open-data files (項目定義書): one row per dataset, sheet and
// column with its key, heading and meaning; the same for every region.
Workbook open_dictionary();

// The three formats of a workbook: JSON ({"title", "sheets": [{"name", "columns": [{key,
// label}], "rows": [{key: value}]}]}, integers as numbers, decimals as their text, empty
// cells null), CSV of the first sheet (UTF-8 with BOM) and xlsx bytes.
boost::json::object workbook_json(const Workbook& book);
std::string workbook_csv(const Workbook& book);
std::string workbook_xlsx(const Workbook& book);

}  // namespace kyosei::app::documents
