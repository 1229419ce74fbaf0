#include "core/kpi/kpi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "core/common/fiscal_year.hpp"

namespace kyosei::core {
namespace {

Decimal dec(std::string_view text) {
  auto r = Decimal::parse(text);
  EXPECT_TRUE(r.value.has_value()) << "'" << text << "': " << r.error_en;
  return r.value.value_or(Decimal{});
}

// ---------------------------------------------------------------------------------------------
// The worked-example table of docs/kpi-achievement.md, run row by row.

constexpr std::string_view kDocPath = KYOSEI_SOURCE_DIR "/docs/kpi-achievement.md";
constexpr std::string_view kBegin = "<!-- worked-examples:begin -->";
constexpr std::string_view kEnd = "<!-- worked-examples:end -->";
constexpr std::string_view kNone = "—";
constexpr std::size_t kColumns = 14;

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return std::string(s.substr(first, last - first + 1));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto at = s.find(sep, start);
    out.push_back(trim(s.substr(start, at == std::string_view::npos ? at : at - start)));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

std::vector<std::string> words(std::string_view s) {
  std::istringstream in{std::string(s)};
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

struct ExampleRow {
  std::string id;
  std::vector<std::string> cells;  // kColumns cells when the row is well formed
  std::string error;               // a problem found while reading the file
};

// gtest prints a failing row by its id and case; gtest fixes the name.
void PrintTo(  // NOLINT(readability-identifier-naming)
    const ExampleRow& row, std::ostream* out) {
  *out << row.id << (row.cells.size() > 1 ? " " + row.cells[1] : std::string());
}

// Reads the table between the markers. Never throws: trouble becomes a row with `error`.
std::vector<ExampleRow> load_examples() {
  std::ifstream in{std::string(kDocPath)};
  if (!in) return {{"missing_file", {}, "cannot open " + std::string(kDocPath)}};
  std::vector<ExampleRow> rows;
  bool inside = false;
  bool ended = false;
  int table_line = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.find(kBegin) != std::string::npos) {
      inside = true;
      continue;
    }
    if (line.find(kEnd) != std::string::npos) {
      ended = inside;
      break;
    }
    if (!inside || line.empty() || line[0] != '|') continue;
    if (++table_line <= 2) continue;  // header and separator
    auto cells = split(std::string_view(line).substr(1, line.size() - 2), '|');
    ExampleRow row;
    row.id = cells.empty() ? "" : cells[0];
    if (cells.size() != kColumns) {
      row.error = "expected " + std::to_string(kColumns) + " cells, found " +
                  std::to_string(cells.size()) + ": " + line;
    }
    row.cells = std::move(cells);
    rows.push_back(std::move(row));
  }
  if (!ended) rows.push_back({"unterminated", {}, "worked-example markers not found or unclosed"});
  return rows;
}

int fiscal_year(const std::string& text) {
  auto r = parse_fiscal_year(text);
  EXPECT_TRUE(r.year.has_value()) << "'" << text << "': " << r.error_en;
  return r.year.value_or(0);
}

// "R6: 100"
KpiPoint point(const std::string& cell) {
  const auto parts = split(cell, ':');
  EXPECT_EQ(parts.size(), 2U) << cell;
  if (parts.size() != 2) return {};
  return {fiscal_year(parts[0]), dec(parts[1])};
}

// "—" or "R7: 112; R9: 120" or "R8: 01210=700.1 01215=300.2"
std::vector<KpiActual> actuals_of(const std::string& cell) {
  std::vector<KpiActual> out;
  if (cell == kNone) return out;
  for (const auto& entry : split(cell, ';')) {
    const auto colon = entry.find(':');
    EXPECT_NE(colon, std::string::npos) << entry;
    if (colon == std::string::npos) continue;
    const int fy = fiscal_year(trim(entry.substr(0, colon)));
    for (const auto& w : words(entry.substr(colon + 1))) {
      const auto eq = w.find('=');
      KpiActual a;
      a.fiscal_year = fy;
      if (eq != std::string::npos) a.municipality = w.substr(0, eq);
      a.value = dec(eq == std::string::npos ? w : w.substr(eq + 1));
      out.push_back(std::move(a));
    }
  }
  return out;
}

// "default" or "A≥86 B≥71 C≥56 D"
GradeBands bands_of(const std::string& cell) {
  if (cell == "default") return default_grade_bands();
  GradeBands bands;
  const std::string ge = "≥";
  for (const auto& w : words(cell)) {
    const auto at = w.find(ge);
    if (at == std::string::npos) {
      bands.below = w;
    } else {
      bands.bands.push_back({w.substr(0, at), dec(w.substr(at + ge.size()))});
    }
  }
  EXPECT_TRUE(validate_grade_bands(bands).empty()) << cell;
  return bands;
}

std::string source_code(TargetSource source) {
  switch (source) {
    case TargetSource::kYearly: return "yearly";
    case TargetSource::kInterpolated: return "interpolated";
    case TargetSource::kFinal: return "final";
  }
  return "";
}

class WorkedExample : public testing::TestWithParam<ExampleRow> {};

TEST_P(WorkedExample, MatchesTheDocument) {
  const auto& row = GetParam();
  ASSERT_TRUE(row.error.empty()) << row.error;
  const auto& c = row.cells;
  SCOPED_TRACE(row.id + " " + c[1]);

  KpiDefinition kpi;
  kpi.name = c[1];
  const auto flags = split(c[2], ',');
  const auto direction = kpi_direction_from(flags[0]);
  ASSERT_TRUE(direction) << c[2];
  kpi.direction = *direction;
  for (std::size_t i = 1; i < flags.size(); ++i) {
    if (flags[i] == "summed") {
      kpi.summed = true;
    } else if (flags[i].rfind("places=", 0) == 0) {
      kpi.decimal_places = std::stoi(flags[i].substr(7));
    } else {
      FAIL() << "unknown KPI flag '" << flags[i] << "'";
    }
  }
  kpi.baseline = point(c[3]);
  kpi.target = point(c[4]);
  if (c[5] != kNone) {
    for (const auto& entry : split(c[5], ';')) {
      const auto p = point(entry);
      kpi.yearly_targets[p.fiscal_year] = p.value;
    }
  }
  const auto actuals = actuals_of(c[6]);
  const int fy = fiscal_year(c[7]);
  const auto bands = bands_of(c[8]);

  // Every example is a valid definition with valid actuals.
  const std::vector<std::string> codes = {"01210", "01215", "01222", "01423"};
  EXPECT_TRUE(validate_kpi(kpi).empty());
  EXPECT_TRUE(validate_actuals(kpi, actuals, codes).empty());

  const auto result = achievement_for(kpi, actuals, fy, bands);

  if (c[9] == kNone) {
    EXPECT_FALSE(result.target.has_value());
  } else {
    const auto target_words = words(c[9]);
    ASSERT_TRUE(result.target.has_value());
    EXPECT_EQ(result.target->value.canonical(), dec(target_words[0]).canonical());
    ASSERT_EQ(target_words.size(), 2U) << c[9];
    const auto& source = target_words[1];  // "(interpolated/補間)"
    EXPECT_EQ(source.substr(1, source.find('/') - 1), source_code(result.target->source));
  }
  if (c[10] == kNone) {
    EXPECT_FALSE(result.actual.value.has_value());
  } else {
    ASSERT_TRUE(result.actual.value.has_value());
    EXPECT_EQ(result.actual.value->canonical(), dec(c[10]).canonical());
  }
  if (c[11] == kNone) {
    EXPECT_FALSE(result.rate.percent.has_value());
  } else {
    ASSERT_TRUE(result.rate.percent.has_value());
    EXPECT_EQ(result.rate.percent->canonical(), dec(c[11]).canonical());
  }
  EXPECT_EQ(code(result.rate.basis), c[12]);
  EXPECT_EQ(result.grade, c[13]);
}

std::string row_name(const testing::TestParamInfo<ExampleRow>& info) {
  std::string name = info.param.id;
  std::replace_if(
      name.begin(), name.end(),
      [](char ch) {
        return !((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'));
      },
      '_');
  return name.empty() ? "row" + std::to_string(info.index) : name;
}

INSTANTIATE_TEST_SUITE_P(Doc, WorkedExample, testing::ValuesIn(load_examples()), row_name);

// The table must keep the cases the issue asks for; each rule branch appears at least once.
TEST(WorkedExamples, CoverEveryCaseAndBranch) {
  const auto rows = load_examples();
  ASSERT_GE(rows.size(), 20U);
  std::set<std::string> ids;
  std::set<std::string> kinds;
  std::set<std::string> bases;
  for (const auto& row : rows) {
    ASSERT_TRUE(row.error.empty()) << row.error;
    EXPECT_TRUE(ids.insert(row.id).second) << "duplicate id " << row.id;
    kinds.insert(split(row.cells[2], ',')[0]);
    bases.insert(row.cells[12]);
    if (row.cells[2].find("summed") != std::string::npos) kinds.insert("summed");
    if (row.cells[8] != "default") kinds.insert("other-bands");
    const auto baseline = split(row.cells[3], ':');
    const auto target = split(row.cells[4], ':');
    if (baseline.size() == 2 && target.size() == 2 && baseline[1] == target[1]) {
      kinds.insert("baseline=target");
    }
    if (row.cells[3].ends_with(": 0")) kinds.insert("zero-baseline");
    if (row.cells[9].find("interpolated") != std::string::npos) kinds.insert("interpolated");
    if (row.cells[11].starts_with("-")) kinds.insert("negative");
    if (row.cells[11] != kNone && dec(row.cells[11]) > Decimal::of(100)) kinds.insert("overshoot");
  }
  for (const char* k : {"higher", "lower", "maintain", "summed", "other-bands", "baseline=target",
                        "zero-baseline", "interpolated", "negative", "overshoot"}) {
    EXPECT_TRUE(kinds.count(k)) << "no worked example for " << k;
  }
  for (const auto b :
       {RateBasis::kNoActual, RateBasis::kNoTarget, RateBasis::kProgress, RateBasis::kHeld,
        RateBasis::kShortfallRatio, RateBasis::kShortfallNoScale}) {
    EXPECT_TRUE(bases.count(std::string(code(b)))) << "no worked example for " << code(b);
  }
}

// ---------------------------------------------------------------------------------------------

KpiDefinition sample_kpi() {
  KpiDefinition kpi;
  kpi.name = "広域連携イベント参加者数";
  kpi.unit = "人";
  kpi.direction = KpiDirection::kHigher;
  kpi.baseline = {2024, dec("100")};
  kpi.target = {2029, dec("150")};
  return kpi;
}

TEST(Kpi, DirectionLabelsRoundTrip) {
  for (const auto d : {KpiDirection::kHigher, KpiDirection::kLower, KpiDirection::kMaintain}) {
    EXPECT_EQ(kpi_direction_from(label(d)), d);
    EXPECT_EQ(kpi_direction_from(code(d)), d);
  }
  EXPECT_EQ(label(KpiDirection::kMaintain), "維持");
  EXPECT_FALSE(kpi_direction_from("up"));
}

TEST(Kpi, DefaultBandsAtTheirEdges) {
  const auto bands = default_grade_bands();
  EXPECT_EQ(grade_for(std::nullopt, bands), "—");
  EXPECT_EQ(grade_for(dec("130.0"), bands), "A");
  EXPECT_EQ(grade_for(dec("100.0"), bands), "A");
  EXPECT_EQ(grade_for(dec("99.9"), bands), "B");
  EXPECT_EQ(grade_for(dec("80.0"), bands), "B");
  EXPECT_EQ(grade_for(dec("79.9"), bands), "C");
  EXPECT_EQ(grade_for(dec("50.0"), bands), "C");
  EXPECT_EQ(grade_for(dec("49.9"), bands), "D");
  EXPECT_EQ(grade_for(dec("-20.0"), bands), "D");
}

TEST(Kpi, GradesChangeWithTheRegionsBands) {
  GradeBands sphere{{{"A", dec("86")}, {"B", dec("71")}, {"C", dec("56")}}, "D"};
  EXPECT_TRUE(validate_grade_bands(sphere).empty());
  EXPECT_EQ(grade_for(dec("85.9"), sphere), "B");
  EXPECT_EQ(grade_for(dec("86.0"), sphere), "A");
  EXPECT_EQ(grade_for(dec("55.9"), sphere), "D");
  EXPECT_EQ(grade_for(dec("55.9"), default_grade_bands()), "C");
  // Any letters and any number of bands.
  GradeBands three{{{"S", dec("120")}, {"◎", dec("100")}}, "△"};
  EXPECT_TRUE(validate_grade_bands(three).empty());
  EXPECT_EQ(grade_for(dec("130"), three), "S");
  EXPECT_EQ(grade_for(dec("100"), three), "◎");
  EXPECT_EQ(grade_for(dec("0"), three), "△");
}

TEST(Kpi, GradeBandProblems) {
  EXPECT_TRUE(validate_grade_bands(default_grade_bands()).empty());
  GradeBands bad{{{"A", dec("80")}, {"A", dec("90")}, {"—", dec("10")}, {"", dec("5")}}, ""};
  const auto problems = validate_grade_bands(bad, "grade_bands");
  std::vector<std::string> paths;
  paths.reserve(problems.size());
  for (const auto& p : problems) paths.push_back(p.path);
  EXPECT_EQ(paths,
            (std::vector<std::string>{
                "grade_bands.bands[1].grade", "grade_bands.bands[1].minimum_percent",
                "grade_bands.bands[2].grade", "grade_bands.bands[3].grade", "grade_bands.below"}));
  for (const auto& p : problems) {
    EXPECT_FALSE(p.message_ja.empty());
    EXPECT_FALSE(p.message_en.empty());
  }
  EXPECT_EQ(validate_grade_bands(GradeBands{{}, "D"}).size(), 1U);
}

TEST(Kpi, GradeBandLimits) {
  // 0 and 1000 % are the ends of the range; below and above them the minimum is named.
  EXPECT_TRUE(validate_grade_bands(GradeBands{{{"S", dec("1000")}, {"A", dec("0")}}, "D"}).empty());
  const auto high = validate_grade_bands(GradeBands{{{"S", dec("1000.1")}, {"A", dec("-1")}}, "D"});
  ASSERT_EQ(high.size(), 2U);
  EXPECT_EQ(high[0].path, "bands[0].minimum_percent");
  EXPECT_EQ(high[1].path, "bands[1].minimum_percent");
  EXPECT_NE(high[0].message_ja.find("1000"), std::string::npos);
  // Eight characters are fine (counted as characters, not bytes); nine are not.
  EXPECT_TRUE(validate_grade_bands(GradeBands{{{"たいへんよくできた", dec("90")}}, "D"}).size() ==
              1U);
  EXPECT_TRUE(validate_grade_bands(GradeBands{{{"大変よくできました", dec("90")}}, "D"}).size() ==
              1U);
  EXPECT_TRUE(validate_grade_bands(GradeBands{{{"よくできました", dec("90")}}, "D"}).empty());
  GradeBands many;
  for (int i = 0; i < 11; ++i)
    many.bands.push_back({"G" + std::to_string(i), dec(std::to_string(200 - i))});
  const auto too_many = validate_grade_bands(many);
  ASSERT_EQ(too_many.size(), 1U);
  EXPECT_EQ(too_many[0].path, "bands");
}

TEST(Kpi, ValidDefinitionHasNoProblems) {
  auto kpi = sample_kpi();
  kpi.yearly_targets = {{2026, dec("120")}, {2029, dec("150")}};
  kpi.decimal_places = 0;
  EXPECT_TRUE(validate_kpi(kpi).empty());
  // maintain with baseline != target is allowed (only the target is judged)
  kpi.direction = KpiDirection::kMaintain;
  kpi.target.value = dec("90");
  kpi.yearly_targets = {{2026, dec("95")}};
  EXPECT_TRUE(validate_kpi(kpi).empty());
}

TEST(Kpi, CountUnitsAreKnownWithScaleAndPeriod) {
  for (const char* u :
       {"人", "件", "回", "団体", " 人 ", "人/年", "件／月", "延べ人", "千人", "世帯"})
    EXPECT_TRUE(is_count_unit(u)) << u;
  for (const char* u : {"%", "円", "千円", "㎡", "点", "", "人口比", "割"})
    EXPECT_FALSE(is_count_unit(u)) << u;
}

TEST(Kpi, NoNegativeValueInACountUnit) {
  auto kpi = sample_kpi();
  kpi.direction = KpiDirection::kLower;
  kpi.baseline.value = dec("0");
  kpi.target.value = dec("-5");
  kpi.yearly_targets = {{2026, dec("-1")}};
  std::vector<std::string> paths;
  for (const auto& p : validate_kpi(kpi, "kpis[0]")) paths.push_back(p.path);
  EXPECT_NE(std::find(paths.begin(), paths.end(), "kpis[0].target.value"), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "kpis[0].yearly_targets[2026]"), paths.end());
  const std::vector<KpiActual> rows = {{2025, "", dec("-3"), "", "", ""}};
  ASSERT_EQ(validate_actuals(kpi, rows, {}).size(), 1U);
  EXPECT_EQ(validate_actuals(kpi, rows, {})[0].path, "actuals[0].value");
  // The same figures in a unit that is no count are fine.
  kpi.unit = "%";
  EXPECT_TRUE(validate_kpi(kpi).empty());
  EXPECT_TRUE(validate_actuals(kpi, rows, {}).empty());
}

// Sets the yearly target of FY to the whole number V (a case's change below).
template <int FY, int V>
void set_yearly_target(KpiDefinition& k) {
  k.yearly_targets[FY] = dec(std::to_string(V));
}

TEST(Kpi, DefinitionProblemsNameTheirPath) {
  struct Case {
    const char* what;
    void (*change)(KpiDefinition&);
    const char* path;
  } cases[] = {
      {"empty name", [](KpiDefinition& k) { k.name = " "; }, "kpis[0].name"},
      {"target year before baseline", [](KpiDefinition& k) { k.target.fiscal_year = 2023; },
       "kpis[0].target.fiscal_year"},
      {"same years", [](KpiDefinition& k) { k.target.fiscal_year = 2024; },
       "kpis[0].target.fiscal_year"},
      {"year out of range", [](KpiDefinition& k) { k.baseline.fiscal_year = 1800; },
       "kpis[0].baseline.fiscal_year"},
      {"higher target below baseline", [](KpiDefinition& k) { k.target.value = dec("99"); },
       "kpis[0].target.value"},
      {"lower target above baseline", [](KpiDefinition& k) { k.direction = KpiDirection::kLower; },
       "kpis[0].target.value"},
      {"yearly target in baseline year", set_yearly_target<2024, 100>,
       "kpis[0].yearly_targets[2024]"},
      {"yearly target after target year", set_yearly_target<2030, 150>,
       "kpis[0].yearly_targets[2030]"},
      {"yearly target of target year differs", set_yearly_target<2029, 160>,
       "kpis[0].yearly_targets[2029]"},
      {"yearly target on the wrong side", set_yearly_target<2026, 90>,
       "kpis[0].yearly_targets[2026]"},
      {"decimal places out of range", [](KpiDefinition& k) { k.decimal_places = 7; },
       "kpis[0].decimal_places"},
      {"value finer than decimal places",
       [](KpiDefinition& k) {
         k.decimal_places = 0;
         k.baseline.value = dec("100.5");
       },
       "kpis[0].baseline.value"},
  };
  for (const auto& c : cases) {
    auto kpi = sample_kpi();
    c.change(kpi);
    const auto problems = validate_kpi(kpi, "kpis[0]");
    ASSERT_FALSE(problems.empty()) << c.what;
    EXPECT_EQ(problems[0].path, c.path) << c.what;
    EXPECT_FALSE(problems[0].message_ja.empty()) << c.what;
    EXPECT_FALSE(problems[0].message_en.empty()) << c.what;
  }
}

TEST(Kpi, ActualProblemsNameTheirPath) {
  auto summed = sample_kpi();
  summed.summed = true;
  summed.decimal_places = 1;
  const std::vector<std::string> codes = {"01210", "01423"};
  const std::vector<KpiActual> rows = {
      {2025, "01210", dec("10"), "", "", ""},   {2025, "", dec("1"), "", "", ""},
      {2025, "99999", dec("2"), "", "", ""},    {2025, "01210", dec("3"), "", "", ""},
      {2025, "01423", dec("0.25"), "", "", ""}, {1700, "01423", dec("1"), "", "", ""},
  };
  std::vector<std::string> paths;
  for (const auto& p : validate_actuals(summed, rows, codes, "kpis[1]")) paths.push_back(p.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"kpis[1].actuals[1].municipality",
                                             "kpis[1].actuals[2].municipality",
                                             "kpis[1].actuals[3]", "kpis[1].actuals[4].value",
                                             "kpis[1].actuals[5].fiscal_year"}));

