#include "exchange/plan/dataset.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "tests/support/files.hpp"

namespace kyosei::exchange {
namespace {

const std::string kDemo = std::string(KYOSEI_SOURCE_DIR) + "/data/minami-sorachi.yaml";

using kyosei::testing::slurp;

std::string all(const std::vector<DatasetProblem>& ps) {
  std::string out;
  for (const auto& p : ps) out += format_problem(p) + "\n";
  return out;
}

const DatasetProblem* find(const std::vector<DatasetProblem>& ps, const std::string& field) {
  for (const auto& p : ps) {
    if (p.field == field) return &p;
  }
  return nullptr;
}

int line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  if (pos == std::string::npos) return -1;
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

TEST(Dataset, DemoRegionLoadsWithoutProblems) {
  auto r = read_dataset_file(kDemo);
  ASSERT_TRUE(r.region) << all(r.problems);
  EXPECT_EQ(r.region->slug, "minami-sorachi");
  EXPECT_EQ(r.region->municipalities.size(), 9u);
  std::size_t fields = 0;
  for (const auto& a : r.region->policy_areas) fields += a.fields.size();
  EXPECT_EQ(fields, 17u);
}

TEST(Dataset, DemoFileIsCanonicalAndRoundTripsExactly) {
  const std::string text = slurp(kDemo);
  auto first = read_dataset(text, "demo");
  ASSERT_TRUE(first.region) << all(first.problems);
  const std::string dumped = write_dataset(*first.region);
  EXPECT_EQ(dumped, text) << "data/minami-sorachi.yaml is not in canonical form";
  auto second = read_dataset(dumped, "dumped");
  ASSERT_TRUE(second.region) << all(second.problems);
  EXPECT_EQ(*second.region, *first.region);
}

TEST(Dataset, BrokenDatasetNamesEveryProblemWithLine) {
  std::string text = slurp(kDemo);
  auto replace = [&](const std::string& from, const std::string& to) {
    const auto pos = text.find(from);
    ASSERT_NE(pos, std::string::npos) << from;
    text.replace(pos, from.size(), to);
  };
  replace("code: \"01215\"", "code: \"012150\"");  // bad check digit (01215 → 012157)
  replace(
      "participants: 全市町\n                  - text: 図書館資料整備事業",
      "participants: [岩見沢市, 札幌市]\n                  - text: 図書館資料整備事業");  // unknown
                                                                                          // participant
  replace("lead: 岩見沢市", "lead: 月形町");  // with 全市町: fine
  replace("- name: 土地利用\n        categories:",
          "- name: 医療\n        categories:");  // duplicate field
  const int code_line = line_of(text, "\"012150\"");
  const int participant_line = line_of(text, "[岩見沢市, 札幌市]");
  const int dup_line =
      line_of(text, "- name: 医療\n        categories:\n          - name: 土地利用");

  auto r = read_dataset(text, "broken.yaml");
  EXPECT_FALSE(r.region);
  const auto* code = find(r.problems, "municipalities[2].code");
  ASSERT_NE(code, nullptr) << all(r.problems);
  EXPECT_EQ(code->line, code_line);
  const auto* participant = find(
      r.problems, "policy_areas[0].fields[2].categories[1].years[0].actions[0].participants[1]");
  ASSERT_NE(participant, nullptr) << all(r.problems);
  EXPECT_EQ(participant->line, participant_line);
  EXPECT_NE(participant->message_ja.find("札幌市"), std::string::npos);
  const auto* dup = find(r.problems, "policy_areas[0].fields[3].name");
  ASSERT_NE(dup, nullptr) << all(r.problems);
  EXPECT_EQ(dup->line, dup_line);
  EXPECT_EQ(r.problems.size(), 3u) << all(r.problems);
}

TEST(Dataset, LeadNotTakingPartIsNamed) {
  std::string text = slurp(kDemo);
  const std::string from = "participants: 全市町\n                    lead: 岩見沢市";
  const auto pos = text.find(from);
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, from.size(),
               "participants: [夕張市, 美唄市]\n                    lead: 岩見沢市");
  auto r = read_dataset(text, "x.yaml");
  ASSERT_EQ(r.problems.size(), 1u) << all(r.problems);
  EXPECT_EQ(r.problems[0].field,
            "policy_areas[2].fields[2].categories[0].years[0].actions[0].lead");
  EXPECT_EQ(r.problems[0].line, line_of(text, "lead: 岩見沢市"));
}

TEST(Dataset, MalformedYamlGivesLineAndColumn) {
  auto r = read_dataset("format: kyosei-dataset/1\nslug: [unclosed\nname: x\n", "bad.yaml");
  ASSERT_EQ(r.problems.size(), 1u) << all(r.problems);
  EXPECT_GE(r.problems[0].line, 2);
  EXPECT_NE(r.problems[0].message_en.find("malformed YAML"), std::string::npos);
}

TEST(Dataset, WrongTypesUnknownKeysAndBadValues) {
  const std::string text =
      "format: kyosei-dataset/1\n"
      "slug: Bad Slug\n"
      "kind: 市町村圏\n"
      "name: x\n"
      "colour: blue\n"
      "vision: {title: v, from_fiscal_year: R7, to_fiscal_year: 令和999年度}\n"
      "municipalities:\n"
      "  - {code: \"01210\", name: 岩見沢市, kind: 市, role: 中心市}\n"
      "viewpoints: notalist\n"
      "schedule:\n"
      "  - {fiscal_year: 2025, kind: council, label: 懇談会, from_month: 13, to_month: x}\n";
  auto r = read_dataset(text, "t.yaml");
  EXPECT_FALSE(r.region);
  for (const char* field : {"slug", "kind", "colour", "vision.to_fiscal_year", "viewpoints",
                            "schedule[0].from_month", "schedule[0].to_month"}) {
    EXPECT_NE(find(r.problems, field), nullptr) << field << "\n" << all(r.problems);
  }
  EXPECT_EQ(find(r.problems, "colour")->line, 5);
}

TEST(Dataset, InvalidUtf8IsRefusedWithPlace) {
  auto r = read_dataset("format: kyosei-dataset/1\nname: \xff\xfe\n", "u.yaml");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 2);
  EXPECT_EQ(r.problems[0].column, 7);
}

