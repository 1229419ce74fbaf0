// Exports and open data (issue 14) through the real server: every export answers exactly
// who its JSON read answers (anonymous, a town, a council member, the secretariat, and a
// hidden region), and LibreOffice (headless) opens every exported workbook and converts it
// to the same values as the CSV export. On SQLite and PostgreSQL.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "exchange/workbook/table.hpp"
#include "tests/support/kyosei_server.hpp"

namespace kyosei {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using testing::Client;
using testing::KyoseiServer;

const std::string kRegion = "/api/v1/regions/minami-sorachi";
const testing::Users kUsers = {{"sec", {testing::kSecretariat}},
                               {"nanporo", {testing::kNanporoEditor}},
                               {"council", {testing::kCouncilMember}}};

// RFC 4180 rows of a CSV text (a leading BOM dropped).
std::vector<std::vector<std::string>> parse_csv(std::string text) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      cell += c;
    }
  }
  if (!cell.empty() || !row.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

// "12.50" and "12.5" are one value; texts compare as they are.
bool same_value(const std::string& a, const std::string& b) {
  if (a == b) return true;
  char* ea = nullptr;
  char* eb = nullptr;
  const double da = std::strtod(a.c_str(), &ea);
  const double db = std::strtod(b.c_str(), &eb);
  return !a.empty() && !b.empty() && *ea == '\0' && *eb == '\0' && da == db;
}

// LibreOffice Calc (headless) is a test dependency (scripts/install-deps.sh --test); where it
// is missing, the tests skip at the step that needs it, saying so, after every other check.
const char* const kSoffice = "/usr/bin/soffice";
bool have_soffice() { return ::access(kSoffice, X_OK) == 0; }
#define SKIP_WITHOUT_SOFFICE()                                         \
  if (!have_soffice())                                                 \
  GTEST_SKIP() << kSoffice << " is missing: install LibreOffice Calc " \
               << "(scripts/install-deps.sh --test installs libreoffice-calc-nogui)"

// Converts each workbook to CSV (first sheet, UTF-8) with LibreOffice in one run; returns
// the CSV texts in order.
std::vector<std::string> libreoffice_csv(const std::vector<std::string>& workbooks) {
  const fs::path dir = fs::temp_directory_path() / ("kyosei-lo-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "in");
  std::vector<std::string> argv = {
      kSoffice,       "-env:UserInstallation=file://" + (dir / "profile").string(),
      "--headless",   "--norestore",
      "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
      "--outdir",     (dir / "out").string()};
  for (std::size_t i = 0; i < workbooks.size(); ++i) {
    const fs::path p = dir / "in" / ("w" + std::to_string(i) + ".xlsx");
    std::ofstream(p, std::ios::binary) << workbooks[i];
    argv.push_back(p.string());
  }
  auto r = testing::run(argv, {{"HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < workbooks.size(); ++i) {
    std::ifstream in(dir / "out" / ("w" + std::to_string(i) + ".csv"), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    out.push_back(ss.str());
    EXPECT_FALSE(out.back().empty())
        << "LibreOffice wrote no CSV for workbook " << i << ": " << r.out << r.err;
  }
  fs::remove_all(dir);
  return out;
}

void expect_same_table(const std::string& ours, const std::string& theirs,
                       const std::string& what) {
  const auto a = parse_csv(ours);
  const auto b = parse_csv(theirs);
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t r = 0; r < a.size(); ++r) {
    ASSERT_EQ(a[r].size(), b[r].size()) << what << " row " << r;
    for (std::size_t c = 0; c < a[r].size(); ++c) {
      // The CSV guards texts that look like formulas with an apostrophe; the xlsx needs not.
      std::string mine = a[r][c];
      if (mine.rfind('\'', 0) == 0) mine.erase(0, 1);
      // A cell holds 32,767 characters: a longer text (an audit entry's whole-region image)
      // is cut there in the xlsx and ends with 「…」; the CSV has it whole.
      mine = exchange::workbook::clip_chars(mine, 32767);
      EXPECT_TRUE(same_value(mine, b[r][c]))
          << what << " row " << r << " column " << c << ": " << mine.substr(0, 300) << " vs "
          << b[r][c].substr(0, 300);
    }
  }
}

void exports_follow_their_reads(KyoseiServer& server) {
  ASSERT_EQ(server.cli({"demo-progress", "--region", "minami-sorachi", "--fy", "2025"}).exit_code,
            0);
  ASSERT_EQ(server.cli({"demo-council", "--region", "minami-sorachi", "--fy", "2025"}).exit_code,
            0);
  Client anon(server.port());
  Client sec(server.port());
  Client town(server.port());
  Client council(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  ASSERT_EQ(town.sign_in("nanporo"), 200u);
  ASSERT_EQ(council.sign_in("council"), 200u);
  const auto rounds = sec.get_json(kRegion + "/rounds");
  const std::string round_id = std::to_string(rounds.at("rounds").at(0).at("id").as_int64());

  // Export ↔ the JSON read it must match, for every caller.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"/kpis/table?fy=2025", "/kpis?fy=2025"},
      {"/progress/table?fy=2025", "/progress?fy=2025"},
      {"/rounds/" + round_id + "/table", "/rounds/" + round_id},
      {"/opinions/table?fy=2025", "/opinions/table?fy=2025&format=json"},
      {"/audit/table", "/audit"},
      {"/open-data/vision?fy=2025", "/vision?fy=2025"},
      {"/open-data/kpis?fy=2025", "/kpis?fy=2025"},
      {"/open-data/results?fy=2025", "/kpis?fy=2025"}};
  auto check_all = [&](const std::string& when) {
    for (Client* c : {&anon, &town, &council, &sec}) {
      for (const auto& [exp, read] : pairs) {
        const unsigned want = c->request("GET", kRegion + read).status;
        for (const std::string f : {"csv", "xlsx", "json"}) {
          const std::string sep = exp.find('?') == std::string::npos ? "?" : "&";
          auto r = c->request("GET", kRegion + exp + sep + "format=" + f);
          EXPECT_EQ(r.status, want) << when << " " << exp << " " << f << " " << r.body;
        }
      }
    }
  };
  check_all("published");
  // The expected refusals are really there (the loop above compares, this pins).
  EXPECT_EQ(anon.request("GET", kRegion + "/progress/table?format=csv").status, 401u);
  EXPECT_EQ(town.request("GET", kRegion + "/audit/table?format=csv").status, 403u);
  EXPECT_EQ(anon.request("GET", kRegion + "/kpis/table?fy=2025&format=csv").status, 200u);
  EXPECT_EQ(anon.request("GET", kRegion + "/kpis/table?format=pdf").status, 400u);
  EXPECT_EQ(anon.request("GET", kRegion + "/open-data/secrets").status, 404u);
  // The data dictionary (項目定義書) names every column of the three open-data files with a
  // meaning, and is public like them.
  {
    const auto dict = anon.get_json(kRegion + "/open-data/dictionary?format=json");
    std::set<std::string> described;
    for (const auto& r : dict.at("sheets").at(0).at("rows").as_array()) {
      EXPECT_FALSE(r.at("meaning").is_null()) << r;
      described.insert(std::string(r.at("dataset").as_string()) + "/" +
                       std::string(r.at("sheet").as_string()) + "/" +
                       std::string(r.at("key").as_string()));
    }
    for (const std::string ds : {"vision", "kpis", "results"}) {
      const auto file = anon.get_json(kRegion + "/open-data/" + ds + "?fy=2025&format=json");
      for (const auto& sheet : file.at("sheets").as_array()) {
        for (const auto& c : sheet.at("columns").as_array()) {
          const std::string key = ds + "/" + std::string(sheet.at("name").as_string()) + "/" +
                                  std::string(c.at("key").as_string());
          EXPECT_EQ(described.count(key), 1u) << "not in the dictionary: " << key;
        }
      }
    }
    auto csv = anon.request("GET", kRegion + "/open-data/dictionary?format=csv");
    ASSERT_EQ(csv.status, 200u);
    EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);
    EXPECT_NE(csv.body.find("全国地方公共団体コード"), std::string::npos);
    EXPECT_EQ(anon.request("GET", kRegion + "/open-data/dictionary?format=pdf").status, 400u);
  }

  // Values: the 進捗表 as JSON and CSV.
  auto kjson = anon.get_json(kRegion + "/kpis/table?fy=2025&format=json");
  const auto& rows = kjson.at("sheets").at(0).at("rows").as_array();
  ASSERT_EQ(rows.size(), 5u);
  bool drill = false;
  for (const auto& r : rows) {
    if (std::string(r.at("name").as_string()).rfind("合同防災訓練", 0) != 0) continue;
    drill = true;
    EXPECT_EQ(r.at("actual_2025"), "100");
    EXPECT_EQ(r.at("rate_progress"), "83.3");
    EXPECT_EQ(r.at("grade"), "B");
    EXPECT_EQ(r.at("sample"), "サンプル");
  }
  EXPECT_TRUE(drill);
  auto kcsv = anon.request("GET", kRegion + "/kpis/table?fy=2025&format=csv");
  EXPECT_EQ(kcsv.body.rfind("\xEF\xBB\xBF"
                            "KPI番号,分野",
                            0),
            0u);
  EXPECT_EQ(kcsv.header("content-type"), "text/csv; charset=utf-8");
  auto kx = anon.request("GET", kRegion + "/kpis/table?fy=2025&format=xlsx");
  EXPECT_EQ(kx.body.rfind("PK", 0), 0u);
  EXPECT_NE(kx.header("content-disposition").find("kpi-table-2025.xlsx"), std::string::npos);

  // The public 意見対応表 holds fewer rows than the secretariat's (unpublished opinions).
  const auto pub_rows =
      parse_csv(anon.request("GET", kRegion + "/opinions/table?fy=2025&format=csv").body);
  const auto sec_rows =
      parse_csv(sec.request("GET", kRegion + "/opinions/table?fy=2025&format=csv").body);
  EXPECT_LT(pub_rows.size(), sec_rows.size());

  // LibreOffice opens every workbook and reads the values the CSV export has.
  std::vector<std::string> names;
  std::vector<std::string> books;
  std::vector<std::string> csvs;
  for (const auto& [exp, read] : pairs) {
    const std::string sep = exp.find('?') == std::string::npos ? "?" : "&";
    Client& who = exp.rfind("/opinions", 0) == 0 ? anon : sec;
    auto x = who.request("GET", kRegion + exp + sep + "format=xlsx");
    auto c = who.request("GET", kRegion + exp + sep + "format=csv");
    ASSERT_EQ(x.status, 200u) << exp;
    ASSERT_EQ(c.status, 200u) << exp;
    names.push_back(exp);
    books.push_back(x.body);
    csvs.push_back(c.body);
  }
  // The public 意見対応表 as the public gets it (no submitter of an unpublished one).
  if (have_soffice()) {
    const auto converted = libreoffice_csv(books);
    ASSERT_EQ(converted.size(), books.size());
    for (std::size_t i = 0; i < books.size(); ++i)
      expect_same_table(csvs[i], converted[i], names[i]);
    EXPECT_NE(converted[0].find("合同防災訓練"), std::string::npos);
    EXPECT_NE(converted[5].find("防災"), std::string::npos);  // the vision's open data
  }

  // Hidden region: the public ones become 404 for outsiders, like their reads.
  auto hide = sec.request("PATCH", kRegion, R"({"published":false})", {{"If-Match", "*"}});
  ASSERT_EQ(hide.status, 200u) << hide.body;
  check_all("unpublished");
  EXPECT_EQ(anon.request("GET", kRegion + "/kpis/table?format=csv").status, 404u);
  EXPECT_EQ(anon.request("GET", kRegion + "/open-data/vision?format=csv").status, 404u);
  EXPECT_EQ(town.request("GET", kRegion + "/open-data/vision?format=csv").status, 200u);
  SKIP_WITHOUT_SOFFICE();  // after every other check: only the LibreOffice step was left out
}

// Writes `body` to a file and runs a poppler tool on it; returns its standard output.
std::string poppler(const std::string& tool, const std::string& body,
                    const std::vector<std::string>& args) {
  const fs::path file =
      fs::temp_directory_path() / ("kyosei-pdf-" + std::to_string(::getpid()) + ".pdf");
  std::ofstream(file, std::ios::binary) << body;
  std::vector<std::string> argv = {"/usr/bin/" + tool};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back(file.string());
  if (tool == "pdftotext") argv.emplace_back("-");
  auto r = testing::run(argv);
  fs::remove(file);
  EXPECT_EQ(r.exit_code, 0) << tool << ": " << r.err;
  return r.out;
}

// Every font of the PDF embedded: pdffonts' "emb" column says yes on every font line.
void expect_fonts_embedded(const std::string& pdf) {
  const std::string fonts = poppler("pdffonts", pdf, {});
  std::istringstream lines(fonts);
  std::string line;
  int font_lines = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
    ++font_lines;
    EXPECT_NE(line.find(" yes "), std::string::npos) << "not embedded: " << line;
  }
  EXPECT_GT(font_lines, 0) << fonts;
}

std::string without_spaces(const std::string& text) {
  std::string out;
  for (const char c : text)
    if (c != ' ' && c != '\n') out += c;
  return out;
}

// The first `n` code points of a UTF-8 text, after the 「（サンプル）」 every demo text opens
// with (so that the head tells the texts apart).
std::string first_chars(std::string text, std::size_t n) {
  const std::string sample = "（サンプル）";
  if (text.rfind(sample, 0) == 0) text.erase(0, sample.size());
  std::size_t at = 0;
  for (std::size_t i = 0; i < n && at < text.size(); ++i) {
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  }
  return text.substr(0, at);
}

// The 意見対応表 as an A4-landscape PDF (issue 12 item 4): the same renderer as the council
// material, Japanese text with every font embedded, page numbers, 出力日, the region's name,
// サンプル marks; and the same privacy as the CSV — a signed-out visitor's PDF holds the
// published opinions only, the secretariat's every opinion.
void opinion_table_pdf(KyoseiServer& server) {
  ASSERT_EQ(server.cli({"demo-council", "--region", "minami-sorachi", "--fy", "2025"}).exit_code,
            0);
  Client anon(server.port());
  Client sec(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  const std::string path = kRegion + "/opinions/table?fy=2025&format=pdf";
  auto bad = sec.request("GET", kRegion + "/opinions/table?fy=2025&format=docx");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_NE(bad.body.find("\"format\""), std::string::npos) << bad.body;
  auto pub = anon.request("GET", path);
  ASSERT_EQ(pub.status, 200u) << pub.body;
  EXPECT_EQ(pub.header("content-type"), "application/pdf");
  EXPECT_NE(pub.header("content-disposition").find("opinions-2025.pdf"), std::string::npos);
  ASSERT_EQ(pub.body.rfind("%PDF-", 0), 0u);
  auto mine = sec.request("GET", path);
  ASSERT_EQ(mine.status, 200u) << mine.body;
  const std::string pub_text = poppler("pdftotext", pub.body, {"-layout"});
  const std::string sec_text = poppler("pdftotext", mine.body, {"-layout"});
  for (const std::string& text : {pub_text, sec_text}) {
    for (const std::string want :
         {"意見対応表（令和7年度）", "南空知定住自立圏", "出力日", "サンプル", "対応方針", "回答"})
      EXPECT_NE(text.find(want), std::string::npos) << "missing " << want << " in\n"
                                                    << text.substr(0, 3000);
    EXPECT_NE(without_spaces(text).find("-1-"), std::string::npos);
  }
  expect_fonts_embedded(pub.body);
  expect_fonts_embedded(mine.body);
  // A4 landscape: 297 × 210 mm = 841.89 × 595.28 pt.
  const std::string info = poppler("pdfinfo", pub.body, {});
  EXPECT_NE(info.find("841.89 x 595.2"), std::string::npos) << info;
  // The visitor's PDF has no unpublished opinion; the secretariat's has them (each found by
  // its first ten characters: shorter heads recur in labels such as ビジョン全体).
  const auto rows = sec.get_json(kRegion + "/opinions/table?fy=2025").at("rows").as_array();
  int unpublished = 0;
  for (const auto& r : rows) {
    const std::string head = first_chars(std::string(r.at("body").as_string()), 10);
    if (r.at("published").as_bool()) continue;
    ++unpublished;
    EXPECT_EQ(without_spaces(pub_text).find(head), std::string::npos) << head;
    EXPECT_NE(without_spaces(sec_text).find(head), std::string::npos) << head;
  }
  EXPECT_GT(unpublished, 0);
  EXPECT_NE(sec_text.find("公表前の意見・回答を含みます"), std::string::npos);
  EXPECT_EQ(pub_text.find("公表前の意見・回答を含みます"), std::string::npos);
  // One round.
  auto round = anon.request("GET", kRegion + "/opinions/table?fy=2025&round=2&format=pdf");
  ASSERT_EQ(round.status, 200u);
  EXPECT_NE(poppler("pdftotext", round.body, {}).find("第2回意見集約"), std::string::npos);
}

// The audit actions on meeting materials.
std::multiset<std::string> material_audit(Client& c) {
  std::multiset<std::string> out;
  const auto trail = c.get_json(kRegion + "/audit?record_type=material");
  for (const auto& en : trail.at("entries").as_array())
    out.insert(std::string(en.at("action").as_string()));
  return out;
}

std::set<std::string> pointers(const testing::HttpResult& r) {
  std::set<std::string> out;
  const auto b = json::parse(r.body).as_object();
  if (const auto* errors = b.if_contains("errors"))
    for (const auto& e : errors->as_array()) out.insert(std::string(e.at("pointer").as_string()));
  return out;
}

// Generated documents attached to a meeting as materials (issue 12 item 2, ADR 0018): the
// secretariat only; bad input is one 422 naming each member and writes nothing; the council
// material (never public) and the 意見対応表 (a public one rendered as the public reads it)
// are stored and read exactly like uploads, audited.
void generated_materials(KyoseiServer& server) {
  ASSERT_EQ(server.cli({"demo-progress", "--region", "minami-sorachi", "--fy", "2025"}).exit_code,
            0);
  ASSERT_EQ(server.cli({"demo-council", "--region", "minami-sorachi", "--fy", "2025"}).exit_code,
            0);
  Client anon(server.port());
  Client sec(server.port());
  Client town(server.port());
  Client council(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  ASSERT_EQ(town.sign_in("nanporo"), 200u);
  ASSERT_EQ(council.sign_in("council"), 200u);
  auto created = sec.request("POST", kRegion + "/meetings",
                             R"({"kind":"council","fiscal_year":2025,"number":9,
                                 "held_on":"2026-02-20"})");
  ASSERT_EQ(created.status, 201u) << created.body;
  const std::string meeting_url =
      kRegion + "/meetings/" + std::to_string(json::parse(created.body).at("id").as_int64());
  const std::string url = meeting_url + "/materials/generated";
  const std::string material = R"({"document":"council-material","number":"資料1"})";
  EXPECT_EQ(town.request("POST", url, material).status, 403u);
  EXPECT_EQ(council.request("POST", url, material).status, 403u);
  EXPECT_EQ(sec.request("POST", kRegion + "/meetings/999999/materials/generated", material).status,
            404u);
  auto bad1 = sec.request("POST", url,
                          R"({"document":"minutes","fiscal_year":"R7","public":"yes","owner":1})");
  ASSERT_EQ(bad1.status, 422u) << bad1.body;
  EXPECT_EQ(pointers(bad1),
            (std::set<std::string>{"/document", "/fiscal_year", "/public", "/owner"}));
  auto bad2 = sec.request(
      "POST", url, R"({"document":"council-material","format":"xlsx","round":2,"public":true})");
  ASSERT_EQ(bad2.status, 422u) << bad2.body;
  EXPECT_EQ(pointers(bad2), (std::set<std::string>{"/format", "/round", "/public"}));
  auto bad3 = sec.request("POST", url, R"({"document":"opinion-table","fiscal_year":2099})");
  ASSERT_EQ(bad3.status, 422u) << bad3.body;
  EXPECT_EQ(pointers(bad3), (std::set<std::string>{"/fiscal_year"}));
  auto bad4 = sec.request("POST", url, R"({"document":"opinion-table","kind":"photo"})");
  ASSERT_EQ(bad4.status, 422u) << bad4.body;
  EXPECT_EQ(pointers(bad4), (std::set<std::string>{"/kind"}));
  EXPECT_TRUE(sec.get_json(meeting_url + "/materials").at("materials").as_array().empty());
  EXPECT_TRUE(material_audit(sec).empty());

  // The council material: the meeting's fiscal year, stored like an upload.
  auto cm = sec.request("POST", url, material);
  ASSERT_EQ(cm.status, 201u) << cm.body;
  const auto cm_row = json::parse(cm.body).as_object();
  EXPECT_EQ(cm_row.at("title"), "共生ビジョン懇談会 資料（令和7年度）");
  EXPECT_EQ(cm_row.at("number"), "資料1");
  EXPECT_EQ(cm_row.at("kind").at("code"), "material");
  EXPECT_EQ(cm_row.at("public"), false);
  EXPECT_EQ(cm_row.at("file_name"), "council-material-2025.pdf");
  EXPECT_EQ(cm_row.at("media_type"), "application/pdf");
  auto cm_file = council.request("GET", std::string(cm_row.at("download").as_string()));
  ASSERT_EQ(cm_file.status, 200u);
  const std::string cm_text = poppler("pdftotext", cm_file.body, {});
  EXPECT_NE(cm_text.find("共生ビジョン懇談会について"), std::string::npos);
  EXPECT_NE(cm_text.find("意見対応表"), std::string::npos);
  EXPECT_EQ(anon.request("GET", std::string(cm_row.at("download").as_string())).status, 404u);

  // A public 意見対応表 as PDF: rendered as a signed-out visitor reads it.
  auto pub = sec.request("POST", url,
                         R"({"document":"opinion-table","number":"資料2","title":"意見対応表",
                             "public":true})");
  ASSERT_EQ(pub.status, 201u) << pub.body;
  const auto pub_row = json::parse(pub.body).as_object();
  EXPECT_EQ(pub_row.at("public"), true);
  auto pub_file = sec.request("GET", std::string(pub_row.at("download").as_string()));
  ASSERT_EQ(pub_file.status, 200u);
  const std::string pub_text = without_spaces(poppler("pdftotext", pub_file.body, {"-layout"}));
  EXPECT_NE(pub_text.find("意見対応表（令和7年度）"), std::string::npos);
  const auto table = sec.get_json(kRegion + "/opinions/table?fy=2025");
  for (const auto& r : table.at("rows").as_array()) {
    if (!r.at("published").as_bool()) {
      EXPECT_EQ(pub_text.find(first_chars(std::string(r.at("body").as_string()), 10)),
                std::string::npos);
    }
  }
  // One round as xlsx, for the members.
  auto xlsx = sec.request("POST", url, R"({"document":"opinion-table","format":"xlsx","round":1,
                                           "fiscal_year":2025})");
  ASSERT_EQ(xlsx.status, 201u) << xlsx.body;
  const auto x_row = json::parse(xlsx.body).as_object();
  EXPECT_EQ(x_row.at("file_name"), "opinions-2025-1.xlsx");
  EXPECT_EQ(x_row.at("title"), "意見対応表（令和7年度 第1回意見集約）");
  auto x_file = sec.request("GET", std::string(x_row.at("download").as_string()));
  EXPECT_EQ(x_file.body.rfind("PK", 0), 0u);

  EXPECT_EQ(sec.get_json(meeting_url + "/materials").at("materials").as_array().size(), 3u);
  EXPECT_EQ(council.get_json(meeting_url + "/materials").at("materials").as_array().size(), 3u);
  // Not public until the minutes are published, as for an upload.
  EXPECT_TRUE(anon.get_json(meeting_url + "/materials").at("materials").as_array().empty());
  EXPECT_EQ(material_audit(sec), (std::multiset<std::string>{"create", "create", "create"}));
}

void council_material(KyoseiServer& server) {
  ASSERT_EQ(server.cli({"demo-progress", "--region", "minami-sorachi", "--fy", "2025"}).exit_code,
            0);
  ASSERT_EQ(server.cli({"demo-council", "--region", "minami-sorachi", "--fy", "2025"}).exit_code,
            0);
  Client anon(server.port());
  Client sec(server.port());
  Client town(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  ASSERT_EQ(town.sign_in("nanporo"), 200u);
  const std::string path = kRegion + "/documents/council-material?fy=R7";
  // Members only: it gathers the progress results and, for members, unpublished opinions.
  EXPECT_EQ(anon.request("GET", path).status, 401u);
  EXPECT_EQ(sec.request("GET", path + "&format=docx").status, 400u);
  EXPECT_EQ(sec.request("GET", path + "&draft=yes").status, 400u);
  auto pdf = town.request("GET", path + "&format=pdf");
  ASSERT_EQ(pdf.status, 200u) << pdf.body;
  EXPECT_EQ(pdf.header("content-type"), "application/pdf");
  ASSERT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  const std::string text = poppler("pdftotext", pdf.body, {"-layout"});
  for (const std::string want :
       {"南空知定住自立圏", "Ⅰ 共生ビジョン懇談会について", "❶", "防災", "公共交通",
        "Ⅳ 令和8年度から追加する分野・カテゴリ", "障がい者福祉", "道路インフラ", "環境・衛生",
        "学校教育", "教員研修", "成果指標（KPI）進捗表", "合同防災訓練", "意見対応表", "出力日",
        "案", "サンプル"})
    EXPECT_NE(text.find(want), std::string::npos) << "missing " << want << " in\n"
                                                  << text.substr(0, 3000);
  std::string compact;  // pdftotext drops the spaces of "- 1 -"
  for (const char c : text)
    if (c != ' ') compact += c;
  EXPECT_NE(compact.find("-1-"), std::string::npos);
  EXPECT_NE(compact.find("-2-"), std::string::npos);
  expect_fonts_embedded(pdf.body);
  // Final copy without 「案」; HTML with the same content.
  auto final_copy = sec.request("GET", path + "&draft=0");
  ASSERT_EQ(final_copy.status, 200u);
  // 「案」 once on every page of the draft, on none of the final copy (other 案 are text).
  const std::string final_text = poppler("pdftotext", final_copy.body, {"-layout"});
  auto count = [](const std::string& t, const std::string& what) {
    std::size_t n = 0;
    for (auto at = t.find(what); at != std::string::npos; at = t.find(what, at + 1)) ++n;
    return n;
  };
  const std::size_t pages = count(text, "\f");
  EXPECT_GT(pages, 5u);
  EXPECT_EQ(count(text, "案"), count(final_text, "案") + pages);
  auto html = sec.request("GET", path + "&format=html");
  ASSERT_EQ(html.status, 200u);
  EXPECT_EQ(html.header("content-type"), "text/html; charset=utf-8");
  for (const std::string want :
       {"公共交通", "学校教育", "教員研修の共同実施", "合同防災訓練", "class=\"draft\">案<"})
    EXPECT_NE(html.body.find(want), std::string::npos) << "missing " << want;
}

// A town downloads its workbook for the sample round; LibreOffice opens it and reads the
// town's actions with their keys (reading it back: tests/import_test.cpp).
void town_workbook(KyoseiServer& server) {
  ASSERT_EQ(server.cli({"demo-progress", "--region", "minami-sorachi", "--fy", "2025"}).exit_code,
            0);
  Client anon(server.port());
  Client sec(server.port());
  Client town(server.port());
  ASSERT_EQ(sec.sign_in("sec"), 200u);
  ASSERT_EQ(town.sign_in("nanporo"), 200u);
  const std::string round =
      std::to_string(sec.get_json(kRegion + "/rounds").at("rounds").at(0).at("id").as_int64());
  const std::string base = kRegion + "/rounds/" + round + "/workbooks/";
  EXPECT_EQ(anon.request("GET", base + "01423").status, 401u);
  EXPECT_EQ(town.request("GET", base + "01209").status, 403u);  // another town's
  auto mine = town.request("GET", base + "01423");
  ASSERT_EQ(mine.status, 200u) << mine.body;
  EXPECT_EQ(mine.body.rfind("PK", 0), 0u);
  EXPECT_EQ(sec.request("GET", base + "01423").status, 200u);
  const auto tasks = town.get_json(kRegion + "/rounds/" + round + "/tasks/01423");
  const auto& actions = tasks.at("actions").as_array();
  ASSERT_FALSE(actions.empty());
  SKIP_WITHOUT_SOFFICE();
  const auto csv = libreoffice_csv({mine.body});
  const auto rows = parse_csv(csv.at(0));
  ASSERT_EQ(rows.size(), actions.size() + 1);
  EXPECT_EQ(rows[0].at(0), "取組番号");
  EXPECT_EQ(rows[0].at(4), "状況");
  for (std::size_t i = 0; i < actions.size(); ++i) {
    EXPECT_EQ(rows[i + 1].at(0), std::to_string(actions[i].at("id").as_int64()));
    EXPECT_EQ(rows[i + 1].at(3), std::string(actions[i].at("text").as_string()));
  }
}

TEST(Documents, TownWorkbookDownload) {
  KyoseiServer server(kUsers);
  town_workbook(server);
}

TEST(DocumentsPostgres, TownWorkbookDownload) {
  KyoseiServer server(kUsers, {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  town_workbook(server);
}

TEST(Documents, CouncilMaterialPdfAndHtml) {
  KyoseiServer server(kUsers);
  council_material(server);
}

TEST(Documents, OpinionTablePdf) {
  KyoseiServer server(kUsers);
  opinion_table_pdf(server);
}

TEST(DocumentsPostgres, OpinionTablePdf) {
  KyoseiServer server(kUsers, {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  opinion_table_pdf(server);
}

TEST(Documents, GeneratedMeetingMaterials) {
  KyoseiServer server(kUsers);
  generated_materials(server);
}

TEST(DocumentsPostgres, GeneratedMeetingMaterials) {
  KyoseiServer server(kUsers, {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  generated_materials(server);
}

TEST(DocumentsPostgres, CouncilMaterialPdfAndHtml) {
  KyoseiServer server(kUsers, {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  council_material(server);
}

TEST(Documents, ExportsFollowTheirReadsAndOpenInLibreOffice) {
  KyoseiServer server(kUsers);
  exports_follow_their_reads(server);
}

TEST(DocumentsPostgres, ExportsFollowTheirReadsAndOpenInLibreOffice) {
  KyoseiServer server(kUsers, {}, "postgres");
  if (!server.skip_reason().empty()) GTEST_SKIP() << server.skip_reason();
  exports_follow_their_reads(server);
}

}  // namespace
}  // namespace kyosei