  auto plain = sample_kpi();
  const std::vector<KpiActual> plain_rows = {{2025, "01210", dec("10"), "", "", ""},
                                             {2026, "", dec("1"), "", "", ""},
                                             {2026, "", dec("2"), "", "", ""}};
  paths.clear();
  for (const auto& p : validate_actuals(plain, plain_rows, {})) paths.push_back(p.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"actuals[0].municipality", "actuals[2]"}));

  // Without a member list, a summed KPI's code must still be five digits.
  EXPECT_EQ(
      validate_actuals(summed, std::vector<KpiActual>{{2025, "1210", dec("1"), "", "", ""}}, {})
          .size(),
      1U);
}

TEST(Kpi, SummedActualIsTheExactSumOfTheTowns) {
  auto kpi = sample_kpi();
  kpi.summed = true;
  std::vector<KpiActual> rows;
  rows.reserve(10);
  // Nine towns reporting 0.1 each, and one not yet: 0.9 exactly, reported = 9.
  for (int i = 0; i < 9; ++i) {
    rows.push_back({2026, "0121" + std::to_string(i), dec("0.1"), "", "", ""});
  }
  rows.push_back({2027, "01210", dec("5"), "", "", ""});
  const auto sum = actual_for(kpi, rows, 2026);
  ASSERT_TRUE(sum.value);
  EXPECT_EQ(sum.value->canonical(), "0.9");
  EXPECT_EQ(sum.reported, 9U);
  EXPECT_FALSE(sum.overflow);
  EXPECT_FALSE(actual_for(kpi, rows, 2025).value);
  EXPECT_EQ(actual_for(kpi, rows, 2025).reported, 0U);

  // The sum leaving the decimal range is reported, not wrapped.
  const std::vector<KpiActual> huge = {{2026, "01210", dec("999999999999"), "", "", ""},
                                       {2026, "01215", dec("1"), "", "", ""}};
  const auto over = actual_for(kpi, huge, 2026);
  EXPECT_FALSE(over.value);
  EXPECT_TRUE(over.overflow);
  EXPECT_EQ(validate_actuals(kpi, huge, {}).size(), 1U);
}