TEST(Dataset, AcceptsSixDigitCodesAndEraYears) {
  const std::string text =
      "format: kyosei-dataset/1\nslug: t\nkind: 定住自立圏\nname: t\n"
      "vision: {title: v, from_fiscal_year: R7, to_fiscal_year: 令和11年度}\n"
      "municipalities:\n  - {code: \"012106\", name: 岩見沢市, kind: 市, role: 中心市}\n";
  auto r = read_dataset(seal_dataset(text, "t.yaml").text, "t.yaml");
  ASSERT_TRUE(r.region) << all(r.problems);
  EXPECT_EQ(r.region->municipalities[0].code, "01210");
  EXPECT_EQ(r.region->vision.from_fiscal_year, 2025);
  EXPECT_EQ(r.region->vision.to_fiscal_year, 2029);
}

// ---- the end marker (ADR 0008) ----

TEST(Dataset, DemoCutInHalfIsRefusedAsTruncated) {
  const std::string demo = slurp(kDemo);
  // Cut at a line boundary in the middle: still valid YAML and a valid region.
  const std::string half = demo.substr(0, demo.find('\n', demo.size() / 2) + 1);
  auto r = read_dataset(half, "half.yaml");
  EXPECT_FALSE(r.region);
  const auto* p = find(r.problems, "end");
  ASSERT_NE(p, nullptr) << all(r.problems);
  EXPECT_NE(p->message_en.find("cut short"), std::string::npos);
  EXPECT_EQ(p->line, std::count(half.begin(), half.end(), '\n'));  // the file's last line
}

