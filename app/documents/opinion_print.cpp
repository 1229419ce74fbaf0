#include "app/documents/opinion_print.hpp"

#include "core/common/fiscal_year.hpp"

namespace kyosei::app::documents {

using exchange::document::Document;
using exchange::document::PageSize;

void add_opinion_table(Document& d, const OpinionTable& table, const std::string& heading,
                       PageSize page) {
  d.page_break(page);
  d.heading(1, heading);
  if (!table.published_only) d.note("公表前の意見・回答を含みます（圏域の関係者限り）。");
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : table.rows) {
    if (r.sample) d.sample = true;
    std::string body = r.body;
    if (r.sample && body.find("サンプル") == std::string::npos) body += "（サンプル）";
    rows.push_back({std::to_string(r.id), "第" + std::to_string(r.round) + "回", r.targets,
                    std::move(body), r.policy, r.answer, r.status});
  }
  if (rows.empty())
    d.paragraph(table.round ? "この年度・回の意見はまだありません。"
                            : "この年度の意見はまだありません。");
  else
    d.table({"番号", "意見集約", "対象", "意見", "対応方針", "回答", "対応状況"}, rows,
            {0.6, 0.8, 1.6, 4, 2.5, 4, 1});
}

Document opinion_table_document(const OpinionTable& table, const std::string& region_name,
                                const std::string& issued_on) {
  Document d;
  d.region = region_name;
  d.title = "意見対応表（" + core::wareki_label(table.fiscal_year) +
            (table.round ? " 第" + std::to_string(*table.round) + "回意見集約" : "") + "）";
  d.issued_on = issued_on;
  add_opinion_table(d, table, d.title, PageSize::kA4Landscape);
  if (!table.vision_title.empty()) d.note(table.vision_title);
  return d;
}

std::string opinion_table_pdf(const OpinionTable& table, const std::string& region_name,
                              const std::string& issued_on) {
  return exchange::document::to_pdf(opinion_table_document(table, region_name, issued_on));
}

}  // namespace kyosei::app::documents
