// The 新旧対照表: character-level comparison of Japanese texts and the plan comparison per
// policy area, field, category, year, initiative, action and KPI (ADR 0016).

#include "core/plan/plan_diff.hpp"

#include <gtest/gtest.h>

namespace kyosei::core {
namespace {

std::string side(const std::vector<TextSpan>& spans, char drop) {
  std::string out;
  for (const auto& s : spans)
    if (s.op != drop) out += s.text;
  return out;
}

TEST(CharDiff, MarksTheChangedCharactersOfAJapaneseText) {
  const auto spans = char_diff("広域的な防災対策を推進", "広域的な防災・減災対策を推進");
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0], (TextSpan{'=', "広域的な防災"}));
  EXPECT_EQ(spans[1], (TextSpan{'+', "・減災"}));
  EXPECT_EQ(spans[2], (TextSpan{'=', "対策を推進"}));
}

TEST(CharDiff, ReplacementInTheMiddleAndBothSidesRebuild) {
  const std::string a = "災害時相互応援協定の締結された２４年度";
  const std::string b = "災害時相互応援協定が締結された平成24年度";
  const auto spans = char_diff(a, b);
  EXPECT_EQ(side(spans, '+'), a);
  EXPECT_EQ(side(spans, '-'), b);
  // の → が is one removed and one added character, not a rewrite of the whole text.
  int removed_chars = 0;
  for (const auto& s : spans)
    if (s.op == '-') removed_chars += static_cast<int>(s.text.size()) / 3;
  EXPECT_EQ(removed_chars, 3);  // の, ２, ４
}

TEST(CharDiff, EqualEmptyAndDisjointTexts) {
  EXPECT_EQ(char_diff("同じ", "同じ"), (std::vector<TextSpan>{{'=', "同じ"}}));
  EXPECT_TRUE(char_diff("", "").empty());
  EXPECT_EQ(char_diff("", "新規"), (std::vector<TextSpan>{{'+', "新規"}}));
  EXPECT_EQ(char_diff("旧", "新"), (std::vector<TextSpan>{{'-', "旧"}, {'+', "新"}}));
}

TEST(CharDiff, HugeTextsFallBackToOneRemovalAndOneAddition) {
  std::string a(3000, 'a');
  std::string b(3000, 'b');
  a = "x" + a + "y";
  b = "x" + b + "y";
  const auto spans = char_diff(a, b);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[1].op, '-');
  EXPECT_EQ(spans[2].op, '+');
}

Region sample() {
  Region r;
  r.municipalities = {
      {"01210", "岩見沢市", MunicipalityKind::kCity, MunicipalityRole::kCentral, ""},
      {"01423", "南幌町", MunicipalityKind::kTown, MunicipalityRole::kMember, ""}};
  PolicyArea living{"living", "生活機能の強化", {}};
  Field welfare{"福祉", {}, ""};
  Category disabled;
  disabled.name = "障がい者福祉";
  disabled.stages = {{Stage::kDiscussing, 2025}};
  CategoryYear y25;
  y25.fiscal_year = 2025;
  y25.topics = {"広域的な相談支援体制の構築"};
  disabled.years = {y25};
  welfare.categories = {disabled};
  Field disaster{"防災", {}, ""};
  Category d;
  d.name = "防災";
  d.stages = {{Stage::kActive, 2025}};
  CategoryYear dy;
  dy.fiscal_year = 2025;
  dy.direction = "広域的な防災対策を推進";
  Action drill;
  drill.text = "職員を対象とした防災訓練の共同実施";
  drill.all_participate = true;
  Action stock;
  stock.text = "備蓄品の共同備蓄";
  dy.actions = {drill, stock};
  d.years = {dy};
  Kpi k;
  k.definition.name = "訓練参加職員数";
  k.definition.unit = "人";
  k.definition.target = {2029, *Decimal::parse("150").value};
  d.kpis = {k};
  disaster.categories = {d};
  living.fields = {welfare, disaster};
  r.policy_areas = {living};
  return r;
}

// A new field 道路インフラ with its one category, 実施 from 2026.
Field road_field() {
  Field road{"道路インフラ", {}, ""};
  Category rc;
  rc.name = "道路インフラ";
  rc.stages = {{Stage::kActive, 2026}};
  road.categories = {rc};
  return road;
}

TEST(PlanDiff, SameRegionHasNoDifferences) { EXPECT_TRUE(diff_plans(sample(), sample()).empty()); }

