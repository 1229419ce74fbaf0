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
  // Every font embedded: pdffonts' "emb" column says yes on every font line.
  const std::string fonts = poppler("pdffonts", pdf.body, {});
  std::istringstream lines(fonts);
  std::string line;
  int font_lines = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
    ++font_lines;
    EXPECT_NE(line.find(" yes "), std::string::npos) << "not embedded: " << line;
  }
  EXPECT_GT(font_lines, 0) << fonts;
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
