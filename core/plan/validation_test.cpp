#include "core/plan/validation.hpp"

#include <gtest/gtest.h>

namespace kyosei::core {
namespace {

Region small_region() {
  Region r;
  r.slug = "test-sphere";
  r.name = "テスト定住自立圏";
  r.vision = {"テストビジョン", 2025, 2029};
  r.municipalities = {
      {"01210", "岩見沢市", MunicipalityKind::kCity, MunicipalityRole::kCentral, ""},
      {"01423", "南幌町", MunicipalityKind::kTown, MunicipalityRole::kMember, ""}};
  r.agreements = {
      {"formation", "形成協定（南幌町）", "01423", Date{2025, 3, 26}, Date{2025, 3, 10}, "", ""}};
  Action action;
  action.text = "共同研修";
  action.participants = {"01210", "01423"};
  action.lead = "01210";
  action.viewpoints = {1, 3};
  Category cat;
  cat.name = "防災";
  cat.stages = {{Stage::kActive, 2025}};
  CategoryYear y;
  y.fiscal_year = 2025;
  y.direction = "広域的な防災対策";
  y.actions = {action};
  cat.years = {y};
  r.policy_areas = {{"living", "生活機能の強化", {{"防災", {cat}, ""}}}};
  r.viewpoints = {{1, "既に連携している取組み"}};
  r.schedule = {{2025, "subcommittee", "分野別担当者部会", 7, 3, ""}};
  return r;
}

Action& first_action(Region& r) {
  return r.policy_areas[0].fields[0].categories[0].years[0].actions[0];
}
Category& first_category(Region& r) { return r.policy_areas[0].fields[0].categories[0]; }

bool has_problem(const std::vector<Problem>& ps, const std::string& path) {
  for (const auto& p : ps) {
    if (p.path == path) return true;
  }
  return false;
}

std::string dump(const std::vector<Problem>& ps) {
  std::string out;
  for (const auto& p : ps) out += p.path + ": " + p.message_en + "\n";
  return out;
}

TEST(Validation, SmallRegionIsValid) {
  auto ps = validate(small_region());
  EXPECT_TRUE(ps.empty()) << dump(ps);
}

TEST(Validation, BadCheckDigitIsNamed) {
  auto r = small_region();
  r.municipalities[1].code = "014231";  // 01423's check digit is not 1
  auto ps = validate(r);
  EXPECT_TRUE(has_problem(ps, "municipalities[1].code")) << dump(ps);
}

TEST(Validation, UnknownParticipantAndLeadNotTakingPart) {
  auto r = small_region();
  first_action(r).participants = {"01423", "01999"};
  auto ps = validate(r);
  const std::string base = "policy_areas[0].fields[0].categories[0].years[0].actions[0]";
  EXPECT_TRUE(has_problem(ps, base + ".participants[1]")) << dump(ps);
  EXPECT_TRUE(has_problem(ps, base + ".lead")) << dump(ps);
}

TEST(Validation, LeadTakesPartWhenAllParticipate) {
  auto r = small_region();
  first_action(r).participants.clear();
  first_action(r).all_participate = true;
  EXPECT_TRUE(validate(r).empty());
  first_action(r).all_participate = false;  // participants unknown, lead given: not allowed
  EXPECT_FALSE(validate(r).empty());
}

TEST(Validation, DuplicateFieldAndCategory) {
  auto r = small_region();
  r.policy_areas.push_back({"network", "結び付き", {{"防災", {}, ""}}});
  auto cat = first_category(r);
  r.policy_areas[0].fields[0].categories.push_back(cat);
  auto ps = validate(r);
  EXPECT_TRUE(has_problem(ps, "policy_areas[1].fields[0].name")) << dump(ps);
  EXPECT_TRUE(has_problem(ps, "policy_areas[0].fields[0].categories[1].name")) << dump(ps);
}

TEST(Validation, LifecycleGoesForwardOnly) {
  auto r = small_region();
  first_category(r).stages = {{Stage::kDiscussing, 2025}, {Stage::kActive, 2026}};
  first_category(r).years[0].fiscal_year = 2026;
  EXPECT_TRUE(validate(r).empty()) << dump(validate(r));

  first_category(r).stages = {{Stage::kActive, 2025}, {Stage::kDiscussing, 2026}};
  EXPECT_TRUE(has_problem(validate(r), "policy_areas[0].fields[0].categories[0].stages[1].stage"));

  // 実施 cannot start before (or in the same year as) the 協議中 it follows.
  first_category(r).stages = {{Stage::kDiscussing, 2026}, {Stage::kActive, 2025}};
  EXPECT_TRUE(has_problem(validate(r),
                          "policy_areas[0].fields[0].categories[0].stages[1].from_fiscal_year"));
}

TEST(Validation, YearBeforeCategoryExists) {
  auto r = small_region();
  first_category(r).stages = {{Stage::kActive, 2026}};
  EXPECT_TRUE(
      has_problem(validate(r), "policy_areas[0].fields[0].categories[0].years[0].fiscal_year"));
}

TEST(Validation, ExactlyOneCentralCity) {
  auto r = small_region();
  r.municipalities[1].role = MunicipalityRole::kCentral;
  EXPECT_TRUE(has_problem(validate(r), "municipalities"));
}

TEST(Validation, ViewpointsAndScheduleRanges) {
  auto r = small_region();
  first_action(r).viewpoints = {0, 7, 3, 3};
  r.schedule[0].to_month = 13;
  auto ps = validate(r);
  const std::string base = "policy_areas[0].fields[0].categories[0].years[0].actions[0]";
  EXPECT_TRUE(has_problem(ps, base + ".viewpoints[0]"));
  EXPECT_TRUE(has_problem(ps, base + ".viewpoints[1]"));
  EXPECT_TRUE(has_problem(ps, base + ".viewpoints[3]"));
  EXPECT_TRUE(has_problem(ps, "schedule[0].to_month"));
}

TEST(Validation, StageInForce) {
  Category c;
  c.stages = {{Stage::kDiscussing, 2025}, {Stage::kActive, 2026}, {Stage::kEnded, 2029}};
  EXPECT_FALSE(stage_in(c, 2024));
  EXPECT_EQ(stage_in(c, 2025), Stage::kDiscussing);
  EXPECT_EQ(stage_in(c, 2027), Stage::kActive);
  EXPECT_EQ(stage_in(c, 2030), Stage::kEnded);
}

}  // namespace
}  // namespace kyosei::core