TEST(Kpi, PlainKpiTakesItsOwnRowOnly) {
  const auto kpi = sample_kpi();
  const std::vector<KpiActual> rows = {
      {2026, "01210", dec("7"), "", "", ""},
      {2026, "", dec("120"), "note", "u1", "2026-05-01T00:00:00Z"}};
  const auto a = actual_for(kpi, rows, 2026);
  ASSERT_TRUE(a.value);
  EXPECT_EQ(a.value->text(), "120");
  EXPECT_EQ(a.reported, 1U);
}

TEST(Kpi, TypedTextSurvivesIntoTheResult) {
  auto kpi = sample_kpi();
  const std::vector<KpiActual> rows = {{2029, "", dec("１４０．０"), "", "", ""}};
  const auto r = achievement_for(kpi, rows, 2029, default_grade_bands());
  ASSERT_TRUE(r.actual.value);
  EXPECT_EQ(r.actual.value->text(), "１４０．０");
  EXPECT_EQ(r.rate.percent->canonical(), "80.0");
}

TEST(Kpi, RateOutOfRangeIsNotClamped) {
  const auto r =
      achievement_rate(KpiDirection::kHigher, dec("0"), dec("0.000001"), dec("999999999999"));
  EXPECT_FALSE(r.percent);
  EXPECT_EQ(r.basis, RateBasis::kOutOfRange);
  EXPECT_EQ(grade_for(r.percent, default_grade_bands()), "—");
}

