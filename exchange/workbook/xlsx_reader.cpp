#include "exchange/workbook/xlsx_reader.hpp"

#include <zip.h>

#include <cstring>
#include <map>
#include <memory>
#include <pugixml.hpp>

namespace kyosei::exchange::workbook {
namespace {

[[noreturn]] void fault(XlsxFault f, const std::string& part, const std::string& what) {
  throw XlsxError(f, part, "xlsx: " + part + ": " + what);
}

// The element's name without a namespace prefix ("x:row" → "row").
std::string_view local(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (auto c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local(c) == name) return c;
  return {};
}

// An attribute by local name ("r:id" matches "id" only when asked with the prefix).
pugi::xml_attribute attr(const pugi::xml_node& n, std::string_view name) {
  for (auto a = n.first_attribute(); a; a = a.next_attribute())
    if (std::string_view(a.name()) == name) return a;
  for (auto a = n.first_attribute(); a; a = a.next_attribute()) {
    std::string_view an = a.name();
    const auto colon = an.find(':');
    if (colon != std::string_view::npos && an.substr(colon + 1) == name) return a;
  }
  return {};
}

class Package {
 public:
  Package(std::string_view bytes, const XlsxLimits& limits) : limits_(limits) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src == nullptr) {
      zip_error_fini(&err);
      fault(XlsxFault::kNotXlsx, "package", "cannot read");
    }
    zip_ = zip_open_from_source(src, ZIP_RDONLY, &err);
    zip_error_fini(&err);
    if (zip_ == nullptr) {
      zip_source_free(src);
      fault(XlsxFault::kNotXlsx, "package", "not a zip archive");
    }
    // A fault below leaves the constructor by an exception, so the destructor would not run:
    // the archive is closed here then.
    try {
      check_entries();
    } catch (...) {
      zip_discard(zip_);
      zip_ = nullptr;
      throw;
    }
  }
  ~Package() {
    if (zip_ != nullptr) zip_discard(zip_);
  }
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

 private:
  // The entries' count and sizes within the limits, before anything is inflated.
  void check_entries() {
    const zip_int64_t n = zip_get_num_entries(zip_, 0);
    if (n < 0 || static_cast<std::size_t>(n) > limits_.max_entries)
      fault(XlsxFault::kTooLarge, "package", "too many entries");
    std::size_t total = 0;
    for (zip_int64_t i = 0; i < n; ++i) {
      zip_stat_t st;
      zip_stat_init(&st);
      if (zip_stat_index(zip_, static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
          (st.valid & ZIP_STAT_SIZE) == 0 || (st.valid & ZIP_STAT_NAME) == 0)
        fault(XlsxFault::kNotXlsx, "package", "unreadable entry");
      if (st.size > limits_.max_part_bytes) fault(XlsxFault::kTooLarge, st.name, "entry too large");
      total += static_cast<std::size_t>(st.size);
      if (total > limits_.max_total_bytes) fault(XlsxFault::kTooLarge, "package", "too large");
    }
  }

 public:
  bool has(const std::string& name) const { return zip_name_locate(zip_, name.c_str(), 0) >= 0; }

  // The inflated part; counted against the limits as it is read.
  std::string read(const std::string& name) {
    const zip_int64_t idx = zip_name_locate(zip_, name.c_str(), 0);
    if (idx < 0) fault(XlsxFault::kMalformed, name, "missing part");
    zip_file_t* f = zip_fopen_index(zip_, static_cast<zip_uint64_t>(idx), 0);
    if (f == nullptr) fault(XlsxFault::kMalformed, name, "cannot open part");
    std::string out;
    char buf[65536];
    for (;;) {
      const zip_int64_t got = zip_fread(f, buf, sizeof buf);
      if (got < 0) {
        zip_fclose(f);
        fault(XlsxFault::kMalformed, name, "cannot inflate part");
      }
      if (got == 0) break;
      out.append(buf, static_cast<std::size_t>(got));
      inflated_ += static_cast<std::size_t>(got);
      if (out.size() > limits_.max_part_bytes || inflated_ > limits_.max_total_bytes) {
        zip_fclose(f);
        fault(XlsxFault::kTooLarge, name, "part too large");
      }
    }
    zip_fclose(f);
    return out;
  }

 private:
  const XlsxLimits& limits_;
  zip_t* zip_ = nullptr;
  std::size_t inflated_ = 0;
};

void parse(pugi::xml_document& doc, const std::string& text, const std::string& part) {
  const auto res =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!res) fault(XlsxFault::kMalformed, part, res.description());
}

