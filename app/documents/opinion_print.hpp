#pragma once
// The 意見対応表 as a printed document (issue 12 item 4, issue 14 item 1): the rows of
// app::Council::table — so the caller's privacy (outside the region only published opinions,
// never a submitter) is already applied — as one table (番号, 意見集約, 対象, 意見, 対応方針,
// 回答, 対応状況). The council material appends it on A3 landscape pages; on its own it is an
// A4 landscape document. Written as PDF (Cairo + Pango) or HTML by exchange/document.

#include <string>

#include "app/council/views.hpp"
#include "exchange/document/document.hpp"

namespace kyosei::app::documents {

// Appends the table to `doc` from a new page of size `page`: a heading, then the table or a
// sentence when the year has no opinion yet. Sets doc.sample when a row is sample data and
// marks such rows 「（サンプル）」.
void add_opinion_table(exchange::document::Document& doc, const OpinionTable& table,
                       const std::string& heading, exchange::document::PageSize page);

// The table alone: title 意見対応表（令和N年度[ 第M回]）, the region's name, 出力日 `issued_on`.
exchange::document::Document opinion_table_document(const OpinionTable& table,
                                                    const std::string& region_name,
                                                    const std::string& issued_on);
std::string opinion_table_pdf(const OpinionTable& table, const std::string& region_name,
                              const std::string& issued_on);

}  // namespace kyosei::app::documents
