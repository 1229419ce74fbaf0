// Reading a town's workbook back (issue 14, item 2) through the real server: a town
// downloads its workbook, fills it (the cells edited in the package's XML, as a spreadsheet
// program would store them), the dry run lists exactly the filled rows, applying stores
// them and the round's task list shows them; CSV in UTF-8 with BOM and in Shift_JIS; every
// bad input answers 4xx naming the sheet and cell with nothing written; another town's
// editor gets 403 and a submitted or confirmed period 409. On SQLite and PostgreSQL.

#include <gtest/gtest.h>
#include <iconv.h>
#include <unistd.h>
#include <zip.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "exchange/workbook/xlsx_reader.hpp"
#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
using testing::Client;
using testing::KyoseiServer;

const std::string kRegion = "/api/v1/regions/minami-sorachi";
const testing::Users kUsers = {{"sec", {testing::kSecretariat}},
                               {"nanporo", {testing::kNanporoEditor}},
                               {"member", {testing::kCouncilMember}}};
const std::map<std::string, std::string> kXlsx = {
    {"Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};

// The package with `part` replaced by `content` (libzip, in memory).
std::string with_part(const std::string& xlsx, const std::string& part,
                      const std::string& content) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(xlsx.data(), xlsx.size(), 0, &err);
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, 0, &err);
  EXPECT_NE(za, nullptr);
  zip_source_t* data = zip_source_buffer_create(content.data(), content.size(), 0, &err);
  EXPECT_GE(zip_file_add(za, part.c_str(), data, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8), 0);
  EXPECT_EQ(zip_close(za), 0);
  std::string out;
  EXPECT_EQ(zip_source_open(src), 0);
  zip_source_seek(src, 0, SEEK_END);
  out.resize(static_cast<std::size_t>(zip_source_tell(src)));
  zip_source_seek(src, 0, SEEK_SET);
  zip_source_read(src, out.data(), out.size());
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

std::string part_of(const std::string& xlsx, const std::string& part) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(xlsx.data(), xlsx.size(), 0, &err);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
  std::string out;
  zip_stat_t st;
  zip_stat(za, part.c_str(), 0, &st);
  out.resize(st.size);
  zip_file_t* f = zip_fopen(za, part.c_str(), 0);
  zip_fread(f, out.data(), out.size());
  zip_fclose(f);
  zip_discard(za);
  zip_error_fini(&err);
  return out;
}

