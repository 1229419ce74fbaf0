#pragma once
// The council material (issue 14): for a region and fiscal year, the document the deck is —
// Ⅰ the council's roles and the year's schedule; Ⅱ the cycle and the viewpoints ❶–➏; Ⅲ per
// field the year's direction, main initiatives and actions with their towns, the progress
// results and KPI achievement; Ⅳ the categories that start next year and the candidates;
// then the KPI 進捗表 (A3 landscape), the 意見対応表 and, while a draft revision exists, its
// 新旧対照表 against the current plan. Built from the read models the
// pages use; written as PDF or HTML by exchange/document.

#include <string>

#include "app/council/views.hpp"
#include "app/kpi/views.hpp"
#include "app/plan/editions.hpp"
#include "app/plan/vision.hpp"
#include "app/progress/views.hpp"
#include "exchange/document/document.hpp"

namespace kyosei::app::documents {

struct CouncilMaterialInput {
  const VisionInYear* vision = nullptr;
  const KpiList* kpis = nullptr;
  const ProgressList* progress = nullptr;
  const OpinionTable* opinions = nullptr;
  const PlanDiffView* revision = nullptr;  // the pending draft against the current plan
  std::string issued_on;                   // 出力日 (YYYY-MM-DD, Japan)
  bool draft = true;                       // 「案」
};

exchange::document::Document council_material(const CouncilMaterialInput& in);
// The material as PDF bytes (Cairo + Pango) or as a print-ready HTML page.
std::string council_material_pdf(const CouncilMaterialInput& in);
std::string council_material_html(const CouncilMaterialInput& in);

}  // namespace kyosei::app::documents
