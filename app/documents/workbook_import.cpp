#include "app/documents/workbook_import.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <type_traits>

#include "app/common/unit_of_work.hpp"
#include "app/documents/messages.hpp"
#include "app/kpi/kpis.hpp"
#include "app/progress/messages.hpp"
#include "core/common/decimal.hpp"
#include "core/common/fiscal_year.hpp"
#include "core/progress/progress.hpp"
#include "exchange/workbook/csv_reader.hpp"
#include "exchange/workbook/town_workbook.hpp"
#include "exchange/workbook/xlsx_reader.hpp"

namespace kyosei::app::documents {
namespace {

namespace json = boost::json;
namespace xw = exchange::workbook;

constexpr const char* kFormSheet = "様式";
constexpr const char* kKpiSheet = "KPI";
constexpr const char* kMetaSheet = "_kyosei";
constexpr const char* kCsvSheet = "CSV";
constexpr int kFormColumns = 9;
constexpr const char* kFormHeads[kFormColumns] = {"取組番号",   "分野",     "カテゴリ",
                                                  "具体的取組", "状況",     "実績・結果",
                                                  "回数",       "参加者数", "事業費（円）"};
constexpr const char* kKpiHeads[4] = {"KPI番号", "指標名", "単位", "実績値"};
constexpr std::size_t kMaxErrors = 100;
constexpr std::size_t kMaxResultBytes = 4000;

// A message argument as text.
std::string arg(const std::string& s) { return s; }
std::string arg(const char* s) { return s; }
template <typename T>
requires std::is_arithmetic_v<T> std::string arg(T v) { return std::to_string(v); }

// One cell as read: a kind and its text (both readers give the same).
struct Cell {
  xw::CellKind kind = xw::CellKind::kString;
  std::string text;
};

// A sheet as a grid: the xlsx sheet, or the CSV records.
struct Grid {
  std::string name;
  std::map<std::pair<int, int>, Cell> cells;  // (row, col), non-empty only
  std::vector<std::string> merged;
  int max_row = 0;
  const Cell* at(int row, int col) const {
    auto it = cells.find({row, col});
    return it == cells.end() ? nullptr : &it->second;
  }
  std::string text(int row, int col) const {
    const auto* c = at(row, col);
    return c != nullptr ? c->text : std::string();
  }
};

Grid grid_of(const xw::XlsxSheet& s) {
  Grid g;
  g.name = s.name;
  g.merged = s.merged;
  for (const auto& c : s.cells) {
    if (c.kind == xw::CellKind::kString && c.text.empty()) continue;
    g.cells[{c.row, c.col}] = Cell{c.kind, c.text};
    g.max_row = std::max(g.max_row, c.row);
  }
  return g;
}

// Blanks trimmed (ASCII and U+3000).
std::string trim(std::string s) {
  const auto blank_at_start = [&] {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) return std::size_t{1};
    if (s.rfind("\u3000", 0) == 0) return std::size_t{3};
    return std::size_t{0};
  };
  while (auto n = blank_at_start()) s.erase(0, n);
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
      s.pop_back();
    } else if (s.size() >= 3 && s.compare(s.size() - 3, 3, "\u3000") == 0) {
      s.resize(s.size() - 3);
    } else {
      break;
    }
  }
  return s;
}

// What people type for a number: full-width digits, thousands separators (, ，), a
// trailing 円 or 人 or 回, blanks. ASCII digits (with "." and "-") or "" when unreadable.
std::string normalise_number(const std::string& raw) {
  std::string out;
  const std::string s = trim(raw);
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+') {
      out += static_cast<char>(c);
      ++i;
    } else if (c == ',') {
      ++i;
    } else if (s.compare(i, 3, "，") == 0) {
      i += 3;
    } else if (s.compare(i, 3, "．") == 0) {
      out += '.';
      i += 3;
    } else if (s.compare(i, 3, "－") == 0 || s.compare(i, 3, "−") == 0) {
      out += '-';
      i += 3;
    } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC &&
               static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
               static_cast<unsigned char>(s[i + 2]) <= 0x99) {
      out += static_cast<char>('0' + (static_cast<unsigned char>(s[i + 2]) - 0x90));
      i += 3;
    } else if (s.compare(i, 3, "円") == 0 || s.compare(i, 3, "人") == 0 ||
               s.compare(i, 3, "回") == 0) {
      if (i + 3 != s.size()) return "";  // only as a suffix
      i += 3;
    } else if (c == ' ' || s.compare(i, 3, "\u3000") == 0) {
      i += c == ' ' ? 1 : 3;
    } else {
      return "";
    }
  }
  return out;
}

