// The xlsx reader on hostile packages (issue 14, item 6): each is refused with the fault and
// the part it names, or read with formulas, error values and merged ranges marked so that the
// import refuses them where values belong. The packages are built here with libzip (deflated,
// like a spreadsheet program's), so each case is exactly the bytes it describes.

#include "exchange/workbook/xlsx_reader.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <string>

#include "exchange/workbook/zip_writer.hpp"

namespace kyosei::exchange::workbook {
namespace {

using Parts = std::map<std::string, std::string>;

// A zip of `parts`, deflated (libzip's default for added files).
std::string deflated_zip(const Parts& parts) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  EXPECT_NE(za, nullptr);
  for (const auto& [name, bytes] : parts) {
    zip_source_t* data = zip_source_buffer(za, bytes.data(), bytes.size(), 0);
    EXPECT_GE(zip_file_add(za, name.c_str(), data, ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(za), 0);
  EXPECT_EQ(zip_source_open(src), 0);
  zip_source_seek(src, 0, SEEK_END);
  std::string out(static_cast<std::size_t>(zip_source_tell(src)), '\0');
  zip_source_seek(src, 0, SEEK_SET);
  zip_source_read(src, out.data(), out.size());
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

const char* const kWorkbook =
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
    R"(<sheets><sheet name="様式" sheetId="1" r:id="rId1"/></sheets></workbook>)";
const char* const kRels =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>)";

std::string sheet_xml(const std::string& rows, const std::string& after = {}) {
  return R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
         "<sheetData>" +
         rows + "</sheetData>" + after + "</worksheet>";
}

// A one-sheet package whose sheet is `sheet` and whose shared strings are `shared`.
Parts book_parts(const std::string& sheet, const std::string& shared = {}) {
  Parts p = {{"xl/workbook.xml", kWorkbook},
             {"xl/_rels/workbook.xml.rels", kRels},
             {"xl/worksheets/sheet1.xml", sheet}};
  if (!shared.empty())
    p["xl/sharedStrings.xml"] =
        R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)" + shared +
        "</sst>";
  return p;
}

// The fault read_xlsx throws for `bytes` (the test fails when it reads them).
XlsxError fault_of(const std::string& bytes, const XlsxLimits& limits = {}) {
  try {
    (void)read_xlsx(bytes, limits);
  } catch (const XlsxError& e) {
    return e;
  }
  ADD_FAILURE() << "read without an error";
  return XlsxError(XlsxFault::kNotXlsx, "", "");
}

TEST(XlsxReader, ReadsStringsNumbersAndMarksFormulasAndErrors) {
  const auto book = read_xlsx(deflated_zip(book_parts(
      sheet_xml(R"(<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>12.5</v></c>)"
                R"(<c r="C2"><f>1+2</f><v>3</v></c><c r="D2" t="str"><f>A2</f><v>x</v></c>)"
                R"(<c r="E2" t="e"><v>#DIV/0!</v></c>)"
                R"(<c r="F2"><f t="shared" si="0"/><v>4</v></c><c r="G2" s="3"/>)"
                R"(<c r="H2" t="inlineStr"><is><r><t>南</t></r><r><t>幌</t></r></is></c></row>)"),
      R"(<si><t>予定</t></si><si><r><t>実施</t></r><r><t>済</t></r>)"
      R"(<rPh sb="0" eb="1"><t>じっし</t></rPh></si>)")));
  ASSERT_EQ(book.sheets.size(), 1u);
  const auto& s = book.sheets[0];
  ASSERT_NE(s.at(2, 1), nullptr);
  EXPECT_EQ(s.at(2, 1)->text, "実施済");  // runs joined, the reading (rPh) left out
  EXPECT_EQ(s.at(2, 2)->kind, CellKind::kNumber);
  EXPECT_EQ(s.at(2, 2)->text, "12.5");
  // A formula where a value belongs is marked, whatever its cached value or type.
  EXPECT_EQ(s.at(2, 3)->kind, CellKind::kFormula);
  EXPECT_EQ(s.at(2, 4)->kind, CellKind::kFormula);
  EXPECT_EQ(s.at(2, 6)->kind, CellKind::kFormula);
  EXPECT_EQ(s.at(2, 5)->kind, CellKind::kError);
  EXPECT_EQ(s.at(2, 7), nullptr);  // a styled blank is no cell
  EXPECT_EQ(s.at(2, 8)->text, "南幌");
}

TEST(XlsxReader, SharedStringOutOfRangeIsMalformed) {
  // "x" and "" were once read as index 0 (the first string).
  for (const std::string index : {"2", "-1", "x", "", " 1", "1e0", "99999999999999999999"}) {
    const auto e = fault_of(deflated_zip(
        book_parts(sheet_xml(R"(<row r="1"><c r="A1" t="s"><v>)" + index + "</v></c></row>"),
                   "<si><t>a</t></si><si><t>b</t></si>")));
    EXPECT_EQ(e.fault(), XlsxFault::kMalformed) << index;
    EXPECT_EQ(e.part(), "xl/worksheets/sheet1.xml") << index;
  }
  // Without a shared strings part, index 0 is out of range too.
  const auto e = fault_of(
      deflated_zip(book_parts(sheet_xml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)"))));
  EXPECT_EQ(e.fault(), XlsxFault::kMalformed);
}

TEST(XlsxReader, MergedRangesAreKeptForTheCallerToRefuse) {
  const auto book = read_xlsx(deflated_zip(
      book_parts(sheet_xml(R"(<row r="2"><c r="F2" t="inlineStr"><is><t>x</t></is></c></row>)",
                           R"(<mergeCells count="3"><mergeCell ref="F2:G3"/><mergeCell ref="B5"/>)"
                           R"(<mergeCell ref="garbage"/></mergeCells>)"))));
  const auto& merged = book.sheets.at(0).merged;
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_TRUE(range_covers(merged[0], 2, 6));
  EXPECT_TRUE(range_covers(merged[0], 3, 7));
  EXPECT_FALSE(range_covers(merged[0], 4, 6));
  EXPECT_FALSE(range_covers(merged[0], 2, 5));
  EXPECT_TRUE(range_covers(merged[1], 5, 2));
  EXPECT_FALSE(range_covers(merged[1], 5, 3));
  EXPECT_FALSE(range_covers(merged[2], 1, 1));
  EXPECT_FALSE(range_covers("A1:", 1, 1));
  EXPECT_FALSE(range_covers("$A$1:B2", 1, 1));
}

TEST(XlsxReader, HundredThousandRowsStopAtTheLimit) {
  std::string rows;
  rows.reserve(std::size_t{100000} * 48);
  for (int r = 1; r <= 100000; ++r)
    rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) +
            "\"><v>1</v></c></row>";
  const std::string bytes = deflated_zip(book_parts(sheet_xml(rows)));
  const auto e = fault_of(bytes);
  EXPECT_EQ(e.fault(), XlsxFault::kTooManyRows);
  EXPECT_EQ(e.part(), "様式");
  EXPECT_STREQ(e.what(), "A20001");
  // Rows without numbers count as they come.
  std::string bare;
  for (int r = 1; r <= 30; ++r) bare += "<row><c><v>1</v></c></row>";
  XlsxLimits small;
  small.max_rows = 25;
  EXPECT_EQ(fault_of(deflated_zip(book_parts(sheet_xml(bare))), small).fault(),
            XlsxFault::kTooManyRows);
}

TEST(XlsxReader, ZipBombsAreRefusedBeforeInflating) {
  // One part over the part limit: 40 MiB of zeros, some 40 KiB deflated.
  auto parts = book_parts(sheet_xml(""));
  parts["xl/media/zeros.bin"] = std::string(std::size_t{40} * 1024 * 1024, '0');
  const std::string bomb = deflated_zip(parts);
  ASSERT_LT(bomb.size(), std::size_t{1024} * 1024);
  auto e = fault_of(bomb);
  EXPECT_EQ(e.fault(), XlsxFault::kTooLarge);
  EXPECT_EQ(e.part(), "xl/media/zeros.bin");
  // Many parts each under the limit, over it together.
  XlsxLimits limits;
  limits.max_part_bytes = std::size_t{1} << 20;
  limits.max_total_bytes = std::size_t{3} << 20;
  auto many = book_parts(sheet_xml(""));
  for (int i = 0; i < 4; ++i)
    many["xl/media/z" + std::to_string(i) + ".bin"] = std::string(std::size_t{900} << 10, '0');
  e = fault_of(deflated_zip(many), limits);
  EXPECT_EQ(e.fault(), XlsxFault::kTooLarge);
  EXPECT_EQ(e.part(), "package");
  // Too many entries.
  limits = {};
  limits.max_entries = 5;
  auto crowd = book_parts(sheet_xml(""));
  for (int i = 0; i < 5; ++i) crowd["e" + std::to_string(i)] = "x";
  EXPECT_EQ(fault_of(deflated_zip(crowd), limits).fault(), XlsxFault::kTooLarge);
}

// Sets every declared uncompressed size of the archive's entry `name` (local header and
// central directory) to `size`: a header that lies about what the entry inflates to.
std::string lie_about_size(std::string zip, const std::string& name, std::uint32_t size) {
  const auto put32 = [&](std::size_t at) { std::memcpy(&zip[at], &size, 4); };
  for (std::size_t at = zip.find("PK\x03\x04"); at != std::string::npos;
       at = zip.find("PK\x03\x04", at + 4))
    if (zip.compare(at + 30, name.size(), name) == 0) put32(at + 22);
  for (std::size_t at = zip.find("PK\x01\x02"); at != std::string::npos;
       at = zip.find("PK\x01\x02", at + 4))
    if (zip.compare(at + 46, name.size(), name) == 0) put32(at + 24);
  return zip;
}

TEST(XlsxReader, AHeaderThatLiesAboutItsSizeIsCaughtWhileInflating) {
  std::string rows;
  for (int r = 1; r <= 3000; ++r)
    rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) +
            "\"><v>1</v></c></row>";
  XlsxLimits limits;
  limits.max_part_bytes = std::size_t{64} * 1024;  // the sheet inflates to about 100 KiB
  const std::string honest = deflated_zip(book_parts(sheet_xml(rows)));
  EXPECT_EQ(fault_of(honest, limits).fault(), XlsxFault::kTooLarge);
  // Declared as 100 bytes: past the directory check, refused while inflating (or by libzip's
  // own consistency check); never read as a sheet.
  const auto e = fault_of(lie_about_size(honest, "xl/worksheets/sheet1.xml", 100), limits);
  EXPECT_TRUE(e.fault() == XlsxFault::kTooLarge || e.fault() == XlsxFault::kMalformed);
  EXPECT_EQ(e.part(), "xl/worksheets/sheet1.xml");
}

TEST(XlsxReader, NotAWorkbookAndBrokenParts) {
  EXPECT_EQ(fault_of("").fault(), XlsxFault::kNotXlsx);
  EXPECT_EQ(fault_of("PK\x03\x04 not really").fault(), XlsxFault::kNotXlsx);
  // A zip that is not a workbook (a zip of workbooks, say).
  EXPECT_EQ(fault_of(to_zip({{"01423_南幌町.xlsx", "x"}})).fault(), XlsxFault::kNotXlsx);
  // Stored (not deflated) entries read as well as deflated ones.
  EXPECT_EQ(read_xlsx(to_zip({{"xl/workbook.xml", kWorkbook},
                              {"xl/_rels/workbook.xml.rels", kRels},
                              {"xl/worksheets/sheet1.xml", sheet_xml("")}}))
                .sheets.at(0)
                .name,
            "様式");
  auto e = fault_of(deflated_zip(book_parts("<worksheet><sheetData><row>")));
  EXPECT_EQ(e.fault(), XlsxFault::kMalformed);
  EXPECT_EQ(e.part(), "xl/worksheets/sheet1.xml");
  e = fault_of(deflated_zip(book_parts(sheet_xml(""), "<si><t>unclosed</si>")));
  EXPECT_EQ(e.part(), "xl/sharedStrings.xml");
  // The sheet's relationship points nowhere.
  auto parts = book_parts(sheet_xml(""));
  parts.erase("xl/worksheets/sheet1.xml");
  e = fault_of(deflated_zip(parts));
  EXPECT_EQ(e.fault(), XlsxFault::kMalformed);
  EXPECT_EQ(e.part(), "xl/worksheets/sheet1.xml");
  // Cell references that are not cells, or not in their row.
  for (const std::string ref : {"A0", "$A$1", "a1", "A2", "XFE1", "A1048577"}) {
    e = fault_of(deflated_zip(
        book_parts(sheet_xml(R"(<row r="1"><c r=")" + ref + R"("><v>1</v></c></row>)"))));
    EXPECT_EQ(e.fault(), XlsxFault::kMalformed) << ref;
  }
  e = fault_of(deflated_zip(book_parts(sheet_xml(R"(<row r="0"><c><v>1</v></c></row>)"))));
  EXPECT_EQ(e.fault(), XlsxFault::kMalformed);
}

TEST(XlsxReader, EntitiesAreNotExpanded) {
  // A "billion laughs" DTD: pugixml does not process DTDs, so nothing grows.
  const std::string dtd =
      "<!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;\">]>";
  Parts parts = book_parts(sheet_xml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)"));
  parts["xl/sharedStrings.xml"] =
      dtd + R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
            "<si><t>&d;</t></si></sst>";
  const auto book = read_xlsx(deflated_zip(parts));
  ASSERT_NE(book.sheets.at(0).at(1, 1), nullptr);
  EXPECT_LE(book.sheets.at(0).at(1, 1)->text.size(), 4u);
}

}  // namespace
}  // namespace kyosei::exchange::workbook
