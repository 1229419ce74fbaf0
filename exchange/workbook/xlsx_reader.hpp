#pragma once
// Reading an .xlsx back (issue 14: a town's filled workbook): the cells of every sheet as
// they are stored — shared strings, inline strings, numbers, booleans — with formulas and
// error values marked so that the caller can refuse them where values belong, and each
// sheet's merged ranges. libzip opens the package from memory and pugixml parses the parts.
//
// Defences, checked before anything is inflated: the package size, the number of entries,
// every entry's declared uncompressed size and their sum (a zip bomb); the inflated bytes
// are counted again while reading (a lying header). Rows past `max_rows` stop the read.
// Anything that is not a readable xlsx throws XlsxError naming the part. Pure; thread-safe.

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kyosei::exchange::workbook {

struct XlsxLimits {
  std::size_t max_entries = 2000;
  std::size_t max_part_bytes = std::size_t{32} * 1024 * 1024;   // one inflated part
  std::size_t max_total_bytes = std::size_t{96} * 1024 * 1024;  // all inflated parts
  int max_rows = 20000;                                         // per sheet
};

enum class XlsxFault {
  kNotXlsx,     // not a zip, or no workbook part
  kTooLarge,    // an entry or the sum over the limits (a zip bomb)
  kMalformed,   // a part is not well-formed XML, or a reference is broken
  kTooManyRows  // a sheet has more rows than max_rows
};

class XlsxError : public std::runtime_error {
 public:
  XlsxError(XlsxFault fault, std::string part, const std::string& what)
      : std::runtime_error(what), fault_(fault), part_(std::move(part)) {}
  XlsxFault fault() const { return fault_; }
  // The package part (e.g. "xl/worksheets/sheet1.xml") or the sheet's name.
  const std::string& part() const { return part_; }

 private:
  XlsxFault fault_;
  std::string part_;
};

enum class CellKind { kString, kNumber, kBoolean, kFormula, kError };

struct XlsxCell {
  int row = 0;  // 1-based
  int col = 0;  // 1-based (A = 1)
  CellKind kind = CellKind::kString;
  std::string text;  // the string, the number as stored ("1200000", "12.5"), "1"/"0"
};

struct XlsxSheet {
  std::string name;
  bool hidden = false;
  std::vector<XlsxCell> cells;                       // in file order
  std::vector<std::string> merged;                   // ranges as written ("B3:C4")
  std::map<std::pair<int, int>, std::size_t> index;  // (row, col) → cells[i]
  // The cell at (row, col), or null.
  const XlsxCell* at(int row, int col) const;
};

struct XlsxBook {
  std::vector<XlsxSheet> sheets;
  const XlsxSheet* sheet(std::string_view name) const;
};

XlsxBook read_xlsx(std::string_view bytes, const XlsxLimits& limits = {});

// "D7" for (7, 4).
std::string cell_ref(int row, int col);
// Whether the merged range `range` ("B3:C4") covers (row, col).
bool range_covers(std::string_view range, int row, int col);

}  // namespace kyosei::exchange::workbook