// A number cell's text without an exponent ("1.2E6" → "1200000").
std::string plain_number(const std::string& text) {
  if (text.find_first_of("eE") == std::string::npos) return text;
  double d = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), d);
  if (res.ec != std::errc() || !std::isfinite(d)) return text;
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

class Import {
 public:
  Import(const json::object& tasks, std::string slug, std::string round_id, std::string code)
      : tasks_(tasks),
        slug_(std::move(slug)),
        round_id_(std::move(round_id)),
        code_(std::move(code)) {
    for (const auto& v : tasks_.at("actions").as_array())
      actions_[v.at("id").as_int64()] = &v.as_object();
    for (const auto& v : tasks_.at("kpis").as_array())
      kpis_[v.at("id").as_int64()] = &v.as_object();
    for (const auto s : core::kAllProgressStatuses) {
      if (!status_list_.empty()) status_list_ += "・";
      status_list_ += core::label(s);
    }
  }

  void error_text(const std::string& sheet, int row, int col, const std::string& ja,
                  const std::string& en) {
    if (errors_.size() >= kMaxErrors) return;
    const std::string cell = xw::cell_ref(row, col);
    const std::string where = sheet + "!" + cell;  // 様式!D7: …
    errors_.push_back({where, where + ": " + ja, where + ": " + en});
  }
  template <typename... A>
  void error(const std::string& sheet, int row, int col, const Message& m, const A&... args) {
    error_text(sheet, row, col, m.ja(arg(args)...), m.en(arg(args)...));
  }
  bool failed() const { return !errors_.empty(); }
  std::vector<FieldError>& errors() { return errors_; }

  // The hidden sheet: the workbook's region, round, town and versions.
  void read_meta(const Grid& meta) {
    std::map<std::string, std::pair<int, std::string>> kv;  // name → (row, value)
    for (int r = 1; r <= meta.max_row; ++r) kv[meta.text(r, 1)] = {r, meta.text(r, 2)};
    const auto value = [&](const char* k) { return kv.contains(k) ? kv[k].second : std::string(); };
    if (value("format") != xw::kTownWorkbookFormat) {
      error(meta.name, kv.contains("format") ? kv["format"].first : 1, 2,
            msg::documents::not_town_workbook);
      return;
    }
    if (value("region") != slug_)
      error(meta.name, kv["region"].first, 2, msg::documents::other_region, value("region"));
    if (value("round") != round_id_)
      error(meta.name, kv["round"].first, 2, msg::documents::other_round, value("round"));
    if (value("municipality") != code_)
      error(meta.name, kv["municipality"].first, 2, msg::documents::other_town,
            value("municipality"));
    for (const auto& entry : kv) {
      const std::string& k = entry.first;
      const auto& rv = entry.second;
      long long id = 0;
      const auto parse_id = [&](std::string_view prefix) {
        if (k.rfind(prefix, 0) != 0) return false;
        const auto* b = k.data() + prefix.size();
        return std::from_chars(b, k.data() + k.size(), id).ec == std::errc();
      };
      int version = 0;
      std::from_chars(rv.second.data(), rv.second.data() + rv.second.size(), version);
      if (parse_id("action:")) action_versions_[id] = version;
      if (parse_id("kpi:")) kpi_versions_[id] = version;
    }
    has_meta_ = true;
  }

