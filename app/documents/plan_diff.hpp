#pragma once
// The 新旧対照表 as people take it away (issue 13 item 2, issue 14 items 1 and 3): a
// workbook (xlsx, CSV with BOM, JSON of the table) and a printed document (PDF or HTML,
// 旧 | 新 side by side on A3 landscape pages). The same rows as the web's table, read
// through the same use case and permission (app::Editions::diff), so a draft's comparison
// never reaches anyone who may not read the draft.

#include <string>

#include "app/plan/editions.hpp"
#include "exchange/document/document.hpp"
#include "exchange/workbook/table.hpp"

namespace kyosei::app::documents {

// One row per difference: 種別, 区分 (追加 / 削除 / 変更), 政策分野, 分野, カテゴリ, 年度
// (西暦, empty above a year), 項目, 属性, 旧, 新.
exchange::workbook::Workbook plan_diff_table(const PlanDiffView& view);

// Appends the comparison to `doc` from a new A3 landscape page: a heading, the counts, then
// the table (区分, 分野・カテゴリ, 項目, 旧, 新), or a sentence when nothing differs.
void add_plan_diff(exchange::document::Document& doc, const PlanDiffView& view,
                   const std::string& heading);

// The comparison alone as a document: title 新旧対照表, the region's name, 出力日 `issued_on`,
// 「案」 when either side is the draft.
exchange::document::Document plan_diff_document(const PlanDiffView& view,
                                                const std::string& region_name,
                                                const std::string& issued_on);
// That document as PDF bytes (Cairo + Pango) or as a print-ready HTML page.
std::string plan_diff_pdf(const PlanDiffView& view, const std::string& region_name,
                          const std::string& issued_on);
std::string plan_diff_html(const PlanDiffView& view, const std::string& region_name,
                           const std::string& issued_on);

}  // namespace kyosei::app::documents
