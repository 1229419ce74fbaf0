#include "exchange/workbook/table.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>

namespace kyosei::exchange::workbook {
namespace {

bool is_decimal(const std::string& s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  const std::size_t digits_from = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == digits_from || i - digits_from > 15) return false;
  if (i == s.size()) return true;
  if (s[i] != '.') return false;
  const std::size_t frac_from = ++i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i == s.size() && i > frac_from;
}

std::string csv_cell(const Cell& c) {
  std::string v = c.value;
  if (c.kind == Cell::Kind::kText && !v.empty() &&
      (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v.insert(v.begin(), '\'');
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (const char ch : v) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

// The most characters an xlsx cell holds.
constexpr std::size_t kMaxCellChars = 32767;

void check(lxw_error e, const char* what) {
  if (e != LXW_NO_ERROR)
    throw std::runtime_error(std::string("xlsx: ") + what + ": " + lxw_strerror(e));
}

// A file that removes itself.
struct TempFile {
  std::filesystem::path path;
  TempFile() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kyosei-xlsx-XXXXXX").string();
    const int fd = mkstemp(tmpl.data());
    if (fd < 0) throw std::runtime_error("xlsx: cannot create a temporary file");
    ::close(fd);
    path = tmpl;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

}  // namespace

Cell Cell::number(std::string decimal) {
  if (!is_decimal(decimal)) return text(std::move(decimal));
  return {Kind::kNumber, std::move(decimal)};
}

void Sheet::add(std::vector<Cell> row) {
  if (row.size() != columns.size())
    throw std::invalid_argument("workbook: row of " + std::to_string(row.size()) +
                                " cells in a sheet of " + std::to_string(columns.size()) +
                                " columns");
  rows.push_back(std::move(row));
}

std::string to_csv(const Sheet& sheet) {
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<Cell>& cells) {
    bool first = true;
    for (const auto& c : cells) {
      if (!first) out += ',';
      out += csv_cell(c);
      first = false;
    }
    out += "\r\n";
  };
  std::vector<Cell> header;
  header.reserve(sheet.columns.size());
  for (const auto& c : sheet.columns) header.push_back(Cell::text(c.label));
  line(header);
  for (const auto& r : sheet.rows) line(r);
  return out;
}

std::string to_xlsx(const Workbook& book) {
  TempFile file;
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(file.path.c_str(), &options);
  if (wb == nullptr) throw std::runtime_error("xlsx: cannot start a workbook");
  std::unique_ptr<lxw_workbook, void (*)(lxw_workbook*)> guard(wb, [](lxw_workbook* w) {
    if (w != nullptr) workbook_close(w);
  });
  lxw_doc_properties props{};
  props.title = const_cast<char*>(book.title.c_str());
  props.author = const_cast<char*>("Kyosei");
  workbook_set_properties(wb, &props);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xE8EEF7);
  format_set_border(bold, LXW_BORDER_THIN);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* num = workbook_add_format(wb);
  format_set_align(num, LXW_ALIGN_VERTICAL_TOP);
  for (const auto& sheet : book.sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
    if (ws == nullptr) throw std::runtime_error("xlsx: bad sheet name " + sheet.name);
    for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      check(worksheet_set_column(ws, col, col, sheet.columns[c].width, nullptr), "column");
      check(worksheet_write_string(ws, 0, col, sheet.columns[c].label.c_str(), bold), "header");
    }
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const auto& cell = sheet.rows[r][c];
        const auto col = static_cast<lxw_col_t>(c);
        switch (cell.kind) {
          case Cell::Kind::kEmpty: break;
          case Cell::Kind::kText:
            check(worksheet_write_string(ws, row, col,
                                         clip_chars(cell.value, kMaxCellChars).c_str(), wrap),
                  "cell");
            break;
          case Cell::Kind::kNumber:
          case Cell::Kind::kInteger:
            check(
                worksheet_write_number(ws, row, col, std::strtod(cell.value.c_str(), nullptr), num),
                "cell");
            break;
        }
      }
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (!sheet.columns.empty())
      worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()),
                           static_cast<lxw_col_t>(sheet.columns.size() - 1));
  }
  lxw_workbook* owned = guard.release();
  check(workbook_close(owned), "close");
  std::ifstream in(file.path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string clip_chars(const std::string& text, std::size_t max_chars) {
  if (max_chars == 0) return {};
  // Counts characters by their lead bytes (the text is valid UTF-8: every text is checked
  // where it comes in).
  std::size_t chars = 0;
  std::size_t cut = text.size();  // byte offset of character number max_chars - 1
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) == 0x80U) continue;
    if (chars == max_chars - 1) cut = i;
    if (++chars > max_chars) return text.substr(0, cut) + "…";
  }
  return text;
}

}  // namespace kyosei::exchange::workbook