  void check_heads(const Grid& g, const char* const* heads, int n) {
    for (int c = 1; c <= n; ++c)
      if (trim(g.text(1, c)) != heads[c - 1])
        error(g.name, 1, c, msg::documents::header, heads[c - 1]);
  }

  void check_cells(const Grid& g, int columns, int form_rows) {
    for (const auto& range : g.merged) {
      for (int r = 2; r <= std::max(form_rows + 1, 2); ++r)
        for (int c = 1; c <= columns; ++c)
          if (xw::range_covers(range, r, c)) {
            error(g.name, r, c, msg::documents::merged, range);
            goto next_range;
          }
    next_range:;
    }
    bool extra_reported = false;
    for (const auto& [rc, cell] : g.cells) {
      if (cell.kind == xw::CellKind::kFormula || cell.kind == xw::CellKind::kError)
        error(g.name, rc.first, rc.second, msg::documents::formula);
      if (rc.first > form_rows + 1 && !extra_reported && !trim(cell.text).empty()) {
        error(g.name, rc.first, rc.second, msg::documents::extra_row, form_rows);
        extra_reported = true;
      }
    }
  }

  std::optional<long long> count(const Grid& g, int r, int c) {
    const auto* cell = g.at(r, c);
    if (cell == nullptr || trim(cell->text).empty()) return std::nullopt;
    std::string t = cell->kind == xw::CellKind::kNumber ? plain_number(cell->text)
                                                        : normalise_number(cell->text);
    if (t.size() > 2 && t.compare(t.size() - 2, 2, ".0") == 0) t.resize(t.size() - 2);
    long long n = -1;
    const auto res = std::from_chars(t.data(), t.data() + t.size(), n);
    if (t.empty() || res.ec != std::errc() || res.ptr != t.data() + t.size() || n < 0 ||
        n > 1'000'000'000'000LL) {
      error(g.name, r, c, msg::documents::count);
      return std::nullopt;
    }
    return n;
  }

  // The 様式 rows (xlsx or CSV): validated against the task list; changed rows kept.
  void read_form(const Grid& g) {
    const int form_rows =
        has_meta_ ? static_cast<int>(action_versions_.size()) : static_cast<int>(actions_.size());
    check_cells(g, kFormColumns, form_rows);
    std::set<long long> seen;
    for (int r = 2; r <= std::min(g.max_row, form_rows + 1); ++r) {
      bool blank = true;
      for (int c = 1; c <= kFormColumns; ++c) blank = blank && trim(g.text(r, c)).empty();
      if (blank) continue;
      long long id = 0;
      const std::string id_text = normalise_number(g.text(r, 1));
      const auto res = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
      if (id_text.empty() || res.ec != std::errc() || !actions_.contains(id) ||
          (has_meta_ && !action_versions_.contains(id))) {
        error(g.name, r, 1, msg::documents::unknown_action, trim(g.text(r, 1)));
        continue;
      }
      if (!seen.insert(id).second) {
        error(g.name, r, 1, msg::documents::duplicate_row, id);
        continue;
      }
      const auto& a = *actions_.at(id);
      const std::string text(a.at("text").as_string());
      if (trim(g.text(r, 4)) != trim(text)) {
        error(g.name, r, 4, msg::documents::key_changed, text);
        continue;
      }
      const auto& rec = a.at("record");
      const long long current = rec.is_object() ? rec.as_object().at("version").as_int64() : 0;
      if (has_meta_ && action_versions_.at(id) != current) {
        error(g.name, r, 1, msg::documents::stale, action_versions_.at(id), current);
        continue;
      }
      bool inputs_blank = true;  // an action the town has not filled: nothing to import
      for (int c = 5; c <= kFormColumns; ++c)
        inputs_blank = inputs_blank && trim(g.text(r, c)).empty();
      if (inputs_blank && !rec.is_object()) continue;
      json::object after;
      const std::string status_text = trim(g.text(r, 5));
      const auto status = core::progress_status_from(status_text);
      if (status_text.empty())
        error(g.name, r, 5, msg::documents::status_required);
      else if (!status)
        error(g.name, r, 5, msg::documents::bad_status, status_list_);
      const std::string result = trim(g.text(r, 6));
      if (result.size() > kMaxResultBytes)
        error(g.name, r, 6, msg::documents::text_too_long, kMaxResultBytes);
      const auto sessions = count(g, r, 7);
      const auto participants = count(g, r, 8);
      const auto cost = count(g, r, 9);
      if (failed()) continue;
      const auto opt = [](const std::optional<long long>& v) {
        return v ? json::value(*v) : json::value(nullptr);
      };
      after = {{"status", core::code(*status)},
               {"result", result},
               {"sessions", opt(sessions)},
               {"participants", opt(participants)},
               {"cost_yen", opt(cost)}};
      json::value before = nullptr;
      if (rec.is_object()) {
        const auto& o = rec.as_object();
        before = json::object{{"status", o.at("status").as_object().at("code")},
                              {"result", o.at("result")},
                              {"sessions", o.at("sessions")},
                              {"participants", o.at("participants")},
                              {"cost_yen", o.at("cost_yen")}};
        if (before.as_object() == after) continue;
      }
      json::object ch{{"sheet", g.name}, {"row", r},         {"type", "action"}, {"id", id},
                      {"name", text},    {"before", before}, {"after", after}};
      if (rec.is_object()) ch["version"] = current;
      changes_.push_back(std::move(ch));
    }
  }

