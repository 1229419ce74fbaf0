#include "exchange/workbook/town_workbook.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>

namespace kyosei::exchange::workbook {
namespace {

void check(lxw_error e, const char* what) {
  if (e != LXW_NO_ERROR)
    throw std::runtime_error(std::string("xlsx: ") + what + ": " + lxw_strerror(e));
}

struct TempPath {
  std::string path;
  TempPath() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kyosei-town-XXXXXX").string();
    const int fd = mkstemp(tmpl.data());
    if (fd < 0) throw std::runtime_error("xlsx: cannot create a temporary file");
    ::close(fd);
    path = tmpl;
  }
  ~TempPath() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
};

void write_opt(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::optional<long long>& v,
               lxw_format* f) {
  if (v)
    check(worksheet_write_number(ws, r, c, static_cast<double>(*v), f), "cell");
  else
    check(worksheet_write_blank(ws, r, c, f), "cell");
}

void integer_rule(lxw_worksheet* ws, lxw_col_t col, lxw_row_t last) {
  lxw_data_validation v{};
  v.validate = LXW_VALIDATION_TYPE_INTEGER;
  v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
  v.minimum_number = 0;
  v.ignore_blank = LXW_VALIDATION_ON;
  v.error_title = const_cast<char*>("入力エラー");
  v.error_message = const_cast<char*>("0以上の整数で入力してください");
  check(worksheet_data_validation_range(ws, 1, col, last, col, &v), "validation");
}

}  // namespace