// The entries of a zip archive: name → bytes.
std::map<std::string, std::string> zip_entries(const std::string& bytes) {
  std::map<std::string, std::string> out;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
  zip_error_fini(&err);
  if (za == nullptr) {
    zip_source_free(src);
    ADD_FAILURE() << "not a zip";
    return out;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    EXPECT_EQ(zip_fread(f, data.data(), data.size()), static_cast<zip_int64_t>(data.size()));
    zip_fclose(f);
    out[st.name] = std::move(data);
  }
  zip_discard(za);
  return out;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// The sheet XML with cell `ref` set to `cell` (the <c> element's inside and attributes).
std::string set_cell(std::string xml, const std::string& ref, const std::string& attrs_and_body) {
  const std::string open = "<c r=\"" + ref + "\"";
  const auto at = xml.find(open);
  const std::string repl = "<c r=\"" + ref + "\"" + attrs_and_body;
  if (at == std::string::npos) {
    // A row's cells are in column order; the tests set cells that the download has.
    ADD_FAILURE() << "no cell " << ref;
    return xml;
  }
  const auto self_close = xml.find("/>", at);
  const auto close = xml.find("</c>", at);
  const auto next = xml.find("<c ", at + 1);
  std::size_t end = 0;
  if (self_close != std::string::npos && (self_close < next || next == std::string::npos) &&
      (close == std::string::npos || self_close < close))
    end = self_close + 2;
  else
    end = close + 4;
  xml.replace(at, end - at, repl);
  return xml;
}
std::string text_cell(const std::string& v) {
  return " t=\"inlineStr\"><is><t>" + xml_escape(v) + "</t></is></c>";
}
std::string number_cell(const std::string& v) { return "><v>" + v + "</v></c>"; }

std::string to_sjis(const std::string& utf8) {
  iconv_t cd = iconv_open("CP932", "UTF-8");
  std::string in = utf8;
  std::string out(in.size() * 2 + 8, '\0');
  char* src = in.data();
  std::size_t src_left = in.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  EXPECT_NE(iconv(cd, &src, &src_left, &dst, &dst_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The error list of a 422 names `pointer` (sheet!cell) and, in the message, `text`.
void expect_cell_error(const testing::HttpResult& r, const std::string& pointer,
                       const std::string& text = {}) {
  ASSERT_EQ(r.status, 422u) << pointer << ": " << r.body;
  const auto body = json::parse(r.body).as_object();
  bool found = false;
  for (const auto& e : body.at("errors").as_array()) {
    if (e.at("pointer") != pointer.c_str()) continue;
    found = true;
    const std::string message(e.at("message").as_string());
    EXPECT_EQ(message.rfind(pointer + ": ", 0), 0u) << message;
    if (!text.empty()) {
      EXPECT_NE(message.find(text), std::string::npos) << message;
    }
    const auto bang = pointer.find('!');
    if (bang != std::string::npos) {
      EXPECT_EQ(e.at("sheet"), pointer.substr(0, bang).c_str());
      EXPECT_EQ(e.at("cell"), pointer.substr(bang + 1).c_str());
    }
  }
  EXPECT_TRUE(found) << "no error at " << pointer << " in " << r.body;
}

void import_round_trip(KyoseiServer& server) {
  ASSERT_EQ(server.cli({"demo-progress", "--region", "minami-sorachi", "--fy", "2025"}).exit_code,
            0);
  Client sec(server.port());
  Client town(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  ASSERT_EQ(town.sign_in("nanporo"), 200u);
  const std::string round =
      std::to_string(sec.get_json(kRegion + "/rounds").at("rounds").at(0).at("id").as_int64());
  const std::string base = kRegion + "/rounds/" + round + "/workbooks/";
  const std::string tasks_path = kRegion + "/rounds/" + round + "/tasks/01423";
  auto download = town.request("GET", base + "01423");
  ASSERT_EQ(download.status, 200u);
  const std::string book = download.body;
  const auto before = town.get_json(tasks_path);
  const auto& actions = before.at("actions").as_array();
  ASSERT_GE(actions.size(), 3u);

  // Fill two rows: full-width digits, "1,200人" and "1,200,000円" as text, numbers as numbers.
  std::string sheet = part_of(book, "xl/worksheets/sheet1.xml");
  std::string filled = set_cell(sheet, "E2", text_cell("実施済"));
  filled = set_cell(filled, "F2", text_cell("サンプル 合同訓練を実施"));
  filled = set_cell(filled, "G2", text_cell("３"));
  filled = set_cell(filled, "H2", text_cell("1,200人"));
  filled = set_cell(filled, "I2", text_cell("1,200,000円"));
  filled = set_cell(filled, "E3", text_cell("延期"));
  filled = set_cell(filled, "G3", number_cell("0"));
  filled = set_cell(filled, "I3", number_cell("1.5E5"));
  const std::string filled_book = with_part(book, "xl/worksheets/sheet1.xml", filled);

  // Another town's editor: 403; the wrong media type: 415; dry_run other than 0/1: 400.
  EXPECT_EQ(town.request("POST", base + "01209?dry_run=1", filled_book, kXlsx).status, 403u);
  EXPECT_EQ(town.request("POST", base + "01423?dry_run=1", filled_book,
                         {{"Content-Type", "application/octet-stream"}})
                .status,
            415u);
  EXPECT_EQ(town.request("POST", base + "01423?dry_run=yes", filled_book, kXlsx).status, 400u);
  // Without the CSRF token: refused like every unsafe route.
  Client no_csrf = town;
  no_csrf.set_csrf("");
  EXPECT_EQ(no_csrf.request("POST", base + "01423?dry_run=1", filled_book, kXlsx).status, 403u);

  // The dry run lists exactly the two filled rows, before → after, and writes nothing.
  auto dry = town.request("POST", base + "01423?dry_run=1", filled_book, kXlsx);
  ASSERT_EQ(dry.status, 200u) << dry.body;
  const auto preview = json::parse(dry.body).as_object();
  EXPECT_EQ(preview.at("dry_run"), true);
  ASSERT_EQ(preview.at("count"), 2);
  const auto& changes = preview.at("changes").as_array();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].at("row"), 2);
  EXPECT_EQ(changes[0].at("sheet"), "様式");
  EXPECT_EQ(changes[0].at("id"), actions[0].at("id"));
  EXPECT_EQ(changes[0].at("after").at("status"), "done");
  EXPECT_EQ(changes[0].at("after").at("sessions"), 3);
  EXPECT_EQ(changes[0].at("after").at("participants"), 1200);
  EXPECT_EQ(changes[0].at("after").at("cost_yen"), 1200000);
  EXPECT_EQ(changes[1].at("row"), 3);
  EXPECT_EQ(changes[1].at("after").at("status"), "postponed");
  EXPECT_EQ(changes[1].at("after").at("cost_yen"), 150000);
  EXPECT_EQ(town.get_json(tasks_path), before);

  // Bad input: each names the sheet and cell, and nothing is written.
  const auto post = [&](const std::string& bytes) {
    return town.request("POST", base + "01423", bytes, kXlsx);
  };
  EXPECT_EQ(post("not a workbook").status, 422u);
  expect_cell_error(post("not a workbook"), "file", "xlsx");
  expect_cell_error(post(with_part(book, "xl/worksheets/sheet1.xml", "<worksheet><sheetData>")),
                    "file", "xl/worksheets/sheet1.xml");
  expect_cell_error(post(with_part(book, "xl/worksheets/sheet1.xml",
                                   set_cell(filled, "G2", "><f>1+2</f><v>3</v></c>"))),
                    "様式!G2", "数式");
  expect_cell_error(
      post(with_part(book, "xl/worksheets/sheet1.xml", set_cell(filled, "G2", text_cell("-1")))),
      "様式!G2", "0以上の整数で入力してください");
  expect_cell_error(
      post(with_part(book, "xl/worksheets/sheet1.xml", set_cell(filled, "E2", text_cell("済み")))),
      "様式!E2", "一覧");
  expect_cell_error(post(with_part(book, "xl/worksheets/sheet1.xml",
                                   set_cell(filled, "D2", text_cell("書き換えた取組")))),
                    "様式!D2");
  {
    std::string merged = filled;
    merged.replace(merged.find("</sheetData>"), 12,
                   "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"F2:F3\"/></mergeCells>");
    expect_cell_error(post(with_part(book, "xl/worksheets/sheet1.xml", merged)), "様式!F2", "結合");
  }
  {
    // 100,000 rows.
    std::string rows;
    rows.reserve(100000 * 70);
    for (int r = 100; r < 100100; ++r)
      rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"F" + std::to_string(r) +
              "\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
    std::string many = filled;
    many.insert(many.find("</sheetData>"), rows);
    const auto r = post(with_part(book, "xl/worksheets/sheet1.xml", many));
    ASSERT_EQ(r.status, 422u) << r.body;
    EXPECT_NE(r.body.find("様式!A20001"), std::string::npos) << r.body;
  }
  {
    // A row added below the form.
    std::string extra = filled;
    const std::string row = std::to_string(actions.size() + 3);
    extra.insert(extra.find("</sheetData>"),
                 "<row r=\"" + row + "\"><c r=\"E" + row +
                     "\" t=\"inlineStr\"><is><t>実施済</t></is></c></row>");
    expect_cell_error(post(with_part(book, "xl/worksheets/sheet1.xml", extra)), "様式!E" + row);
  }
  {
    // A zip bomb: 64 MiB of zeros as the sheet (a few tens of KiB compressed).
    const std::string zeros(std::size_t{64} * 1024 * 1024, '0');
    const auto r = post(with_part(book, "xl/worksheets/sheet1.xml", zeros));
    expect_cell_error(r, "file");
  }
  {
    // Another town's workbook sent as ours.
    auto other = sec.request("GET", base + "01209");
    ASSERT_EQ(other.status, 200u);
    expect_cell_error(post(other.body), "_kyosei!B5", "01209");
  }
  EXPECT_EQ(town.get_json(tasks_path), before);

  // Applying: both rows stored in one go, audited; the task list shows them.
  auto applied = post(filled_book);
  ASSERT_EQ(applied.status, 200u) << applied.body;
  EXPECT_EQ(json::parse(applied.body).at("applied"), 2);
  const auto after = town.get_json(tasks_path);
  const auto& a0 = after.at("actions").at(0).at("record");
  ASSERT_TRUE(a0.is_object());
  EXPECT_EQ(a0.at("status").at("code"), "done");
  EXPECT_EQ(a0.at("result"), "サンプル 合同訓練を実施");
  EXPECT_EQ(a0.at("cost_yen"), 1200000);
  EXPECT_EQ(after.at("actions").at(1).at("record").at("status").at("code"), "postponed");
  auto audit = sec.get_json(kRegion + "/audit?record_type=progress_record");
  EXPECT_NE(json::serialize(audit).find(std::to_string(actions[0].at("id").as_int64()) + "/01423"),
            std::string::npos);
  // The same workbook again: its versions are stale now, named per row.
  expect_cell_error(post(filled_book), "様式!A2", "変更されています");

  // CSV: UTF-8 with BOM, then Shift_JIS; only the changed row counts.
  const std::string head =
      "取組番号,分野,カテゴリ,具体的取組,状況,実績・結果,回数,参加者数,事業費（円）\r\n";
  const auto& a2 = actions[2].as_object();
  const std::string row2 = std::to_string(a2.at("id").as_int64()) + "," +
                           csv_field(std::string(a2.at("field").as_string())) + "," +
                           csv_field(std::string(a2.at("category").as_string())) + "," +
                           csv_field(std::string(a2.at("text").as_string()));
  const std::map<std::string, std::string> csv_type = {{"Content-Type", "text/csv"}};
  auto csv1 = town.request(
      "POST", base + "01423?dry_run=1",
      "\xEF\xBB\xBF" + head + row2 + ",実施中,\"サンプル 協議中, 継続\",2,,\r\n", csv_type);
  ASSERT_EQ(csv1.status, 200u) << csv1.body;
  EXPECT_EQ(json::parse(csv1.body).at("count"), 1);
  EXPECT_EQ(json::parse(csv1.body).at("changes").at(0).at("sheet"), "CSV");
  EXPECT_EQ(json::parse(csv1.body).at("changes").at(0).at("after").at("result"),
            "サンプル 協議中, 継続");
  auto bad_csv =
      town.request("POST", base + "01423", head + row2 + ",実施中,,二回,,\r\n", csv_type);
  expect_cell_error(bad_csv, "CSV!G2", "0以上の整数");
  auto sjis =
      town.request("POST", base + "01423",
                   to_sjis(head + row2 + ",実施済,サンプル 完了,1,30,５０００\r\n"), csv_type);
  ASSERT_EQ(sjis.status, 200u) << sjis.body;
  const auto after_csv = town.get_json(tasks_path);
  EXPECT_EQ(after_csv.at("actions").at(2).at("record").at("status").at("code"), "done");
  EXPECT_EQ(after_csv.at("actions").at(2).at("record").at("cost_yen"), 5000);
  EXPECT_EQ(after_csv.at("actions").at(2).at("record").at("result"), "サンプル 完了");

  // Every town's workbook as one zip: the secretariat only; one entry per town of the round,
  // named by code and name, each that town's workbook with what is stored now.
  {
    const std::string zip_path = kRegion + "/rounds/" + round + "/workbooks";
    EXPECT_EQ(town.request("GET", zip_path).status, 403u);
    Client member(server.port());
    ASSERT_EQ(member.sign_in("member"), 200u);
    EXPECT_EQ(member.request("GET", zip_path).status, 403u);
    EXPECT_EQ(Client(server.port()).request("GET", zip_path).status, 401u);
    EXPECT_EQ(sec.request("GET", zip_path + "?format=csv").status, 400u);
    EXPECT_EQ(sec.request("GET", zip_path + "?town=01423").status, 400u);
    EXPECT_EQ(sec.request("GET", kRegion + "/rounds/999999/workbooks").status, 404u);
    auto zip = sec.request("GET", zip_path + "?format=zip");
    ASSERT_EQ(zip.status, 200u) << zip.body;
    EXPECT_EQ(zip.headers["content-type"], "application/zip");
    EXPECT_NE(zip.headers["content-disposition"].find("round-" + round + "-workbooks.zip"),
              std::string::npos);
    const auto entries = zip_entries(zip.body);
    const auto round_json = sec.get_json(kRegion + "/rounds/" + round);
    const auto& subs = round_json.at("submissions").as_array();
    ASSERT_EQ(entries.size(), subs.size());
    for (const auto& sub : subs) {
      const std::string code(sub.at("municipality").at("code").as_string());
      const std::string name(sub.at("municipality").at("name").as_string());
      const auto it = entries.find(code + "_" + name + ".xlsx");
      ASSERT_NE(it, entries.end()) << code << " " << name;
      // The hidden sheet names this town (_kyosei!B5).
      const auto book = exchange::workbook::read_xlsx(it->second);
      const auto* meta = book.sheet("_kyosei");
      ASSERT_NE(meta, nullptr);
      ASSERT_NE(meta->at(5, 2), nullptr);
      EXPECT_EQ(meta->at(5, 2)->text, code);
    }
    // Nanporo's workbook has what was stored by the CSV import (様式!F4).
    const auto nanporo = entries.find("01423_南幌町.xlsx");
    ASSERT_NE(nanporo, entries.end());
    const auto book = exchange::workbook::read_xlsx(nanporo->second);
    ASSERT_NE(book.sheet("様式"), nullptr);
    ASSERT_NE(book.sheet("様式")->at(4, 6), nullptr);
    EXPECT_EQ(book.sheet("様式")->at(4, 6)->text, "サンプル 完了");
    // The zip's workbook imports back: unchanged, so nothing to change.
    auto same = town.request("POST", base + "01423?dry_run=1", nanporo->second, kXlsx);
    ASSERT_EQ(same.status, 200u) << same.body;
    EXPECT_EQ(json::parse(same.body).at("count"), 0);
  }

  // Submitted: the town waits (409, nothing written); confirmed: no one writes.
  auto fresh = town.request("GET", base + "01423");
  ASSERT_EQ(fresh.status, 200u);
  std::string again =
      set_cell(part_of(fresh.body, "xl/worksheets/sheet1.xml"), "G2", number_cell("5"));
  const std::string again_book = with_part(fresh.body, "xl/worksheets/sheet1.xml", again);
  ASSERT_EQ(town.request("POST", kRegion + "/rounds/" + round + "/submissions/01423/submit").status,
            200u);
  EXPECT_EQ(post(again_book).status, 409u);
  ASSERT_EQ(sec.request("POST", kRegion + "/rounds/" + round + "/submissions/01423/confirm").status,
            200u);
  auto locked = sec.request("POST", base + "01423?dry_run=1", again_book, kXlsx);
  EXPECT_EQ(locked.status, 409u) << locked.body;
  EXPECT_EQ(town.get_json(tasks_path).at("actions"), after_csv.at("actions"));
}

// The workbook as LibreOffice saves it: opened headless and written again as xlsx (one
// soffice start, its own profile, stopped after kSofficeSeconds so that a LibreOffice that
// hangs fails the test instead of holding the suite). Empty when soffice cannot be run.
const char* const kSoffice = "/usr/bin/soffice";
const char* const kTimeout = "/usr/bin/timeout";
const char* const kSofficeSeconds = "180";
std::string saved_by_libreoffice(const std::string& xlsx) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("kyosei-lo-import-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "in");
  std::ofstream(dir / "in" / "filled.xlsx", std::ios::binary) << xlsx;
  auto r = testing::run({kTimeout, "--kill-after=10", kSofficeSeconds, kSoffice,
                         "-env:UserInstallation=file://" + (dir / "profile").string(), "--headless",
                         "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                         (dir / "out").string(), (dir / "in" / "filled.xlsx").string()},
                        {{"HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::ifstream in(dir / "out" / "filled.xlsx", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  fs::remove_all(dir);
  return ss.str();
}

// A town fills its workbook and LibreOffice saves it (shared strings, its own styles and
// cell types, the hidden sheet kept): the dry run answers exactly the changes of the same
// workbook before LibreOffice touched it, and the import stores them.
void libreoffice_round_trip(KyoseiServer& server) {
  ASSERT_EQ(server.cli({"demo-progress", "--region", "minami-sorachi", "--fy", "2025"}).exit_code,
            0);
  Client town(server.port());
  ASSERT_EQ(town.sign_in("nanporo"), 200u);
  const std::string round =
      std::to_string(town.get_json(kRegion + "/rounds").at("rounds").at(0).at("id").as_int64());
  const std::string path = kRegion + "/rounds/" + round + "/workbooks/01423";
  const std::string tasks_path = kRegion + "/rounds/" + round + "/tasks/01423";
  const auto tasks_before = town.get_json(tasks_path);
  // The two rows the town fills: those without a record yet become 入力済.
  std::int64_t newly = 0;
  for (std::size_t i : {0u, 1u})
    newly += tasks_before.at("actions").at(i).as_object().if_contains("record") == nullptr ||
                     tasks_before.at("actions").at(i).at("record").is_null()
                 ? 1
                 : 0;
  auto download = town.request("GET", path);
  ASSERT_EQ(download.status, 200u);
  const std::string sheet = part_of(download.body, "xl/worksheets/sheet1.xml");
  std::string filled = set_cell(sheet, "E2", text_cell("実施中"));
  filled = set_cell(filled, "F2", text_cell("サンプル LibreOffice で記入, \"引用\""));
  filled = set_cell(filled, "G2", number_cell("4"));
  filled = set_cell(filled, "H2", text_cell("１，２００人"));
  filled = set_cell(filled, "I2", number_cell("250000"));
  filled = set_cell(filled, "E3", text_cell("中止"));
  const std::string ours = with_part(download.body, "xl/worksheets/sheet1.xml", filled);
  auto expected = town.request("POST", path + "?dry_run=1", ours, kXlsx);
  ASSERT_EQ(expected.status, 200u) << expected.body;
  ASSERT_EQ(json::parse(expected.body).at("count"), 2);

  const std::string theirs = saved_by_libreoffice(ours);
  ASSERT_EQ(theirs.rfind("PK", 0), 0u) << "LibreOffice wrote no workbook";
  ASSERT_NE(theirs, ours);
  auto dry = town.request("POST", path + "?dry_run=1", theirs, kXlsx);
  ASSERT_EQ(dry.status, 200u) << dry.body;
  EXPECT_EQ(json::parse(dry.body), json::parse(expected.body));
  auto applied = town.request("POST", path, theirs, kXlsx);
  ASSERT_EQ(applied.status, 200u) << applied.body;
  EXPECT_EQ(json::parse(applied.body).at("applied"), 2);
  const auto tasks = town.get_json(tasks_path);
  // The round's task list shows the two rows done (入力済), and the secretariat's round
  // page counts them for the town.
  EXPECT_EQ(tasks.at("missing_count").as_int64(),
            tasks_before.at("missing_count").as_int64() - newly);
  EXPECT_GT(newly, 0) << "the demo left both rows filled: the test shows nothing";
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  const auto round_page = sec.get_json(kRegion + "/rounds/" + round);
  std::int64_t entered = -1;
  for (const auto& sub : round_page.at("submissions").as_array())
    if (sub.at("municipality").at("code") == "01423") entered = sub.at("entered").as_int64();
  EXPECT_EQ(entered, tasks.at("total").as_int64() - tasks.at("missing_count").as_int64());
  const auto& a0 = tasks.at("actions").at(0).at("record");
  EXPECT_EQ(a0.at("status").at("code"), "in_progress");
  EXPECT_EQ(a0.at("result"), "サンプル LibreOffice で記入, \"引用\"");
  EXPECT_EQ(a0.at("sessions"), 4);
  EXPECT_EQ(a0.at("participants"), 1200);
  EXPECT_EQ(a0.at("cost_yen"), 250000);
  EXPECT_EQ(tasks.at("actions").at(1).at("record").at("status").at("code"), "cancelled");
}

// Why the LibreOffice round trip cannot run here ("" when it can).
std::string soffice_missing() {
  if (::access(kSoffice, X_OK) != 0)
    return std::string(kSoffice) + " is missing: install LibreOffice Calc " +
           "(scripts/install-deps.sh --test installs libreoffice-calc-nogui)";
  if (::access(kTimeout, X_OK) != 0) return std::string(kTimeout) + " (coreutils) is missing";
  return "";
}

TEST(Import, WorkbookSavedByLibreOfficeImportsBack) {
  if (auto why = soffice_missing(); !why.empty()) GTEST_SKIP() << why;
  KyoseiServer server(kUsers);
  libreoffice_round_trip(server);
}

TEST(ImportPostgres, WorkbookSavedByLibreOfficeImportsBack) {
  if (auto why = soffice_missing(); !why.empty()) GTEST_SKIP() << why;
  KyoseiServer server(kUsers, {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  libreoffice_round_trip(server);
}

TEST(Import, TownWorkbookAndCsv) {
  KyoseiServer server(kUsers);
  import_round_trip(server);
}

TEST(ImportPostgres, TownWorkbookAndCsv) {
  KyoseiServer server(kUsers, {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  import_round_trip(server);
}

}  // namespace
}  // namespace kyosei