TEST(PlanDiff, StageChangeKpiTargetRewordedActionAddedAndRemovedItems) {
  const Region before = sample();
  Region after = sample();
  auto& living = after.policy_areas[0];
  living.fields[0].categories[0].stages.push_back({Stage::kActive, 2026});
  auto& disaster = living.fields[1].categories[0];
  disaster.kpis[0].definition.target.value = *Decimal::parse("180").value;
  disaster.years[0].actions[0].text = "職員を対象とした防災訓練・研修の共同実施";
  disaster.years[0].actions.erase(disaster.years[0].actions.begin() + 1);
  living.fields.push_back(road_field());

  const auto d = diff_plans(before, after);
  ASSERT_EQ(d.size(), 6u);
  EXPECT_EQ(d[0].kind, "category");
  EXPECT_EQ(d[0].path, "福祉 › 障がい者福祉");
  EXPECT_EQ(d[0].attribute, "stages");
  EXPECT_EQ(d[0].before, "協議中(2025)");
  EXPECT_EQ(d[0].after, "協議中(2025)→実施(2026)");
  EXPECT_EQ(d[1].kind, "kpi");
  EXPECT_EQ(d[1].attribute, "target");
  EXPECT_EQ(d[1].before, "2029年度 150人");
  EXPECT_EQ(d[1].after, "2029年度 180人");
  // The first action is matched by position once its wording changed.
  EXPECT_EQ(d[2].kind, "action");
  EXPECT_EQ(d[2].op, DiffOp::kChanged);
  EXPECT_EQ(d[2].attribute, "text");
  EXPECT_EQ(d[2].spans[1], (TextSpan{'+', "・研修"}));
  // The second is gone.
  EXPECT_EQ(d[3].kind, "action");
  EXPECT_EQ(d[3].op, DiffOp::kRemoved);
  EXPECT_EQ(d[3].before, "備蓄品の共同備蓄");
  EXPECT_EQ(d[3].fiscal_year, 2025);
  // A whole new field with its category.
  EXPECT_EQ(d[4].kind, "field");
  EXPECT_EQ(d[4].op, DiffOp::kAdded);
  EXPECT_EQ(d[4].after, "道路インフラ");
  EXPECT_EQ(d[5].kind, "category");
  EXPECT_EQ(d[5].op, DiffOp::kAdded);
  EXPECT_EQ(d[5].after, "道路インフラ 実施(2026)");
  // Reversed, the same lines with the sides swapped: the field is removed.
  const auto back = diff_plans(after, before);
  ASSERT_EQ(back.size(), 6u);
  EXPECT_EQ(back[4].op, DiffOp::kRemoved);
  EXPECT_EQ(back[4].before, "道路インフラ");
}

// The printed table's and the CSV's names of kinds and attributes; an unknown code as is.
TEST(PlanDiff, KindsAndAttributesHaveJapaneseNames) {
  EXPECT_EQ(kind_label("category"), "カテゴリ");
  EXPECT_EQ(kind_label("initiative"), "主な取組み");
  EXPECT_EQ(attribute_label("stages"), "段階");
  EXPECT_EQ(attribute_label("yearly_targets"), "年度目標");
  EXPECT_EQ(kind_label("unknown_kind"), "unknown_kind");
  // Every attribute the comparison reports has a name of its own.
  const Region before = sample();
  Region after = sample();
  after.policy_areas[0].fields[0].categories[0].stages.push_back({Stage::kActive, 2026});
  after.policy_areas[0].fields[1].categories[0].kpis[0].definition.target.value =
      *Decimal::parse("180").value;
  for (const auto& e : diff_plans(before, after)) {
    EXPECT_NE(kind_label(e.kind), e.kind);
    EXPECT_NE(attribute_label(e.attribute), e.attribute);
  }
}

// A revision applying from 2026 may change 2026 and later, never 2025 as it was decided.
TEST(PlanDiff, ChangesBeforeTheRevisionsYearAreFound) {
  const Region before = sample();
  // Starting a category from 2026, adding the 2026 direction and a new field from 2026: 2025
  // reads the same.
  Region later = sample();
  auto& living = later.policy_areas[0];
  living.fields[0].categories[0].stages.push_back({Stage::kActive, 2026});
  CategoryYear y26;
  y26.fiscal_year = 2026;
  y26.direction = "相談支援の広域化";
  living.fields[0].categories[0].years.push_back(y26);
  living.fields.push_back(road_field());
  living.fields[1].categories[0].kpis[0].definition.target.value = *Decimal::parse("180").value;
  EXPECT_FALSE(first_change_before(before, later, 2025, 2026).has_value());
  // The same changes are found when the revision claims to apply from 2025.
  const auto early = first_change_before(before, later, 2025, 2025 + 2);
  ASSERT_TRUE(early.has_value());
  EXPECT_EQ(early->fiscal_year, 2026);

  // Rewording the 2025 direction, or moving a stage change back into 2025, rewrites 2025.
  Region reworded = sample();
  reworded.policy_areas[0].fields[1].categories[0].years[0].direction = "過去を書き換えた文";
  const auto d = first_change_before(before, reworded, 2025, 2026);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->fiscal_year, 2025);
  EXPECT_EQ(d->attribute, "direction");
  Region restaged = sample();
  restaged.policy_areas[0].fields[0].categories[0].stages = {{Stage::kActive, 2025}};
  ASSERT_TRUE(first_change_before(before, restaged, 2025, 2026).has_value());
  // Removing an action of 2025 too.
  Region removed = sample();
  removed.policy_areas[0].fields[1].categories[0].years[0].actions.pop_back();
  ASSERT_TRUE(first_change_before(before, removed, 2025, 2026).has_value());
}

}  // namespace
}  // namespace kyosei::core