TEST(Kpi, MaintainIsNeverInterpolated) {
  auto kpi = sample_kpi();
  kpi.direction = KpiDirection::kMaintain;
  kpi.baseline.value = dec("95.2");
  kpi.target.value = dec("95.0");
  const auto t = target_for(kpi, 2026);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->value.canonical(), "95.0");
  EXPECT_EQ(t->source, TargetSource::kFinal);
  kpi.yearly_targets[2026] = dec("94");
  EXPECT_EQ(target_for(kpi, 2026)->source, TargetSource::kYearly);
}

// ---------------------------------------------------------------------------------------------
// The second method: 実績÷目標 (§4a), and which one grades.

std::string pct(const RateResult& r) { return r.percent ? r.percent->text() : "—"; }

TEST(KpiRatio, MethodNamesRoundTrip) {
  for (const auto m : {RateMethod::kProgress, RateMethod::kRatio}) {
    EXPECT_EQ(rate_method_from(code(m)), m);
    EXPECT_EQ(rate_method_from(label(m)), m);
  }
  EXPECT_EQ(code(RateMethod::kRatio), "ratio");
  EXPECT_FALSE(rate_method_from("both"));
}

TEST(KpiRatio, ActualOverTargetForHigherAndTargetOverActualForLower) {
  auto r = ratio_rate(KpiDirection::kHigher, dec("150"), dec("140"));
  EXPECT_EQ(pct(r), "93.3");
  EXPECT_EQ(r.basis, RateBasis::kRatio);
  // The example: 32.0 against 31.8 is about 100.6 %, not capped.
  EXPECT_EQ(pct(ratio_rate(KpiDirection::kHigher, dec("31.8"), dec("32.0"))), "100.6");
  EXPECT_EQ(pct(ratio_rate(KpiDirection::kMaintain, dec("95.0"), dec("94.1"))), "99.1");
  EXPECT_EQ(pct(ratio_rate(KpiDirection::kMaintain, dec("95.0"), dec("96.3"))), "101.4");
  r = ratio_rate(KpiDirection::kLower, dec("30"), dec("36"));
  EXPECT_EQ(pct(r), "83.3");
  EXPECT_EQ(r.basis, RateBasis::kRatio);
  EXPECT_EQ(pct(ratio_rate(KpiDirection::kLower, dec("30"), dec("24"))), "125.0");
}