// The text of a <si> or <is>: its <t>, or its runs' <t>, without phonetic runs (<rPh>).
std::string rich_text(const pugi::xml_node& n) {
  std::string out;
  for (auto c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (local(c) == "t") {
      out += c.text().get();
    } else if (local(c) == "r") {
      if (auto t = child(c, "t")) out += t.text().get();
    }
  }
  return out;
}

// "D7" → (7, 4); false when it is not a cell reference.
bool parse_ref(std::string_view ref, int& row, int& col) {
  std::size_t i = 0;
  long long c = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    c = c * 26 + (ref[i] - 'A' + 1);
    if (c > 16384) return false;
    ++i;
  }
  if (i == 0 || i == ref.size() || ref[i] == '$') return false;
  long long r = 0;
  for (std::size_t j = i; j < ref.size(); ++j) {
    if (ref[j] < '0' || ref[j] > '9') return false;
    r = r * 10 + (ref[j] - '0');
    if (r > 1048576) return false;
  }
  if (r == 0) return false;
  row = static_cast<int>(r);
  col = static_cast<int>(c);
  return true;
}

// "worksheets/sheet1.xml" (relative to xl/) or "/xl/worksheets/sheet1.xml".
std::string part_path(std::string target) {
  if (!target.empty() && target.front() == '/') return target.substr(1);
  while (target.rfind("./", 0) == 0) target = target.substr(2);
  return "xl/" + target;
}

void read_sheet(XlsxSheet& sheet, const std::string& xml, const std::string& part,
                const std::vector<std::string>& shared, const XlsxLimits& limits) {
  pugi::xml_document doc;
  parse(doc, xml, part);
  const auto ws = doc.document_element();
  if (local(ws) != "worksheet") fault(XlsxFault::kMalformed, part, "not a worksheet");
  int next_row = 1;
  for (auto row = child(ws, "sheetData").first_child(); row; row = row.next_sibling()) {
    if (row.type() != pugi::node_element || local(row) != "row") continue;
    int r = next_row;
    if (auto ra = attr(row, "r")) r = ra.as_int(0);
    if (r <= 0) fault(XlsxFault::kMalformed, part, "bad row number");
    if (r > limits.max_rows) throw XlsxError(XlsxFault::kTooManyRows, sheet.name, cell_ref(r, 1));
    next_row = r + 1;
    int next_col = 1;
    for (auto c = row.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element || local(c) != "c") continue;
      XlsxCell cell;
      cell.row = r;
      cell.col = next_col;
      if (auto ref = attr(c, "r")) {
        int rr = 0;
        if (!parse_ref(ref.value(), rr, cell.col) || rr != r)
          fault(XlsxFault::kMalformed, part, std::string("bad cell reference ") + ref.value());
      }
      next_col = cell.col + 1;
      const std::string_view type = attr(c, "t").value();
      const auto v = child(c, "v");
      if (child(c, "f")) {
        cell.kind = CellKind::kFormula;
        cell.text = v.text().get();
      } else if (type == "s") {
        // Digits only: pugixml's as_llong reads "x" as 0, which would be the first string.
        const std::string_view digits = v.text().get();
        std::size_t i = 0;
        bool good = !digits.empty() && digits.size() <= 9;
        for (const char d : digits) {
          good = good && d >= '0' && d <= '9';
          i = i * 10 + static_cast<std::size_t>(d - '0');
        }
        if (!good || i >= shared.size())
          fault(XlsxFault::kMalformed, part, "bad shared string index");
        cell.text = shared[i];
      } else if (type == "inlineStr") {
        cell.text = rich_text(child(c, "is"));
      } else if (type == "str") {
        cell.text = v.text().get();
      } else if (type == "b") {
        cell.kind = CellKind::kBoolean;
        cell.text = v.text().get();
      } else if (type == "e") {
        cell.kind = CellKind::kError;
        cell.text = v.text().get();
      } else {
        if (!v) continue;  // a styled blank
        cell.kind = CellKind::kNumber;
        cell.text = v.text().get();
      }
      sheet.index[{cell.row, cell.col}] = sheet.cells.size();
      sheet.cells.push_back(std::move(cell));
    }
  }
  for (auto m = child(child(ws, "mergeCells"), "mergeCell"); m; m = m.next_sibling())
    if (m.type() == pugi::node_element && local(m) == "mergeCell")
      sheet.merged.emplace_back(attr(m, "ref").value());
}

}  // namespace