TEST(Dataset, EndMarkerCountsAndChecksumAreChecked) {
  const std::string demo = slurp(kDemo);
  ASSERT_NE(demo.find("\nend:\n"), std::string::npos);
  // A whole schedule item removed from the middle: the count names what is missing.
  std::string cut = demo;
  const auto at = cut.find("\n  - fiscal_year: 2025\n    kind: ");
  ASSERT_NE(at, std::string::npos);
  const auto next = cut.find("\n  - fiscal_year", at + 1);
  ASSERT_NE(next, std::string::npos);
  cut.erase(at, next - at);
  auto r = read_dataset(cut, "cut.yaml");
  EXPECT_FALSE(r.region);
  const auto* count = find(r.problems, "end.schedule");
  ASSERT_NE(count, nullptr) << all(r.problems);
  EXPECT_EQ(count->line, line_of(cut, "  schedule: "));
  EXPECT_NE(find(r.problems, "end.sha256"), nullptr) << all(r.problems);
  // A changed word: counts agree, the checksum does not.
  std::string edited = demo;
  edited.replace(edited.find("name: 南空知定住自立圏"),
                 std::string("name: 南空知定住自立圏").size(), "name: 南空知圏");
  auto e = read_dataset(edited, "edited.yaml");
  EXPECT_FALSE(e.region);
  ASSERT_EQ(e.problems.size(), 1u) << all(e.problems);
  EXPECT_EQ(e.problems[0].field, "end.sha256");
  // The marker must be the last key.
  std::string moved = demo.substr(0, demo.find("\nend:\n") + 1);
  moved = "format: kyosei-dataset/1\n" + demo.substr(demo.find("\nend:\n") + 1) +
          moved.substr(moved.find('\n') + 1);
  auto m = read_dataset(moved, "moved.yaml");
  EXPECT_NE(find(m.problems, "end"), nullptr) << all(m.problems);
}

TEST(Dataset, SealAfterAHandEditKeepsTheRestByteForByte) {
  const std::string demo = slurp(kDemo);
  std::string edited = demo;
  edited.replace(edited.find("name: 南空知定住自立圏"),
                 std::string("name: 南空知定住自立圏").size(), "name: 南空知圏  # renamed by hand");
  const auto sealed = seal_dataset(edited, "edited.yaml");
  ASSERT_FALSE(sealed.text.empty()) << all(sealed.problems);
  const auto body_end = edited.find("\nend:\n") + 1;
  EXPECT_EQ(sealed.text.substr(0, body_end), edited.substr(0, body_end));  // comment kept
  auto r = read_dataset(sealed.text, "edited.yaml");
  ASSERT_TRUE(r.region) << all(r.problems);
  EXPECT_EQ(r.region->name, "南空知圏");
  // A file with other problems is not sealed.
  std::string broken = edited;
  broken.replace(broken.find("slug: minami-sorachi"), 20, "slug: Bad Slug");
  const auto refused = seal_dataset(broken, "broken.yaml");
  EXPECT_TRUE(refused.text.empty());
  EXPECT_NE(find(refused.problems, "slug"), nullptr) << all(refused.problems);
  // Reformatting alone needs no new seal: the checksum is of the canonical text.
  std::string spaced = demo;
  spaced.insert(spaced.find("slug:"), "# a comment\n\n");
  EXPECT_TRUE(read_dataset(spaced, "spaced.yaml").region);
}

TEST(Dataset, TextsAreReadInNfc) {
  // 「ガ」 typed as カ + combining voiced mark, and an NFD é.
  std::string demo = slurp(kDemo);
  demo.replace(demo.find("name: 南空知定住自立圏"), std::string("name: 南空知定住自立圏").size(),
               "name: \xE3\x82\xAB\xE3\x82\x99イドCafe\xCC\x81");
  const auto sealed = seal_dataset(demo, "nfd.yaml");
  ASSERT_FALSE(sealed.text.empty()) << all(sealed.problems);
  auto r = read_dataset(sealed.text, "nfd.yaml");
  ASSERT_TRUE(r.region) << all(r.problems);
  EXPECT_EQ(r.region->name, "ガイドCaf\xC3\xA9");
  EXPECT_NE(write_dataset(*r.region).find("name: ガイドCaf\xC3\xA9\n"), std::string::npos);
}

}  // namespace
}  // namespace kyosei::exchange