TEST(KpiRatio, NoScaleMeansMetOrNot) {
  // lower, actual 0: nothing to divide by; at or below the target is met.
  auto r = ratio_rate(KpiDirection::kLower, dec("0"), dec("0"));
  EXPECT_EQ(pct(r), "100.0");
  EXPECT_EQ(r.basis, RateBasis::kHeld);
  r = ratio_rate(KpiDirection::kLower, dec("0"), dec("2"));
  EXPECT_EQ(pct(r), "0.0");
  EXPECT_EQ(r.basis, RateBasis::kRatio);
  r = ratio_rate(KpiDirection::kHigher, dec("0"), dec("-5"));
  EXPECT_EQ(pct(r), "0.0");
  EXPECT_EQ(r.basis, RateBasis::kShortfallNoScale);
  r = ratio_rate(KpiDirection::kHigher, dec("0"), dec("3"));
  EXPECT_EQ(pct(r), "100.0");
  EXPECT_EQ(r.basis, RateBasis::kHeld);
}

TEST(KpiRatio, TheRegionsMethodGradesAndBothRatesAreKept) {
  KpiDefinition kpi = sample_kpi();
  kpi.direction = KpiDirection::kLower;
  kpi.baseline = {2024, dec("50")};
  kpi.target = {2029, dec("30")};
  const std::vector<KpiActual> actuals{{2029, "", dec("36"), "", "", ""}};
  auto bands = default_grade_bands();
  auto a = achievement_for(kpi, actuals, 2029, bands);
  EXPECT_EQ(pct(a.progress), "70.0");
  EXPECT_EQ(pct(a.ratio), "83.3");
  EXPECT_EQ(a.graded_by, RateMethod::kProgress);
  EXPECT_EQ(pct(a.rate), "70.0");
  EXPECT_EQ(a.grade, "C");
  bands.method = RateMethod::kRatio;
  a = achievement_for(kpi, actuals, 2029, bands);
  EXPECT_EQ(a.graded_by, RateMethod::kRatio);
  EXPECT_EQ(pct(a.rate), "83.3");
  EXPECT_EQ(a.grade, "B");
  // No actual, or no target: both rates are "—" with the same basis.
  a = achievement_for(kpi, actuals, 2027, bands);
  EXPECT_EQ(a.ratio.basis, RateBasis::kNoActual);
  EXPECT_EQ(a.progress.basis, RateBasis::kNoActual);
  EXPECT_EQ(a.grade, "—");
  const std::vector<KpiActual> at_base{{2024, "", dec("50"), "", "", ""}};
  a = achievement_for(kpi, at_base, 2024, bands);
  EXPECT_EQ(a.ratio.basis, RateBasis::kNoTarget);
  EXPECT_FALSE(a.ratio.percent);
}

