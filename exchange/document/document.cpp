#include "exchange/document/document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <stdexcept>

namespace kyosei::exchange::document {

void Document::heading(int level, std::string text) {
  Block b;
  b.kind = level <= 1 ? Block::Kind::kHeading1
                      : (level == 2 ? Block::Kind::kHeading2 : Block::Kind::kHeading3);
  b.text = std::move(text);
  blocks.push_back(std::move(b));
}
void Document::paragraph(std::string text) {
  blocks.push_back({Block::Kind::kParagraph, std::move(text), {}, {}, {}, {}});
}
void Document::initiative(std::string text) {
  blocks.push_back({Block::Kind::kInitiative, std::move(text), {}, {}, {}, {}});
}
void Document::action(std::string text) {
  blocks.push_back({Block::Kind::kAction, std::move(text), {}, {}, {}, {}});
}
void Document::note(std::string text) {
  blocks.push_back({Block::Kind::kNote, std::move(text), {}, {}, {}, {}});
}
void Document::table(std::vector<std::string> header, std::vector<std::vector<std::string>> rows,
                     std::vector<double> widths) {
  if (widths.size() != header.size()) widths.assign(header.size(), 1.0);
  for (auto& r : rows) r.resize(header.size());
  blocks.push_back(
      {Block::Kind::kTable, {}, std::move(header), std::move(rows), std::move(widths), {}});
}
void Document::page_break(PageSize next) {
  Block b;
  b.kind = Block::Kind::kPageBreak;
  b.page = next;
  blocks.push_back(std::move(b));
}

namespace {

constexpr double kMm = 72.0 / 25.4;
constexpr double kMargin = 18 * kMm;
constexpr const char* kFont = "Noto Sans CJK JP";

struct Size {
  double w;
  double h;
};
Size size_of(PageSize p) {
  switch (p) {
    case PageSize::kA3Landscape: return Size{420 * kMm, 297 * kMm};
    case PageSize::kA4Landscape: return Size{297 * kMm, 210 * kMm};
    case PageSize::kA4Portrait: break;
  }
  return Size{210 * kMm, 297 * kMm};
}

// A document that opens with a page break starts on that page's size (no empty first page).
bool opens_with_break(const Document& doc) {
  return !doc.blocks.empty() && doc.blocks.front().kind == Block::Kind::kPageBreak;
}
PageSize first_page_of(const Document& doc) {
  return opens_with_break(doc) ? doc.blocks.front().page : PageSize::kA4Portrait;
}
// The HTML section's class: its named @page.
std::string section_class(PageSize p) {
  switch (p) {
    case PageSize::kA3Landscape: return "wide";
    case PageSize::kA4Landscape: return "landscape";
    case PageSize::kA4Portrait: break;
  }
  return "portrait";
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

class Writer {
 public:
  explicit Writer(const Document& doc) : doc_(doc) {
    const Size s = size_of(first_page_of(doc));
    surface_ = cairo_pdf_surface_create_for_stream(append, &out_, s.w, s.h);
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "Kyosei");
    cr_ = cairo_create(surface_);
    size_ = s;
    start_page();
  }
  ~Writer() {
    if (cr_ != nullptr) cairo_destroy(cr_);
    if (surface_ != nullptr) cairo_surface_destroy(surface_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  std::string finish() {
    end_page();
    cairo_destroy(cr_);
    cr_ = nullptr;
    cairo_surface_finish(surface_);
    const auto status = cairo_surface_status(surface_);
    cairo_surface_destroy(surface_);
    surface_ = nullptr;
    if (status != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(std::string("pdf: ") + cairo_status_to_string(status));
    return std::move(out_);
  }

  void block(const Block& b) {
    switch (b.kind) {
      case Block::Kind::kHeading1:
        gap(6);
        text(b.text, 15, true, 0, 0.1);
        rule();
        gap(4);
        break;
      case Block::Kind::kHeading2:
        gap(6);
        text(b.text, 12.5, true, 0, 0.15);
        gap(2);
        break;
      case Block::Kind::kHeading3: text(b.text, 11, true, 4, 0.2); break;
      case Block::Kind::kParagraph: text(b.text, 10, false, 8, 0); break;
      case Block::Kind::kInitiative: text("■ " + b.text, 10, false, 8, 0); break;
      case Block::Kind::kAction: text("➤ " + b.text, 10, false, 20, 0); break;
      case Block::Kind::kNote: text(b.text, 8.5, false, 8, 0.4); break;
      case Block::Kind::kTable: table(b); break;
      case Block::Kind::kPageBreak:
        end_page();
        size_ = size_of(b.page);
        cairo_pdf_surface_set_size(surface_, size_.w, size_.h);
        start_page();
        break;
    }
  }

 private:
  double width() const { return size_.w - 2 * kMargin; }
  double bottom() const { return size_.h - kMargin - 10; }

  PangoLayout* layout(const std::string& t, double pt, bool bold, double w) {
    PangoLayout* l = pango_cairo_create_layout(cr_);
    PangoFontDescription* f = pango_font_description_new();
    pango_font_description_set_family(f, kFont);
    pango_font_description_set_size(f, static_cast<int>(pt * PANGO_SCALE));
    pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, f);
    pango_font_description_free(f);
    pango_layout_set_width(l, static_cast<int>(w * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, t.c_str(), static_cast<int>(t.size()));
    return l;
  }
  static double height_of(PangoLayout* l) {
    int w = 0;
    int h = 0;
    pango_layout_get_size(l, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void gap(double pt) { y_ += pt; }
  void rule() {
    cairo_set_source_rgb(cr_, 0.1, 0.2, 0.45);
    cairo_set_line_width(cr_, 0.8);
    cairo_move_to(cr_, kMargin, y_ + 1);
    cairo_line_to(cr_, kMargin + width(), y_ + 1);
    cairo_stroke(cr_);
    y_ += 3;
  }

  void text(const std::string& t, double pt, bool bold, double indent, double grey) {
    PangoLayout* l = layout(t, pt, bold, width() - indent);
    const double h = height_of(l);
    if (y_ + h > bottom()) new_page();
    cairo_set_source_rgb(cr_, grey, grey, grey + (bold ? 0.2 : 0));
    cairo_move_to(cr_, kMargin + indent, y_);
    pango_cairo_show_layout(cr_, l);
    g_object_unref(l);
    y_ += h + 2;
  }

  // One row of cells; returns its height (drawn when draw).
  double row(const std::vector<std::string>& cells, const std::vector<double>& xs,
             const std::vector<double>& ws, double pt, bool bold, bool draw) {
    constexpr double kPad = 3;
    std::vector<PangoLayout*> ls;
    double h = 0;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      ls.push_back(layout(cells[i], pt, bold, ws[i] - 2 * kPad));
      h = std::max(h, height_of(ls.back()));
    }
    h += 2 * kPad;
    if (draw) {
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (bold) {
          cairo_set_source_rgb(cr_, 0.9, 0.93, 0.97);
          cairo_rectangle(cr_, xs[i], y_, ws[i], h);
          cairo_fill(cr_);
        }
        cairo_set_source_rgb(cr_, 0.45, 0.45, 0.45);
        cairo_set_line_width(cr_, 0.4);
        cairo_rectangle(cr_, xs[i], y_, ws[i], h);
        cairo_stroke(cr_);
        cairo_set_source_rgb(cr_, 0, 0, 0);
        cairo_move_to(cr_, xs[i] + kPad, y_ + kPad);
        pango_cairo_show_layout(cr_, ls[i]);
      }
    }
    for (auto* l : ls) g_object_unref(l);
    return h;
  }

  void table(const Block& b) {
    const double total = std::accumulate(b.widths.begin(), b.widths.end(), 0.0);
    std::vector<double> ws;
    std::vector<double> xs;
    double x = kMargin;
    for (const double w : b.widths) {
      ws.push_back(width() * w / (total > 0 ? total : 1));
      xs.push_back(x);
      x += ws.back();
    }
    const double pt = size_.w > size_.h ? 8.5 : 8;
    const double head = row(b.header, xs, ws, pt, true, false);
    if (y_ + head * 2 > bottom()) new_page();
    y_ += row(b.header, xs, ws, pt, true, true);
    for (const auto& r : b.rows) {
      const double h = row(r, xs, ws, pt, false, false);
      if (y_ + h > bottom()) {
        new_page();
        y_ += row(b.header, xs, ws, pt, true, true);
      }
      y_ += row(r, xs, ws, pt, false, true);
    }
    y_ += 6;
  }

  void start_page() {
    ++page_;
    // Header: the region and the title; 「案」 and the sample mark on the right.
    PangoLayout* l = layout(doc_.region + "　" + doc_.title, 8, false, width());
    cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
    cairo_move_to(cr_, kMargin, kMargin - 24);
    pango_cairo_show_layout(cr_, l);
    g_object_unref(l);
    double right = kMargin + width();
    if (doc_.draft) {
      PangoLayout* d = layout("案", 14, true, 40);
      cairo_set_source_rgb(cr_, 0.75, 0.1, 0.1);
      cairo_rectangle(cr_, right - 24, kMargin - 30, 24, 22);
      cairo_set_line_width(cr_, 1.2);
      cairo_stroke(cr_);
      cairo_move_to(cr_, right - 19, kMargin - 29);
      pango_cairo_show_layout(cr_, d);
      g_object_unref(d);
      right -= 30;
    }
    if (doc_.sample) {
      PangoLayout* s = layout("サンプルを含む", 8, true, 80);
      cairo_set_source_rgb(cr_, 0.6, 0.35, 0);
      cairo_move_to(cr_, right - 60, kMargin - 24);
      pango_cairo_show_layout(cr_, s);
      g_object_unref(s);
    }
    y_ = kMargin;
  }
  void end_page() {
    // Footer: the page number in the middle, 出力日 on the right.
    PangoLayout* n = layout("- " + std::to_string(page_) + " -", 8, false, 60);
    pango_layout_set_alignment(n, PANGO_ALIGN_CENTER);
    cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
    cairo_move_to(cr_, size_.w / 2 - 30, size_.h - kMargin + 6);
    pango_cairo_show_layout(cr_, n);
    g_object_unref(n);
    PangoLayout* d = layout("出力日 " + doc_.issued_on, 8, false, 120);
    pango_layout_set_alignment(d, PANGO_ALIGN_RIGHT);
    cairo_move_to(cr_, kMargin + width() - 120, size_.h - kMargin + 6);
    pango_cairo_show_layout(cr_, d);
    g_object_unref(d);
    cairo_show_page(cr_);
  }
  void new_page() {
    end_page();
    start_page();
  }

  const Document& doc_;
  std::string out_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  Size size_{};
  double y_ = 0;
  int page_ = 0;
};

std::string esc(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string to_pdf(const Document& doc) {
  Writer w(doc);
  for (std::size_t i = opens_with_break(doc) ? 1 : 0; i < doc.blocks.size(); ++i)
    w.block(doc.blocks[i]);
  return w.finish();
}

std::string to_html(const Document& doc) {
  std::string h =
      "<!doctype html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>" + esc(doc.title) +
      "</title>\n<style>\n"
      "@page { size: A4 portrait; margin: 18mm; }\n"
      "@page wide { size: A3 landscape; margin: 18mm; }\n"
      "@page landscape { size: A4 landscape; margin: 18mm; }\n"
      "body { font-family: 'Noto Sans CJK JP', sans-serif; font-size: 10pt; color: #111; }\n"
      "header.doc { display: flex; justify-content: space-between; color: #555; font-size: 8pt; }\n"
      ".draft { color: #b01818; border: 1.5px solid #b01818; padding: 0 4px; font-weight: bold; "
      "font-size: 14pt; }\n"
      ".sample { color: #995a00; font-weight: bold; }\n"
      "h1 { font-size: 15pt; border-bottom: 1px solid #1a3373; }\n"
      "h2 { font-size: 12.5pt; } h3 { font-size: 11pt; }\n"
      ".initiative::before { content: '■ '; } .action { margin-left: 1.5em; }\n"
      ".action::before { content: '➤ '; } .note { color: #666; font-size: 8.5pt; }\n"
      "table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 4pt 0 8pt; }\n"
      "th, td { border: 0.5px solid #777; padding: 2pt 3pt; vertical-align: top; }\n"
      "th { background: #e6edf7; } thead { display: table-header-group; }\n"
      "section.wide { page: wide; } section.landscape { page: landscape; }\n"
      ".break { break-before: page; }\n"
      "footer.doc { color: #555; font-size: 8pt; text-align: right; }\n"
      "</style></head><body>\n<header class=\"doc\"><span>" +
      esc(doc.region) + "　" + esc(doc.title) + "</span><span>" +
      (doc.sample ? "<span class=\"sample\">サンプルを含む</span> " : "") +
      (doc.draft ? "<span class=\"draft\">案</span>" : "") + "</span></header>\n" +
      "<section class=\"" + section_class(first_page_of(doc)) + "\">\n";
  for (std::size_t i = opens_with_break(doc) ? 1 : 0; i < doc.blocks.size(); ++i) {
    const Block& b = doc.blocks[i];
    switch (b.kind) {
      case Block::Kind::kHeading1: h += "<h1>" + esc(b.text) + "</h1>\n"; break;
      case Block::Kind::kHeading2: h += "<h2>" + esc(b.text) + "</h2>\n"; break;
      case Block::Kind::kHeading3: h += "<h3>" + esc(b.text) + "</h3>\n"; break;
      case Block::Kind::kParagraph: h += "<p>" + esc(b.text) + "</p>\n"; break;
      case Block::Kind::kInitiative:
        h += "<p class=\"initiative\">" + esc(b.text) + "</p>\n";
        break;
      case Block::Kind::kAction: h += "<p class=\"action\">" + esc(b.text) + "</p>\n"; break;
      case Block::Kind::kNote: h += "<p class=\"note\">" + esc(b.text) + "</p>\n"; break;
      case Block::Kind::kTable: {
        h += "<table><thead><tr>";
        for (const auto& c : b.header) h += "<th>" + esc(c) + "</th>";
        h += "</tr></thead><tbody>\n";
        for (const auto& r : b.rows) {
          h += "<tr>";
          for (const auto& c : r) h += "<td>" + esc(c) + "</td>";
          h += "</tr>\n";
        }
        h += "</tbody></table>\n";
        break;
      }
      case Block::Kind::kPageBreak:
        h += "</section>\n<section class=\"break " + section_class(b.page) + "\">\n";
        break;
    }
  }
  h += "</section>\n<footer class=\"doc\">出力日 " + esc(doc.issued_on) +
       "</footer>\n</body></html>\n";
  return h;
}

}  // namespace kyosei::exchange::document