  void read_kpis(const Grid& g) {
    const int form_rows = static_cast<int>(kpi_versions_.size());
    check_heads(g, kKpiHeads, 4);
    check_cells(g, 4, form_rows);
    std::set<long long> seen;
    for (int r = 2; r <= std::min(g.max_row, form_rows + 1); ++r) {
      if (trim(g.text(r, 1)).empty() && trim(g.text(r, 4)).empty()) continue;
      long long id = 0;
      const std::string id_text = normalise_number(g.text(r, 1));
      const auto res = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
      if (id_text.empty() || res.ec != std::errc() || !kpis_.contains(id) ||
          !kpi_versions_.contains(id)) {
        error(g.name, r, 1, msg::documents::unknown_kpi, trim(g.text(r, 1)));
        continue;
      }
      if (!seen.insert(id).second) {
        error(g.name, r, 1, msg::documents::duplicate_row, id);
        continue;
      }
      const auto& k = *kpis_.at(id);
      const std::string name(k.at("name").as_string());
      if (trim(g.text(r, 2)) != trim(name)) {
        error(g.name, r, 2, msg::documents::key_changed, name);
        continue;
      }
      const long long current = k.at("version").is_int64() ? k.at("version").as_int64() : 0;
      if (kpi_versions_.at(id) != current) {
        error(g.name, r, 1, msg::documents::stale, kpi_versions_.at(id), current);
        continue;
      }
      const bool stored = k.at("value").is_string();
      const auto* cell = g.at(r, 4);
      if (cell == nullptr || trim(cell->text).empty()) {
        if (stored) error(g.name, r, 4, msg::documents::value_required);
        continue;
      }
      const std::string text = cell->kind == xw::CellKind::kNumber ? plain_number(cell->text)
                                                                   : normalise_number(cell->text);
      const auto parsed = core::Decimal::parse(text);
      if (text.empty() || !parsed.value) {
        error(g.name, r, 4, msg::documents::bad_value, trim(cell->text));
        continue;
      }
      if (stored) {
        const auto old = core::Decimal::parse(std::string(k.at("value").as_string()));
        if (old.value && *old.value == *parsed.value) continue;
      }
      json::object ch{{"sheet", g.name},
                      {"row", r},
                      {"type", "kpi"},
                      {"id", id},
                      {"name", name},
                      {"before", stored ? json::value(json::object{{"value", k.at("value")}})
                                        : json::value(nullptr)},
                      {"after", json::object{{"value", parsed.value->text()}}}};
      if (stored) {
        ch["version"] = current;
        if (k.contains("note")) ch["note"] = k.at("note");
      }
      changes_.push_back(std::move(ch));
    }
  }

