// libFuzzer target: the xlsx reader that reads a town's uploaded workbook (libzip + pugixml).
// Properties: never crashes or balloons, whatever the bytes; every failure is an XlsxError;
// every cell read lies inside the sheet's limits.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "exchange/workbook/xlsx_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace xw = kyosei::exchange::workbook;
  xw::XlsxLimits limits;
  limits.max_part_bytes = std::size_t{4} * 1024 * 1024;
  limits.max_total_bytes = std::size_t{8} * 1024 * 1024;
  limits.max_rows = 2000;
  try {
    const auto book =
        xw::read_xlsx(std::string_view(reinterpret_cast<const char*>(data), size), limits);
    for (const auto& s : book.sheets)
      for (const auto& c : s.cells)
        if (c.row < 1 || c.row > limits.max_rows || c.col < 1 || c.col > 16384) std::abort();
  } catch (const xw::XlsxError&) {
  }
  return 0;
}
