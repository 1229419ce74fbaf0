#pragma once
// Reading a CSV file back (issue 14: a town's form as CSV). The bytes are decoded first:
// UTF-8 with or without a BOM, or Shift_JIS/CP932 (what Excel writes by default in Japan) —
// an explicit charset wins; otherwise valid UTF-8 is UTF-8 and anything else is decoded as
// CP932 with iconv. Then RFC 4180: fields separated by commas, quoted fields may hold
// commas, quotes ("") and line breaks; CRLF or LF ends a record. Pure; thread-safe.

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kyosei::exchange::workbook {

enum class CsvFault {
  kBadCharset,   // an unknown charset= value
  kBadEncoding,  // bytes that are neither UTF-8 nor CP932 (or the declared charset)
  kBadQuote,     // a quote inside an unquoted field, text after a closing quote, or an
                 // unclosed quote
  kTooManyRows,  // more records than max_rows
  kFieldTooLong  // a field longer than max_field_bytes
};

class CsvError : public std::runtime_error {
 public:
  CsvError(CsvFault fault, int row, const std::string& what)
      : std::runtime_error(what), fault_(fault), row_(row) {}
  CsvFault fault() const { return fault_; }
  int row() const { return row_; }  // 1-based record number, 0 when not about a record

 private:
  CsvFault fault_;
  int row_;
};

struct CsvLimits {
  int max_rows = 20000;
  std::size_t max_field_bytes = std::size_t{64} * 1024;
};

// The text as UTF-8 without a BOM. `charset` is the Content-Type parameter, if any
// ("utf-8", "shift_jis", "windows-31j", "cp932", case-insensitive).
std::string decode_csv_bytes(std::string_view bytes, const std::optional<std::string>& charset);

// The records of UTF-8 text; a blank last line is not a record.
std::vector<std::vector<std::string>> parse_csv(std::string_view text,
                                                const CsvLimits& limits = {});

}  // namespace kyosei::exchange::workbook
