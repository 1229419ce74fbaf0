#pragma once
// A printed document as blocks (issue 14): headings, paragraphs, ■ initiatives, ➤ actions,
// tables and page breaks that may change the page size (the KPI 進捗表 is A3 landscape, the
// 意見対応表 on its own A4 landscape; a document that opens with a break starts on it). One
// model, two writers: PDF made on the server with Cairo + Pango (fonts from fontconfig,
// Noto CJK JP embedded as subsets; ADR 0017) and print-ready HTML.

#include <string>
#include <vector>

namespace kyosei::exchange::document {

enum class PageSize { kA4Portrait, kA4Landscape, kA3Landscape };

struct Block {
  enum class Kind {
    kHeading1,
    kHeading2,
    kHeading3,
    kParagraph,
    kInitiative,
    kAction,
    kNote,
    kTable,
    kPageBreak
  };
  Kind kind = Kind::kParagraph;
  std::string text;
  // kTable: a header row, rows, and relative column widths (as many as the header).
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<double> widths;
  // kPageBreak: the size of the pages that follow.
  PageSize page = PageSize::kA4Portrait;
};

struct Document {
  std::string title;      // e.g. 令和7年度 共生ビジョン懇談会 資料
  std::string region;     // the region's name, in every page's header
  std::string issued_on;  // 出力日, YYYY-MM-DD
  bool draft = false;     // 「案」 on every page
  bool sample = false;    // some content is sample data: 「サンプルを含む」 on every page
  std::vector<Block> blocks;

  void heading(int level, std::string text);
  void paragraph(std::string text);
  void initiative(std::string text);  // ■
  void action(std::string text);      // ➤
  void note(std::string text);        // small grey text
  void table(std::vector<std::string> header, std::vector<std::vector<std::string>> rows,
             std::vector<double> widths);
  void page_break(PageSize next = PageSize::kA4Portrait);
};

// PDF bytes. Throws std::runtime_error when Cairo fails.
std::string to_pdf(const Document& doc);
// A standalone HTML page with print styles (A4, the A3 landscape pages as a named page).
std::string to_html(const Document& doc);

}  // namespace kyosei::exchange::document
