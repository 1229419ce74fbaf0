#include "app/documents/plan_diff.hpp"

#include "core/common/fiscal_year.hpp"

namespace kyosei::app::documents {
namespace {

using exchange::document::Document;
using exchange::document::PageSize;
using exchange::workbook::Cell;
using exchange::workbook::Sheet;

// "防災 › 防災体制"; the policy area's code when the entry is above a field.
std::string place_of(const core::DiffEntry& e) {
  if (e.field.empty()) return e.area;
  std::string out = e.field;
  if (!e.category.empty()) out += " › " + e.category;
  if (e.fiscal_year != 0) out += " › " + core::wareki_short(e.fiscal_year);
  return out;
}

// "主な取組み: …（内容）": the item and, for a change, the property that changed.
std::string item_of(const core::DiffEntry& e) {
  std::string out = e.path;
  if (!e.attribute.empty()) out += "（" + std::string(core::attribute_label(e.attribute)) + "）";
  return out;
}

bool is_draft(const PlanDiffView& v) { return v.from_ref == "draft" || v.to_ref == "draft"; }

}  // namespace

exchange::workbook::Workbook plan_diff_table(const PlanDiffView& view) {
  Sheet s;
  s.name = "新旧対照表";
  // Names for people, the codes beside them for machines (one value per cell).
  s.columns = {{"kind_name", "種別", 10},
               {"kind", "種別コード", 10},
               {"op", "区分", 8},
               {"area_name", "政策分野", 18},
               {"area", "政策分野コード", 10},
               {"field", "分野", 14},
               {"category", "カテゴリ", 18},
               {"fiscal_year", "年度", 8},
               {"item", "項目", 30},
               {"attribute_name", "属性", 12},
               {"attribute", "属性コード", 12},
               {"before", "旧（" + view.from_label + "）", 48},
               {"after", "新（" + view.to_label + "）", 48}};
  for (const auto& e : view.entries) {
    const auto area = view.area_names.find(e.area);
    s.add({Cell::text(std::string(core::kind_label(e.kind))), Cell::text(e.kind),
           Cell::text(std::string(core::label(e.op))),
           Cell::text(area != view.area_names.end() ? area->second : e.area), Cell::text(e.area),
           Cell::text(e.field), Cell::text(e.category),
           e.fiscal_year != 0 ? Cell::integer(e.fiscal_year) : Cell::empty(), Cell::text(e.path),
           Cell::text(std::string(core::attribute_label(e.attribute))), Cell::text(e.attribute),
           Cell::text(e.before), Cell::text(e.after)});
  }
  return {"新旧対照表 " + view.from_label + " → " + view.to_label, {std::move(s)}};
}

void add_plan_diff(Document& doc, const PlanDiffView& view, const std::string& heading) {
  doc.page_break(PageSize::kA3Landscape);
  doc.heading(1, heading);
  int added = 0;
  int removed = 0;
  int changed = 0;
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : view.entries) {
    if (e.op == core::DiffOp::kAdded) ++added;
    if (e.op == core::DiffOp::kRemoved) ++removed;
    if (e.op == core::DiffOp::kChanged) ++changed;
    rows.push_back({std::string(core::label(e.op)), place_of(e), item_of(e), e.before, e.after});
  }
  doc.paragraph("旧：" + view.from_label + "　新：" + view.to_label + "　（追加 " +
                std::to_string(added) + " 件・削除 " + std::to_string(removed) + " 件・変更 " +
                std::to_string(changed) + " 件）");
  if (rows.empty()) {
    doc.paragraph("違いはありません。");
    return;
  }
  doc.table({"区分", "分野・カテゴリ", "項目", "旧（" + view.from_label + "）",
             "新（" + view.to_label + "）"},
            rows, {0.6, 2, 2.4, 4, 4});
  doc.note("変更の文字単位の比較は画面（新旧対照表）と CSV・xlsx の出力にあります。");
}

Document plan_diff_document(const PlanDiffView& view, const std::string& region_name,
                            const std::string& issued_on) {
  Document d;
  d.title = "新旧対照表（" + view.from_label + " → " + view.to_label + "）";
  d.region = region_name;
  d.issued_on = issued_on;
  d.draft = is_draft(view);
  add_plan_diff(d, view, "新旧対照表");
  return d;
}

std::string plan_diff_pdf(const PlanDiffView& view, const std::string& region_name,
                          const std::string& issued_on) {
  return exchange::document::to_pdf(plan_diff_document(view, region_name, issued_on));
}

std::string plan_diff_html(const PlanDiffView& view, const std::string& region_name,
                           const std::string& issued_on) {
  return exchange::document::to_html(plan_diff_document(view, region_name, issued_on));
}

}  // namespace kyosei::app::documents