  json::array& changes() { return changes_; }

 private:
  const json::object& tasks_;
  std::string slug_;
  std::string round_id_;
  std::string code_;
  std::map<long long, const json::object*> actions_;
  std::map<long long, const json::object*> kpis_;
  std::map<long long, int> action_versions_;
  std::map<long long, int> kpi_versions_;
  bool has_meta_ = false;
  std::string status_list_;
  std::vector<FieldError> errors_;
  json::array changes_;
};

Error invalid_workbook(std::vector<FieldError> fields) {
  const auto n = fields.size();
  return Error{Errc::kValidationFailed, msg::documents::import_invalid.ja(std::to_string(n)),
               msg::documents::import_invalid.en(std::to_string(n)), std::move(fields)};
}

Error one_error(const std::string& where, const std::string& ja, const std::string& en) {
  return invalid_workbook({FieldError{where, where + ": " + ja, where + ": " + en}});
}

// The period lock as the task list tells it for the caller (the same rule as period_lock).
std::optional<Error> locked(const json::object& tasks) {
  if (tasks.at("editable").as_bool()) return std::nullopt;
  const auto& state = tasks.at("submission").as_object().at("state").as_object().at("code");
  if (state == "confirmed") {
    const auto& m = msg::progress::period_confirmed;
    const int fy = static_cast<int>(
        tasks.at("round").as_object().at("fiscal_year").as_object().at("year").as_int64());
    const std::string code(tasks.at("municipality").as_object().at("code").as_string());
    return Error{Errc::kLocked,
                 msg::progress::town_in_year.ja(core::wareki_label(fy), code) + m.ja(),
                 m.en(),
                 {}};
  }
  return Error{Errc::kLocked,
               msg::progress::period_submitted.ja(),
               msg::progress::period_submitted.en(),
               {}};
}

}  // namespace

