#include "exchange/workbook/csv_reader.hpp"

#include <iconv.h>

#include <cerrno>
#include <memory>

#include "core/common/utf8.hpp"

namespace kyosei::exchange::workbook {
namespace {

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string strip_bom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return std::string(s);
}

std::string from_cp932(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "CP932");
  // NOLINTNEXTLINE(performance-no-int-to-ptr): iconv_open's documented failure value
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw CsvError(CsvFault::kBadCharset, 0, "csv: no CP932");
  std::unique_ptr<void, int (*)(iconv_t)> guard(cd, iconv_close);
  std::string out(bytes.size() * 3 + 16, '\0');
  std::string in(bytes);
  char* src = in.data();
  std::size_t src_left = in.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  if (iconv(cd, &src, &src_left, &dst, &dst_left) == static_cast<std::size_t>(-1) || src_left != 0)
    throw CsvError(CsvFault::kBadEncoding, 0, "csv: not CP932");
  out.resize(out.size() - dst_left);
  return out;
}

}  // namespace

std::string decode_csv_bytes(std::string_view bytes, const std::optional<std::string>& charset) {
  if (charset) {
    const std::string cs = lower(*charset);
    if (cs == "utf-8" || cs == "utf8") {
      std::string text = strip_bom(bytes);
      if (!core::is_valid_utf8(text)) throw CsvError(CsvFault::kBadEncoding, 0, "csv: not UTF-8");
      return text;
    }
    if (cs == "shift_jis" || cs == "shift-jis" || cs == "sjis" || cs == "windows-31j" ||
        cs == "cp932" || cs == "ms932")
      return from_cp932(bytes);
    throw CsvError(CsvFault::kBadCharset, 0, "csv: unknown charset " + *charset);
  }
  std::string text = strip_bom(bytes);
  if (core::is_valid_utf8(text)) return text;
  return from_cp932(bytes);
}

std::vector<std::vector<std::string>> parse_csv(std::string_view text, const CsvLimits& limits) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;      // inside quotes
  bool was_quoted = false;  // the field had quotes (then only a separator may follow)
  bool any = false;         // the record has begun
  const auto end_field = [&] {
    if (field.size() > limits.max_field_bytes)
      throw CsvError(CsvFault::kFieldTooLong, static_cast<int>(rows.size()) + 1,
                     "csv: field too long");
    row.push_back(std::move(field));
    field.clear();
    was_quoted = false;
  };
  const auto end_row = [&] {
    end_field();
    if (static_cast<int>(rows.size()) >= limits.max_rows)
      throw CsvError(CsvFault::kTooManyRows, static_cast<int>(rows.size()) + 1,
                     "csv: too many rows");
    rows.push_back(std::move(row));
    row.clear();
    any = false;
  };
  const auto bad = [&] {
    throw CsvError(CsvFault::kBadQuote, static_cast<int>(rows.size()) + 1, "csv: bad quote");
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == ',') {
      any = true;
      end_field();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
    } else if (c == '"') {
      if (!field.empty() || was_quoted) bad();
      quoted = true;
      was_quoted = true;
      any = true;
    } else {
      if (was_quoted) bad();
      field += c;
      any = true;
    }
  }
  if (quoted) bad();
  if (any || !field.empty() || !row.empty()) end_row();
  return rows;
}

}  // namespace kyosei::exchange::workbook