const XlsxCell* XlsxSheet::at(int row, int col) const {
  const auto it = index.find({row, col});
  return it == index.end() ? nullptr : &cells[it->second];
}

const XlsxSheet* XlsxBook::sheet(std::string_view name) const {
  for (const auto& s : sheets)
    if (s.name == name) return &s;
  return nullptr;
}

std::string cell_ref(int row, int col) {
  std::string letters;
  for (int c = col; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), char('A' + (c - 1) % 26));
  return letters + std::to_string(row);
}

bool range_covers(std::string_view range, int row, int col) {
  const auto colon = range.find(':');
  int r1 = 0;
  int c1 = 0;
  int r2 = 0;
  int c2 = 0;
  if (colon == std::string_view::npos) {
    if (!parse_ref(range, r1, c1)) return false;
    return r1 == row && c1 == col;
  }
  if (!parse_ref(range.substr(0, colon), r1, c1) || !parse_ref(range.substr(colon + 1), r2, c2))
    return false;
  return row >= r1 && row <= r2 && col >= c1 && col <= c2;
}

XlsxBook read_xlsx(std::string_view bytes, const XlsxLimits& limits) {
  Package pkg(bytes, limits);
  if (!pkg.has("xl/workbook.xml")) fault(XlsxFault::kNotXlsx, "xl/workbook.xml", "missing");
  std::vector<std::string> shared;
  if (pkg.has("xl/sharedStrings.xml")) {
    pugi::xml_document doc;
    parse(doc, pkg.read("xl/sharedStrings.xml"), "xl/sharedStrings.xml");
    for (auto si = doc.document_element().first_child(); si; si = si.next_sibling())
      if (si.type() == pugi::node_element && local(si) == "si") shared.push_back(rich_text(si));
  }
  std::map<std::string, std::string> targets;  // relationship id → part
  {
    const std::string rels = "xl/_rels/workbook.xml.rels";
    pugi::xml_document doc;
    parse(doc, pkg.read(rels), rels);
    for (auto r = doc.document_element().first_child(); r; r = r.next_sibling())
      if (r.type() == pugi::node_element && local(r) == "Relationship")
        targets[attr(r, "Id").value()] = part_path(attr(r, "Target").value());
  }
  XlsxBook book;
  pugi::xml_document doc;
  parse(doc, pkg.read("xl/workbook.xml"), "xl/workbook.xml");
  for (auto s = child(child(doc.document_element(), "sheets"), "sheet"); s; s = s.next_sibling()) {
    if (s.type() != pugi::node_element || local(s) != "sheet") continue;
    XlsxSheet sheet;
    sheet.name = attr(s, "name").value();
    const std::string_view state = attr(s, "state").value();
    sheet.hidden = state == "hidden" || state == "veryHidden";
    auto rid = attr(s, "r:id");
    if (!rid) rid = attr(s, "id");
    const auto it = targets.find(rid.value());
    if (it == targets.end()) fault(XlsxFault::kMalformed, "xl/workbook.xml", "sheet without part");
    read_sheet(sheet, pkg.read(it->second), it->second, shared, limits);
    book.sheets.push_back(std::move(sheet));
  }
  return book;
}

}  // namespace kyosei::exchange::workbook
