// libFuzzer target: the CSV reader of a town's uploaded form (charset detection with iconv,
// RFC 4180 records). Properties: never crashes, whatever the bytes; every failure is a
// CsvError; the decoded text is valid UTF-8.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/common/utf8.hpp"
#include "exchange/workbook/csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace xw = kyosei::exchange::workbook;
  try {
    const std::string text = xw::decode_csv_bytes(
        std::string_view(reinterpret_cast<const char*>(data), size), std::nullopt);
    if (!kyosei::core::is_valid_utf8(text)) std::abort();
    (void)xw::parse_csv(text);
  } catch (const xw::CsvError&) {
  }
  return 0;
}
