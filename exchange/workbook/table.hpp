#pragma once
// A table as people exchange it (issue 14): named columns, one value per cell, no merged
// cells, no formulas. The exports (KPI 進捗表, progress list, round states, 意見対応表, audit
// trail, open data) are built as Tables and written as CSV, xlsx or JSON from the same rows,
// so the three formats cannot disagree.

#include <string>
#include <vector>

namespace kyosei::exchange::workbook {

// One cell: empty, a text, a decimal kept as its decimal text (so "83.3" is written as the
// number 83.3, never rounded through a binary double before it reaches the file), or an
// integer (ids, years, counts). Both kinds of number are numbers in xlsx; in JSON integers
// are numbers and decimals their text, as everywhere in the API.
struct Cell {
  enum class Kind { kEmpty, kText, kNumber, kInteger };
  Kind kind = Kind::kEmpty;
  std::string value;

  static Cell empty() { return {}; }
  static Cell text(std::string t) { return {Kind::kText, std::move(t)}; }
  // A decimal text such as "-12.50"; anything that is not one becomes a text cell.
  static Cell number(std::string decimal);
  static Cell integer(long long v) { return {Kind::kInteger, std::to_string(v)}; }
  friend bool operator==(const Cell&, const Cell&) = default;
};

struct Column {
  std::string key;    // machine name (JSON key, data dictionary), ASCII snake_case
  std::string label;  // the header people read (Japanese)
  double width = 12;  // xlsx column width in characters
};

struct Sheet {
  std::string name;  // ≤ 31 characters, none of []:*?/\ (xlsx rule)
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // each row has columns.size() cells

  // Appends a row; throws std::invalid_argument when its width is not the columns'.
  void add(std::vector<Cell> row);
};

struct Workbook {
  std::string title;  // document property
  std::vector<Sheet> sheets;
};

// RFC 4180 CSV of one sheet: UTF-8 with a byte-order mark (what Excel needs to read UTF-8),
// CRLF line ends, a header row of the labels. A text that a spreadsheet would take for a
// formula (starting with = + - @, a tab or CR) is prefixed with an apostrophe.
std::string to_csv(const Sheet& sheet);

// The workbook as .xlsx bytes (libxlsxwriter): a bold, frozen header row with an
// autofilter, numbers as numbers, texts as texts (never formulas). Throws
// std::runtime_error when the library fails. A text longer than a cell holds (32,767
// characters, the xlsx limit; e.g. a whole region's image in an audit entry) is cut there and
// ends with 「…」: CSV and JSON carry it whole.
std::string to_xlsx(const Workbook& book);

// `text` cut to at most `max_chars` Unicode characters, the last of them 「…」 when cut.
std::string clip_chars(const std::string& text, std::size_t max_chars);

}  // namespace kyosei::exchange::workbook