std::string to_xlsx(const TownWorkbook& b) {
  TempPath file;
  lxw_workbook* wb = workbook_new(file.path.c_str());
  if (wb == nullptr) throw std::runtime_error("xlsx: cannot start a workbook");
  std::unique_ptr<lxw_workbook, void (*)(lxw_workbook*)> guard(wb, [](lxw_workbook* w) {
    if (w != nullptr) workbook_close(w);
  });
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xE8EEF7);
  format_set_border(head, LXW_BORDER_THIN);
  lxw_format* key = workbook_add_format(wb);  // locked (the default), grey
  format_set_bg_color(key, 0xF2F2F2);
  format_set_text_wrap(key);
  format_set_align(key, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* input = workbook_add_format(wb);
  format_set_unlocked(input);
  format_set_text_wrap(input);
  format_set_align(input, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* integer = workbook_add_format(wb);
  format_set_unlocked(integer);
  format_set_num_format(integer, "#,##0");
  format_set_align(integer, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* decimal = workbook_add_format(wb);
  format_set_unlocked(decimal);
  format_set_num_format(decimal, "General");

  // 様式: the actions.
  lxw_worksheet* ws = workbook_add_worksheet(wb, "様式");
  const char* heads[] = {"取組番号",   "分野", "カテゴリ", "具体的取組",  "状況",
                         "実績・結果", "回数", "参加者数", "事業費（円）"};
  const double widths[] = {9, 12, 14, 40, 10, 40, 8, 10, 14};
  for (lxw_col_t c = 0; c < 9; ++c) {
    check(worksheet_set_column(ws, c, c, widths[c], nullptr), "column");
    check(worksheet_write_string(ws, 0, c, heads[c], head), "header");
  }
  lxw_row_t r = 1;
  for (const auto& a : b.actions) {
    check(worksheet_write_number(ws, r, 0, static_cast<double>(a.action_id), key), "cell");
    check(worksheet_write_string(ws, r, 1, a.field.c_str(), key), "cell");
    check(worksheet_write_string(ws, r, 2, a.category.c_str(), key), "cell");
    check(worksheet_write_string(ws, r, 3, a.action.c_str(), key), "cell");
    if (a.status.empty())
      check(worksheet_write_blank(ws, r, 4, input), "cell");
    else
      check(worksheet_write_string(ws, r, 4, a.status.c_str(), input), "cell");
    check(worksheet_write_string(ws, r, 5, a.result.c_str(), input), "cell");
    write_opt(ws, r, 6, a.sessions, integer);
    write_opt(ws, r, 7, a.participants, integer);
    write_opt(ws, r, 8, a.cost_yen, integer);
    ++r;
  }
  const lxw_row_t last = b.actions.empty() ? 1 : static_cast<lxw_row_t>(b.actions.size());
  std::vector<char*> list;  // the library's type; it does not write through them
  for (const auto& s : b.statuses) list.push_back(const_cast<char*>(s.c_str()));
  list.push_back(nullptr);
  lxw_data_validation status{};
  status.validate = LXW_VALIDATION_TYPE_LIST;
  status.value_list = list.data();
  status.ignore_blank = LXW_VALIDATION_ON;
  status.error_title = const_cast<char*>("入力エラー");
  status.error_message = const_cast<char*>("一覧から選んでください");
  check(worksheet_data_validation_range(ws, 1, 4, last, 4, &status), "validation");
  for (lxw_col_t c = 6; c <= 8; ++c) integer_rule(ws, c, last);
  worksheet_freeze_panes(ws, 1, 0);
  lxw_protection protect{};
  protect.format_columns = 1;
  protect.format_rows = 1;
  worksheet_protect(ws, nullptr, &protect);

  // KPI: the town's values of the round's summed KPIs.
  lxw_worksheet* ks = workbook_add_worksheet(wb, "KPI");
  const char* kheads[] = {"KPI番号", "指標名", "単位", "実績値"};
  const double kwidths[] = {9, 44, 8, 14};
  for (lxw_col_t c = 0; c < 4; ++c) {
    check(worksheet_set_column(ks, c, c, kwidths[c], nullptr), "column");
    check(worksheet_write_string(ks, 0, c, kheads[c], head), "header");
  }
  r = 1;
  for (const auto& k : b.kpis) {
    check(worksheet_write_number(ks, r, 0, static_cast<double>(k.kpi_id), key), "cell");
    check(worksheet_write_string(ks, r, 1, k.name.c_str(), key), "cell");
    check(worksheet_write_string(ks, r, 2, k.unit.c_str(), key), "cell");
    if (k.value)
      check(worksheet_write_number(ks, r, 3, std::stod(*k.value), decimal), "cell");
    else
      check(worksheet_write_blank(ks, r, 3, decimal), "cell");
    ++r;
  }
  worksheet_freeze_panes(ks, 1, 0);
  worksheet_protect(ks, nullptr, &protect);

  // _kyosei: what this workbook is, hidden.
  lxw_worksheet* meta = workbook_add_worksheet(wb, "_kyosei");
  auto put = [&](lxw_row_t row, const char* name, const std::string& value) {
    check(worksheet_write_string(meta, row, 0, name, nullptr), "meta");
    check(worksheet_write_string(meta, row, 1, value.c_str(), nullptr), "meta");
  };
  put(0, "format", kTownWorkbookFormat);
  put(1, "region", b.region);
  put(2, "round", std::to_string(b.round_id));
  put(3, "fiscal_year", std::to_string(b.fiscal_year));
  put(4, "municipality", b.town_code);
  lxw_row_t m = 5;
  for (const auto& a : b.actions)
    put(m++, ("action:" + std::to_string(a.action_id)).c_str(), std::to_string(a.version));
  for (const auto& k : b.kpis)
    put(m++, ("kpi:" + std::to_string(k.kpi_id)).c_str(), std::to_string(k.version));
  worksheet_hide(meta);
  worksheet_protect(meta, nullptr, nullptr);
  worksheet_activate(ws);

  lxw_doc_properties props{};
  const std::string title = b.region_name + " " + b.round_title + " " + b.town_name;
  props.title = const_cast<char*>(title.c_str());
  props.author = const_cast<char*>("Kyosei");
  workbook_set_properties(wb, &props);
  check(workbook_close(guard.release()), "close");
  std::ifstream in(file.path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace kyosei::exchange::workbook