// ---------------------------------------------------------------------------------------------
// Projection to the plan's last year (§8).

std::vector<KpiActual> series(std::initializer_list<std::pair<int, std::string_view>> rows) {
  std::vector<KpiActual> out;
  for (const auto& [fy, v] : rows) out.push_back({fy, "", dec(v), "", "", ""});
  return out;
}

std::string text_of(const std::optional<Decimal>& d) { return d ? d->text() : "—"; }

TEST(KpiProjection, OutlookNamesRoundTrip) {
  for (const auto o : {Outlook::kNotEnoughData, Outlook::kNoTarget, Outlook::kOnTrack,
                       Outlook::kCaution, Outlook::kDifficult}) {
    EXPECT_EQ(outlook_from(code(o)), o);
    EXPECT_EQ(outlook_from(label(o)), o);
  }
  EXPECT_EQ(label(Outlook::kOnTrack), "順調");
  EXPECT_EQ(label(Outlook::kCaution), "要注意");
  EXPECT_EQ(label(Outlook::kDifficult), "困難");
}

TEST(KpiProjection, RisingTrendThatReachesTheTargetIsOnTrack) {
  const auto kpi = sample_kpi();  // 100 (2024) → 150 (2029), higher
  const auto p = project(kpi, series({{2025, "110"}, {2026, "120"}, {2027, "130"}}), 2027, 2029);
  EXPECT_EQ(p.outlook, Outlook::kOnTrack);
  EXPECT_EQ(p.points, 3U);
  EXPECT_EQ(text_of(p.value), "150");
  EXPECT_EQ(text_of(p.target), "150");
  ASSERT_TRUE(p.start && p.latest);
  EXPECT_EQ(p.start->fiscal_year, 2027);
  EXPECT_EQ(p.start->value.text(), "130");
  EXPECT_EQ(p.latest->value.text(), "130");
  EXPECT_EQ(p.to_fiscal_year, 2029);
}