std::variant<json::object, Error> import_town_workbook(
    storage::Database& db, Progress& progress, const Clock& clock, const std::string& slug,
    const std::string& round_id, const std::string& code, const WorkbookUpload& upload,
    bool dry_run, const EditContext& ctx, const core::Date& today) {
  auto tasks_or = progress.tasks(slug, round_id, code, today, ctx.who);
  if (auto* e = std::get_if<Error>(&tasks_or)) return *e;
  const auto& tasks = std::get<json::object>(tasks_or);
  if (auto e = locked(tasks)) return *e;
  const std::string round_text = std::to_string(tasks.at("round").as_object().at("id").as_int64());
  Import im(tasks, slug, round_text, code);

  if (upload.kind == WorkbookUpload::Kind::kXlsx) {
    xw::XlsxBook book;
    try {
      book = xw::read_xlsx(upload.bytes);
    } catch (const xw::XlsxError& x) {
      switch (x.fault()) {
        case xw::XlsxFault::kNotXlsx:
          return one_error("file", msg::documents::not_xlsx.ja(), msg::documents::not_xlsx.en());
        case xw::XlsxFault::kTooLarge:
          return one_error("file", msg::documents::too_large.ja(x.part()),
                           msg::documents::too_large.en(x.part()));
        case xw::XlsxFault::kMalformed:
          return one_error("file", msg::documents::malformed.ja(x.part()),
                           msg::documents::malformed.en(x.part()));
        case xw::XlsxFault::kTooManyRows:
          return one_error(x.part() + "!" + x.what(), msg::documents::too_many_rows.ja(),
                           msg::documents::too_many_rows.en());
      }
    }
    const auto* meta = book.sheet(kMetaSheet);
    const auto* form = book.sheet(kFormSheet);
    const auto* kpi = book.sheet(kKpiSheet);
    for (const auto& [sheet, name] :
         {std::pair{meta, kMetaSheet}, {form, kFormSheet}, {kpi, kKpiSheet}})
      if (sheet == nullptr)
        return one_error(name, msg::documents::missing_sheet.ja(name),
                         msg::documents::missing_sheet.en(name));
    im.read_meta(grid_of(*meta));
    if (im.failed()) return invalid_workbook(std::move(im.errors()));
    const Grid fg = grid_of(*form);
    im.check_heads(fg, kFormHeads, kFormColumns);
    if (!im.failed()) im.read_form(fg);
    const Grid kg = grid_of(*kpi);
    im.read_kpis(kg);
  } else {
    std::vector<std::vector<std::string>> rows;
    try {
      rows = xw::parse_csv(xw::decode_csv_bytes(upload.bytes, upload.charset));
    } catch (const xw::CsvError& x) {
      const std::string where = x.row() > 0
                                    ? std::string(kCsvSheet) + "!" + xw::cell_ref(x.row(), 1)
                                    : std::string("file");
      switch (x.fault()) {
        case xw::CsvFault::kBadCharset:
          return one_error("charset", msg::documents::csv_charset.ja(upload.charset.value_or("")),
                           msg::documents::csv_charset.en(upload.charset.value_or("")));
        case xw::CsvFault::kBadEncoding:
          return one_error(where, msg::documents::csv_encoding.ja(),
                           msg::documents::csv_encoding.en());
        case xw::CsvFault::kBadQuote:
          return one_error(where, msg::documents::csv_quote.ja(), msg::documents::csv_quote.en());
        case xw::CsvFault::kTooManyRows:
          return one_error(where, msg::documents::too_many_rows.ja(),
                           msg::documents::too_many_rows.en());
        case xw::CsvFault::kFieldTooLong:
          return one_error(where, msg::documents::csv_field_too_long.ja(),
                           msg::documents::csv_field_too_long.en());
      }
    }
    Grid g;
    g.name = kCsvSheet;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const int r = static_cast<int>(i) + 1;
      const auto& row = rows[i];
      const bool blank =
          std::all_of(row.begin(), row.end(), [](const std::string& f) { return trim(f).empty(); });
      if (blank) continue;
      if (static_cast<int>(row.size()) != kFormColumns) {
        im.error(kCsvSheet, r, 1, msg::documents::csv_columns, row.size(), kFormColumns);
        continue;
      }
      for (std::size_t c = 0; c < row.size(); ++c)
        if (!row[c].empty())
          g.cells[{r, static_cast<int>(c) + 1}] = Cell{xw::CellKind::kString, row[c]};
      g.max_row = r;
    }
    if (!im.failed()) im.check_heads(g, kFormHeads, kFormColumns);
    if (!im.failed()) im.read_form(g);
  }
  if (im.failed()) return invalid_workbook(std::move(im.errors()));

  json::array changes = std::move(im.changes());
  const auto count = static_cast<long long>(changes.size());
  json::object answer{{"dry_run", dry_run}, {"count", count}, {"applied", 0}};
  if (dry_run || changes.empty()) {
    answer["changes"] = std::move(changes);
    return answer;
  }
  const std::string fy = std::to_string(
      tasks.at("round").as_object().at("fiscal_year").as_object().at("year").as_int64());
  auto out = run_region_unit<long long>(db, clock, slug, [&](UnitOfWork& unit) {
    long long n = 0;
    for (const auto& v : changes) {
      const auto& ch = v.as_object();
      EditContext row_ctx{ctx.who, std::nullopt};
      if (ch.contains("version")) row_ctx.if_match = ch.at("version").as_int64();
      const std::string id = std::to_string(ch.at("id").as_int64());
      if (ch.at("type") == "action") {
        Progress::put_progress(unit, slug, id, code, ch.at("after").as_object(), row_ctx);
      } else {
        json::object body{{"value", ch.at("after").as_object().at("value")}};
        if (ch.contains("note")) body["note"] = ch.at("note");
        Kpis::put_actual(unit, slug, id, fy, code, body, row_ctx);
      }
      ++n;
    }
    return n;
  });
  if (auto* e = std::get_if<Error>(&out)) return *e;
  answer["applied"] = std::get<long long>(out);
  answer["changes"] = std::move(changes);
  return answer;
}

}  // namespace kyosei::app::documents