TEST(KpiProjection, EightyPercentOfTheRemainingWayIsCautionBelowIsDifficult) {
  auto kpi = sample_kpi();
  const auto rows = series({{2025, "110"}, {2026, "120"}, {2027, "130"}});
  kpi.target.value = dec("155");  // projected 150: 20 of the 25 left = 80 %
  auto p = project(kpi, rows, 2027, 2029);
  EXPECT_EQ(text_of(p.value), "150");
  EXPECT_EQ(p.outlook, Outlook::kCaution);
  kpi.target.value = dec("156");  // 20 of 26 = 76.9 %
  EXPECT_EQ(project(kpi, rows, 2027, 2029).outlook, Outlook::kDifficult);
}

TEST(KpiProjection, DecreasingKpisCompareTheOtherWay) {
  KpiDefinition kpi = sample_kpi();
  kpi.direction = KpiDirection::kLower;
  kpi.baseline = {2024, dec("50")};
  kpi.target = {2029, dec("30")};
  auto p = project(kpi, series({{2025, "44"}, {2026, "40"}, {2027, "36"}}), 2027, 2029);
  EXPECT_EQ(text_of(p.value), "28");
  EXPECT_EQ(p.outlook, Outlook::kOnTrack);
  // −3 a year: 33 in 2029, 6 of the 9 left = 66.7 %.
  p = project(kpi, series({{2025, "45"}, {2026, "42"}, {2027, "39"}}), 2027, 2029);
  EXPECT_EQ(text_of(p.value), "33");
  EXPECT_EQ(p.outlook, Outlook::kDifficult);
  // −4 a year: 42 → 38 → 34 projects 26: on track.
  p = project(kpi, series({{2025, "42"}, {2026, "38"}, {2027, "34"}}), 2027, 2029);
  EXPECT_EQ(p.outlook, Outlook::kOnTrack);
  // Rising while lower is better: difficult.
  p = project(kpi, series({{2025, "40"}, {2026, "41"}, {2027, "42"}}), 2027, 2029);
  EXPECT_EQ(text_of(p.value), "44");
  EXPECT_EQ(p.outlook, Outlook::kDifficult);
}

TEST(KpiProjection, FlatTrendStaysWhereItIs) {
  const auto p =
      project(sample_kpi(), series({{2025, "120"}, {2026, "120"}, {2027, "120"}}), 2027, 2029);
  EXPECT_EQ(text_of(p.value), "120");
  EXPECT_EQ(p.outlook, Outlook::kDifficult);
}

TEST(KpiProjection, TwoPointsAreNotEnough) {
  const auto p = project(sample_kpi(), series({{2025, "110"}, {2026, "140"}}), 2027, 2029);
  EXPECT_EQ(p.outlook, Outlook::kNotEnoughData);
  EXPECT_EQ(p.points, 2U);
  EXPECT_FALSE(p.value);
  EXPECT_EQ(text_of(p.target), "150");
  EXPECT_EQ(project(sample_kpi(), {}, 2027, 2029).outlook, Outlook::kNotEnoughData);
}

TEST(KpiProjection, OnlyYearsUpToTheListsYearCount) {
  const auto rows = series({{2025, "110"}, {2026, "120"}, {2027, "130"}, {2028, "90"}});
  EXPECT_EQ(project(sample_kpi(), rows, 2026, 2029).outlook, Outlook::kNotEnoughData);
  EXPECT_EQ(project(sample_kpi(), rows, 2027, 2029).outlook, Outlook::kOnTrack);
  const auto all = project(sample_kpi(), rows, 2028, 2029);
  EXPECT_EQ(all.points, 4U);
  EXPECT_EQ(all.latest->fiscal_year, 2028);
  EXPECT_EQ(all.outlook, Outlook::kDifficult);
}

TEST(KpiProjection, TargetAlreadyMet) {
  // Met and still rising: on track.
  auto p = project(sample_kpi(), series({{2025, "150"}, {2026, "155"}, {2027, "160"}}), 2027, 2029);
  EXPECT_EQ(p.outlook, Outlook::kOnTrack);
  // Met now, but the trend falls below the target by 2029: caution.
  p = project(sample_kpi(), series({{2025, "160"}, {2026, "155"}, {2027, "151"}}), 2027, 2029);
  EXPECT_EQ(text_of(p.value), "141.833333");
  EXPECT_EQ(p.outlook, Outlook::kCaution);
}

TEST(KpiProjection, MissingYearsAreSkippedNotZero) {
  const auto p =
      project(sample_kpi(), series({{2025, "110"}, {2027, "130"}, {2028, "140"}}), 2028, 2029);
  EXPECT_EQ(p.points, 3U);
  EXPECT_EQ(text_of(p.value), "150");
  EXPECT_EQ(p.outlook, Outlook::kOnTrack);
}

TEST(KpiProjection, RoundedToTheKpisPlacesHalfAwayFromZero) {
  auto kpi = sample_kpi();
  kpi.baseline.value = dec("0");
  kpi.target.value = dec("10");
  // slope 0.5 through (0, 1), (1, 2), (2, 2): the line at 2029 is 5/3 + 0.5 × 3 = 3.1666…
  const auto rows = series({{2025, "1"}, {2026, "2"}, {2027, "2"}});
  EXPECT_EQ(text_of(project(kpi, rows, 2027, 2029).value), "3.166667");
  kpi.decimal_places = 1;
  const auto p = project(kpi, rows, 2027, 2029);
  EXPECT_EQ(text_of(p.value), "3.2");
  EXPECT_EQ(p.start->value.text(), "2.2");  // 5/3 + 0.5 = 2.1666…
}

TEST(KpiProjection, SummedKpisProjectTheTownSums) {
  auto kpi = sample_kpi();
  kpi.summed = true;
  std::vector<KpiActual> rows;
  for (const auto& [fy, a, b] : std::vector<std::tuple<int, std::string, std::string>>{
           {2025, "60", "50"}, {2026, "65", "55"}, {2027, "70", "60"}}) {
    rows.push_back({fy, "01210", dec(a), "", "", ""});
    rows.push_back({fy, "01215", dec(b), "", "", ""});
  }
  const auto p = project(kpi, rows, 2027, 2029);
  EXPECT_EQ(text_of(p.value), "150");
  EXPECT_EQ(p.outlook, Outlook::kOnTrack);
}

TEST(KpiProjection, NoTargetBeforeTheBaselineYear) {
  auto kpi = sample_kpi();
  kpi.baseline.fiscal_year = 2028;
  const auto p = project(kpi, series({{2025, "1"}, {2026, "2"}, {2027, "3"}}), 2027, 2028);
  EXPECT_EQ(p.outlook, Outlook::kNoTarget);
  EXPECT_FALSE(p.target);
}

}  // namespace
}  // namespace kyosei::core
